"""`dxkit framework check|doc|new` from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dxkit.cli import main
from dxkit.core.catalogue import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR, load_catalogue

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "source" / "phu_luc_02_chu_prong_2023.txt"
BUNDLED = sorted(p for p in FRAMEWORKS_DIR.glob("*.yaml") if not p.name.endswith(".sample.yaml"))
FOR_TESTS = sorted(
    p for p in (ROOT / "tests" / "data").rglob("*.yaml") if "pillars" in (yaml.safe_load(p.read_text("utf-8")) or {})
)


@pytest.mark.parametrize("path", BUNDLED + FOR_TESTS, ids=lambda p: p.name)
def test_every_bundled_framework_passes_its_check(capsys, path):
    assert main(["framework", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: dùng được" in out and "lỗi" not in out


def test_the_bundled_frameworks_are_checked_strictly(capsys):
    """No warnings either: every variable is read by a rule or a check, every department has work."""
    assert main(["framework", "check", "--strict", *map(str, BUNDLED)]) == 0


def _broken(tmp_path: Path) -> Path:
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    for old, new in (
        ("threshold: 0.80", "threshold: 80"),
        ("type: yes_no", "type: yesno"),
        ("  total_max: 1000", "  total_max: 1010"),
        ("coordinating:", "coordinatin:"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def test_check_lists_every_problem_with_its_line_and_a_suggestion(tmp_path, capsys):
    path = _broken(tmp_path)
    assert main(["framework", "check", str(path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: 4 error(s), 0 warning(s)" in err
    lines = {
        "total_max: 1010": "framework › total_max: the pillars sum to 1000 points but total_max is 1010 "
        "(suggestion: set total_max to 1000",
        "coordinatin:": "II.1.1 › coordinatin: key `coordinatin` is not in the schema and would be ignored "
        "(suggestion: did you mean coordinating?)",
        "type: yesno": "II.1.5 › rule › type: unknown rule type 'yesno' (suggestion: did you mean yes_no?)",
        "threshold: 80": "rule › threshold: threshold 80 is not in (0, 1] (suggestion: write a threshold as a share",
    }
    for needle, said in lines.items():
        assert f"line {_line(path, needle)} · " in err and said in err, needle
    # the same in Vietnamese, the default
    assert main(["framework", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "4 lỗi, 0 cảnh báo" in err and "(gợi ý: có phải là yes_no?)" in err


def test_scoring_with_a_broken_framework_shows_the_same_problems(tmp_path, capsys):
    path = _broken(tmp_path)
    assert main(["validate", str(ROOT / "inputs"), "--framework", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "the framework file cannot be used" in err and "did you mean yes_no?" in err
    assert "Traceback" not in err


def test_warnings_alone_leave_a_file_usable_unless_strict(tmp_path, capsys):
    raw = yaml.safe_load((ROOT / "tests" / "data" / "toy_commune.yaml").read_text("utf-8"))
    crit = raw["pillars"][0]["criteria"][1]
    crit["inputs"].append({"id": "C.1.2.extra", "type": "count", "label": {"vi": "Thêm", "en": "Extra"}})
    raw["departments"].append({"id": "idle", "kind": "partner", "name": {"vi": "Phòng rảnh", "en": "Idle office"}})
    path = tmp_path / "warn.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["framework", "check", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 2 warning(s)" in out
    assert "[warning] " in out and "variable C.1.2.extra is used by no rule or check" in out
    assert "use it in the `rule` of criterion C.1.2, or remove it" in out
    assert "department idle is responsible for or coordinates no criterion" in out
    assert main(["framework", "check", "--strict", str(path)]) == 1
    load_catalogue(path)  # usable: scoring loads it


def test_a_file_that_is_not_yaml_or_not_a_framework(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("framework: [\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    assert main(["framework", "check", str(bad), str(other), str(tmp_path / "missing.yaml"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "- line 2: not valid YAML" in err
    assert f"{other}: 1 error(s)" in err and "not a framework file" in err
    assert "cannot read the framework file: No such file or directory" in err and "Error" not in err


def test_new_drafts_from_the_seed_and_check_refuses_the_todos(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert main(["framework", "new", "--from", str(SEED), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert said.out.startswith(f"{out}: 74 tiêu chí, 8 trụ cột, 1000 điểm; đề xuất quy tắc cho ")
    assert "TODO" in said.err and f"dxkit framework check {out}" in said.err
    assert main(["framework", "check", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "II.1.4 › rule › type: no scoring rule chosen yet (TODO) (suggestion: choose a rule (" in err
    assert "Từ 10 trở lên" in err  # the method text, to choose from
    # an existing file is kept unless --force; the table itself is never overwritten
    assert main(["framework", "new", "--from", str(SEED), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    table = tmp_path / "table.txt"
    shutil.copy(SEED, table)
    assert main(["framework", "new", "--from", str(table), "--out", str(table), "--force"]) == 2
    assert table.read_bytes() == SEED.read_bytes()


def test_new_refuses_a_table_it_cannot_read(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["framework", "new", "--from", str(junk), "--out", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert str(junk) in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()


def test_doc_writes_the_handbook_and_refuses_an_unknown_department(tmp_path, capsys):
    out = tmp_path / "doc"
    toy = ROOT / "tests" / "data" / "toy_commune.yaml"
    assert main(["framework", "doc", str(toy), "--format", "html,xlsx", "--out", str(out)]) == 0
    written = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in written) == ["toy-commune-2025.html", "toy-commune-2025.xlsx"]
    html = (out / "toy-commune-2025.html").read_text("utf-8")
    assert "Tỷ lệ người dân có định danh điện tử" in html and "Phòng Văn hóa - Xã hội" in html
    assert main(["framework", "doc", str(toy), "--department", "vhxh", "--out", str(out), "--lang", "en"]) == 0
    assert "Culture and Society Office" in (out / "toy-commune-2025-vhxh.html").read_text("utf-8")
    assert main(["framework", "doc", str(toy), "--department", "xyz", "--out", str(out)]) == 2
    assert "không có phòng, ban 'xyz'" in capsys.readouterr().err
