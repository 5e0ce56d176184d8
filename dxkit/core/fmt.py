"""Numbers as readers of each language expect them (Babel): 1.234,5 in Vietnamese, 1,234.5 in English."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_decimal

from dxkit.core import vocab


def number(x: float | None, lang: str = vocab.DEFAULT, decimals: int = 2) -> str:
    """A number rounded half up, trailing zeros trimmed: 85.5 → '85,5' (vi) / '85.5' (en); 1000 → '1.000'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if math.isinf(float(x)):
        return "∞" if x > 0 else "−∞"
    with localcontext() as ctx:
        ctx.prec = 400  # enough for any finite float at `decimals` places: never InvalidOperation
        rounded = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if rounded == 0:
            rounded = Decimal(0)  # never '-0'
        pattern = "#,##0." + "#" * decimals if decimals > 0 else "#,##0"
        return format_decimal(rounded, pattern, locale=vocab.locale(lang))


def percent(ratio: float | None, lang: str = vocab.DEFAULT, decimals: int = 2) -> str:
    """A ratio as a percentage: 0.725 → '72,5%'."""
    if ratio is None or math.isnan(ratio):
        return "—"
    return vocab.t("core.percent", lang, number=number(ratio * 100, lang, decimals))


def points(got: float, out_of: float, lang: str = vocab.DEFAULT) -> str:
    """'7,5/10 điểm' or '7.5/10 points'."""
    return vocab.t("core.points", lang, got=number(got, lang), max=number(out_of, lang))
