"""Batch machinery without kernels: retries, a report's folder replaced whole, the plan, the summary."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from dxkit.core.atomic import sweep
from dxkit.reports import batch, kernels
from dxkit.reports.batch import BatchResult, Job, Outcome, plan, summary
from dxkit.reports.kernels import execute
from dxkit.reports.slug import unique_slugs


@pytest.fixture
def fake_papermill(monkeypatch):
    """papermill.execute_notebook replaced by a script of outcomes, one per call."""
    calls: list[str] = []
    script: list[BaseException | None] = []

    def run(notebook, output, **kwargs):
        calls.append(output)
        Path(output).write_text("{}")
        outcome = script.pop(0)
        if outcome is not None:
            raise outcome
        return "executed"

    monkeypatch.setattr(papermill, "execute_notebook", run)
    monkeypatch.setattr(kernels.time, "sleep", lambda s: None)
    return calls, script


def test_kernel_start_failure_is_retried(fake_papermill, tmp_path):
    calls, script = fake_papermill
    script += [RuntimeError("Kernel didn't respond in 60 seconds"), None]
    assert execute(Path("nb.ipynb"), tmp_path / "report.ipynb", {}) == "executed"
    assert len(calls) == 2


def test_retries_are_bounded_and_a_cell_error_is_not_retried(fake_papermill, tmp_path):
    calls, script = fake_papermill
    script += [TimeoutError("no kernel")] * 3
    with pytest.raises(TimeoutError):
        execute(Path("nb.ipynb"), tmp_path / "report.ipynb", {}, attempts=3)
    assert len(calls) == 3
    script.append(PapermillExecutionError(3, 3, "x", "LookupError", "no data", []))
    with pytest.raises(PapermillExecutionError):
        execute(Path("nb.ipynb"), tmp_path / "report.ipynb", {})
    assert len(calls) == 4


def _job(tmp_path: Path, *staged: str) -> Job:
    """A job whose previous report (old ipynb, html, pdf) exists and whose worker staged `staged` files."""
    job = Job("Chư Prông", Path("nb.ipynb"), tmp_path / "chu-prong", "report", {}, "t", "vi")
    job.folder.mkdir()
    for ext in ("ipynb", "html", "pdf"):
        job.path(ext).write_text("old")
    job.staging.mkdir()
    for ext in staged:
        job.path(ext, job.staging).write_text("new")
    return job


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_finished_report_replaces_the_old_folder_whole(tmp_path):
    job = _job(tmp_path, "ipynb", "html")
    outcome = batch._finish(Outcome(job), None, {"fingerprint": "f"})
    assert outcome.ok
    assert _files(job.folder) == {
        "manifest.json": '{\n "fingerprint": "f"\n}',
        "report.html": "new",
        "report.ipynb": "new",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chu-prong"]


def test_a_failed_report_keeps_the_old_folder_and_its_notebook_beside(tmp_path):
    job = _job(tmp_path, "ipynb")
    batch._finish(Outcome(job, "LookupError: no data"), None, {})
    assert _files(job.folder) == {"report.html": "old", "report.ipynb": "old", "report.pdf": "old"}
    assert (tmp_path / "chu-prong.failed.ipynb").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chu-prong", "chu-prong.failed.ipynb"]


def test_a_full_disk_while_finishing_keeps_the_old_folder(tmp_path, monkeypatch):
    def full(path, data):
        Path(path).write_text(str(data)[:3])  # half-written, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(batch, "write_atomic", full)
    job = _job(tmp_path, "ipynb", "html")
    outcome = batch._finish(Outcome(job), None, {"fingerprint": "f"})
    assert outcome.error == "OSError: [Errno 28] No space left on device: " + repr(str(job.staging / "manifest.json"))
    assert _files(job.folder) == {"report.html": "old", "report.ipynb": "old", "report.pdf": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chu-prong"]


class _FailingPrinter:
    """Fails `fails` prints, then prints; counts restarts."""

    def __init__(self, fails: int) -> None:
        import threading

        self.fails, self.restarts, self.browser_number, self.dead = fails, 0, 1, set()
        self.switching = threading.Lock()

    def print(self, html: Path, pdf: Path, title: str, lang: str) -> None:
        if self.fails:  # the browser dies under this print
            self.fails -= 1
            self.dead.add(self.browser_number)
            raise RuntimeError("Target page, context or browser has been closed\nBrowser logs: …")
        pdf.write_text(f"pdf of {html.read_text()}")

    def restart(self) -> None:
        """A new browser only when the one printing is gone (as PdfPrinter.restart, under its lock)."""
        with self.switching:
            if self.browser_number in self.dead:
                self.restarts += 1
                self.browser_number += 1


def test_a_failed_print_is_retried_once_with_a_new_browser(tmp_path):
    printer = _FailingPrinter(fails=1)
    job = _job(tmp_path, "ipynb", "html")
    assert batch._finish(Outcome(job), batch._Pdf(printer), {}).ok
    assert printer.restarts == 1 and (job.folder / "report.pdf").read_text() == "pdf of new"


def test_a_pdf_failing_twice_keeps_the_fresh_html_without_a_pdf(tmp_path):
    job = _job(tmp_path, "ipynb", "html")
    outcome = batch._finish(Outcome(job), batch._Pdf(_FailingPrinter(fails=2)), {})
    assert (outcome.error, outcome.pdf_error) == (None, "RuntimeError: Target page, context or browser has been closed")
    assert _files(job.folder) == {"manifest.json": "{}", "report.html": "new", "report.ipynb": "new"}


def test_a_replacement_cut_off_by_a_kill_is_undone_by_the_next_sweep(tmp_path):
    (tmp_path / ".chu-prong.old").mkdir()  # renamed aside, then killed before the new one moved in
    (tmp_path / ".chu-prong.old" / "report.html").write_text("old")
    (tmp_path / ".dak-doa.new").mkdir()  # a staging folder
    (tmp_path / "dak-doa").mkdir()
    (tmp_path / ".dak-doa.old").mkdir()  # aside while the new one was already in place
    (tmp_path / ".index.html.0a1b2c3d.tmp").write_text("half")
    (tmp_path / ".notes").write_text("someone else's hidden file")
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes", "chu-prong", "dak-doa"]
    assert (tmp_path / "chu-prong" / "report.html").read_text() == "old"


def test_plan_puts_every_output_under_its_year_folder(tmp_path):
    names = ["Chư Prông", "<script>alert(1)</script>", "../../etc"]
    params = {"year": 2024, "lang": "vi", "inputs": "x"}
    jobs = plan(names, unique_slugs(names), tmp_path / "2024", params, comparison=True)
    assert [j.path("html").relative_to(tmp_path).as_posix() for j in jobs] == [
        "2024/_comparison/comparison.html",
        "2024/chu-prong/report.html",
        "2024/script-alert-1-script/report.html",
        "2024/etc/report.html",
    ]
    assert jobs[1].parameters == {"district": "Chư Prông", **params}
    assert jobs[1].title == "Báo cáo Chuyển đổi số Chư Prông năm 2024"
    assert jobs[1].staging == tmp_path / "2024" / ".chu-prong.new"


def test_summary_in_each_language(tmp_path):
    ok = Job("Chư Prông", Path("nb.ipynb"), tmp_path / "chu-prong", "report", {}, "t", "vi")
    bad = Job("Nowhere", Path("nb.ipynb"), tmp_path / "nowhere", "report", {}, "t", "vi")
    no_pdf = Job("Đak Đoa", Path("nb.ipynb"), tmp_path / "dak-doa", "report", {}, "t", "vi")
    bad.failed.write_text("{}")
    outcomes = [Outcome(ok), Outcome(bad, "LookupError: no data"), Outcome(no_pdf, pdf_error="TimeoutError: 60 s")]
    index = tmp_path / "index.html"
    assert summary(BatchResult(2024, outcomes, 3, index)).splitlines() == [
        f"2/3 báo cáo năm 2024 → {index}",
        "1 báo cáo lỗi (báo cáo trước đó, nếu có, được giữ nguyên):",
        "  - Nowhere: LookupError: no data",
        f"    xem sổ đã chạy: {tmp_path / 'nowhere.failed.ipynb'}",
        "1 báo cáo không in được PDF (đã giữ HTML):",
        "  - Đak Đoa: TimeoutError: 60 s",
    ]
    assert summary(BatchResult(2024, outcomes, 3, index, "en")).splitlines()[::2] == [
        f"2/3 reports for 2024 → {index}",
        "  - Nowhere: LookupError: no data",
        "1 PDF failed (the HTML is kept):",
    ]
    assert summary(BatchResult(2024, outcomes[:1], 3, index, "en", interrupted=True)) == (
        "Interrupted (Ctrl-C): 1/3 reports done; the others keep their previous version."
    )


def test_prints_that_fail_together_on_one_browser_replace_it_once(tmp_path):
    """Two reports print at once (two threads); the browser under both dies: the first retry replaces
    it, the second finds it already replaced and prints on the new one."""
    import threading

    both_failing = threading.Barrier(2)

    class Crashed(_FailingPrinter):
        def print(self, html: Path, pdf: Path, title: str, lang: str) -> None:
            if self.browser_number in self.dead:
                both_failing.wait(timeout=10)
                raise RuntimeError("Target page, context or browser has been closed")
            pdf.write_text(f"pdf of {html.read_text()}")

    printer = Crashed(fails=0)
    printer.dead.add(1)  # browser 1 crashed under both prints
    shared = batch._Pdf(printer)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    jobs = [_job(tmp_path / name, "ipynb", "html") for name in ("a", "b")]
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda j=j: results.append(batch._finish(Outcome(j), shared, {}).ok)) for j in jobs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert results == [True, True] and printer.restarts == 1
    assert all((job.folder / "report.pdf").exists() for job in jobs)


def test_after_ctrl_c_a_printed_report_is_not_put_in_place(tmp_path):
    """Ctrl-C while a report's PDF prints: the previous report stays whole, the staging folder goes."""
    import threading

    job = _job(tmp_path, "ipynb", "html")
    stopped = threading.Event()

    class StoppedWhilePrinting(_FailingPrinter):
        def print(self, html: Path, pdf: Path, title: str, lang: str) -> None:
            stopped.set()
            pdf.write_text("pdf")

    outcome = batch._finish(Outcome(job), batch._Pdf(StoppedWhilePrinting(fails=0), stopped), {}, stopped)
    assert outcome.error == "Đã dừng (Ctrl-C) trước khi thay báo cáo; giữ nguyên bản trước."
    assert _files(job.folder) == {"report.ipynb": "old", "report.html": "old", "report.pdf": "old"}
    assert not job.staging.exists()
