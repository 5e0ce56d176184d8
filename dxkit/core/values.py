"""Turn raw cell text into numbers the engine can use, or say exactly why not."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

from dxkit.core import vocab
from dxkit.core.catalogue import Variable
from dxkit.core.vocab import Localised, Message


def _words(key: str) -> set[str]:
    """A word as every language writes it (the reader accepts a value in any language)."""
    return {vocab.t(key, lang).casefold() for lang in vocab.languages()}


TRUE_WORDS = {"true", "1"} | _words("core.yes")  # yes, có, …
FALSE_WORDS = {"false", "0"} | _words("core.no")  # no, không, …
DECIMAL_MARKS = (".", ",")
AMBIGUOUS_DECIMAL = "ambiguous_decimal"
# Beyond any real unit of Viet Nam: a count above twice the country's population, an amount above 10^12.
LIMITS = {"count": 2e8, "amount": 1e12}


class ValueProblem(ValueError):
    """A value breaks its variable's rule; `.rule` says which, in any language (`.text(lang)`)."""

    def __init__(self, rule: Localised, reason: str = ""):
        super().__init__(rule)
        self.rule, self.reason = rule, reason

    def text(self, lang: str = vocab.DEFAULT) -> str:
        return self.rule.text(lang)

    def __str__(self) -> str:
        return self.text()


def clean_text(raw: object) -> str:
    """NFC-normalised text with inner runs of spaces collapsed and ends stripped."""
    return " ".join(unicodedata.normalize("NFC", str(raw)).split())


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and math.isnan(raw)) or clean_text(raw) == ""


def is_text(cells: pd.Series) -> np.ndarray:
    """Which cells are text (a CSV's are; a workbook's may be numbers, dates or yes/no)."""
    if isinstance(cells.dtype, pd.StringDtype):
        return cells.notna().to_numpy()
    return np.fromiter((type(c) is str for c in cells.to_numpy(dtype=object)), dtype=bool, count=len(cells))


def map_cells(fn: Callable[..., object], cells: pd.Series, *keys: pd.Series) -> np.ndarray:
    """`fn(cell, *key)` of each row, called once per distinct text cell and key (an object array); keys are
    text (never None). Cells that are not text are passed one by one: to Python 1, 1.0 and True are one value.
    """
    out = np.empty(len(cells), dtype=object)
    text = is_text(cells)
    columns = [cells, *keys]
    if text.any():
        codes = np.zeros(int(text.sum()), dtype=np.int64)
        for column in columns:
            own, distinct = pd.factorize(column[text])
            codes, _ = pd.factorize(codes * len(distinct) + own)
        first = np.empty(codes.max() + 1, dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes))[::-1]  # where each distinct row is first seen
        rows = zip(*(column[text].iloc[first].tolist() for column in columns))
        found = np.fromiter((fn(*row) for row in rows), dtype=object, count=len(first))
        out[text] = found[codes]
    if not text.all():
        rows = zip(*(c.to_numpy(dtype=object)[~text] for c in columns))
        out[~text] = np.fromiter((fn(*row) for row in rows), dtype=object, count=int((~text).sum()))
    return out


def _compact(raw: object) -> str:
    """Cell text without spaces (a space may group thousands: '1 234')."""
    return clean_text(raw).replace(" ", "").replace("\u00a0", "")


def decimal_evidence(raw: object) -> str | None:
    """The decimal mark a text number proves its writer used ('.' or ','), or None if it proves nothing.

    '0.5', '1.42', '1,234,567', '1,234.5' prove '.'; '12,5', '1.234.567', '1.234,5' prove ','.
    '1.217' and '1,217' prove nothing (three digits after one mark), nor do whole numbers.
    """
    if not isinstance(raw, str) or not any(mark in raw for mark in DECIMAL_MARKS):
        return None
    text = _compact(raw)
    readable = [m for m in DECIMAL_MARKS if _read(text, m) is not None]
    return readable[0] if len(readable) == 1 else None


def parse_number(raw: object, decimal: str | None = None) -> float:
    """A number from a cell: real numbers pass; text is read with `decimal` as its decimal mark.

    Without `decimal`, only text that cannot be read two ways is accepted ('1.217' is refused).
    """
    if isinstance(raw, bool):
        raise ValueProblem(Message("input.value.yes_no_not_number"))
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, (datetime.date, datetime.time)):
        when = raw.date() if isinstance(raw, datetime.datetime) and raw.time() == datetime.time() else raw
        raise ValueProblem(Message("input.value.date_not_number", when=when))
    text = _compact(raw)
    readings = {m: _read(text, m) for m in ((decimal,) if decimal else DECIMAL_MARKS)}
    values = {v for v in readings.values() if v is not None}
    if len(values) > 1:
        raise ValueProblem(Message("input.value.ambiguous_decimal", text=text), reason=AMBIGUOUS_DECIMAL)
    if values:
        return values.pop()
    if decimal and _read(text, "," if decimal == "." else ".") is not None:
        raise ValueProblem(Message("input.value.other_convention", text=text, decimal=decimal))
    raise ValueProblem(Message("input.value.not_number", text=text))


def _number_pattern(mark: str) -> re.Pattern[str]:
    """A number written with `mark` as the decimal mark and the other as a thousands group."""
    m, g = re.escape(mark), re.escape("," if mark == "." else ".")
    exponent = r"(?:[eE][+-]?\d+)?"  # 5e-05, 1.5E+3: what programs write for very small or large numbers
    return re.compile(rf"(?:[+-]?\d+(?:{m}\d+)?|[+-]?[1-9]\d{{0,2}}(?:{g}\d{{3}})+(?:{m}\d+)?){exponent}")


_NUMBER = {mark: _number_pattern(mark) for mark in DECIMAL_MARKS}


def _read(text: str, mark: str) -> float | None:
    """`text` read with `mark` as the decimal mark and the other as a thousands group, or None."""
    if _NUMBER[mark].fullmatch(text):
        return float(text.replace("," if mark == "." else ".", "").replace(mark, "."))
    return None


PLAIN = "[0-9]{1,15}"  # a whole number as most cells hold it: read exactly by float(), in any convention


def plain_quantities(cells: pd.Series, kind: str) -> np.ndarray:
    """`parse_quantity` of the text cells that are plain whole numbers within `kind`'s limit, read at once
    (NaN for every other cell, left to `parse_quantity`)."""
    out = np.full(len(cells), np.nan)
    text = is_text(cells)
    plain = cells[text].astype(str).str.fullmatch(PLAIN).to_numpy(dtype=bool)
    numbers = cells[text][plain].astype(float).to_numpy()
    at = np.flatnonzero(text)[plain]
    within = numbers <= LIMITS.get(kind, np.inf)
    out[at[within]] = numbers[within]
    return out


def parse_bool(raw: object) -> float:
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return float(raw)
    word = clean_text(raw).lower()
    if word in TRUE_WORDS:
        return 1.0
    if word in FALSE_WORDS:
        return 0.0
    raise ValueProblem(Message("input.value.not_yes_no", text=clean_text(raw)))


def parse_choice(raw: object, var: Variable) -> float:
    """The index of the choice, given its id or its label in any language."""
    word = clean_text(raw).casefold()
    for i, ch in enumerate(var.choices):
        if word in {ch.id.casefold(), *(clean_text(ch.label.text(lang)).casefold() for lang in vocab.languages())}:
            return float(i)
    # the labels as the template's dropdowns offer them, whatever the language of the message
    allowed = ", ".join(f"{c.id} ({c.label.text(vocab.DEFAULT)})" for c in var.choices)
    raise ValueProblem(Message("input.value.not_a_choice", text=clean_text(raw), allowed=allowed))


def parse_value(raw: object, var: Variable, decimal: str | None = None) -> float:
    """The engine's float for a raw value of `var`; raises ValueProblem naming the rule broken."""
    if var.type == "bool":
        return parse_bool(raw)
    if var.type == "choice":
        return parse_choice(raw, var)
    return parse_quantity(raw, var.type, decimal)


def parse_quantity(raw: object, kind: str, decimal: str | None = None) -> float:
    """A finite, non-negative number within the limit of its `kind` (count: also whole)."""
    number = parse_number(raw, decimal)
    if math.isnan(number) or math.isinf(number):
        raise ValueProblem(Message("input.value.not_finite"))
    if number < 0:
        raise ValueProblem(Message("input.value.negative", number=f"{number:.15g}"))
    if kind == "count" and number != int(number):
        raise ValueProblem(Message("input.value.not_whole", number=f"{number:.15g}"))
    limit = LIMITS.get(kind)
    if limit is not None and number > limit:
        raise ValueProblem(Message("input.value.beyond_limit", number=f"{number:.6g}", limit=f"{limit:.0e}"))
    return number
