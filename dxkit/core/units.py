"""Unit names: one key per unit however it is written, the display name, and closest-name suggestions.

'Thành phố Pleiku', 'PLEIKU', 'Plei\u200bku' and 'Pleiku' are one unit; so are 'Ðak Ðoa' (look-alike
Ð U+00D0) and 'Đak Đoa'. Diacritics are kept in the key: 'Chu Prong' is not 'Chư Prông' (it is
suggested as the closest name instead).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from dxkit.core.problems import InputError, Problem
from dxkit.core.values import clean_text
from dxkit.core.vocab import Message

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
LOOK_ALIKE = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})  # Ð ð Ɖ → Đ đ
PREFIXES = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "phường", "xã", "tp.", "tp", "tx.", "tx")
_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(p) for p in PREFIXES) + r")(?:\s+|(?<=\.))", re.IGNORECASE)


def display(raw: object) -> str:
    """A name as written, cleaned: NFC, no invisible characters, the real Đ, single spaces."""
    text = unicodedata.normalize("NFC", str(raw)).translate(INVISIBLE).translate(LOOK_ALIKE)
    return clean_text(text)


def unit_key(raw: object) -> str:
    """The key two spellings of one unit share: display form, case folded, administrative prefix dropped."""
    text = display(raw).casefold()
    stripped = _PREFIX.sub("", text, count=1).strip()
    return stripped or text


def fold(name: str) -> str:
    """A name without diacritics or case ('Chư Prông' → 'chu prong'), for suggesting the closest one."""
    text = unicodedata.normalize("NFD", unit_key(name).replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def closest(name: str, known: Iterable[str], n: int = 1) -> list[str]:
    """Up to `n` known names nearest to `name`, ignoring diacritics, case and prefixes."""
    by_fold: dict[str, str] = {}
    for k in known:
        by_fold.setdefault(fold(k), k)
    near = difflib.get_close_matches(fold(name), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[f] for f in near]


def display_names(raw_names: Iterable[str], listed: Iterable[str] | None = None) -> dict[str, str]:
    """Each raw spelling → the display name of its unit.

    A unit in `listed` (a district list) is shown as listed; otherwise as its most frequent
    spelling (the first seen on a tie).
    """
    by_key: dict[str, str] = {unit_key(n): display(n) for n in (listed or [])}
    written = Counter(raw_names)  # each raw spelling once, in the order first seen
    counts: Counter[str] = Counter()
    for name, n in written.items():
        counts[display(name)] += n
    for spelling, _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        by_key.setdefault(unit_key(spelling), spelling)
    return {n: by_key[unit_key(n)] for n in written}


def resolve(name: str, known: Iterable[str], what: str = "unit") -> str:
    """The known unit `name` refers to (any spelling of it); InputError naming the closest ones if none.

    `what` names the kind of unit in the error: 'unit' or 'district' (`input.unit.kind.*`).
    """
    known = list(known)
    by_key = {unit_key(k): k for k in known}
    found = by_key.get(unit_key(name))
    if found is not None:
        return found
    near = closest(name, known, n=3)
    hint = Message("input.unit.did_you_mean", names=", ".join(near)) if near else ""
    rule = Message("input.unit.unknown", what=Message(f"input.unit.kind.{what}"), name=display(name), hint=hint)
    raise InputError([Problem("error", rule, district=display(name))])
