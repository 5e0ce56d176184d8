"""What a framework file's check finds: each problem placed in the file (line, criterion, key), with a
suggestion where one helps, written in the reader's language (`framework.*` in the vocabulary)."""

from __future__ import annotations

import difflib
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


def near(word: object, known: Iterable[str]) -> Message | None:
    """A suggestion for a misspelt name: the closest known one, else the list of known ones."""
    known = sorted(set(known))
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=0.6)
    if close:
        return Message("framework.suggest.did_you_mean", near=close[0])
    return Message("framework.suggest.known", known=", ".join(known)) if known else None


def lines(text: str) -> dict[Where, int]:
    """The line (1-based) where each key and list item of a YAML document starts."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[Where, int] = {}

    def walk(node: yaml.Node, at: Where) -> None:
        out.setdefault(at, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*at, key.value)
                out[here] = key.start_mark.line + 1
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*at, i))

    if root is not None:
        walk(root, ())
    return out


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
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(step, int):
            ident = node.get("code", node.get("id")) if isinstance(node, dict) else None
            names = [str(ident)] if ident is not None else [*names, f"#{step + 1}"]
        else:
            names.append(step)
    return " › ".join(names)


@dataclass
class FrameworkCheck:
    """Every finding of one framework file, placed by line and by the codes on the way."""

    path: Path
    findings: list[Finding]
    raw: Any = None
    source: str = ""

    @cached_property
    def _lines(self) -> dict[Where, int]:
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
