"""A crosswalk between two versions of a framework: which criteria of the old set compare with which of the new.

A province that revised its set between years still compares the years, criterion by criterion, only
where the two sets measure the same thing. The rules (a crosswalk file, `dxkit.intake.crosswalk`, or
`Entry` lines given in code):

- A pair old → new says the new criterion measures what the old one did: the two are comparable.
- A code present in both frameworks and listed nowhere maps to itself. Listing a code (on either
  side) turns this off for it: `C.1.3 → dropped` with `new → C.1.3` says the code was reused for
  something else.
- `dropped`: old criteria with no successor; `new`: new criteria with no predecessor. Neither is
  compared; both are named as not comparable.
- Nothing is guessed: an old criterion neither listed nor kept under its code, or a new one neither
  mapped to nor marked new, is a problem.
- Merges and splits are refused: one old criterion compares with at most one new one. Two old
  criteria merged into one new criterion (or one split into several) are scored by other rules;
  adding the old points would compare a sum no official published with one new score. List the old
  ones as dropped and the new one as new.
- A pair whose maximum changed is still comparable, on the new scale: the earlier points are
  converted by their share of the old maximum (8/10 → 16/20) and the row is flagged `rescaled`, with
  the points as scored beside them. Comparing raw points would count the change of scale as progress.

How pillars and the total then compare (the sums of the comparable criteria only) is
`dxkit.analysis.trends.year_over_year`'s.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dxkit.core import vocab
from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Localised, Message

DROPPED = "dropped"  # the reason an old criterion is not compared
NEW = "new"  # the reason a new criterion is not compared
SCALE_TOL = 1e-9


@dataclass(frozen=True)
class Entry:
    """One line of a crosswalk: `old` → `new`; `new` None: the old criterion is dropped; `old` None:
    the new criterion is new. `row` is where it was read (a CSV row), for problems."""

    old: str | None
    new: str | None
    row: int | None = None


@dataclass(frozen=True)
class Crosswalk:
    """Criterion codes of the `before` framework mapped to the `after` one; build it with `of` (checked).

    `pairs`: every comparable old code → its new code (listed, or kept under its code), in the new
    framework's order; `dropped` and `new`: the codes compared with nothing, in their framework's order.
    """

    before: Catalogue
    after: Catalogue
    pairs: Mapping[str, str]
    dropped: tuple[str, ...]
    new: tuple[str, ...]

    @classmethod
    def of(
        cls,
        before: Catalogue,
        after: Catalogue,
        entries: Iterable[Entry] = (),
        file: str = "",
        columns: tuple[str, str] = ("", ""),
    ) -> Crosswalk:
        """The crosswalk the entries state (none: codes kept as they are); InputError listing every problem
        (`check`). `file` and `columns` (the old and new columns' headers) place the problems."""
        entries = list(entries)
        problems = check(before, after, entries, file, columns)
        if problems:
            raise InputError(problems)
        dropped = {e.old for e in entries if e.new is None}
        added = {e.new for e in entries if e.old is None}
        listed = {e.new: e.old for e in entries if e.old is not None and e.new is not None}
        unlisted = set(before.criteria) - dropped - set(listed.values())
        kept = {c: c for c in unlisted if c in after.criteria and c not in added and c not in listed}
        predecessor = {**listed, **kept}
        return cls(
            before,
            after,
            {predecessor[c]: c for c in after.criteria if c in predecessor},
            tuple(c for c in before.criteria if c in dropped),
            tuple(c for c in after.criteria if c in added),
        )

    def comparable(self) -> list[str]:
        """The new codes with a predecessor, in the new framework's order."""
        return list(self.pairs.values())

    def not_comparable(self, lang: str = vocab.DEFAULT) -> pd.DataFrame:
        """The criteria compared with nothing: code, name, max_points, reason (`dropped` or `new`) and why
        (in `lang`); the dropped ones (old codes) first."""
        rows = [(self.before, c, DROPPED) for c in self.dropped] + [(self.after, c, NEW) for c in self.new]
        return pd.DataFrame(
            [
                {
                    "code": code,
                    "name": cat.criteria[code].name(lang),
                    "max_points": cat.criteria[code].max_points,
                    "reason": reason,
                    "why": vocab.t(f"crosswalk.why.{reason}", lang),
                }
                for cat, code, reason in rows
            ],
            columns=["code", "name", "max_points", "reason", "why"],
        )

    def map_scores(self, scores: pd.DataFrame) -> pd.DataFrame:
        """The criterion rows of a scores table of the old framework, for the comparable criteria, in the new
        framework's terms: `code`, `pillar` and `max_points` of the new criterion and `points` on its scale
        (points × new max / old max); `code_previous`, `max_points_previous` and `points_scored` as scored;
        `rescaled` where the maximum changed. Other columns are kept as they are."""
        crit = scores[(scores["level"].astype(str) == "criterion") & scores["code"].astype(str).isin(self.pairs)]
        old = crit["code"].astype(str)
        new = old.map(self.pairs)
        new_max = new.map(lambda c: self.after.criteria[c].max_points).astype(float)
        scale = new_max / crit["max_points"]
        return crit.assign(
            code=new,
            pillar=new.map(lambda c: self.after.criteria[c].pillar),
            code_previous=old,
            max_points=new_max,
            max_points_previous=crit["max_points"],
            points=crit["points"] * scale,
            points_scored=crit["points"],
            rescaled=(scale - 1).abs() > SCALE_TOL,
        ).reset_index(drop=True)


def check(
    before: Catalogue,
    after: Catalogue,
    entries: Iterable[Entry],
    file: str = "",
    columns: tuple[str, str] = ("", ""),
    gaps: Collection[str] = ("old", "new"),
) -> list[Problem]:
    """Every rule the entries break (see the module doc): unknown codes, a code listed twice, a merge, a
    line saying nothing, and the criteria of the `gaps` sides neither listed nor kept under their code
    (a reader leaves out a side it could not read every cell of: the gap may be that cell)."""
    problems: list[Problem] = []
    old_column, new_column = columns

    def add(rule: Message, row: int | None = None, column: str = "") -> None:
        problems.append(Problem("error", rule, file=file, row=row, column=column))

    old_rows: dict[str, int | None] = {}
    new_seen: dict[str, Entry] = {}
    for e in entries:
        if e.old is None and e.new is None:
            add(Message("crosswalk.blank"), e.row)
        if e.old is not None:
            if e.old not in before.criteria:
                add(_unknown("crosswalk.unknown_old", e.old, before), e.row, old_column)
            elif e.old in old_rows:
                add(Message("crosswalk.twice_old", code=e.old, first=_at(old_rows[e.old])), e.row, old_column)
            else:
                old_rows[e.old] = e.row
        if e.new is not None:
            if e.new not in after.criteria:
                add(_unknown("crosswalk.unknown_new", e.new, after), e.row, new_column)
            elif (first := new_seen.get(e.new)) is not None:
                if first.old is not None and e.old is not None:
                    rule = Message("crosswalk.merged", code=e.new, other=first.old, first=_at(first.row))
                else:
                    rule = Message("crosswalk.twice_new", code=e.new, first=_at(first.row))
                add(rule, e.row, new_column)
            else:
                new_seen[e.new] = e
    for code, c in before.criteria.items() if "old" in gaps else ():
        if code not in old_rows and (code not in after.criteria or code in new_seen):
            taken = code in after.criteria
            add(Message("crosswalk.old_taken" if taken else "crosswalk.old_missing", code=code, name=c.name))
    for code, c in after.criteria.items() if "new" in gaps else ():
        if code not in new_seen and (code not in before.criteria or code in old_rows):
            taken = code in before.criteria
            add(Message("crosswalk.new_taken" if taken else "crosswalk.new_missing", code=code, name=c.name))
    return problems


def _unknown(key: str, code: str, catalogue: Catalogue) -> Message:
    near = difflib.get_close_matches(code, list(catalogue.criteria), n=3, cutoff=0.6)
    hint: Localised | str = Message("crosswalk.did_you_mean", codes=", ".join(near)) if near else ""
    return Message(key, code=code, framework=catalogue.name, hint=hint)


def _at(row: int | None) -> Localised | str:
    """' ở dòng 3' / ' on row 3' where the first mention was read from a row, else nothing."""
    return Message("crosswalk.at_row", row=row) if row is not None else ""
