"""Reading a crosswalk file: Vietnamese or English headers and markers, BOM and `;`, every problem at once."""

import pytest

from dxkit.core.problems import InputError
from dxkit.intake.crosswalk import read_crosswalk
from tests.conftest import DATA

HERE = DATA / "crosswalk"


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "old_to_new.csv"
    path.write_text(text, encoding=encoding)
    return path


def problems(path, old, new) -> list[tuple]:
    with pytest.raises(InputError) as err:
        read_crosswalk(path, old, new)
    return [(p.row, p.column, p.rule.key) for p in err.value.problems]


def test_reads_the_vietnamese_file_with_bom_and_semicolons(old, new):
    """Mã cũ;Mã mới;Ghi chú — C.1.2;C.1.3 / C.2.2;bỏ / Mới;C.1.2 (notes ignored; C.1.1, C.2.1 kept)."""
    cw = read_crosswalk(HERE / "old_to_new.csv", old, new)
    assert dict(cw.pairs) == {"C.1.1": "C.1.1", "C.1.2": "C.1.3", "C.2.1": "C.2.1"}
    assert (cw.dropped, cw.new) == (("C.2.2",), ("C.1.2",))


@pytest.mark.parametrize(
    "text",
    [
        "old,new\nc.1.2,C.1.3\nC.2.2,Dropped\nNEW,C.1.2\n",  # English, codes in any case
        "MA CU,ma moi\nC.1.2,C.1.3\nC.2.2,khong con\nmoi,C.1.2\n",  # no diacritics
        " Mã  cũ ;mã mới\nC.1.1;C.1.1\n C.1.2 ; C.1.3 \nC.2.2;BỎ\nmới;C.1.2\n;\n",  # spaces, a code listed as itself, a blank row
    ],
)
def test_headers_and_markers_in_either_language_without_case_or_diacritics(tmp_path, old, new, text):
    cw = read_crosswalk(write(tmp_path, text), old, new)
    assert dict(cw.pairs) == {"C.1.1": "C.1.1", "C.1.2": "C.1.3", "C.2.1": "C.2.1"}
    assert (cw.dropped, cw.new) == (("C.2.2",), ("C.1.2",))


def test_every_problem_at_once_with_its_row_and_column(tmp_path, old, new):
    text = (
        "mã cũ,mã mới\n"
        "C.1.2,C.1.3\n"  # 2
        "C.1.9,bỏ\n"  # 3 unknown old code
        "mới,C.7.7\n"  # 4 unknown new code
        "C.1.2,bỏ\n"  # 5 old code listed twice
        "C.2.2,C.1.3\n"  # 6 merged into C.1.3
        "bỏ,C.1.2\n"  # 7 'dropped' in the old column
        "C.2.1,\n"  # 8 no new code
    )
    assert problems(write(tmp_path, text), old, new) == [
        (3, "mã cũ", "crosswalk.unknown_old"),
        (4, "mã mới", "crosswalk.unknown_new"),
        (5, "mã cũ", "crosswalk.twice_old"),
        (6, "mã mới", "crosswalk.merged"),
        (7, "mã cũ", "crosswalk.misplaced.old"),
        (8, "mã mới", "crosswalk.empty.new"),
    ]  # no gap said: the cells of rows 7 and 8 may be what is missing


def test_the_problems_read_in_vietnamese_and_english(tmp_path, old, new):
    path = write(tmp_path, "old,new\nC.1.2,C.1.3\nC.2.2,C.1.3\nnew,C.1.2\nC.2.1,new\n")
    with pytest.raises(InputError) as err:
        read_crosswalk(path, old, new)
    assert err.value.text("vi").splitlines() == [
        "Dữ liệu đầu vào có 2 lỗi:",
        f"- tệp {path}, dòng 3, cột new: mã mới C.1.3 đã ứng với mã cũ C.1.2 ở dòng 2: không gộp hai tiêu chí cũ "
        'vào một tiêu chí mới vì điểm của chúng không so được với nhau; ghi "bỏ" cho các mã cũ và "mới" cho mã mới',
        f'- tệp {path}, dòng 5, cột new: "new" đánh dấu tiêu chí mới, phải ghi ở cột mã cũ; cột mã mới ghi mã '
        'tiêu chí mới, hoặc "bỏ"',
    ]
    assert err.value.text("en").splitlines()[2] == (
        f'- file {path}, row 5, column new: "new" marks a new criterion and belongs in the old code\'s column; '
        'the new column takes a new criterion\'s code, or "dropped"'
    )


def test_criteria_left_out_are_named(tmp_path, old, new):
    """Only the renaming listed: C.2.2 has no successor, new C.1.2 no predecessor (its code is taken)."""
    path = write(tmp_path, "mã cũ,mã mới\nC.1.2,C.1.3\n")
    with pytest.raises(InputError) as err:
        read_crosswalk(path, old, new)
    assert [p.message("en") for p in err.value.problems] == [
        f'file {path}: old criterion C.2.2 (Paperless meetings) is not in the new framework: write its new code, or "dropped"',
        f"file {path}: new criterion C.1.2 (Community digital platform) is not listed, and the old framework's code "
        'C.1.2 is listed for another criterion: write the old code it follows, or "new"',
    ]


def test_missing_columns_name_the_headers_accepted(tmp_path, old, new):
    path = write(tmp_path, "code,successor\nC.1.2,C.1.3\n")
    with pytest.raises(InputError) as err:
        read_crosswalk(path, old, new)
    assert [(p.row, p.rule.text("en")) for p in err.value.problems] == [
        (1, "missing the column of the old code (headers accepted: mã cũ, mã tiêu chí cũ, cũ, old, old code)"),
        (1, "missing the column of the new code (headers accepted: mã mới, mã tiêu chí mới, mới, new, new code)"),
    ]
    assert err.value.problems[0].rule.text("vi").startswith("thiếu cột mã cũ (tiêu đề được nhận: mã cũ,")
    path = write(tmp_path, "old,mã cũ,new\nC.1.2,C.1.2,C.1.3\n")
    assert problems(path, old, new) == [(1, "", "intake.csv.same_meaning")]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "intake.csv.empty"),
        ("mã cũ;mã mới\n", "crosswalk.nothing"),
        ("old,new,note\n,,title\n", "crosswalk.nothing"),
    ],
)
def test_an_empty_crosswalk_is_refused(tmp_path, old, new, text, key):
    path = write(tmp_path, text)
    assert problems(path, old, new) == [(None, "", key)]


def test_a_row_with_both_markers_lists_nothing(tmp_path, old, new):
    path = write(tmp_path, "old,new\nC.1.2,C.1.3\nC.2.2,dropped\nnew,C.1.2\nnew,dropped\n")
    assert problems(path, old, new) == [(5, "", "crosswalk.blank")]
