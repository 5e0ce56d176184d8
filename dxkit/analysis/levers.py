"""What a district can change to win points, and exactly how many points each change wins.

A `Unit` holds one district-year's engine values and scores a criterion for candidate changes with
the engine's own rule (Min-Max peers included), so every gain here is what `score` would give.
`next_move` finds, per criterion, the smallest change reaching its next breakpoint: a decision
(yes/no, choice, part, gate, "reviewed" flag) or a quantity (extra numerator units up to the next
threshold, tier or the maximum). Denominators are held fixed: extra units are existing ones
converted (e.g. dossiers already filed that get paid online).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from dxkit.analysis._common import TOL, check_unit
from dxkit.core.assessment import Assessment
from dxkit.core.engine import score_rule
from dxkit.core.rules import EPS, RULES

DECISION, QUANTITY = "decision", "quantity"
AMOUNT_STEP = 0.001  # smallest change of an amount (million or billion VND) a plan proposes


@dataclass(frozen=True)
class Move:
    """A change of one criterion's inputs: fixed values (decision) or `extra` units spread over levers."""

    code: str
    kind: str
    decision: Mapping[str, float] = field(default_factory=dict)
    levers: tuple[tuple[str, float, float], ...] = ()   # (variable, current value, upper bound)
    extra: float = 0.0
    step: float = 1.0
    scale: float = 1.0   # the amount that gives full points (numerator at the threshold, best value, …)

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
        self.params = {code: cat.resolved_rule(code, assessment.options) for code in cat.criteria}
        self.variables = {code: RULES[p["type"]].variables(p) for code, p in self.params.items()}
        self.users: dict[str, list[str]] = {}
        for code, names in self.variables.items():
            for var in names:
                self.users.setdefault(var, []).append(code)
        self.choices = cat.choices

    def points(self, code: str, candidates: list[Mapping[str, float]]) -> np.ndarray:
        """Points of `code` for each candidate change applied to the current values."""
        params, k = self.params[code], len(candidates)
        arrays = {v: np.array([c.get(v, self.values[v]) for c in candidates], dtype=float)
                  for v in self.variables[code]}
        bounds = {code: self._bounds(code, arrays[params["value"]])} if params["type"] == "minmax" else None
        # a value filled from Part I stays "not typed" unless the candidate sets it
        filled = {v: np.array([self.filled.get(v, False) and v not in c for c in candidates])
                  for v in self.variables[code] if v in self.filled}
        points, _ = score_rule(self.assessment.catalogue, code, self.assessment.options, arrays, np.arange(k), bounds,
                               filled)
        return points

    def _bounds(self, code: str, x: np.ndarray) -> dict[int, tuple[float, float]]:
        """Min-Max bounds per candidate: the reference bounds, or the peers with the candidate's value."""
        ref = (self.assessment.bounds or {}).get(code, {}).get(self.year)
        if ref is not None:
            return {j: ref for j in range(len(x))}
        peers = self.peers[self.params[code]["value"]].dropna().to_numpy()
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
        peers = self.peers[self.params[code]["value"]].dropna()
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


# ------------------------------------------------------------------ next move per rule type

def next_move(unit: Unit, code: str) -> Move | None:
    """The smallest change of `code`'s inputs reaching its next breakpoint, or None if none helps."""
    params = unit.params[code]
    return _NEXT[params["type"]](unit, code, params)


def _decide(code: str, changes: Mapping[str, float]) -> Move:
    return Move(code, DECISION, decision=dict(changes))


def _raise(unit: Unit, code: str, names: list[str], target: float, scale: float) -> Move | None:
    """Raise the sum of `names` to `target`, each variable at most up to the whole it is part of.

    `scale` is the sum that gives full points: the move's effort is extra / scale.
    """
    cat = unit.assessment.catalogue
    v = unit.values
    step = 1.0 if all(cat.variables[n].type == "count" for n in names) else AMOUNT_STEP
    need = target - sum(v[n] for n in names)
    extra = math.ceil(need / step - 1e-9) * step
    levers = tuple((n, v[n], _upper(unit, n)) for n in names)
    if extra <= 0 or sum(b - c for _, c, b in levers) < extra - TOL or scale <= 0:
        return None
    return Move(code, QUANTITY, levers=levers, extra=extra, step=step, scale=scale)


def _upper(unit: Unit, name: str) -> float:
    whole = unit.assessment.catalogue.variables[name].part_of
    bound = unit.values[whole] if whole else math.nan
    return math.inf if math.isnan(bound) else bound


def _yes_no(unit: Unit, code: str, p: dict) -> Move | None:
    return _decide(code, {p["value"]: 1.0}) if unit.values[p["value"]] == 0 else None


def _parts(unit: Unit, code: str, p: dict) -> Move | None:
    open_ = [part for part in p["parts"] if unit.values[part["value"]] == 0]
    if not open_:
        return None
    return _decide(code, {max(open_, key=lambda part: part["points"])["value"]: 1.0})


def _choice(unit: Unit, code: str, p: dict) -> Move | None:
    ids = [c.id for c in unit.choices[p["value"]]]
    best = max(range(len(ids)), key=lambda i: p["shares"][ids[i]])
    current = int(unit.values[p["value"]])
    return _decide(code, {p["value"]: float(best)}) if p["shares"][ids[current]] < p["shares"][ids[best]] else None


def _ratio_target(unit: Unit, code: str, p: dict, level: float, full: float) -> Move | None:
    """Raise the numerator to `level` × denominator; `full` is the ratio that gives full points."""
    den = sum(unit.values[n] for n in p["denominator"])
    return _raise(unit, code, list(p["numerator"]), level * den, full * den)


def _zero_denominator(unit: Unit, code: str, p: dict) -> Move | None:
    """With no denominator, only an `on_zero: {if_true: FLAG}` rule can still be won (a decision)."""
    on_zero = p.get("on_zero")
    if isinstance(on_zero, dict) and unit.values[on_zero["if_true"]] == 0:
        return _decide(code, {on_zero["if_true"]: 1.0})
    return None


def _ratio(unit: Unit, code: str, p: dict) -> Move | None:
    num = sum(unit.values[n] for n in p["numerator"])
    den = sum(unit.values[n] for n in p["denominator"])
    if den == 0:
        return _zero_denominator(unit, code, p)
    full = p.get("threshold") or 1.0
    return _ratio_target(unit, code, p, full, full) if num / den < full - EPS else None


def _tiers(unit: Unit, code: str, p: dict) -> Move | None:
    if p.get("gate") and unit.values[p["gate"]] == 0:
        return _decide(code, {p["gate"]: 1.0})
    mins = sorted(t["min"] for t in p["tiers"])
    if p.get("value"):
        measure = unit.values[p["value"]]
    else:
        den = sum(unit.values[n] for n in p["denominator"])
        if den == 0:
            return _zero_denominator(unit, code, p)
        measure = sum(unit.values[n] for n in p["numerator"]) / den
    higher = [m for m in mins if m > measure + EPS]
    if not higher:
        return None
    if p.get("value"):
        return _raise(unit, code, [p["value"]], higher[0], max(mins))
    return _ratio_target(unit, code, p, higher[0], max(mins))


def _count(unit: Unit, code: str, p: dict) -> Move | None:
    full = math.ceil(unit.assessment.catalogue.criteria[code].max_points / float(p["points_each"]) - 1e-9)
    return _raise(unit, code, [p["value"]], full, full)


def _minmax(unit: Unit, code: str, p: dict) -> Move | None:
    """Meet every `full_if` condition if only yes/no flags are missing; otherwise reach the best value."""
    cat = unit.assessment.catalogue
    wanted = {c["var"]: float(c["equals"]) for c in p.get("full_if") or []}
    differ = {var: want for var, want in wanted.items() if unit.values[var] != want}
    if differ and all(cat.variables[var].type == "bool" for var in differ):
        return _decide(code, differ)
    best = unit.best_peer_value(code)
    if best is None or best <= 0:
        return None
    return _raise(unit, code, [p["value"]], best, best)


_NEXT: dict[str, Callable[[Unit, str, dict], Move | None]] = {
    "yes_no": _yes_no, "parts": _parts, "choice": _choice, "ratio": _ratio,
    "tiers": _tiers, "count": _count, "minmax": _minmax,
}
