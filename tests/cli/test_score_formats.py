"""`dxkit score --out` writes the format its extension names and refuses any other, before scoring."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dxkit.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "gia_lai_2023_2024.csv"


def test_csv_starts_with_a_bom_and_keeps_the_scripts_columns(tmp_path):
    out = tmp_path / "s.csv"
    assert main(["score", str(SAMPLE), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out)
    assert {"district", "year", "code", "points", "explanation_vi"} <= set(table.columns)
    assert "Chư Prông" in set(table["district"])  # diacritics survive (33 unit-years: Chư Prông 2024 is a workbook)


def test_xlsx_is_a_workbook_in_the_chosen_language(tmp_path):
    out = tmp_path / "s.xlsx"
    assert main(["score", str(SAMPLE), "--out", str(out), "--lang", "en"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ranking", "Criterion points", "Explanations", "How this was built"]
    first = [c.value for c in wb["Ranking"][2]]
    assert first[0] == 2024 and first[1] == 1


def test_parquet_reads_back(tmp_path):
    out = tmp_path / "s.parquet"
    assert main(["score", str(SAMPLE), "--out", str(out), "--no-explain"]) == 0
    assert len(pd.read_parquet(out)) > 0


@pytest.mark.parametrize("name", ["s.txt", "s.xls", "scores"])
def test_an_unknown_format_is_refused_naming_the_choices(tmp_path, capsys, name):
    assert main(["score", str(SAMPLE), "--out", str(tmp_path / name)]) == 4
    err = capsys.readouterr().err
    assert ".xlsx, .csv, .parquet" in err and "Traceback" not in err
    assert ("không có đuôi" in err) == (name == "scores") and "—" not in err
    assert list(tmp_path.iterdir()) == []
