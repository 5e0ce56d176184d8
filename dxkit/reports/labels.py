"""Words of the reports' frame (titles, headings, column names): `reports.<key>` in the vocabulary
(dxkit/locales/<lang>/reports.yaml). A criterion's status in words is `vocab.Status(s).label(lang)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dxkit.core import vocab

if TYPE_CHECKING:
    from dxkit.core.catalogue import Catalogue

LANGS = vocab.languages()  # every language a report can be written in, the default first


def nouns(catalogue: Catalogue | None, lang: str = vocab.DEFAULT) -> dict[str, str]:
    """`{unit}` and `{units}` in `lang`: what the framework calls one assessed unit and several ("xã",
    "communes"); the neutral "đơn vị" / "unit(s)" without a framework."""
    if catalogue is None:
        return {"unit": vocab.t("core.unit.one", lang), "units": vocab.t("core.unit.many", lang)}
    return {"unit": catalogue.unit_noun(lang), "units": catalogue.unit_noun(lang, many=True)}


def label(key: str, lang: str = vocab.DEFAULT, catalogue: Catalogue | None = None, **fields: object) -> str:
    """The frame's word `key` (message `reports.<key>`) in `lang`, with `{fields}` filled in; `{unit}` and
    `{units}` are the framework's noun for the assessed unit (`nouns`)."""
    return vocab.t(f"reports.{key}", lang, **{**nouns(catalogue, lang), **fields})


def reading(catalogue: Catalogue, changed: str, lang: str = vocab.DEFAULT) -> str:
    """A sensitivity scenario in words: '' → as written; 'option=value; …' → each value's meaning."""
    if not changed:
        return label("as_written", lang)
    parts = (pair.split("=", 1) for pair in changed.split("; "))
    return "; ".join(vocab.render(catalogue.options[name].values[value], lang) for name, value in parts)
