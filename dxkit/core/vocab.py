"""One vocabulary: every word dxkit shows a reader, in every language it speaks.

Texts live as data in `dxkit/locales/<lang>/<area>.yaml` (area: core, intake, analysis, reports,
cli); a message id is "<area>.<key>" with nested keys joined by dots ("reports.title.report").
`dxkit/locales/<lang>/language.yaml` names the language and its Babel locale (numbers). Adding a
language is adding a folder: no code changes; `tests/core/test_vocab.py` checks that every language
has every message with the same placeholders.

Why keyed YAML catalogues rather than gettext: a message is keyed by its meaning (a reason code, a
column, a section), not by its Vietnamese wording, so rewording Vietnamese does not orphan every
translation; the files have the shape of the framework files officials already edit; there is no
compile step to forget. Numbers are written by Babel from each language's locale (`fmt`).

Messages are built once and rendered late: `Message("core.ratio.capped", a=Num(12))` is text in no
language until `.text(lang)`, so a problem or an explanation can be shown in any language.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml

DEFAULT = "vi"  # the language of every report and message unless asked otherwise
LOCALES = resources.files("dxkit") / "locales"


class VocabularyError(LookupError):
    """An unknown language or message id."""


class Localised(Protocol):
    """Anything that can be written in a given language."""

    def text(self, lang: str = DEFAULT) -> str: ...


@cache
def languages() -> tuple[str, ...]:
    """Language codes with a catalogue, the default first: ('vi', 'en', …)."""
    found = sorted(p.name for p in LOCALES.iterdir() if p.is_dir() and (p / "language.yaml").is_file())
    return tuple(sorted(found, key=lambda code: code != DEFAULT))


def read_yaml(text: str) -> Any:
    """A YAML document read safely, with libyaml's C reader where PyYAML has it (ten times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def _catalogue(lang: str) -> dict[str, Any]:
    """Every message of `lang` by id, and its `language.yaml` under '_language'."""
    if lang not in languages():
        raise VocabularyError(f"unknown language {lang!r}; known: {', '.join(languages())}")
    folder = LOCALES / lang
    out: dict[str, Any] = {"_language": read_yaml((folder / "language.yaml").read_text(encoding="utf-8"))}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml") and path.name != "language.yaml":
            tree = read_yaml(path.read_text(encoding="utf-8")) or {}
            out.update(_flatten(tree, path.name.removesuffix(".yaml")))
    return out


def read_all() -> None:
    """Read every language's messages now (a process that then forks, a batch's workers' fork server,
    reads them once for all its children)."""
    for lang in languages():
        _catalogue(lang)


def _flatten(tree: Mapping[str, Any], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, name))
        else:
            out[name] = "" if value is None else str(value)
    return out


def message_ids(lang: str = DEFAULT) -> set[str]:
    """Every message id of `lang`."""
    return {k for k in _catalogue(lang) if not k.startswith("_")}


def placeholders(template: str) -> set[str]:
    """The `{field}` names a template uses."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def locale(lang: str) -> str:
    """The Babel locale of `lang` ('vi', 'en_US', …)."""
    return str(_catalogue(lang)["_language"]["locale"])


def language_name(lang: str) -> str:
    """The name of `lang` in itself: 'Tiếng Việt', 'English'."""
    return str(_catalogue(lang)["_language"]["name"])


def check_language(lang: str) -> str:
    """`lang` if a catalogue exists for it, else `VocabularyError` naming the known ones."""
    _catalogue(lang)
    return lang


def template(key: str, lang: str = DEFAULT) -> str:
    """The raw template of `key` in `lang`, falling back to the default language."""
    found = _catalogue(lang).get(key)
    if found is None:
        found = _catalogue(DEFAULT).get(key)
    if found is None:
        raise VocabularyError(f"no message {key!r}")
    return str(found)


def render(value: object, lang: str) -> str:
    """A field value in `lang`: Localised values are written in it, others with `str`."""
    text = getattr(value, "text", None)
    return text(lang) if callable(text) else str(value)


def t(key: str, lang: str = DEFAULT, /, **fields: object) -> str:
    """The message `key` in `lang` with its `{fields}` filled in (Localised fields written in `lang`)."""
    return template(key, lang).format(**{k: v if type(v) is str else render(v, lang) for k, v in fields.items()})


def texts(key: str, /, **fields: object) -> dict[str, str]:
    """The message `key` in every language: {'vi': …, 'en': …}."""
    return {lang: t(key, lang, **fields) for lang in languages()}


@dataclass(frozen=True)
class Message:
    """A message id and its fields, written in a language only when asked (`text`)."""

    key: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, key: str, /, **fields: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", fields)

    def text(self, lang: str = DEFAULT) -> str:
        return t(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return self.text(DEFAULT)


@dataclass(frozen=True)
class Joined:
    """Several parts written in one language and joined: `Joined([m1, m2], "; ")`."""

    parts: tuple[object, ...]
    sep: str = "; "

    def __init__(self, parts: Iterable[object], sep: str = "; ") -> None:
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "sep", sep)

    def text(self, lang: str = DEFAULT) -> str:
        return self.sep.join(render(p, lang) for p in self.parts)


@dataclass(frozen=True)
class Num:
    """A number written the way readers of a language expect it: Num(1234.5) → '1.234,5' / '1,234.5'."""

    value: float
    decimals: int = 2

    def text(self, lang: str = DEFAULT) -> str:
        from dxkit.core import fmt

        return fmt.number(self.value, lang, self.decimals)


@dataclass(frozen=True)
class Pct:
    """A ratio as a percentage in a language: Pct(0.725) → '72,5%' / '72.5%'."""

    value: float
    decimals: int = 2

    def text(self, lang: str = DEFAULT) -> str:
        from dxkit.core import fmt

        return fmt.percent(self.value, lang, self.decimals)


@dataclass(frozen=True)
class Text:
    """Text given in every language by its source (a framework file): {'vi': …, 'en': …}.

    A language the source does not give falls back to the default language's text.
    """

    by_lang: Mapping[str, str]

    def text(self, lang: str = DEFAULT) -> str:
        return self.by_lang.get(lang) or self.by_lang.get(DEFAULT, "")


class Status(StrEnum):
    """How a criterion was scored. `code` is its position (the engine's small integer)."""

    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"
    NO_DENOMINATOR = "no_denominator"
    NEEDS_PEERS = "needs_peers"

    @property
    def code(self) -> int:
        return list(Status).index(self)

    @property
    def severity(self) -> int:
        """0 = worst: a pillar or total takes the worst status of its criteria."""
        return SEVERITY.index(self)

    def label(self, lang: str = DEFAULT) -> str:
        """'thiếu dữ liệu' / 'missing data' ('' for ok)."""
        return t(f"core.status.{self.value}", lang)


SEVERITY = (Status.INVALID, Status.MISSING, Status.NO_DENOMINATOR, Status.NEEDS_PEERS, Status.OK)
