"""A report across a revised framework: `--framework-for YEAR=OLD.yaml --crosswalk OLD_TO_NEW.csv`
(hand-computed points in tests/data/crosswalk/README.md)."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from dxkit.cli import main
from dxkit.core.problems import InputError
from dxkit.reports.data import build
from tests.conftest import DATA

HERE = DATA / "crosswalk"
REVISED = {"framework": HERE / "new.yaml", "framework_for": {2023: HERE / "old.yaml"}}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("revised") / "in"
    folder.mkdir()
    for name in ("inputs_2023.csv", "inputs_2024.csv"):
        shutil.copy(HERE / name, folder / name)
    return folder


def _text(path):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))


def test_the_report_compares_only_the_comparable_criteria_and_says_which_were_not(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["report", "--district", "A", "--inputs", str(inputs), "--format", "html", "--out", str(out), "-q"]
    revision = ["--framework", str(HERE / "new.yaml"), "--framework-for", f"2023={HERE / 'old.yaml'}"]
    assert main([*args, *revision, "--crosswalk", str(HERE / "old_to_new.csv")]) == 0
    text = _text(out / "2024" / "a" / "report.html")
    # A: 2023 comparable 24 + 20 (C.1.2 → C.1.3) + 10 → 20 (C.2.1 on the new maximum) = 64; 2024: 36 + 25 + 20 = 81
    assert "So với năm 2023, tổng điểm tăng 17 điểm (64 → 81); thứ hạng tăng 1 bậc (hạng 2/3 → 1/3)" in text
    assert "chỉ tính 3 tiêu chí có ở cả hai năm (tối đa 90 điểm)" in text
    assert "không so sánh: C.2.2 (không còn trong bộ chỉ số mới) và C.1.2 (mới," in text
    assert "quy theo điểm tối đa mới: C.2.1 (10 → 20)" in text


def test_without_a_crosswalk_two_different_frameworks_are_refused(inputs, capsys):
    with pytest.raises(InputError) as exc:
        build(inputs, **REVISED)
    assert "C.2.2" in exc.value.text("en")


def test_a_crosswalk_needs_the_earlier_framework(inputs, tmp_path, capsys):
    args = ["report", "--district", "A", "--inputs", str(inputs), "--format", "html", "--out", str(tmp_path)]
    assert main([*args, "--crosswalk", str(HERE / "old_to_new.csv"), "--lang", "en"]) == 2
    assert "add --framework-for YEAR=OLD_FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--framework-for", "2023"])
    assert "--framework-for cần dạng NĂM=TỆP (ví dụ 2023=" in capsys.readouterr().err


def test_the_cache_key_follows_the_earlier_framework(inputs):
    from dxkit.reports.data import fingerprint

    plain = fingerprint(inputs, framework=HERE / "new.yaml")
    assert fingerprint(inputs, **REVISED) != plain
    assert fingerprint(inputs, **REVISED, crosswalk=HERE / "old_to_new.csv") != fingerprint(inputs, **REVISED)
