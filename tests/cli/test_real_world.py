"""Issue 9, the command-line side: outputs never overwrite inputs, one unit however it is written,
numbers beyond any real unit, grouped errors, and nothing a spreadsheet would run as a formula."""

from pathlib import Path

import pandas as pd
import pytest

from dxkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "gia_lai_2023_2024.csv"


@pytest.fixture()
def sample_copy(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder / SAMPLE.name
    target.write_bytes(SAMPLE.read_bytes())
    return folder, target


# ---------------------------------------------------------------- §1 outputs never onto inputs


@pytest.mark.parametrize(
    "command",
    [
        ["score", "{folder}", "--out", "{target}"],
        ["score", "{target}", "--out", "{target}"],
        ["score", "{folder}", "--out", "{folder}/scores.csv"],
        ["validate", "{folder}", "--csv", "{target}"],
        ["evidence", "{folder}", "--csv", "{folder}/evidence.csv"],
        ["bounds", "{folder}", "--year", "2024", "--out", "{target}"],
    ],
)
def test_an_output_never_lands_on_or_inside_an_input(sample_copy, command, capsys):
    folder, target = sample_copy
    before = target.read_bytes()
    argv = [a.format(folder=folder, target=target) for a in command]
    assert main(argv) == 2
    assert target.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [SAMPLE.name]
    assert "đầu vào" in capsys.readouterr().err


def test_the_outputs_folder_inside_an_input_folder_is_allowed_and_not_read_back(sample_copy):
    folder, _ = sample_copy
    out = folder / "outputs" / "scores.csv"
    assert main(["score", str(folder), "--out", str(out)]) == 0
    first = pd.read_csv(out)
    assert main(["score", str(folder), "--out", str(out)]) == 0  # the previous scores are not inputs
    assert pd.read_csv(out)["points"].sum() == pytest.approx(first["points"].sum())


# ---------------------------------------------------------------- §8 one unit however it is written


def _totals(path: Path) -> dict:
    s = pd.read_csv(path)
    t = s[s.code == "TOTAL"]
    return {(d, y): p for d, y, p in zip(t.district, t.year, t.points)}


@pytest.mark.parametrize("spelling", ["PLEIKU", "Thành phố Pleiku", "Plei\u200bku", " pleiku "])
def test_another_spelling_does_not_split_a_unit(tmp_path, spelling):
    df = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    clean = tmp_path / "clean.csv"
    df.to_csv(clean, index=False)
    pleiku = df.index[(df.district == "Pleiku") & (df.year == "2024")]
    df.loc[pleiku[::3], "district"] = spelling  # a third of Pleiku's rows written another way
    mixed = tmp_path / "mixed.csv"
    df.to_csv(mixed, index=False)
    assert main(["score", str(clean), "--out", str(tmp_path / "a.csv")]) == 0
    assert main(["score", str(mixed), "--out", str(tmp_path / "b.csv")]) == 0
    assert _totals(tmp_path / "b.csv") == _totals(tmp_path / "a.csv")  # 17 units, Pleiku unchanged


def test_look_alike_d_is_the_same_unit(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text(
        "district,year,variable,value\n\u00d0ak \u00d0oa,2024,II.8.5,3\nĐak Đoa,2024,II.1.5,có\n", encoding="utf-8"
    )
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv")]) == 0
    s = pd.read_csv(tmp_path / "s.csv")
    assert set(s.district) == {"Đak Đoa"}
    assert s.loc[s.code == "TOTAL", "points"].iloc[0] == 13.0  # 3 × 1 + 10


def test_district_list_names_the_units_and_refuses_strangers(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nPLEIKU,2024,II.8.5,3\nChu Prong,2024,II.8.5,2\n", encoding="utf-8")
    listed = tmp_path / "districts.csv"
    listed.write_text("district\nThành phố Pleiku\nChư Prông\nKông Chro\n", encoding="utf-8")
    assert main(["score", str(src), "--districts", str(listed), "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "Chu Prong" in err and "có phải 'Chư Prông'?" in err
    src.write_text("district,year,variable,value\nPLEIKU,2024,II.8.5,3\n", encoding="utf-8")
    assert main(["score", str(src), "--districts", str(listed), "--out", str(tmp_path / "s.csv")]) == 0
    assert set(pd.read_csv(tmp_path / "s.csv").district) == {"Thành phố Pleiku"}
    assert main(["validate", str(src), "--districts", str(listed)]) == 0
    out = capsys.readouterr().out
    assert "Kông Chro" in out and "không có dữ liệu nào" in out and "Chư Prông" in out


# ---------------------------------------------------------------- §10, §11 ranges and grouped messages


def test_a_number_beyond_any_unit_is_a_range_error_not_a_crash(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text(
        "district,year,variable,value\nA,2024,II.8.5,1e26\nA,2024,II.3.1.a,100000000000000000000000000\n"
        "A,2024,II.3.1.b,1000\nA,2024,II.1.5,có\n",
        encoding="utf-8",
    )
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv")]) == 3
    s = pd.read_csv(tmp_path / "s.csv").set_index("code")
    assert s.loc["II.3.1", "status"] == "invalid" and "giới hạn hợp lý" in s.loc["II.3.1", "explanation_vi"]
    assert s.loc["II.1.5", "points"] == 10.0
    assert "Traceback" not in capsys.readouterr().err


def test_one_wrong_year_on_many_rows_is_one_error(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text(
        "district,year,variable,value\n" + "".join(f"A,năm 2024,II.8.5,{i}\n" for i in range(129)), encoding="utf-8"
    )
    assert main(["validate", str(src)]) == 1
    out = capsys.readouterr().out
    assert out.count("năm 2024") == 1 and "129 dòng như vậy" in out


def test_a_date_in_a_number_cell_says_so(dti):
    import datetime

    from dxkit.core.values import ValueProblem, parse_number

    with pytest.raises(ValueProblem) as exc:
        parse_number(datetime.datetime(2024, 1, 8))
    assert exc.value.text("vi").startswith("ô chứa ngày/giờ (2024-01-08), không phải số")


# ---------------------------------------------------------------- §14 inert in a spreadsheet


def test_formula_text_is_neutralised_in_every_csv(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text(
        'district,year,variable,value,evidence\n"=HYPERLINK(""http://x"",""y"")",2024,II.1.5,có,'
        '\n"=HYPERLINK(""http://x"",""y"")",2024,II.8.5,@abc,+cmd\n',
        encoding="utf-8",
    )
    for argv in (
        ["score", str(src), "--out", str(tmp_path / "s.csv")],
        ["validate", str(src), "--csv", str(tmp_path / "v.csv")],
        ["evidence", str(src), "--csv", str(tmp_path / "e.csv")],
    ):
        main(argv)
    for name in ("s.csv", "v.csv", "e.csv"):
        table = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False)
        cells = [c for col in table.columns for c in table[col]]
        assert cells, name
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], name
        assert any(c.startswith("'=HYPERLINK") for c in cells), name


# ---------------------------------------------------------------- found by a hostile test


def test_an_output_is_never_a_device_a_pipe_or_a_folder(tmp_path, capsys):
    import os

    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nA,2024,II.8.5,3\n", encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for out in (fifo, tmp_path):
        assert main(["score", str(src), "--out", str(out)]) == 4
        assert "không phải một tệp thông thường" in capsys.readouterr().err
    assert fifo.exists() and not fifo.is_file()


def test_an_unwritable_output_names_the_file_not_a_temporary_one(tmp_path, capsys):
    import os

    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nA,2024,II.8.5,3\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions: use a path under a file instead
        target = src / "scores.csv"
    else:
        target = locked / "scores.csv"
    assert main(["score", str(src), "--out", str(target)]) == 4
    err = capsys.readouterr().err
    assert f"Không ghi được {target}" in err and ".tmp" not in err


def test_numbers_in_scientific_notation_are_numbers(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text(
        "district,year,variable,value\nA,2024,II.7.7.a,5e-05\nA,2024,II.7.7.b,1\n"
        "A,2024,II.6.8.a,1.5E+3\nA,2024,II.6.8.b,3000\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.csv"
    assert main(["score", str(src), "--out", str(out)]) == 0
    s = pd.read_csv(out).set_index("code")
    assert s.loc["II.6.8", "points"] == 10.0  # 1500/3000 × 20
    assert s.loc["II.7.7", "measure"] == pytest.approx(5e-05)


def test_a_carriage_return_cannot_smuggle_a_formula_into_a_csv(tmp_path):
    src = tmp_path / "x.csv"
    src.write_bytes(b'district,year,variable,value\n"\r@SUM(1+1)",2024,II.8.5,3\n')
    assert main(["validate", str(src), "--csv", str(tmp_path / "v.csv")]) == 0
    table = pd.read_csv(tmp_path / "v.csv", dtype=str, keep_default_na=False)
    cells = [c for col in table.columns for c in table[col]]
    assert not [c for c in cells if c.lstrip()[:1] in ("=", "+", "@")]


def test_names_differing_only_in_diacritics_are_flagged(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nĐăk Đoa,2024,II.8.5,3\nĐak Đoa,2024,II.1.5,có\n", encoding="utf-8")
    assert main(["validate", str(src)]) == 0
    assert "'Đak Đoa', 'Đăk Đoa' chỉ khác dấu" in capsys.readouterr().out


def test_bounds_that_leave_a_year_open_or_a_value_outside_are_said(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nA,2024,II.8.4,3\n", encoding="utf-8")
    bounds = tmp_path / "b.csv"
    bounds.write_text("code;year;min;max\nII.8.4;2024;0,61;2,78\n", encoding="utf-8")  # Vietnamese settings
    assert main(["score", str(src), "--bounds", str(bounds), "--out", str(tmp_path / "s.csv")]) == 0
    err = capsys.readouterr().err
    assert "II.8.4 = 3 nằm ngoài ngưỡng tham chiếu 0,61–2,78" in err
    assert "--bounds không có ngưỡng cho II.5.9 năm 2024" in err


def test_a_semicolon_csv_reads_like_a_comma_one(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("huyện;năm;biến;giá trị\nA;2024;II.8.5;3\nA;2024;II.1.5;có\n", encoding="utf-8")
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv")]) == 0
    s = pd.read_csv(tmp_path / "s.csv").set_index("code")
    assert s.loc["TOTAL", "points"] == 13.0


def test_data_in_a_txt_file_of_a_folder_is_refused_not_skipped(tmp_path, capsys):
    (tmp_path / "a.csv").write_text("district,year,variable,value\nA,2024,II.8.5,3\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("district,year,variable,value\nB,2024,II.8.5,3\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
    assert main(["score", str(tmp_path), "--out", str(tmp_path / "outputs" / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "b.txt" in err and "đổi đuôi thành .csv" in err and "notes.txt" not in err


def test_option_errors_speak_the_readers_language(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text("district,year,variable,value\nA,2024,II.8.5,3\n", encoding="utf-8")
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv"), "--option", "threshold_reading=bogus"]) == 2
    assert "threshold_reading='bogus': giá trị không dùng được" in capsys.readouterr().err
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv"), "--option", "foo=1", "--lang", "en"]) == 2
    assert "unknown option 'foo'" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_traceback():
    import subprocess
    import sys

    proc = subprocess.run(
        f"'{sys.executable}' -m dxkit evidence '{ROOT / 'inputs'}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
