"""What a district can change to win points, and exactly how many points each change wins.

A `Unit` holds one district-year's engine values and scores a criterion for candidate changes with
the engine's own rule (Min-Max peers included), so every gain here is what `score` would give.
`next_move` asks the criterion's rule type for its lever (`Rule.lever`, registered with the rule in
`dxkit.core.rules`): the smallest change reaching its next breakpoint, a decision (yes/no, choice,
part, gate, "reviewed" flag) or a quantity (extra numerator units up to the next threshold, tier or
the maximum). Denominators are held fixed: extra units are existing ones
converted (e.g. dossiers already filed that get paid online).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from dxkit.analysis._common import TOL, check_unit
from dxkit.core.assessment import Assessment
from dxkit.core.engine import score_rule

DECISION, QUANTITY = "decision", "quantity"
AMOUNT_STEP = 0.001  # smallest change of an amount (million or billion VND) a plan proposes


@dataclass(frozen=True)
class Move:
    """A change of one criterion's inputs: fixed values (decision) or `extra` units spread over levers."""

    code: str
    kind: str
    decision: Mapping[str, float] = field(default_factory=dict)
    levers: tuple[tuple[str, float, float], ...] = ()  # (variable, current value, upper bound)
    extra: float = 0.0
    step: float = 1.0
    scale: float = 1.0  # the amount that gives full points (numerator at the threshold, best value, …)

    @property
    def effort(self) -> float:
        """Relative size of the change: 0 for a decision, else extra / the amount that gives full points."""
        return 0.0 if self.kind == DECISION else self.extra / self.scale

    def changes(self) -> dict[str, float]:
        """Variable → new engine value; a quantity fills each lever up to its bound in turn."""
        if self.kind == DECISION:
            return dict(self.decision)
        out, left = {}, self.extra
        for var, current, bound in self.levers:
            add = min(left, bound - current)
            if add > 0:
                out[var] = current + add
                left -= add
        return out

    def with_extra(self, extra: float) -> Move:
        return replace(self, extra=extra)


class Unit:
    """One district-year's values under the assessment's framework, options and Min-Max peers."""

    def __init__(self, assessment: Assessment, district: str, year: int):
        district = check_unit(assessment, district, year)
        self.assessment, self.district, self.year = assessment, district, year
        cat = assessment.catalogue
        frame = assessment.prepared.values
        self.values: dict[str, float] = frame.loc[(district, year)].to_dict()
        row = frame.index.get_loc((district, year))
        self.filled = {v: bool(rows[row]) for v, rows in assessment.prepared.from_general.items()}
        same_year = frame.xs(year, level="year")
        self.peers = same_year.drop(index=district)
        self.resolved = {code: cat.resolved(code, assessment.options) for code in cat.criteria}
        self.users: dict[str, list[str]] = {}
        for code, res in self.resolved.items():
            for var in res.variables:
                self.users.setdefault(var, []).append(code)

    def points(self, code: str, candidates: list[Mapping[str, float]]) -> np.ndarray:
        """Points of `code` for each candidate change applied to the current values."""
        res, k = self.resolved[code], len(candidates)
        arrays = {v: np.array([c.get(v, self.values[v]) for c in candidates], dtype=float) for v in res.variables}
        bounds = {code: self._bounds(code, arrays[res.params["value"]])} if res.params["type"] == "minmax" else None
        # a value filled from Part I stays "not typed" unless the candidate sets it
        filled = {
            v: np.array([self.filled.get(v, False) and v not in c for c in candidates])
            for v in res.variables
            if v in self.filled
        }
        points, _ = score_rule(self.assessment.catalogue, res, arrays, np.arange(k), bounds, filled)
        return points

    def _bounds(self, code: str, x: np.ndarray) -> dict[int, tuple[float, float]]:
        """Min-Max bounds per candidate: the reference bounds, or the peers with the candidate's value."""
        ref = (self.assessment.bounds or {}).get(code, {}).get(self.year)
        if ref is not None:
            return {j: ref for j in range(len(x))}
        peers = self.peers[self.resolved[code].params["value"]].dropna().to_numpy()
        out = {}
        for j, xj in enumerate(x):
            pool = peers if np.isnan(xj) else np.append(peers, xj)
            if len(pool) >= 2:
                out[j] = (float(pool.min()), float(pool.max()))
        return out

    def best_peer_value(self, code: str) -> float | None:
        """The value that gives full Min-Max points: the reference maximum or the peers' maximum."""
        ref = (self.assessment.bounds or {}).get(code, {}).get(self.year)
        if ref is not None:
            return ref[1]
        peers = self.peers[self.resolved[code].params["value"]].dropna()
        return float(peers.max()) if len(peers) else None

    def affected(self, changes: Mapping[str, float]) -> list[str]:
        """Criteria that read any of the changed variables."""
        return sorted({code for var in changes for code in self.users.get(var, [])})

    def gain(self, changes: Mapping[str, float]) -> float:
        """Points gained over all criteria that read the changed variables."""
        return float(sum(np.diff(self.points(code, [{}, changes]))[0] for code in self.affected(changes)))

    def apply(self, changes: Mapping[str, float]) -> None:
        self.values.update(changes)


def shrink(unit: Unit, move: Move, needed: float) -> Move:
    """The smallest quantity move (in steps) that still gains `needed` points (gain is monotone)."""
    lo, hi = 0, round(move.extra / move.step)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if unit.gain(move.with_extra(mid * move.step).changes()) >= needed - TOL:
            hi = mid
        else:
            lo = mid
    return move.with_extra(hi * move.step)


# ------------------------------------------------------------------ next move: the rule's lever


class _Lever:
    """One unit's criterion as a rule's lever sees it (`dxkit.core.rules.Lever`)."""

    def __init__(self, unit: Unit, code: str):
        self.unit, self.code = unit, code
        self.max_points = unit.assessment.catalogue.criteria[code].max_points

    def value(self, var: str) -> float:
        return self.unit.values[var]

    def choice_ids(self, var: str) -> list[str]:
        return [c.id for c in self.unit.assessment.catalogue.variables[var].choices]

    def is_flag(self, var: str) -> bool:
        return self.unit.assessment.catalogue.variables[var].type == "bool"

    def best_value(self) -> float | None:
        return self.unit.best_peer_value(self.code)

    def decide(self, changes: Mapping[str, float]) -> Move:
        return Move(self.code, DECISION, decision=dict(changes))

    def raise_to(self, names: Sequence[str], target: float, scale: float) -> Move | None:
        """Raise the sum of `names` to `target`, each variable at most up to the whole it is part of.

        `scale` is the sum that gives full points: the move's effort is extra / scale.
        """
        cat, v = self.unit.assessment.catalogue, self.unit.values
        step = 1.0 if all(cat.variables[n].type == "count" for n in names) else AMOUNT_STEP
        need = target - sum(v[n] for n in names)
        extra = math.ceil(need / step - 1e-9) * step
        levers = tuple((n, v[n], self._upper(n)) for n in names)
        if extra <= 0 or sum(b - c for _, c, b in levers) < extra - TOL or scale <= 0:
            return None
        return Move(self.code, QUANTITY, levers=levers, extra=extra, step=step, scale=scale)

    def _upper(self, name: str) -> float:
        whole = self.unit.assessment.catalogue.variables[name].part_of
        bound = self.unit.values[whole] if whole else math.nan
        return math.inf if math.isnan(bound) else bound


def next_move(unit: Unit, code: str) -> Move | None:
    """The smallest change of `code`'s inputs reaching its next breakpoint, or None if none helps."""
    res = unit.resolved[code]
    return res.rule.lever(_Lever(unit, code), res.params)
