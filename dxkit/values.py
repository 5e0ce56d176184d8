"""Turn raw cell text into numbers the engine can use, or say exactly why not."""
from __future__ import annotations

import math
import re
import unicodedata

from dxkit.catalogue import Variable

TRUE_WORDS = {"yes", "true", "1", "có"}
FALSE_WORDS = {"no", "false", "0", "không"}
_PLAIN = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+[.,]\d+$")
_AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")


class ValueProblem(ValueError):
    """A value breaks its variable's rule; `.vi` and `.en` say which."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def clean_text(raw: object) -> str:
    """NFC-normalised text with inner runs of spaces collapsed and ends stripped."""
    return " ".join(unicodedata.normalize("NFC", str(raw)).split())


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and math.isnan(raw)) or clean_text(raw) == ""


def parse_number(raw: object) -> float:
    """A number from a cell: real numbers pass; text must be unambiguous (no '1.234')."""
    if isinstance(raw, bool):
        raise ValueProblem("cần một số, không phải Có/Không", "expected a number, not yes/no")
    if isinstance(raw, (int, float)):
        return float(raw)
    text = clean_text(raw).replace(" ", "")
    if _PLAIN.match(text):
        return float(text)
    if _AMBIGUOUS.match(text):
        raise ValueProblem(
            f"'{text}' không rõ nghĩa: dấu phân cách hàng nghìn hay dấu thập phân? "
            "Ghi số không có dấu phân cách hàng nghìn (1234) hoặc thập phân rõ ràng (1234,5)",
            f"'{text}' is ambiguous: thousands separator or decimal point? "
            "Write numbers without thousands separators (1234) or with a clear decimal (1234.5)",
        )
    if _DECIMAL.match(text):
        return float(text.replace(",", "."))
    raise ValueProblem(f"'{text}' không phải là số", f"'{text}' is not a number")


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
    raise ValueProblem(
        f"'{clean_text(raw)}' không phải Có/Không (chấp nhận: có/không, yes/no, true/false, 1/0)",
        f"'{clean_text(raw)}' is not yes/no (accepted: có/không, yes/no, true/false, 1/0)",
    )


def parse_choice(raw: object, var: Variable) -> float:
    """The index of the choice, given its id or its Vietnamese or English label."""
    word = clean_text(raw).casefold()
    for i, ch in enumerate(var.choices):
        if word in {ch.id.casefold(), clean_text(ch.label.vi).casefold(), clean_text(ch.label.en).casefold()}:
            return float(i)
    allowed = ", ".join(f"{c.id} ({c.label.vi})" for c in var.choices)
    raise ValueProblem(
        f"'{clean_text(raw)}' không thuộc danh sách lựa chọn: {allowed}",
        f"'{clean_text(raw)}' is not one of the choices: {allowed}",
    )


def parse_value(raw: object, var: Variable) -> float:
    """The engine's float for a raw value of `var`; raises ValueProblem naming the rule broken."""
    if var.type == "bool":
        return parse_bool(raw)
    if var.type == "choice":
        return parse_choice(raw, var)
    return parse_quantity(raw, whole=var.type == "count")


def parse_quantity(raw: object, whole: bool) -> float:
    """A finite, non-negative number; `whole` also asks for an integer (a count)."""
    number = parse_number(raw)
    if math.isnan(number) or math.isinf(number):
        raise ValueProblem("giá trị không phải là số hữu hạn", "value is not a finite number")
    if number < 0:
        raise ValueProblem(f"số âm ({number:.15g}) không được phép", f"negative number ({number:.15g}) not allowed")
    if whole and number != int(number):
        raise ValueProblem(f"cần số nguyên, nhận {number:.15g}", f"expected a whole number, got {number:.15g}")
    return number
