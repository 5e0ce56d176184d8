"""`dxkit evidence INPUT --docs FOLDER`: the summary per unit, the files written, every refusal with status 2."""

from __future__ import annotations

import pandas as pd
import pytest

from dxkit.cli import main
from tests.analysis.test_evidence_check import INPUTS, make_documents


@pytest.fixture
def docs(tmp_path):
    return make_documents(tmp_path / "docs")


def test_summary_per_unit_and_the_files_written(docs, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["evidence", str(INPUTS), "--docs", str(docs), "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ia Pa 2024: 8 tham chiếu — 3 tìm thấy, 0 nhiều tệp khớp, 3 không tìm thấy, 1 bị từ chối, "
        "1 liên kết chưa kiểm tra; 2 tiêu chí có điểm mà không tìm thấy tài liệu nào",
        "KBang 2024: 1 tham chiếu — 0 tìm thấy, 1 nhiều tệp khớp, 0 không tìm thấy, 0 bị từ chối, "
        "0 liên kết chưa kiểm tra; 0 tiêu chí có điểm mà không tìm thấy tài liệu nào",
        f"Số tệp đã ghi vào {out}: 4",
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "ia-pa-2024.html",
        "ia-pa-2024.xlsx",
        "kbang-2024.html",
        "kbang-2024.xlsx",
    ]


def test_in_english_with_one_format_and_the_criteria_as_csv(docs, tmp_path, capsys):
    out, csv = tmp_path / "out", tmp_path / "criteria.csv"
    argv = ["evidence", str(INPUTS), "--docs", str(docs), "--out", str(out), "--format", "html"]
    assert main([*argv, "--csv", str(csv), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        "KBang 2024: 1 references — 0 found, 1 ambiguous, 0 not found, 0 refused, 0 links not checked; "
        "0 criteria with points and no document found"
    )
    assert sorted(p.name for p in out.iterdir()) == ["ia-pa-2024.html", "kbang-2024.html"]
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    row = table[(table["district"] == "Ia Pa") & (table["code"] == "II.8.1")].iloc[0]
    assert row["missing"] == "'=1+2\n../secret.pdf"  # inert: the formula is text
    assert row["status"] == "nothing_found" and "max_points" in table.columns  # read back as dxkit's own output


def test_the_default_output_folder(docs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["evidence", str(INPUTS), "--docs", str(docs)]) == 0
    assert (tmp_path / "outputs" / "evidence" / "kbang-2024.html").is_file()


@pytest.mark.parametrize(
    ("folder", "vi", "en"),
    [
        ("missing", "không có thư mục tài liệu này", "no such documents folder"),
        ("file.pdf", "không phải thư mục", "not a folder"),
        ("empty", "thư mục không có tài liệu nào", "the folder holds no document"),
    ],
)
def test_an_unusable_documents_folder_is_status_2_in_the_readers_language(tmp_path, capsys, folder, vi, en):
    (tmp_path / "file.pdf").write_bytes(b"")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "~$lock.docx").write_bytes(b"")
    path = tmp_path / folder
    for lang, words in (("vi", vi), ("en", en)):
        argv = ["evidence", str(INPUTS), "--docs", str(path), "--out", str(tmp_path / "out"), "--lang", lang]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert words in err and str(path) in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", [".", "outputs", "Kế hoạch"])
def test_outputs_inside_the_documents_folder_are_refused(docs, tmp_path, capsys, inside):
    before = sorted(p.name for p in docs.rglob("*"))
    assert main(["evidence", str(INPUTS), "--docs", str(docs), "--out", str(docs / inside)]) == 2
    assert "không ghi kết quả vào trong thư mục tài liệu" in capsys.readouterr().err
    argv = ["evidence", str(INPUTS), "--docs", str(docs), "--out", str(tmp_path / "out"), "--csv", str(docs / "x.csv")]
    assert main(argv) == 2
    assert sorted(p.name for p in docs.rglob("*")) == before


def test_out_and_format_need_docs_and_an_unknown_format_is_refused(docs, tmp_path, capsys):
    assert main(["evidence", str(INPUTS), "--out", str(tmp_path / "out")]) == 2
    assert "--out chỉ dùng cùng --docs THƯ_MỤC" in capsys.readouterr().err
    assert main(["evidence", str(INPUTS), "--format", "html", "--lang", "en"]) == 2
    assert "--format is used only with --docs FOLDER" in capsys.readouterr().err
    argv = ["evidence", str(INPUTS), "--docs", str(docs), "--out", str(tmp_path / "out"), "--format", "html,pdf"]
    assert main(argv) == 2
    assert "định dạng không hỗ trợ 'pdf' (chọn trong: html, xlsx)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_without_docs_the_checklist_is_unchanged(tmp_path, capsys):
    assert main(["evidence", str(INPUTS)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 tiêu chí có điểm nhưng chưa có tài liệu kiểm chứng"
