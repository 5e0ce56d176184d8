"""District lists, and what normalising a unit's name changed (see `dxkit.core.units` for the keys)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from dxkit.core.atomic import os_reason
from dxkit.core.problems import InputError, Problem
from dxkit.core.units import INVISIBLE, LOOK_ALIKE, display, unit_key
from dxkit.core.values import clean_text

DISTRICT_HEADERS = ("district", "huyện", "đơn vị", "unit", "xã")


def read_district_list(path: str | Path) -> list[str]:
    """The names in the `district` (or `huyện`, `đơn vị`) column of a CSV, cleaned, in file order."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    "error",
                    f"không đọc được danh sách huyện: {os_reason(exc, 'vi')}",
                    f"cannot read the district list: {os_reason(exc, 'en')}",
                    file=str(path),
                )
            ]
        ) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            [
                Problem(
                    "error",
                    "danh sách huyện không phải tệp CSV UTF-8 đọc được",
                    f"the district list is not a readable UTF-8 CSV ({exc})",
                    file=str(path),
                )
            ]
        ) from None
    df.columns = [clean_text(c).lower() for c in df.columns]
    column = next((c for c in DISTRICT_HEADERS if c in df.columns), None)
    if column is None:
        raise InputError(
            [
                Problem(
                    "error",
                    "danh sách huyện cần cột district (hoặc huyện, đơn vị)",
                    "a district list needs a 'district' column",
                    file=str(path),
                    cell="row 1",
                )
            ]
        )
    names = list(dict.fromkeys(display(d) for d in df[column] if display(d)))
    if not names:
        raise InputError(
            [Problem("error", "danh sách huyện không có tên nào", "the district list has no names", file=str(path))]
        )
    return names


def spelling_changes(raw: str) -> tuple[list[str], list[str]]:
    """What normalising `raw` changed, in Vietnamese and English (empty when it was already clean)."""
    vi: list[str] = []
    en: list[str] = []
    nfc = unicodedata.normalize("NFC", raw)
    if nfc != raw:
        vi.append("viết dấu ở dạng Unicode tổ hợp (NFD)")
        en.append("diacritics in decomposed Unicode (NFD)")
    if " ".join(nfc.split()) != nfc:
        vi.append("có khoảng trắng thừa")
        en.append("stray spaces")
    if nfc.translate(INVISIBLE) != nfc:
        vi.append("có ký tự ẩn (khoảng trắng độ rộng 0)")
        en.append("invisible characters (zero-width space)")
    if nfc.translate(LOOK_ALIKE) != nfc:
        vi.append("dùng chữ Ð (U+00D0) giống Đ")
        en.append("the look-alike Ð (U+00D0) for Đ")
    return vi, en


def renamed(raw: str, shown: str) -> tuple[str, str] | None:
    """Why `raw` is shown as `shown` (another spelling of one unit), or None if only cleaned."""
    if display(raw) == shown:
        return None
    if unit_key(raw) == unit_key(shown):
        return (
            f"viết khác của '{shown}' (chữ hoa/thường, tiền tố Huyện/Thị xã/Thành phố/Xã/Phường)",
            f"another spelling of '{shown}' (case, prefix Huyện/Thị xã/Thành phố/Xã/Phường)",
        )
    return None
