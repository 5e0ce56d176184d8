"""Words of the reports' frame (titles, headings, column names): `reports.<key>` in the vocabulary
(dxkit/locales/<lang>/reports.yaml). A criterion's status in words is `vocab.Status(s).label(lang)`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dxkit.core import vocab

if TYPE_CHECKING:
    from dxkit.core.catalogue import Catalogue

LANGS = vocab.languages()  # every language a report can be written in, the default first


NEUTRAL_NOUNS = {"unit": vocab.Message("core.unit.one"), "units": vocab.Message("core.unit.many")}


def nouns(catalogue: Catalogue | None) -> Mapping[str, vocab.Localised]:
    """`{unit}` and `{units}` for a message in any language: the framework's noun for the assessed unit
    (`Catalogue.nouns`), the neutral "đơn vị" / "unit(s)" without a framework."""
    return catalogue.nouns() if catalogue is not None else NEUTRAL_NOUNS


def label(key: str, lang: str = vocab.DEFAULT, catalogue: Catalogue | None = None, **fields: object) -> str:
    """The frame's word `key` (message `reports.<key>`) in `lang`, with `{fields}` filled in; `{unit}` and
    `{units}` are the framework's noun for the assessed unit (`nouns`)."""
    return vocab.t(f"reports.{key}", lang, **{**nouns(catalogue), **fields})


def reading(catalogue: Catalogue, changed: str, lang: str = vocab.DEFAULT) -> str:
    """A sensitivity scenario in words: '' → as written; 'option=value; …' → each value's meaning."""
    if not changed:
        return label("as_written", lang)
    parts = (pair.split("=", 1) for pair in changed.split("; "))
    return "; ".join(vocab.render(catalogue.options[name].values[value], lang) for name, value in parts)
