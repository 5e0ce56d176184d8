"""The language of the command line: --lang, else DXKIT_LANG, else Vietnamese; words, never internal codes."""

from pathlib import Path

import pytest

from dxkit.cli import main
from dxkit.core import vocab

DIR = Path(__file__).resolve().parents[1] / "data" / "score"
LONG = DIR / "districts_long.csv"
BAD = DIR / "bad_input.csv"


def test_dxkit_lang_is_the_default_of_lang(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DXKIT_LANG", "en")
    assert main(["score", str(LONG), "--out", str(tmp_path / "s.csv")]) == 0
    assert "6 unit-years scored" in capsys.readouterr().out
    assert main(["score", str(LONG), "--out", str(tmp_path / "s.csv"), "--lang", "vi"]) == 0  # --lang wins
    assert "Đã chấm 6 đơn vị-năm" in capsys.readouterr().out


def test_without_either_the_language_is_vietnamese(tmp_path, capsys):
    assert main(["score", str(LONG), "--out", str(tmp_path / "s.csv")]) == 0
    assert "Đã chấm 6 đơn vị-năm" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["fr", "EN", "english"])
def test_an_unknown_dxkit_lang_is_refused_naming_the_known_languages(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("DXKIT_LANG", value)
    out = tmp_path / "s.csv"
    assert main(["score", str(LONG), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"DXKIT_LANG={value!r}" in err and ", ".join(vocab.languages()) in err
    assert not out.exists()


def test_lang_offers_every_language_with_a_vocabulary(capsys):
    with pytest.raises(SystemExit):
        main(["score", "x", "--out", "y", "--lang", "xx"])
    err = capsys.readouterr().err
    assert all(repr(lang) in err for lang in vocab.languages())


@pytest.mark.parametrize("lang", vocab.languages())
def test_the_problems_table_is_in_words(capsys, lang):
    assert main(["validate", str(BAD), "--lang", lang]) == 1
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert header.startswith(vocab.t("cli.header.severity", lang)) and header.endswith(vocab.t("cli.header.rule", lang))
    assert "reason" not in header and "unknown_variable" not in out  # no internal codes
    assert vocab.t("cli.severity.error", lang) in out
    place = vocab.t("cli.header.place", lang)
    assert place in header and vocab.t("core.where.row", lang, value=4) in out  # 'dòng 4' / 'row 4', never 'ô/dòng'
