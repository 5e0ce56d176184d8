"""Numbers that line up: a fixed number of decimals per column, a sign on every change.

`dxkit.core.fmt.number` rounds half up and trims trailing zeros ('15', '90,8'): right for a sentence,
wrong for a column, where '15' above '9,23' and '76%' above '90,8%' do not line up. Here the same
rounding (fmt's, so a number reads the same in a sentence and in a table) is padded to a fixed number
of decimals with the language's decimal symbol (Babel):

    fixed(15, "vi") → '15,00'           fixed(941.756, "en") → '941.76'
    signed(12.1, "vi") → '+12,10'       signed(-8.5, "vi") → '−8,50'      signed(0.001, "vi") → '0,00'
    percent(0.76, "vi") → '76,0%'       percent(0.9082, "en") → '90.8%'

A table names its columns' formats once (`present.table(..., formats={"points": "points"})`); `FORMATS`
holds the named ones. A negative number is written with the minus sign '−' (U+2212), never '-'.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from numbers import Real
from typing import TypeAlias

from babel import Locale
from babel.numbers import get_decimal_symbol

from dxkit.core import fmt, vocab

POINTS = 2  # decimals of every points column (and of every points number in a sentence, trimmed there)
PERCENT = 1  # decimals of an index shown as a percentage
MINUS = "−"  # U+2212: a loss reads '−8,50', not '-8,50'
PLUS = "+"
DASH = "—"  # no number

Format: TypeAlias = str | Callable[[object, str], str]  # a name in FORMATS, or (value, lang) → text


@cache
def _decimal_symbol(lang: str) -> str:
    return get_decimal_symbol(Locale.parse(vocab.locale(lang)))


def _finite(x: object) -> float | None:
    """`x` as a finite float; None for what is not a number (None, NaN, text, ±∞)."""
    if x is None or isinstance(x, bool) or not isinstance(x, Real):
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def rounded(x: float, decimals: int = POINTS) -> Decimal:
    """`x` rounded half up as fmt rounds it (never -0)."""
    out = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return out if out != 0 else Decimal(0)


def _pad(text: str, lang: str, decimals: int) -> str:
    """fmt.number's trimmed text padded with zeros to `decimals` places, in the language's symbols."""
    if decimals <= 0:
        return text
    mark = _decimal_symbol(lang)
    whole, found, frac = text.rpartition(mark)
    if not found:
        return f"{text}{mark}{'0' * decimals}"
    return f"{whole}{mark}{frac.ljust(decimals, '0')}"


def fixed(x: object, lang: str = vocab.DEFAULT, decimals: int = POINTS) -> str:
    """`x` rounded half up with exactly `decimals` decimals: 15 → '15,00', 1000 → '1.000,00', −3 → '−3,00'."""
    value = _finite(x)
    if value is None:
        return fmt.number(x, lang, decimals) if isinstance(x, float) and math.isinf(x) else DASH
    r = rounded(value, decimals)
    text = _pad(fmt.number(float(abs(r)), lang, decimals), lang, decimals)
    return MINUS + text if r < 0 else text


def signed(x: object, lang: str = vocab.DEFAULT, decimals: int = POINTS) -> str:
    """A change: '+12,10' on a gain, '−8,50' on a loss, '0,00' unchanged (the sign of the rounded value)."""
    value = _finite(x)
    if value is None:
        return DASH
    r = rounded(value, decimals)
    return (PLUS if r > 0 else "") + fixed(value, lang, decimals)


def signed_number(x: float, lang: str = vocab.DEFAULT, decimals: int = POINTS) -> str:
    """A change in a sentence, trailing zeros trimmed as fmt writes them: '+7,31', '−8,5', '0'."""
    r = rounded(x, decimals)
    text = fmt.number(float(abs(r)), lang, decimals)
    return (PLUS if r > 0 else MINUS if r < 0 else "") + text


def percent(ratio: object, lang: str = vocab.DEFAULT, decimals: int = PERCENT) -> str:
    """A ratio as a percentage with exactly `decimals` decimals: 0.76 → '76,0%', 0.9082 → '90,8%'."""
    value = _finite(ratio)
    if value is None:
        return DASH
    return vocab.t("core.percent", lang, number=fixed(value * 100, lang, decimals))


def integer(x: object, lang: str = vocab.DEFAULT) -> str:
    """A whole number with the language's grouping: 1000 → '1.000'."""
    return fixed(x, lang, 0)


def decimals_needed(values: Iterable[object], most: int = POINTS) -> int:
    """The fewest decimals (at most `most`) that show every value as rounded to `most` places:
    (80, 1000) → 0; (7.5, 10) → 1; (2.25, 3) → 2."""
    need = 0
    for x in values:
        value = _finite(x)
        if value is None:
            continue
        exponent = rounded(value, most).normalize().as_tuple().exponent
        need = max(need, -exponent if isinstance(exponent, int) else 0)
    return min(need, most)


def column(values: Iterable[object], how: Format, lang: str = vocab.DEFAULT) -> list[str]:
    """Every value of a column written in one format (a name in `FORMATS` or a callable (value, lang)):
    'exact' picks one number of decimals for the whole column (`decimals_needed`)."""
    values = list(values)
    if how == "exact":
        places = decimals_needed(values)
        return [fixed(v, lang, places) for v in values]
    write = FORMATS[how] if isinstance(how, str) else how
    return [write(v, lang) for v in values]


def _points(x: object, lang: str) -> str:
    return fixed(x, lang, POINTS)


def _signed(x: object, lang: str) -> str:
    return signed(x, lang, POINTS)


def _percent1(x: object, lang: str) -> str:
    return percent(x, lang, PERCENT)


def _signed_integer(x: object, lang: str) -> str:
    return signed(x, lang, 0)


FORMATS: Mapping[str, Callable[[object, str], str]] = {
    "points": _points,  # '15,00', '941,76'
    "signed": _signed,  # '+12,10', '−8,50', '0,00'
    "percent1": _percent1,  # a ratio: '90,8%', '76,0%'
    "integer": integer,  # '1.000'
    "signed_integer": _signed_integer,  # a change of rank: '+2', '−1', '0'
    # "exact": the fewest decimals (≤ 2) showing every value of the column (see `column`)
}
FORMAT_NAMES = (*FORMATS, "exact")


def sums_differ(total: float, parts: Iterable[float], decimals: int = POINTS) -> Decimal:
    """How far the sum of `parts` as printed (each rounded to `decimals`) is from `total` as printed
    (0 when they agree)."""
    return sum((rounded(p, decimals) for p in parts), Decimal(0)) - rounded(total, decimals)
