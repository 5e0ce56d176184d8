"""What a framework file's check finds: each problem placed in the file (line, criterion, key), with a
suggestion where one helps, written in the reader's language (`framework.*` in the vocabulary)."""

from __future__ import annotations

import bisect
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from dxkit.core import vocab
from dxkit.core.vocab import Message

Where = tuple[str | int, ...]  # a place in the YAML document: keys and list indexes from the top


@dataclass(frozen=True)
class Finding:
    """One problem of a framework file: `error` makes the file unusable, `warning` is for review."""

    severity: str
    where: Where
    message: Message | str
    hint: Message | None = None
    line: int | None = None  # where the YAML reader stopped, for a file that is not YAML


def near(word: object, known: Iterable[str], listing: bool = True) -> Message | None:
    """A suggestion for a misspelt name: the closest known one, else (with `listing`) the known ones."""
    known = sorted(set(known))
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=0.6)
    if close:
        return Message("framework.suggest.did_you_mean", near=close[0])
    return Message("framework.suggest.known", known=", ".join(known)) if known and listing else None


def shown(value: object) -> str:
    """A value as the file writes it, short: 'abc' (quoted: a text), 80, null, true, [a, b]."""
    if isinstance(value, str):
        text = repr(value)
    else:
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
        text = text.strip().removesuffix("...").strip()
    return text if len(text) <= 60 else text[:57] + "…"


RANGES = {  # what a number must be, beyond finite: the `framework.range.*` message saying so
    "any": lambda x: True,
    "positive": lambda x: x > 0,
    "non_negative": lambda x: x >= 0,
    "share": lambda x: 0 <= x <= 1,
}


def number_problem(value: object, key: str, kind: str = "any", **place: object) -> Message | None:
    """What is wrong with a number of the file, if anything: not a number (a quoted "10", a `1e400`
    YAML reads as text), infinite, or out of its range (`RANGES`). `place` adds fields (`at`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Message("framework.not_number", key=key, value=shown(value), **place)
    if not math.isfinite(value):
        return Message("framework.range.finite", key=key, value=shown(value), **place)
    if not RANGES[kind](value):
        return Message(f"framework.range.{kind}", key=key, value=shown(value), **place)
    return None


class Lines:
    """Line numbers as editors count them: only '\n' breaks a line (YAML's marks also count
    U+2028, U+2029 and NEL, which would shift every later line)."""

    def __init__(self, text: str) -> None:
        self._breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def of(self, mark: yaml.Mark) -> int:
        """The line (1-based) of a YAML mark."""
        return bisect.bisect_left(self._breaks, mark.index) + 1


@dataclass(frozen=True)
class Layout:
    """Where each key and list item of a YAML document starts, and its keys written twice
    (`(where, first line, second line)`: YAML keeps the second silently)."""

    lines: dict[Where, int]
    duplicates: list[tuple[Where, int, int]]


def layout(text: str) -> Layout:
    """The layout of a YAML document (empty if it is not YAML): where each key and item is, and the keys
    written twice in one mapping."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return Layout({}, [])
    count = Lines(text)
    out: dict[Where, int] = {}
    twice: list[tuple[Where, int, int]] = []

    def walk(node: yaml.Node, at: Where) -> None:
        out.setdefault(at, count.of(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                here, line = (*at, key.value), count.of(key.start_mark)
                first = seen.get((key.tag, key.value))
                if first:
                    twice.append((here, first, line))
                seen[(key.tag, key.value)] = line
                out[here] = line
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*at, i))

    if root is not None:
        walk(root, ())
    return Layout(out, twice)


def lines(text: str) -> dict[Where, int]:
    """The line (1-based) where each key and list item of a YAML document starts."""
    return layout(text).lines


def line_of(where: Where, found: dict[Where, int]) -> int | None:
    """The line of `where`, or of the nearest place above it that the file has."""
    for n in range(len(where), -1, -1):
        if where[:n] in found:
            return found[where[:n]] if n else None
    return None


def label(where: Where, raw: Any) -> str:
    """`where` as a reader names it: the innermost code or id on the way, then the keys below it
    (`II.1.4 › rule › threshold`, `framework › total_max`)."""
    names: list[str] = []
    node = raw
    for step in where:
        listed = isinstance(node, list) and isinstance(step, int)  # else a key (YAML keys may be numbers)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        if listed:
            ident = node.get("code", node.get("id")) if isinstance(node, dict) else None
            names = [str(ident)] if ident is not None else [*names, f"#{int(step) + 1}"]
        else:
            names.append(str(step))
    return " › ".join(names)


@dataclass
class FrameworkCheck:
    """Every finding of one framework file, placed by line and by the codes on the way."""

    path: Path
    findings: list[Finding]
    raw: Any = None
    source: str = ""
    known_lines: dict[Where, int] | None = None  # the lines of `source`, when already found

    @cached_property
    def _lines(self) -> dict[Where, int]:
        if self.known_lines is not None:
            return self.known_lines
        return lines(self.source) if self.source else {}

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def usable(self) -> bool:
        return not self.errors

    def line(self, finding: Finding) -> int | None:
        return finding.line or line_of(finding.where, self._lines)

    def rows(self, lang: str = vocab.DEFAULT) -> list[dict[str, Any]]:
        """Each finding as a row: severity, line, place, problem, suggestion (in `lang`), errors first."""
        return [
            {
                "severity": f.severity,
                "line": self.line(f),
                "place": label(f.where, self.raw),
                "problem": vocab.render(f.message, lang),
                "suggestion": f.hint.text(lang) if f.hint else "",
            }
            for f in sorted(self.findings, key=lambda f: (f.severity != "error", self.line(f) or 0))
        ]

    def text(self, lang: str = vocab.DEFAULT) -> str:
        """The file, the counts, then one line per finding: `- line 12 · II.1.4 › rule: … (suggestion: …)`."""
        errors = len(self.errors)
        out = [vocab.t("framework.summary", lang, file=self.path, errors=errors, warnings=len(self.findings) - errors)]
        for row in self.rows(lang):
            where = vocab.t("framework.line", lang, line=row["line"]) if row["line"] else ""
            place = " · ".join(p for p in (where, row["place"]) if p)
            severity = "" if row["severity"] == "error" else f"[{vocab.t('framework.severity.warning', lang)}] "
            hint = f" ({vocab.t('framework.hint', lang, hint=row['suggestion'])})" if row["suggestion"] else ""
            out.append(f"- {severity}{place + ': ' if place else ''}{row['problem']}{hint}")
        return "\n".join(out)


class CatalogueError(ValueError):
    """A framework file is unusable: its check, every problem placed and explained (`text(lang)`)."""

    def __init__(self, check: FrameworkCheck) -> None:
        self.check = check
        super().__init__(check.text(vocab.DEFAULT))

    def text(self, lang: str = vocab.DEFAULT) -> str:
        return self.check.text(lang)
