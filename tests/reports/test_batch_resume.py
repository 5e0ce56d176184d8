"""`dxkit batch --resume`: a killed run is completed, what is unchanged is skipped, any change redoes;
progress and the table of the run.

The notebooks are the small stand-ins of test_batch_safety.py (its control file says how long a
district sleeps and which one fails); HTML only, on the hand-scored 3 districts of tests/data/score.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from dxkit.reports import batch
from dxkit.reports.batch import BatchResult, Job, Outcome, current, figures, keyed
from dxkit.reports.data import fingerprint
from tests.reports.test_batch_safety import (
    BODY,
    INPUTS,
    PARAMETERS,
    RUNNER,
    SLUGS,
    YEAR,
    _cli,
    _control,
    _leftovers,
    _wait_gone,
)

FOLDERS = ("_comparison", *SLUGS)


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    """Stand-in district and comparison notebooks with their control file."""
    folder = tmp_path_factory.mktemp("notebooks")
    control = folder / "control.json"
    for name in (batch.DISTRICT_NOTEBOOK, batch.COMPARISON_NOTEBOOK):
        params = new_code_cell(PARAMETERS)
        params.metadata["tags"] = ["parameters"]
        nb = new_notebook(cells=[params, new_code_cell(BODY.format(control=str(control)))])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / name)
    return folder


@pytest.fixture
def fake(notebooks, monkeypatch) -> Path:
    monkeypatch.setattr(batch, "NOTEBOOKS", notebooks)
    _control(notebooks)
    return notebooks


def _batch(inputs: Path, out: Path, *args: str) -> tuple[int, str, str]:
    return _cli("batch", "--inputs", str(inputs), "--out", str(out), "--format", "html", "--workers", "2", *args)


def _times(folder: Path) -> dict[str, int]:
    """Every file under `folder` (relative path → time modified, ns)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(year: Path, folder: str) -> int:
    """The run (the control file's number) that made the report in `folder`."""
    return int(re.findall(r" run=(\d+) ", next((year / folder).glob("*.html")).read_text(encoding="utf-8"))[0])


def test_a_killed_batch_is_completed_by_resume_which_skips_the_reports_in_place(fake, tmp_path):
    out, year = tmp_path / "out", tmp_path / "out" / str(YEAR)
    _control(fake, run=1, sleep={"Đak Đoa": 60, "Ia Grai": 60})
    mark, log = uuid.uuid4().hex, tmp_path / "stderr.txt"
    with log.open("w") as stderr:  # not a terminal: a line per report
        proc = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(fake), "batch", "--inputs", str(INPUTS), "--out", str(out)]
            + ["--format", "html", "--workers", "1"],
            env={**os.environ, "DXKIT_TEST_RUN": mark},
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 90  # one worker: the comparison, Chư Prông, then Đak Đoa sleeps
    while not re.search(r"^2/4 \[", log.read_text(encoding="utf-8"), re.M):
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _wait_gone(mark) == [], "processes of the killed run still alive"
    assert re.search(r"^2/4 \[\d\d:\d\d, còn \d\d:\d\d, Chư Prông\]$", log.read_text(encoding="utf-8"), re.M)
    made = sorted(p.name for p in year.iterdir() if not p.name.startswith("."))
    # the scores to take away are written (each file whole, atomically) while the notebooks run
    assert [name for name in made if not name.startswith("scores.")] == ["_comparison", "chu-prong"]
    for folder, stem in (("_comparison", "comparison"), ("chu-prong", "report")):
        assert sorted(p.name for p in (year / folder).iterdir()) == sorted(
            ["manifest.json", f"{stem}.html", f"{stem}.ipynb"]
        )
    kept = {folder: _times(year / folder) for folder in ("_comparison", "chu-prong")}

    _control(fake, run=2)
    code, stdout, err = _batch(INPUTS, out, "--resume")
    assert code == 0, err
    assert stdout == f"4/4 báo cáo năm {YEAR} → {year / 'index.html'} (2 báo cáo không đổi, đã bỏ qua)\n"
    assert re.search(
        r"^Đã lập +2\nKhông đổi, bỏ qua +2\nLỗi +0\nLỗi PDF +0\nThời gian mỗi báo cáo +trung bình ", err, re.M
    )
    assert {folder: _times(year / folder) for folder in ("_comparison", "chu-prong")} == kept
    assert [_run(year, folder) for folder in FOLDERS] == [1, 1, 2, 2]
    assert _leftovers(out) == []
    manifests = [json.loads((year / folder / "manifest.json").read_text()) for folder in FOLDERS]
    assert {m["fingerprint"] for m in manifests} == {fingerprint(INPUTS)}
    index = (year / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{slug}/report.html"' in index for slug in SLUGS) and "(bản cũ" not in index

    before, built = _times(year), (year / "index.html").stat().st_mtime_ns
    code, stdout, _ = _batch(INPUTS, out, "--resume", "--quiet")
    assert (code, stdout) == (0, f"4/4 báo cáo năm {YEAR} → {year / 'index.html'} (4 báo cáo không đổi, đã bỏ qua)\n")
    assert {k: v for k, v in _times(year).items() if "/" in k} == {k: v for k, v in before.items() if "/" in k}
    assert (year / "index.html").stat().st_mtime_ns > built, "the index is rebuilt even when nothing else is"


def test_a_failure_is_redone_and_a_changed_input_or_language_redoes_everything(fake, tmp_path):
    inputs, out = tmp_path / "inputs.csv", tmp_path / "out"
    year = out / str(YEAR)
    shutil.copy(INPUTS, inputs)
    only = ("--district", "Ia Grai", "--quiet")  # the comparison and Ia Grai
    report = ("report", "--inputs", str(inputs), "--out", str(out), "--format", "html", *only)
    _control(fake, run=1)
    assert _batch(inputs, out, *only)[0] == 0
    _control(fake, run=2, fail=["Ia Grai"])
    code, stdout, _ = _batch(inputs, out, *only, "--resume")
    assert code == 0 and stdout.endswith("(2 báo cáo không đổi, đã bỏ qua)\n")
    assert _cli(*report)[0] == 1  # without --resume: made again, and failed
    assert _run(year, "ia-grai") == 1

    _control(fake, run=3)
    code, stdout, _ = _batch(inputs, out, *only, "--resume")
    assert code == 0 and stdout.endswith("(1 báo cáo không đổi, đã bỏ qua)\n"), "the failed report is redone"
    assert (_run(year, "_comparison"), _run(year, "ia-grai")) == (1, 3)

    inputs.write_text(inputs.read_text(encoding="utf-8").replace("II.8.5,12", "II.8.5,13"), encoding="utf-8")
    _control(fake, run=4)
    code, stdout, _ = _batch(inputs, out, *only, "--resume")
    assert (code, stdout) == (0, f"2/2 báo cáo năm {YEAR} → {year / 'index.html'}\n")
    assert (_run(year, "_comparison"), _run(year, "ia-grai")) == (4, 4)

    _control(fake, run=5)
    code, stdout, _ = _cli(*report, "--resume", "--lang", "en")
    assert (code, stdout) == (0, f"1/1 reports for {YEAR} → {year / 'index.html'}\n")
    assert (_run(year, "_comparison"), _run(year, "ia-grai")) == (4, 5)
    assert _leftovers(out) == []


def test_the_key_changes_with_every_part_but_the_cache(tmp_path):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}")
    params = {"district": "Chư Prông", "year": 2024, "lang": "vi", "cache": "/tmp/a"}
    job = Job("Chư Prông", notebook, tmp_path / "chu-prong", "report", params, "t", "vi")
    variants = [
        job,
        Job("Đak Đoa", notebook, tmp_path / "dak-doa", "report", {**params, "district": "Đak Đoa"}, "t", "vi"),
        Job("Chư Prông", notebook, tmp_path / "chu-prong", "report", {**params, "lang": "en"}, "t", "en"),
    ]
    keys = [j.key for j in keyed(variants, "f", pdf=False)]
    assert len(set(keys)) == 3
    assert keyed([job], "f", pdf=True)[0].key != keys[0]
    assert keyed([job], "g", pdf=False)[0].key != keys[0]
    assert keyed([replace(job, parameters={**params, "cache": "/tmp/b"})], "f", pdf=False)[0].key == keys[0]
    notebook.write_text('{"cells": []}')
    assert keyed([job], "f", pdf=False)[0].key != keys[0], "an edited notebook is another report"


def test_a_report_is_current_only_whole_with_its_key_and_not_failed(tmp_path):
    job = Job("Chư Prông", Path("nb.ipynb"), tmp_path / "chu-prong", "report", {}, "t", "vi", key="k")
    job.folder.mkdir()
    (job.folder / "manifest.json").write_text(json.dumps({"key": job.key}))
    assert not current(job, pdf=False), "no HTML"
    job.path("html").write_text("")
    assert current(job, pdf=False) and not current(job, pdf=True), "its PDF failed last time"
    job.path("pdf").write_text("")
    assert current(job, pdf=True)
    job.failed.write_text("{}")
    assert not current(job, pdf=True), "its notebook failed in a later run"
    job.failed.unlink()
    (job.folder / "manifest.json").write_text(json.dumps({"key": "another"}))
    assert not current(job, pdf=True)


def test_the_table_of_the_run_in_each_language(tmp_path):
    def job(name: str) -> Job:
        return Job(name, Path("nb.ipynb"), tmp_path / name, "report", {}, "t", "vi")

    outcomes = [
        Outcome(job("Chư Prông"), seconds=4),
        Outcome(job("Đak Đoa"), "LookupError: no data", seconds=2),
        Outcome(job("Ia Grai"), pdf_error="TimeoutError", seconds=72),
    ]
    result = BatchResult(2024, outcomes, 5, tmp_path / "index.html", skipped=2, seconds=125)
    assert figures(result).splitlines() == [
        "Đã lập                 1",
        "Không đổi, bỏ qua      2",
        "Lỗi                    1",
        "Lỗi PDF                1",
        "Thời gian mỗi báo cáo  trung bình 26 giây, lâu nhất 1 phút 12 giây (Ia Grai)",
        "Tổng thời gian         2 phút 5 giây",
    ]
    result.lang = "en"
    assert figures(result).splitlines()[-2:] == [
        "Time per report     26 sec on average, longest 1 min 12 sec (Ia Grai)",
        "Total time          2 min 5 sec",
    ]
