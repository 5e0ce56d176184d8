"""Numbers as Vietnamese (1.234,5) or English (1,234.5) readers expect them."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext


def number(x: float, lang: str = "vi", decimals: int = 2) -> str:
    """A number with trailing zeros trimmed: 85.5 → '85,5' (vi) / '85.5' (en); 1000 → '1.000'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if math.isinf(float(x)):
        return "∞" if x > 0 else "−∞"
    with localcontext() as ctx:
        ctx.prec = 400  # enough for any finite float at `decimals` places: never InvalidOperation
        rounded = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(ratio: float, lang: str = "vi", decimals: int = 2) -> str:
    """A ratio as a percentage: 0.725 → '72,5%'."""
    return number(ratio * 100, lang, decimals) + "%" if ratio is not None and not math.isnan(ratio) else "—"


def points(got: float, out_of: float, lang: str = "vi") -> str:
    """'7,5/10 điểm' or '7.5/10 points'."""
    unit = "points" if lang == "en" else "điểm"
    return f"{number(got, lang)}/{number(out_of, lang)} {unit}"
