"""District names: the list of known districts, closest-name suggestions, and spelling normalisation."""
from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import pandas as pd

from dxkit.problems import InputError, Problem
from dxkit.values import clean_text


def read_district_list(path: str | Path) -> list[str]:
    """The names in the `district` column of a CSV, normalised (NFC, single spaces), in file order."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.strip().lower() for c in df.columns]
    if "district" not in df.columns:
        raise InputError([Problem("error", "danh sách huyện cần cột district",
                                  "a district list needs a 'district' column", file=str(path), cell="row 1")])
    return list(dict.fromkeys(clean_text(d) for d in df["district"] if clean_text(d)))


def fold(name: str) -> str:
    """A name without diacritics or case ('Chư Prông' → 'chu prong'), for suggesting the closest one."""
    text = unicodedata.normalize("NFD", clean_text(name).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def closest(name: str, known: list[str]) -> str | None:
    """The known name nearest to `name`, ignoring diacritics and case, or None if none is close."""
    by_fold = {fold(k): k for k in known}
    near = difflib.get_close_matches(fold(name), list(by_fold), n=1, cutoff=0.6)
    return by_fold[near[0]] if near else None


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
    return vi, en
