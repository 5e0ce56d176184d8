"""`dxkit batch`/`report` lose nothing and present nothing stale: failed notebooks and PDFs, Ctrl-C,
SIGKILL of the parent, checks made before any notebook runs.

The batch machinery is real (workers, kernels, Chromium); the notebooks are small stand-ins written
here, told by a control file next to them which district fails or how long to sleep, so a run takes
seconds. The inputs are the hand-scored 3 districts of tests/data/score.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from dxkit.cli import main
from dxkit.reports import batch, kernels
from dxkit.reports.pdf import PdfPrinter, find_chromium

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "tests" / "data" / "score" / "districts_long.csv"
YEAR = 2024
SLUGS = ("chu-prong", "dak-doa", "ia-grai")
needs_pdf = pytest.mark.skipif(find_chromium() is None, reason="PDF engine missing (chromium)")

PARAMETERS = """district = ""
year = 0
inputs = ""
lang = "vi"
synthetic = None
cache = None
framework = None
options = {}
bounds = None
decimal = None
districts = None
framework_for = {}
crosswalk = None"""
BODY = """import json, time
from pathlib import Path
from IPython.display import HTML, display
control = json.loads(Path({control!r}).read_text())
if district in control.get("fail", []):
    raise LookupError("hỏng " + district)
Path({control!r}).with_name("started-" + district).touch()  # papermill writes the notebook only at the end
time.sleep(control.get("sleep", {{}}).get(district, 0))
display(HTML(f"<p>{{district}} {{year}} run={{control.get('run', 0)}} options={{sorted(options.items())}} "
             f"decimal={{decimal}} bounds={{bounds}}</p>"))"""


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    """Stand-in district and comparison notebooks, with the batch's parameters, and their control file."""
    folder = tmp_path_factory.mktemp("notebooks")
    control = folder / "control.json"
    control.write_text("{}")
    for name in (batch.DISTRICT_NOTEBOOK, batch.COMPARISON_NOTEBOOK):
        params = new_code_cell(PARAMETERS)
        params.metadata["tags"] = ["parameters"]
        nb = new_notebook(cells=[params, new_code_cell(BODY.format(control=str(control)))])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / name)
    return folder


def _control(notebooks: Path, **fields) -> None:
    (notebooks / "control.json").write_text(json.dumps(fields))


@pytest.fixture
def fake(notebooks, monkeypatch) -> Path:
    monkeypatch.setattr(batch, "NOTEBOOKS", notebooks)
    _control(notebooks)
    return notebooks


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _batch(out: Path, *args: str) -> tuple[int, str, str]:
    return _cli("batch", "--inputs", str(INPUTS), "--out", str(out), "--workers", "2", "--quiet", *args)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → content)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    """Hidden entries (staging folders, temporary files) anywhere under `folder`."""
    return sorted(p.name for p in folder.rglob(".*"))


@pytest.fixture(scope="module")
def previous(notebooks, tmp_path_factory) -> Path:
    """A complete earlier batch (run=1, with PDFs when there is an engine) to copy into each test's output folder."""
    out = tmp_path_factory.mktemp("previous")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "NOTEBOOKS", notebooks)
        _control(notebooks, run=1)
        code, _, err = _batch(out, "--format", "html,pdf" if find_chromium() else "html")
    assert code == 0, err
    return out


@pytest.fixture
def out(previous, tmp_path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(previous, target)
    return target


def test_a_failed_notebook_keeps_the_previous_report_and_says_where_its_notebook_is(fake, out):
    before = _snapshot(out / str(YEAR) / "ia-grai")
    _control(fake, run=2, fail=["Ia Grai"])
    code, _, err = _batch(out, "--format", "html")
    year = out / str(YEAR)
    assert code == 1
    assert _snapshot(year / "ia-grai") == before
    assert "run=2" in (year / "chu-prong" / "report.html").read_text(encoding="utf-8")
    failed = year / "ia-grai.failed.ipynb"
    assert "hỏng Ia Grai" in failed.read_text(encoding="utf-8")
    assert err.splitlines()[0] == f"3/4 báo cáo năm {YEAR} → {year / 'index.html'}"
    assert f"  - Ia Grai: LookupError: hỏng Ia Grai\n    xem sổ đã chạy: {failed}" in err
    assert _leftovers(out) == []
    index = (year / "index.html").read_text(encoding="utf-8")
    assert "Ia Grai (bản cũ" not in index  # same inputs: the kept report is still current

    _control(fake, run=3)
    assert _batch(out, "--format", "html")[0] == 0
    assert not failed.exists(), "a report that succeeds again drops its failed notebook"


@needs_pdf
def test_a_crashed_browser_is_replaced_and_a_dead_engine_keeps_every_html(fake, out, monkeypatch):
    """Chromium's processes are killed (SIGKILL) at the 2nd, 4th and 5th print of a batch of three
    reports: the 2nd report's print is retried by a new browser, the 3rd fails twice and keeps its
    fresh HTML; Ia Grai, not in this run, keeps its previous PDF."""
    render, prints = PdfPrinter._render, []

    async def crash(self, page, url, title, footer):
        prints.append(url)
        if len(prints) in (2, 4, 5):
            me, browser = str(os.getpid()), []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError):
                    pid, rest = stat.read_text().split(" ", 1)
                    if "chrom" in rest.split(")")[0] and _descends_from(int(pid), me):
                        browser.append(int(pid))
            for pid in browser:  # all found first: a process whose parent is killed is no longer ours to find
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        return await render(self, page, url, title, footer)

    monkeypatch.setattr(PdfPrinter, "_render", crash)
    _control(fake, run=4)
    year = out / str(YEAR)
    ia_grai = _snapshot(year / "ia-grai")
    # one worker, one tab: the prints come one after the other, so which print meets a dead browser is known
    code, _, err = _batch(out, "--format", "html,pdf", "--district", "Chư Prông", "Đak Đoa", "--workers", "1")
    assert code == 1 and len(prints) == 5
    folders = [year / name for name in ("_comparison", "chu-prong", "dak-doa")]
    assert all("run=4" in next(f.glob("*.html")).read_text(encoding="utf-8") for f in folders)
    without_pdf = [f for f in folders if not list(f.glob("*.pdf"))]
    failed = without_pdf[0]
    assert len(without_pdf) == 1
    assert (
        prints[3] == prints[4] == (failed.with_name(f".{failed.name}.new") / next(failed.glob("*.html")).name).as_uri()
    )
    assert _snapshot(year / "ia-grai") == ia_grai and (year / "ia-grai" / "report.pdf").exists()
    assert err.splitlines()[:2] == [
        f"3/3 báo cáo năm {YEAR} → {year / 'index.html'}",
        "1 báo cáo không in được PDF (đã giữ HTML):",
    ]
    assert err.splitlines()[2].startswith("  - ") and "TargetClosedError" in err and "ipynb" not in err
    assert _leftovers(out) == []


def _descends_from(pid: int, ancestor: str) -> bool:
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            return False
        if str(pid) == ancestor:
            return True
    return False


def test_index_marks_reports_of_other_inputs_with_their_date(fake, out, tmp_path):
    """`dxkit report` for one district after the inputs changed: the others are from an earlier run."""
    inputs = tmp_path / "changed.csv"
    inputs.write_text(INPUTS.read_text(encoding="utf-8").replace("II.8.5,12", "II.8.5,13"), encoding="utf-8")
    code, stdout, _ = _cli(
        "report",
        "--district",
        "Huyện Đak Đoa",
        "--inputs",
        str(inputs),
        "--out",
        str(out),
        "--format",
        "html",
        "--quiet",
    )
    assert code == 0 and stdout.startswith(f"1/1 báo cáo năm {YEAR}")
    index = (out / str(YEAR) / "index.html").read_text(encoding="utf-8")
    built = json.loads((out / str(YEAR) / "chu-prong" / "manifest.json").read_text())["built"][:10]
    assert f'href="chu-prong/report.html">Chư Prông (bản cũ, lập {built})</a>' in index
    assert 'href="dak-doa/report.html">Đak Đoa</a>' in index
    assert f"So sánh các huyện (HTML) (bản cũ, lập {built})" in index


def test_checks_come_before_any_notebook(fake, tmp_path, monkeypatch):
    out = tmp_path / "out"
    code, _, err = _cli(
        "report", "--district", "Chu Prong", "--inputs", str(INPUTS), "--out", str(out), "--format", "html"
    )
    assert code == 2 and "Có phải: Chư Prông?" in err and "Traceback" not in err
    code, _, err = _cli(
        "report",
        "--district",
        "Chu Prong",
        "--inputs",
        str(INPUTS),
        "--out",
        str(out),
        "--format",
        "html",
        "--lang",
        "en",
    )
    assert code == 2 and "Did you mean: Chư Prông?" in err
    code, _, err = _cli(
        "report",
        "--district",
        "Ia Grai",
        "--year",
        "2019",
        "--inputs",
        str(INPUTS),
        "--out",
        str(out),
        "--format",
        "html",
    )
    assert code == 2 and "không có dữ liệu năm 2019 (các năm có dữ liệu: 2023, 2024)" in err
    code, _, err = _cli("batch", "--inputs", str(INPUTS.parent), "--out", str(INPUTS.parent / "reports"))
    assert code == 2 and "nằm trong thư mục đầu vào" in err
    monkeypatch.setenv("DXKIT_CHROMIUM", str(tmp_path / "no-chromium"))
    code, _, err = _cli("batch", "--inputs", str(INPUTS), "--out", str(out), "--lang", "en")
    assert code == 5
    assert err.startswith("PDF engine missing: no Chromium found via $DXKIT_CHROMIUM=")
    assert "apt-get install -y chromium" in err and err.rstrip().endswith("Use --format html to make HTML only.")
    assert not out.exists() and not (INPUTS.parent / "reports").exists()


def _read_only(folder: Path, on: bool) -> bool:
    """Make `folder` read-only (or writable again), even for root (immutable attribute); False if impossible."""
    if os.geteuid() != 0:
        folder.chmod(0o555 if on else 0o755)
        return True
    return (
        subprocess.run(["chattr", "+i" if on else "-i", str(folder)], capture_output=True, check=False).returncode == 0
    )


def test_a_read_only_output_folder_is_one_clear_error(fake, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    if not _read_only(out, True):
        pytest.skip("root without chattr: no read-only folder")
    try:
        code, _, err = _batch(out, "--format", "html")
    finally:
        _read_only(out, False)
    assert code == 4
    assert err.startswith(f"Không ghi được {out / str(YEAR)}: ") and len(err.splitlines()) == 1
    assert list(out.iterdir()) == []


def test_a_folder_another_run_is_writing_is_refused(fake, tmp_path):
    from dxkit.core.atomic import locked

    out = tmp_path / "out"
    with locked(out / str(YEAR)):
        code, _, err = _batch(out, "--format", "html", "--lang", "en")
    assert code == 4
    assert err == f"Another dxkit run is writing to {out / str(YEAR)}; wait for it to finish, then run again.\n"
    assert list((out / str(YEAR)).iterdir()) == []


def test_choices_reach_the_notebooks_as_parameters(fake, tmp_path):
    bounds = ROOT / "tests" / "data" / "score" / "bounds.csv"
    out = tmp_path / "out"
    code, _, err = _batch(
        out,
        "--format",
        "html",
        "--district",
        "Ia Grai",
        "--option",
        "threshold_reading=proportional",
        "--bounds",
        str(bounds),
        "--decimal",
        ",",
    )
    assert code == 0, err
    html = (out / str(YEAR) / "ia-grai" / "report.html").read_text(encoding="utf-8")
    assert f"Ia Grai 2024 run=0 options=[('threshold_reading', 'proportional')] decimal=, bounds={bounds}<" in html


# --- the parent interrupted or killed: a subprocess -------------------------------------------------

RUNNER = (
    "import sys; from pathlib import Path; from dxkit.reports import batch; "
    "batch.NOTEBOOKS = Path(sys.argv[1]); from dxkit.cli import main; sys.exit(main(sys.argv[2:]))"
)


def _marked(mark: str) -> list[int]:
    """Processes whose environment carries `mark` (the run's parent, workers, kernels, browser)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            state = Path(environ.parent, "stat").read_text().rsplit(")", 1)[1].split()[0]
            if mark.encode() in environ.read_bytes() and state != "Z":
                found.append(int(environ.parent.name))
    return found


def _start(fake: Path, out: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """A batch in its own session (so it gets Ctrl-C as from a terminal) of the comparison and two
    districts whose notebooks sleep; returns once the comparison is done and both districts are running."""
    _control(fake, run=5, sleep={"Ia Grai": 60, "Chư Prông": 60})
    for started in fake.glob("started-*"):
        started.unlink()
    mark = uuid.uuid4().hex
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUNNER,
            str(fake),
            "batch",
            "--inputs",
            str(INPUTS),
            "--out",
            str(out),
            "--workers",
            "2",
            "--quiet",
            "--district",
            "Ia Grai",
            "Chư Prông",
            *args,
        ],
        env={**os.environ, "DXKIT_TEST_RUN": mark},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    year = out / str(YEAR)
    running = [fake / "started-Ia Grai", fake / "started-Chư Prông"]
    deadline = time.monotonic() + 90
    while not (
        all(p.exists() for p in running) and b"run=5" in (year / "_comparison" / "comparison.html").read_bytes()
    ):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.2)
    return proc, mark


def _wait_gone(mark: str, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _marked(mark)


def test_ctrl_c_stops_everything_and_keeps_the_unfinished_reports(fake, out):
    before = {slug: _snapshot(out / str(YEAR) / slug) for slug in SLUGS}
    proc, mark = _start(fake, out, "--format", "html,pdf" if find_chromium() else "html")
    os.killpg(proc.pid, signal.SIGINT)  # to every process of the session, as Ctrl-C in a terminal
    _, err = proc.communicate(timeout=120)  # a fresh machine under the full suite was seen slower than 30 s
    assert proc.returncode == 130
    assert err == "Đã dừng (Ctrl-C): 1/3 báo cáo xong; các báo cáo khác giữ nguyên bản trước.\n"
    assert _wait_gone(mark) == []
    assert {slug: _snapshot(out / str(YEAR) / slug) for slug in SLUGS} == before
    assert _leftovers(out) == []
    assert not list(Path(tempfile.gettempdir()).glob(f"{batch.RUN_DIR_PREFIX}{proc.pid}-*"))
    assert "(bản cũ" not in (out / str(YEAR) / "index.html").read_text(encoding="utf-8")


def test_sigkill_of_the_parent_takes_workers_and_kernels_along_and_the_next_run_sweeps(fake, out):
    before = {slug: _snapshot(out / str(YEAR) / slug) for slug in SLUGS}
    proc, mark = _start(fake, out, "--format", "html,pdf" if find_chromium() else "html")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _wait_gone(mark) == [], "processes of the killed run still alive"
    year = out / str(YEAR)
    assert {slug: _snapshot(year / slug) for slug in SLUGS} == before
    assert sorted(p.name for p in year.iterdir() if not p.name.startswith(".")) == sorted(
        ["_comparison", *SLUGS, "index.html", "scores.csv", "scores.xlsx"]
    )
    leftover_tmp = list(Path(tempfile.gettempdir()).glob(f"{batch.RUN_DIR_PREFIX}{proc.pid}-*"))
    leftover_tmp += Path(tempfile.gettempdir()).glob(f"{kernels.FOLDER_PREFIX}{proc.pid}-*")  # its warm process's
    assert len(leftover_tmp) == 2
    _control(fake, run=6)
    code, _, err = _cli(
        "report", "--district", "Ia Grai", "--inputs", str(INPUTS), "--out", str(out), "--format", "html", "--quiet"
    )
    assert code == 0, err
    assert _leftovers(out) == []
    assert leftover_tmp and not any(p.exists() for p in leftover_tmp), "the killed run's temporary folder is swept"
