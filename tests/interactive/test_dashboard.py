"""`dxkit dashboard` before any server starts: its help, and bad inputs refused with the usual error.
(The served page and Ctrl-C are in test_browser.py.)"""

from __future__ import annotations

from dxkit.cli import main


def test_bad_inputs_are_refused_before_a_server_starts(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("district,year,variable,value\nPleiku,2024,II.9.9,1\n", encoding="utf-8")
    assert main(["dashboard", "--inputs", str(bad), "--port", "1"]) == 2  # port 1 is never tried
    said = capsys.readouterr()
    assert "II.9.9" in said.err and "bad.csv" in said.err and "Traceback" not in said.err
    assert "http://" not in said.out


def test_help_in_both_languages(capsys):
    for lang, words in (("vi", "Bảng điều khiển trên trình duyệt"), ("en", "A dashboard in the browser")):
        try:
            main(["--lang", lang, "dashboard", "--help"])
        except SystemExit as stop:
            assert stop.code == 0
        out = capsys.readouterr().out
        assert words in out and "127.0.0.1" in out and "--port" in out
