"""Problems carry stable reason codes; the engine returns the rules' findings directly."""

import dataclasses

import pandas as pd
import pytest

from dxkit import InputError, score
from dxkit.core import values
from dxkit.core.engine import evaluate
from dxkit.core.problems import Place, Problem, Reason, csv_cell, problems_frame, read_csv_cell
from dxkit.core.vocab import Message, languages
from dxkit.intake.validate import validate
from tests.conftest import inputs, rows


def reasons(problems):
    return {(p.severity, p.reason) for p in problems}


def test_a_part_above_its_whole_is_an_error_with_its_code(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("C.1.1.b", "1000"))), toy)
    assert ("error", Reason.PART_LARGER_THAN_WHOLE) in reasons(a.problems)
    assert ("error", "part_larger_than_whole") in reasons(a.problems)  # a Reason is its plain string


def test_a_whole_from_part_i_below_its_part_is_capped_and_said_twice(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("I.1", "1000"))), toy)
    found = reasons(a.problems)
    assert ("warning", Reason.WHOLE_FROM_PART_I) in found  # preparation: enter the whole
    assert ("warning", Reason.RATIO_CAPPED) in found  # the rule: capped at 100%, to review
    assert [p.reason for p in a.findings] == [Reason.RATIO_CAPPED]
    assert a.findings[0].district == "A" and a.findings[0].year == 2024 and a.findings[0].variable == "C.1.1"


def test_the_engine_returns_findings_not_attrs(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("I.1", "1000"))), toy)
    p = a.prepared
    scored = evaluate(p.values, toy, a.options, None, p.invalid, from_general=p.from_general, explain=False)
    assert not scored.criteria.attrs
    assert [f.reason for f in scored.problems] == [Reason.RATIO_CAPPED]


def test_input_problems_have_codes(toy):
    with pytest.raises(InputError) as err:
        score(inputs([("A", "năm 2024", "C.1.2", 1), ("A", 2024, "C.1.9", 1)]), toy)
    assert reasons(err.value.problems) == {("error", Reason.BAD_YEAR), ("error", Reason.UNKNOWN_VARIABLE)}
    assert values.AMBIGUOUS_DECIMAL == Reason.AMBIGUOUS_DECIMAL


def test_validation_codes(toy):
    found = validate(
        inputs(rows(("C.1.1.a", "10"), ("C.1.1.b", "100"), ("I.1", "120"), ("C.1.2", "x"), ("C.1.3", 2))), toy
    )
    assert reasons(found) >= {
        ("warning", Reason.DIFFERS_FROM_PART_I),
        ("error", Reason.INVALID_VALUE),
        ("warning", Reason.PROVISIONAL),
    }
    assert all(p.reason for p in found)


# ---------------------------------------------------------------- where a problem is, in the reader's language


def test_a_place_is_data_written_in_the_readers_language():
    """Issue 11 §3: a CSV row, a CSV row and column, a spreadsheet cell; no English word in Vietnamese."""
    rule = Message("core.no_data")
    row = Problem("error", rule, file="a.csv", row=2)
    cell = Problem("error", rule, file="b.xlsx", sheet="VHTT", cell="F33", district="X", year=2024)
    both = Problem("warning", rule, file="w.csv", row=3, column="II.1.1", variable="II.1.1", value="x")
    assert [p.message("vi") for p in (row, cell, both)] == [
        "tệp a.csv, dòng 2: không có dòng dữ liệu nào",
        "tệp b.xlsx, sheet VHTT, ô F33, đơn vị X, năm 2024: không có dòng dữ liệu nào",
        "tệp w.csv, dòng 3, cột II.1.1, biến II.1.1, giá trị 'x': không có dòng dữ liệu nào",
    ]
    assert [p.message("en") for p in (row, cell, both)] == [
        "file a.csv, row 2: no data rows",
        "file b.xlsx, sheet VHTT, cell F33, unit X, year 2024: no data rows",
        "file w.csv, row 3, column II.1.1, variable II.1.1, value 'x': no data rows",
    ]


def test_a_tidy_tables_csv_cell_is_read_into_row_and_column():
    """The tidy inputs table keeps a CSV value's place as '#2' or '#2:II.1.1'; a Problem reads it."""
    assert (csv_cell(2), csv_cell(3, "II.1.1")) == ("#2", "#3:II.1.1")
    assert (read_csv_cell("#3:II.1.1"), read_csv_cell("#12"), read_csv_cell("F33"), read_csv_cell("")) == (
        (3, "II.1.1"),
        (12, ""),
        None,
        None,
    )
    p = Problem("error", Message("core.no_data"), file="w.csv", cell=csv_cell(3, "a:b"))
    assert (p.cell, p.row, p.column) == ("", 3, "a:b")
    assert Place("w.csv", cell="#3:II.1.1").text("vi") == "tệp w.csv, dòng 3, cột II.1.1"
    assert dataclasses.replace(p, cell="F2", row=None, column="").message("en") == "file w.csv, cell F2: no data rows"


def test_the_problems_table_keeps_its_columns_and_adds_row_and_column():
    rule = Message("core.no_data")
    df = problems_frame([Problem("warning", rule, file="b.xlsx", cell="F33"), Problem("error", rule, cell="#2:II.1.1")])
    assert list(df.columns) == [
        "severity",
        "file",
        "sheet",
        "cell",
        "row",
        "column",
        "district",
        "year",
        "variable",
        "value",
        *(f"rule_{lang}" for lang in languages()),
    ]
    assert df[["severity", "cell", "column"]].values.tolist() == [["error", "", "II.1.1"], ["warning", "F33", ""]]
    assert df["row"].tolist()[0] == 2 and pd.isna(df["row"].tolist()[1])
