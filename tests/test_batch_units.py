"""Batch machinery without kernels: retries, stale outputs, the missing PDF engine, the plan, the summary."""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from dxkit.reports import batch
from dxkit.reports.batch import BatchResult, Job, Outcome, execute, plan, summary
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
    monkeypatch.setattr(batch.time, "sleep", lambda s: None)
    return calls, script


def test_kernel_start_failure_is_retried(fake_papermill, tmp_path):
    calls, script = fake_papermill
    script += [RuntimeError("Kernel didn't respond in 60 seconds"), None]
    out = tmp_path / "d" / "report.ipynb"
    assert execute(Path("nb.ipynb"), out, {}) == "executed"
    assert len(calls) == 2
    assert [p.name for p in out.parent.iterdir()] == ["report.ipynb"]


def test_retries_are_bounded(fake_papermill, tmp_path):
    calls, script = fake_papermill
    script += [TimeoutError("no kernel")] * 3
    with pytest.raises(TimeoutError):
        execute(Path("nb.ipynb"), tmp_path / "report.ipynb", {}, attempts=3)
    assert len(calls) == 3


def test_cell_error_is_not_retried_and_its_notebook_is_kept(fake_papermill, tmp_path):
    calls, script = fake_papermill
    script.append(PapermillExecutionError(3, 3, "x", "LookupError", "no data", []))
    out = tmp_path / "report.ipynb"
    with pytest.raises(PapermillExecutionError):
        execute(Path("nb.ipynb"), out, {})
    assert len(calls) == 1 and out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["report.ipynb"]


def _job(tmp_path: Path) -> Job:
    job = Job("Chư Prông", Path("nb.ipynb"), tmp_path / "report", {}, "t", "vi")
    for ext in ("ipynb", "html", "pdf"):
        job.path(ext).write_text("old")
    return job


def test_failed_report_leaves_no_stale_html_or_pdf(tmp_path):
    job = _job(tmp_path)
    batch._finish(Outcome(job, "LookupError: no data"), printer=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.ipynb"]


def test_report_without_pdf_keeps_html_and_drops_the_old_pdf(tmp_path):
    job = _job(tmp_path)
    batch._finish(Outcome(job), printer=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.ipynb"]


def test_missing_pdf_engine_becomes_a_note_saying_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("DXKIT_CHROMIUM", str(tmp_path / "no-chromium"))
    notes: list[str] = []
    with ExitStack() as stack:
        assert batch._start_printer(stack, notes) is None
    assert len(notes) == 1 and "apt-get install" in notes[0]


def test_plan_puts_every_output_under_its_year_folder(tmp_path):
    names = ["Chư Prông", "<script>alert(1)</script>", "../../etc"]
    params = {"year": 2024, "lang": "vi", "inputs": "x"}
    jobs = plan(names, unique_slugs(names), tmp_path / "2024", params, comparison=True)
    assert [j.target.relative_to(tmp_path).as_posix() for j in jobs] == [
        "2024/comparison", "2024/chu-prong/report", "2024/script-alert-1-script/report", "2024/etc/report"]
    assert jobs[1].parameters == {"district": "Chư Prông", **params}
    assert jobs[1].title == "Báo cáo Chuyển đổi số Chư Prông năm 2024"


def test_summary_names_each_failure_and_its_notebook(tmp_path):
    ok, bad = _job(tmp_path), Job("Nowhere", Path("nb.ipynb"), tmp_path / "x" / "report", {}, "t", "vi")
    result = BatchResult(2024, [Outcome(ok), Outcome(bad, "LookupError: no data")], tmp_path / "index.html")
    text = summary(result)
    assert text.startswith("1/2 reports for 2024")
    assert "Nowhere: LookupError: no data" in text and str(tmp_path / "x" / "report.ipynb") in text
