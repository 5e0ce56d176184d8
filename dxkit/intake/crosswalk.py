"""Read a crosswalk file (`--crosswalk OLD_TO_NEW.csv`): which old criterion each new one follows.

A CSV (UTF-8 with or without BOM, `,` or `;`) with a column of old codes and one of new codes, one row
per criterion listed: `C.1.2,C.1.3` (renamed), `C.2.2,bỏ` (dropped: `bỏ`, `không còn`, `dropped`),
`mới,C.1.2` (new: `mới`, `new`). Headers and markers are the words of `crosswalk.accept.*` in every
language, compared without case or diacritics (`Mã cũ`, `ma cu`, `old`); codes ignore case; other
columns (notes) are ignored. A code in both frameworks that no row lists is kept under its code; the
rules are `dxkit.core.crosswalk`'s. Every problem is reported at once, with its row and column.
"""

from __future__ import annotations

from pathlib import Path

from dxkit.core.catalogue import Catalogue
from dxkit.core.crosswalk import Crosswalk, Entry, check
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message, languages, t
from dxkit.intake.readers import HEADER_ROW, fold, read_csv_table

SIDES = ("old", "new")


def _accepted(key: str) -> dict[str, str]:
    """The words of `crosswalk.accept.<key>` in every language: folded → as written."""
    return {fold(w): w.strip() for lang in languages() for w in t(f"crosswalk.accept.{key}", lang).split("|")}


def read_crosswalk(path: str | Path, old: Catalogue, new: Catalogue) -> Crosswalk:
    """The crosswalk from framework `old` to framework `new` a CSV states; InputError listing every problem."""
    path = Path(path)
    df = read_csv_table(path)
    file = str(path)
    found = {side: [c for c in df.columns if fold(c) in _accepted(side)] for side in SIDES}
    problems = []
    for side, cols in found.items():
        what = Message(f"crosswalk.what.{side}")
        if not cols:
            accepted = ", ".join(dict.fromkeys(_accepted(side).values()))
            rule = Message("crosswalk.missing_column", what=what, accepted=accepted)
            problems.append(Problem("error", rule, file=file, row=HEADER_ROW))
        elif len(cols) > 1:
            rule = Message("intake.csv.same_meaning", name=what, first=cols[0], second=cols[1])
            problems.append(Problem("error", rule, file=file, row=HEADER_ROW))
    if problems:
        raise InputError(problems)
    old_col, new_col = found["old"][0], found["new"][0]
    markers = {"old": _accepted("added"), "new": _accepted("dropped")}  # a side's "none": new, dropped
    codes = {"old": {c.casefold(): c for c in old.criteria}, "new": {c.casefold(): c for c in new.criteria}}
    entries, unread = [], set()
    for row, cells in enumerate(zip(df[old_col].str.strip(), df[new_col].str.strip()), start=HEADER_ROW + 1):
        if not any(cells):  # lists nothing (a title row, notes): whatever it leaves out is a gap anyway
            continue
        (old_code, old_bad), (new_code, new_bad) = (
            _cell(text, side, markers, codes[side]) for side, text in zip(SIDES, cells)
        )
        problems += [
            Problem("error", rule, file=file, row=row, column=col)
            for rule, col in ((old_bad, old_col), (new_bad, new_col))
            if rule is not None
        ]
        unread |= {side for side, bad in zip(SIDES, (old_bad, new_bad)) if bad is not None}
        if old_bad is None or new_bad is None:  # one readable side still lists its code
            entries.append(Entry(old_code, new_code, row))
    if not entries and not problems:
        raise InputError([Problem("error", Message("crosswalk.nothing"), file=file)])
    problems += check(old, new, entries, file, (old_col, new_col), [s for s in SIDES if s not in unread])
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.row is None, p.row or 0)))  # by row, then the gaps
    return Crosswalk.of(old, new, entries, file, (old_col, new_col))


def _cell(
    text: str, side: str, markers: dict[str, dict[str, str]], codes: dict[str, str]
) -> tuple[str | None, Message | None]:
    """The code a cell of `side` gives (None: its marker, a new or a dropped criterion), or the rule it breaks."""
    if not text:
        return None, Message(f"crosswalk.empty.{side}")
    other = next(s for s in SIDES if s != side)
    if fold(text) in markers[side]:
        return None, None
    if fold(text) in markers[other]:
        return None, Message(f"crosswalk.misplaced.{side}", value=text)
    return codes.get(text.casefold(), text), None
