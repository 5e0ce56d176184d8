"""Numbers as readers of each language expect them, from the language's Babel locale (CLDR):
1.234,5 in Vietnamese, 1,234.5 in English."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

from dxkit.core import vocab


@cache
def _symbols(lang: str) -> tuple[dict[int, str] | None, Locale]:
    """The locale of `lang` and, where it groups digits by threes, the translation of Python's ',' and '.'
    into its symbols (else None: Babel's own pattern is applied, e.g. for Indian grouping)."""
    loc = Locale.parse(vocab.locale(lang))
    pattern = loc.decimal_formats.get(None)
    if pattern is not None and tuple(pattern.grouping) == (3, 3):
        return str.maketrans({",": get_group_symbol(loc), ".": get_decimal_symbol(loc)}), loc
    return None, loc


def number(x: float | None, lang: str = vocab.DEFAULT, decimals: int = 2) -> str:
    """A number rounded half up, trailing zeros trimmed: 85.5 → '85,5' (vi) / '85.5' (en); 1000 → '1.000'."""
    if x is None or x != x:  # None or NaN
        return "—"
    return _number(float(x), lang, decimals)


_EXACT = Context(prec=400, rounding=ROUND_HALF_UP)  # enough for any finite float at `decimals` places
_STEP = [Decimal(1).scaleb(-d) for d in range(10)]  # 1, 0.1, 0.01, …


@lru_cache(maxsize=1 << 17)  # explanations of many units write the same counts, maxima and points again and again
def _number(x: float, lang: str, decimals: int) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    rounded = Decimal(repr(x)).quantize(
        _STEP[decimals] if decimals < len(_STEP) else Decimal(1).scaleb(-decimals), context=_EXACT
    )
    if rounded == 0:
        rounded = Decimal(0)  # never '-0'
    table, loc = _symbols(lang)
    if table is None:
        return parse_pattern("#,##0." + "#" * decimals if decimals > 0 else "#,##0").apply(rounded, loc)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(table)


def percent(ratio: float | None, lang: str = vocab.DEFAULT, decimals: int = 2) -> str:
    """A ratio as a percentage: 0.725 → '72,5%'."""
    if ratio is None or math.isnan(ratio):
        return "—"
    return vocab.t("core.percent", lang, number=number(ratio * 100, lang, decimals))


def points(got: float, out_of: float, lang: str = vocab.DEFAULT) -> str:
    """'7,5/10 điểm' or '7.5/10 points'."""
    return vocab.t("core.points", lang, got=number(got, lang), max=number(out_of, lang))
