"""The vocabulary: every language has every message, with the same placeholders; numbers by Babel."""

import pytest

from dxkit.core import vocab
from dxkit.core.vocab import Joined, Message, Num, Status


def test_vietnamese_is_the_default_and_first_language():
    assert vocab.DEFAULT == "vi"
    assert vocab.languages()[0] == "vi"
    assert "en" in vocab.languages()


@pytest.mark.parametrize("lang", [lang for lang in vocab.languages() if lang != vocab.DEFAULT])
def test_every_language_has_every_message_with_the_same_placeholders(lang):
    default, other = vocab.message_ids(vocab.DEFAULT), vocab.message_ids(lang)
    assert sorted(default - other) == [], f"{lang} lacks these messages"
    assert sorted(other - default) == [], f"{lang} has messages the default language lacks"
    differ = [
        key
        for key in default
        if vocab.placeholders(vocab.template(key, lang)) != vocab.placeholders(vocab.template(key, vocab.DEFAULT))
    ]
    assert differ == []


def test_a_message_is_written_late_in_any_language():
    m = Message("core.points", got=Num(7.5), max=Num(10))
    assert m.text("vi") == "7,5/10 điểm"
    assert m.text("en") == "7.5/10 points"
    assert Joined([m, "x"], " | ").text("en") == "7.5/10 points | x"
    assert vocab.texts("core.status.missing") == {"vi": "thiếu dữ liệu", "en": "missing data"}


def test_unknown_language_and_message_are_refused_by_name():
    with pytest.raises(vocab.VocabularyError, match="unknown language 'fr'; known: vi, en"):
        vocab.t("core.points", "fr", got=1, max=2)
    with pytest.raises(vocab.VocabularyError, match="no message 'core.nope'"):
        vocab.t("core.nope", "vi")


def test_status_codes_follow_the_engine_and_severity_puts_invalid_first():
    assert [s.code for s in Status] == [0, 1, 2, 3, 4]
    assert min(Status, key=lambda s: s.severity) is Status.INVALID
    assert Status("needs_peers").label("vi") == "chờ ngưỡng tham chiếu"
    assert Status.OK.label("en") == ""


def test_a_third_language_needs_no_code_change(tmp_path, monkeypatch):
    """A copy of the English folder under another code is a language dxkit speaks at once."""
    import shutil
    from importlib import resources

    root = tmp_path / "locales"
    shutil.copytree(resources.files("dxkit") / "locales", root)
    shutil.copytree(root / "en", root / "fr")
    (root / "fr" / "language.yaml").write_text("name: Français\nlocale: fr\n", encoding="utf-8")
    (root / "fr" / "core.yaml").write_text(
        (root / "en" / "core.yaml").read_text(encoding="utf-8").replace('points"', 'points (fr)"'), encoding="utf-8"
    )
    monkeypatch.setattr(vocab, "LOCALES", root)
    vocab.languages.cache_clear()
    vocab._catalogue.cache_clear()
    try:
        assert vocab.languages()[0] == "vi" and set(vocab.languages()) == {"vi", "en", "fr"}
        assert (
            Message("core.points", got=Num(1234.5), max=Num(2000)).text("fr") == "1\u202f234,5/2\u202f000 points (fr)"
        )
    finally:
        vocab.languages.cache_clear()
        vocab._catalogue.cache_clear()
