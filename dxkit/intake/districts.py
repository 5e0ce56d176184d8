"""District lists, and what normalising a unit's name changed (see `dxkit.core.units` for the keys)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from dxkit.core.atomic import OsReason
from dxkit.core.problems import InputError, Problem
from dxkit.core.units import INVISIBLE, LOOK_ALIKE, display, unit_key
from dxkit.core.values import clean_text
from dxkit.core.vocab import Message
from dxkit.intake.readers import library_detail

DISTRICT_HEADERS = ("district", "huyện", "đơn vị", "unit", "xã")


def _refused(path: str | Path, rule: Message, row: int | None = None) -> InputError:
    return InputError([Problem("error", rule, file=str(path), row=row)])


def read_district_list(path: str | Path) -> list[str]:
    """The names in the `district` (or `huyện`, `đơn vị`) column of a CSV, cleaned, in file order."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except OSError as exc:
        raise _refused(path, Message("intake.districts.unreadable", reason=OsReason.of(exc))) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _refused(path, Message("intake.districts.not_csv", detail=library_detail(str(exc)))) from None
    df.columns = [clean_text(c).lower() for c in df.columns]
    column = next((c for c in DISTRICT_HEADERS if c in df.columns), None)
    if column is None:
        raise _refused(path, Message("intake.districts.no_column"), row=1)
    names = list(dict.fromkeys(display(d) for d in df[column] if display(d)))
    if not names:
        raise _refused(path, Message("intake.districts.no_names"))
    return names


def spelling_changes(raw: str) -> list[Message]:
    """What normalising `raw` changed (empty when it was already clean)."""
    nfc = unicodedata.normalize("NFC", raw)
    changed = {
        "nfd": nfc != raw,
        "spaces": " ".join(nfc.split()) != nfc,
        "invisible": nfc.translate(INVISIBLE) != nfc,
        "look_alike": nfc.translate(LOOK_ALIKE) != nfc,
    }
    return [Message(f"intake.spelling.{change}") for change, found in changed.items() if found]


def renamed(raw: str, shown: str) -> Message | None:
    """Why `raw` is shown as `shown` (another spelling of one unit), or None if only cleaned."""
    if display(raw) == shown:
        return None
    if unit_key(raw) == unit_key(shown):
        return Message("intake.spelling.another_spelling", shown=shown)
    return None
