"""The command line speaks one language: --help, argparse's own words and every message (issue 11 §3)."""

import argparse
import ast
import gettext
import inspect
import re
from pathlib import Path

import pytest

from dxkit.cli import main
from dxkit.cli.common import COMMANDS
from dxkit.cli.words import MESSAGES, PLURALS
from dxkit.core import vocab

DIR = Path(__file__).resolve().parents[1] / "data" / "score"
LONG = DIR / "districts_long.csv"
# English words no Vietnamese help may hold (whole words, flags and {choices} left out)
ENGLISH = {"the", "of", "and", "or", "to", "show", "this", "help", "message", "usage", "options", "arguments"}
ENGLISH |= {"positional", "required", "default", "files", "folder", "folders", "write", "language", "input"}
# messages of argparse no user of dxkit meets: mistakes in building a parser, not in using it
DEVELOPER_ERRORS = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    'argument "-" with mode %r',
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
    "subcommands",  # a default title; dxkit gives its own
}
DEVELOPER_PLURALS = {("conflicting option string: %s", "conflicting option strings: %s")}


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    return capsys.readouterr().err


def _words(text: str) -> set[str]:
    """The words of a help text, without --flags, {choices}, <placeholders> and ids_with_underscores."""
    text = re.sub(r"--?[\w-]+|\{[^}]*\}|<[^>]*>|\S*[_=/]\S*", " ", text)
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize("command", [(), *((name,) for name in COMMANDS)], ids=["dxkit", *COMMANDS])
def test_help_is_vietnamese_by_default(capsys, monkeypatch, command):
    monkeypatch.delenv("DXKIT_LANG", raising=False)
    out = _help(capsys, *command)
    for english in ("show this help", "usage:", "options:", "positional arguments", "input files", "default:"):
        assert english not in out
    assert out.startswith("cách dùng: dxkit") and "\ntùy chọn:\n" in out and "hiện trợ giúp này rồi thoát" in out
    assert _words(out) & ENGLISH == set()


@pytest.mark.parametrize("command", [(), *((name,) for name in COMMANDS)], ids=["dxkit", *COMMANDS])
def test_help_is_english_with_dxkit_lang_en(capsys, monkeypatch, command):
    monkeypatch.setenv("DXKIT_LANG", "en")
    out = _help(capsys, *command)
    assert out.startswith("usage: dxkit") and "\noptions:\n" in out and "show this help message and exit" in out
    assert "cách dùng" not in out and "tùy chọn" not in out


def test_score_help_says_what_each_argument_is(capsys, monkeypatch):
    monkeypatch.delenv("DXKIT_LANG", raising=False)
    vi = _help(capsys, "score")
    assert "DỮ_LIỆU" in vi and "--out TỆP" in vi and "tệp hoặc thư mục dữ liệu" in vi and "\ntham số:\n" in vi
    en = _help(capsys, "score", "--lang", "en")  # --lang is read before parsing: help in it
    assert "INPUT" in en and "--out FILE" in en and "input files or folders" in en and "\npositional arguments:\n" in en


def test_lang_before_the_command_or_with_equals_sets_the_help_language(capsys, monkeypatch):
    monkeypatch.setenv("DXKIT_LANG", "vi")
    assert _help(capsys, "--lang", "en").startswith("usage: dxkit [-h] [--lang {vi,en}] COMMAND")
    assert _help(capsys, "--lang=en", "validate").startswith("usage: dxkit validate")
    monkeypatch.setenv("DXKIT_LANG", "en")
    assert _help(capsys, "score", "--lang", "vi").startswith("cách dùng: dxkit score")


def test_argparse_errors_are_in_the_command_lines_language(capsys, monkeypatch):
    monkeypatch.delenv("DXKIT_LANG", raising=False)
    err = _error(capsys, "score")
    assert (
        err.startswith("cách dùng: dxkit score")
        and "dxkit score: lỗi: thiếu tham số bắt buộc: DỮ_LIỆU, --out/-o" in err
    )
    assert "lựa chọn không hợp lệ: 'scor' (chọn một trong: 'dashboard', 'framework', 'template'" in _error(
        capsys, "scor"
    )
    assert "tham số --year: '20x4' không phải số nguyên" in _error(
        capsys, "bounds", "a.csv", "-o", "b", "--year", "20x4"
    )
    assert "không nhận ra tham số: --nope" in _error(capsys, "score", "a.csv", "-o", "b.csv", "--nope")
    assert "tham số --out/-o: cần một giá trị" in _error(capsys, "score", "a.csv", "--out")
    assert "tham số --format: html, pdf hoặc html,pdf: 'doc'" in _error(capsys, "report", "--format", "doc")
    monkeypatch.setenv("DXKIT_LANG", "en")
    err = _error(capsys, "score")
    assert "dxkit score: error: the following arguments are required: INPUT, --out/-o" in err
    assert "argument --year: '20x4' is not a whole number" in _error(capsys, "bounds", "a", "-o", "b", "--year", "20x4")


def test_argparse_is_given_back_its_own_words(capsys):
    """dxkit's words are argparse's only while dxkit parses: a test runner or a notebook keeps English."""
    _help(capsys)
    _error(capsys, "score")
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert argparse.ArgumentParser(prog="x").format_help().startswith("usage: x")


def test_every_message_of_the_installed_argparse_is_translated_or_never_seen():
    """Measured on the running Python: every gettext message in argparse's source is in `MESSAGES`
    (or `PLURALS`), or is a mistake in building a parser that no user of dxkit can meet."""
    tree = ast.parse(inspect.getsource(argparse))
    singles, plurals = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and literal:
                singles.add(literal[0])
            elif node.func.id == "ngettext" and len(literal) == 2:
                plurals.add(tuple(literal))
    assert singles - set(MESSAGES.values()) - DEVELOPER_ERRORS == set()
    assert plurals - set(PLURALS.values()) - DEVELOPER_PLURALS == set()
    assert set(MESSAGES.values()) - singles == set(), "messages argparse no longer has"


@pytest.mark.parametrize("lang", vocab.languages())
def test_argparse_words_keep_argparse_placeholders(lang):
    """English is argparse's own message; every language keeps its %-placeholders."""
    keys = {k: v for k, v in MESSAGES.items()} | {
        f"{k}.{form}": pair[i] for k, pair in PLURALS.items() for i, form in enumerate(("one", "other"))
    }
    found = re.compile(r"%(?:\(\w+\))?[sr]")
    for key, english in keys.items():
        said = vocab.template(f"cli.argparse.{key}", lang)
        assert sorted(found.findall(said)) == sorted(found.findall(english)), key
        if lang == "en":
            assert said == english


def test_every_command_says_what_it_does_in_every_language():
    for lang in vocab.languages():
        for name in COMMANDS:
            assert vocab.t(f"cli.help.{name}.about", lang)


def test_template_messages_are_in_one_language(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DXKIT_LANG", raising=False)
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"filled")
    assert main(["template", "--year", "2024", "--district", "Ia Pa", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out} đã tồn tại" in err and "already exists" not in err and " / " not in err
    assert main(["template", "--year", "2024", "--district", "Ia Pa", "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{out} already exists" in err and "đã tồn tại" not in err
    argv = ["template", "--year", "2024", "--district", "Ia Pa", "--out", str(tmp_path / "n.xlsx")]
    assert main([*argv, "--department", "nope"]) == 2
    err = capsys.readouterr().err
    assert "không có phòng, ban 'nope' trong bộ chỉ số (có: vhtt," in err and "unknown department" not in err
    assert not (tmp_path / "n.xlsx").exists()


def test_score_states_its_assumptions_in_words_with_the_ids_a_user_types(tmp_path, capsys, monkeypatch):
    """Issue 11 §3: 'Giả định: threshold_reading=as_written; …' becomes what each option means; the
    option's id stays in parentheses only as the `--option NAME=VALUE` a user types to change it."""
    monkeypatch.delenv("DXKIT_LANG", raising=False)
    assert main(["score", str(LONG), "--out", str(tmp_path / "s.csv")]) == 0
    out = capsys.readouterr().out
    said = out[out.index("Giả định:") :]
    assert "  - Cách tính điểm khi tỷ lệ dưới ngưỡng: Theo văn bản: dưới ngưỡng" in said
    assert "(--option threshold_reading=as_written)" in said and "(--option zero_denominator=zero)" in said
    assert "  - Ngưỡng Min-Max: các đơn vị cùng năm trong dữ liệu" in said
    assert "minmax_bounds" not in said and "peers" not in said and "Giả định: threshold_reading" not in out
    assert (
        main(
            ["score", str(LONG), "--out", str(tmp_path / "s.csv"), "--option", "zero_denominator=full", "--lang", "en"]
        )
        == 0
    )
    out = capsys.readouterr().out
    said = out[out.index("Assumptions:") :]
    assert "  - Zero denominator where the source says nothing about that case: Full points" in said
    assert "(--option zero_denominator=full)" in said and "  - Min-Max bounds: units of the same year" in said
