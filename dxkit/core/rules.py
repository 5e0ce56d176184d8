"""Rule types: the scoring logic, vectorised over many units, knowing no criterion codes.

Each rule type is one class registered with `@register_rule`, carrying everything about it: the
parameters it takes and their checks (`required`, `optional`, `check_params`, `check_criterion`),
the variables it reads (`variables`), how it scores all rows at once (`score`), how it explains one
row (`explain`), what it finds for a reviewer (`findings`) and its lever for planning (`lever`).
Adding a rule type is adding one registered class (here or anywhere else).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeGuard, TypeVar

import numpy as np
import pandas as pd

from dxkit.core import fmt, vocab
from dxkit.core.findings import near, number_problem, shown
from dxkit.core.problems import Problem, Reason
from dxkit.core.vocab import Message, Status, t

# Status codes of the vectorised arrays (`Status.code`); the engine names them with `Status`.
OK, MISSING, INVALID = Status.OK.code, Status.MISSING.code, Status.INVALID.code
NO_DENOMINATOR, NEEDS_PEERS = Status.NO_DENOMINATOR.code, Status.NEEDS_PEERS.code
EPS = 1e-9  # tolerance for comparing a ratio with a threshold (7/100 vs 0.07)
RuleProblem = Message | str  # what a rule type's framework checks find: a message, or text (rule types from outside)
RULES: dict[str, Rule] = {}  # rule type name → its registered rule (see `register_rule`)
Move = TypeVar("Move", covariant=True)


class ChoiceView(Protocol):
    """One answer of a choice variable as a rule sees it (a `catalogue.Choice`)."""

    @property
    def id(self) -> str: ...

    @property
    def label(self) -> Callable[[str], str]: ...


class VariableView(Protocol):
    """A declared variable as a rule's framework checks see it (a `catalogue.Variable`)."""

    @property
    def type(self) -> str: ...

    @property
    def part_of(self) -> str | None: ...

    @property
    def choices(self) -> Sequence[ChoiceView]: ...


class Lever(Protocol[Move]):
    """One unit's criterion as a rule's `lever` sees it (bound by `dxkit.analysis.levers`)."""

    @property
    def max_points(self) -> float: ...

    def value(self, var: str) -> float:
        """The unit's current engine value of `var`."""

    def choice_ids(self, var: str) -> list[str]:
        """The ids of the choices of `var`, in engine order."""

    def is_flag(self, var: str) -> bool:
        """True for a yes/no variable (changing it is a decision)."""

    def best_value(self) -> float | None:
        """The value giving full Min-Max points (reference maximum or the peers' best), if any."""

    def decide(self, changes: Mapping[str, float]) -> Move:
        """A decision: set these variables to these engine values."""

    def raise_to(self, names: Sequence[str], target: float, scale: float) -> Move | None:
        """Raise the sum of `names` to `target` (`scale`: the sum giving full points), if reachable."""


@dataclass
class Context:
    """What a rule sees for one criterion over all rows."""

    code: str
    max_points: float
    params: dict[str, Any]
    values: Mapping[str, np.ndarray]
    years: np.ndarray
    choices: Mapping[str, Sequence[ChoiceView]] = field(default_factory=dict)
    bounds: Mapping[int, tuple[float, float]] = field(default_factory=dict)
    from_general: Mapping[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.years)

    def get(self, var: str) -> np.ndarray:
        return self.values[var]

    def total(self, names: list[str]) -> np.ndarray:
        return np.sum([self.values[v] for v in names], axis=0)

    def row_total(self, names: list[str], i: int) -> float:
        """`total(names)[i]` (a NumPy float: a zero denominator gives inf or NaN), without summing every row."""
        return sum(self.values[v][i] for v in names)


@dataclass
class Outcome:
    """Result of a rule: `share` of the maximum (0-1), status code, measure and extra detail."""

    share: np.ndarray
    status: np.ndarray
    measure: np.ndarray
    detail: dict[str, np.ndarray] = field(default_factory=dict)


def _outcome(share: np.ndarray, status: np.ndarray, measure: np.ndarray, **detail) -> Outcome:
    share = np.where(status == OK, np.clip(np.nan_to_num(share), 0.0, 1.0), 0.0)
    return Outcome(share, status.astype(np.int8), measure, detail)


# ---------------------------------------------------------------- words shared by rules

INPUT_DECIMALS = 6  # inputs are shown as given (up to 6 decimals); results with 2


def _sum_text(ctx: Context, names: list[str], i: int, lang: str) -> str:
    vals = [fmt.number(ctx.values[v][i], lang, INPUT_DECIMALS) for v in names]
    return vals[0] if len(vals) == 1 else "(" + " + ".join(vals) + ")"


def _general_note(ctx: Context, names: list[str], i: int, lang: str) -> str:
    filled = [v for v in names if v in ctx.from_general and ctx.from_general[v][i]]
    return t("core.explain.from_part_i", lang, names=", ".join(filled)) if filled else ""


def _answer(yes: bool, lang: str) -> str:
    """'có' / 'yes' or 'không' / 'no'."""
    return t("core.yes" if yes else "core.no", lang)


def _pts(ctx: Context, o: Outcome, i: int, lang: str) -> str:
    return fmt.points(o.share[i] * ctx.max_points, ctx.max_points, lang)


# ---------------------------------------------------------------- ratio and its zero denominator


def _filled_rows(ctx: Context) -> np.ndarray:
    """Rows whose denominator was filled from Part I (a number nobody typed for this criterion)."""
    filled = np.zeros(ctx.n, dtype=bool)
    for v in ctx.params["denominator"]:
        if v in ctx.from_general:
            filled |= ctx.from_general[v]
    return filled


def _ratio_parts(ctx: Context) -> tuple[np.ndarray, ...]:
    """Numerator, denominator, ratio, missing, zero, over (invalid), capped, review.

    A ratio above 1 is capped where the rule says `cap` (numerator and denominator count different
    things) or the denominator came from Part I; it is then listed for review, unless the rule says
    `above_one: expected` (e.g. computers per official: the seed caps it, "Điểm luôn ≤ 10").
    """
    p = ctx.params
    num, den = ctx.total(p["numerator"]), ctx.total(p["denominator"])
    missing = np.isnan(num) | np.isnan(den)
    zero = ~missing & (den == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(zero | missing, np.nan, num / np.where(den == 0, 1, den))
    above = ~missing & ~zero & (num > den * (1 + EPS))
    filled = _filled_rows(ctx)
    capped = above & (bool(p.get("cap")) | filled)
    review = capped & (p.get("above_one") != "expected")
    return num, den, r, missing, zero, above & ~capped, capped, review


def _zero_denominator(ctx: Context, zero: np.ndarray, status: np.ndarray, share: np.ndarray) -> None:
    """Apply `on_zero` where the denominator is 0: no_denominator, full, or {if_true: VAR}."""
    on_zero = ctx.params.get("on_zero", "no_denominator")
    zero = zero & (status == OK)
    if on_zero == "full":
        share[zero] = 1.0
    elif isinstance(on_zero, dict):
        flag = ctx.get(on_zero["if_true"])
        status[zero & np.isnan(flag)] = MISSING
        share[zero] = np.nan_to_num(flag[zero])
    else:
        status[zero] = NO_DENOMINATOR


def _ratio_status(ctx: Context) -> tuple[np.ndarray, ...]:
    """Numerator, denominator, ratio (capped at 1 where allowed), zero, over (invalid), capped, review, status."""
    num, den, r, missing, zero, over, capped, review = _ratio_parts(ctx)
    status = np.full(ctx.n, OK, dtype=np.int8)
    status[missing] = MISSING
    status[over] = INVALID
    return num, den, np.where(capped, 1.0, r), zero, over, capped, review, status


def _explain_ratio_head(ctx: Context, o: Outcome, i: int, lang: str) -> str | None:
    """Words for the rows a ratio cannot score normally (missing, part > whole, zero denominator)."""
    p = ctx.params
    num_t, den_t = _sum_text(ctx, p["numerator"], i, lang), _sum_text(ctx, p["denominator"], i, lang)
    note = _general_note(ctx, p["denominator"], i, lang)
    if o.detail["over"][i]:
        return t("core.explain.ratio.over", lang, num=num_t, den=den_t, note=note)
    if o.detail["zero"][i]:
        on_zero = p.get("on_zero", "no_denominator")
        pts = _pts(ctx, o, i, lang)
        if isinstance(on_zero, dict):
            flag = ctx.get(on_zero["if_true"])[i]
            if np.isnan(flag):
                return t("core.explain.ratio.zero.flag_missing", lang, flag=on_zero["if_true"], points=pts)
            key = "core.explain.ratio.zero.flag_yes" if flag == 1 else "core.explain.ratio.zero.flag_no"
            return t(key, lang, flag=on_zero["if_true"], points=pts)
        if on_zero == "full":
            return t("core.explain.ratio.zero.full", lang, note=note, points=pts)
        return t("core.explain.ratio.zero.no_denominator", lang, note=note, points=pts)
    return None


def _ratio_text(ctx: Context, i: int, lang: str) -> str:
    p = ctx.params
    num_t, den_t = _sum_text(ctx, p["numerator"], i, lang), _sum_text(ctx, p["denominator"], i, lang)
    r = ctx.row_total(p["numerator"], i) / ctx.row_total(p["denominator"], i)
    note = _general_note(ctx, p["denominator"], i, lang)
    return t("core.explain.ratio.value", lang, num=num_t, den=den_t, ratio=fmt.percent(r, lang), note=note)


def _explained(rule: Rule, ctx: Context, o: Outcome, i: int) -> vocab.Text:
    """Row `i` explained in every language, written now (the engine may later change the outcome)."""
    return vocab.Text({lang: rule.explain(ctx, o, i, lang) for lang in vocab.languages()})


# ---------------------------------------------------------------- checks of parameters (framework files)

# A check of one parameter value: (value, key, place under the rule) → what is wrong, or None.
FieldCheck = Callable[[Any, str, tuple[Any, ...]], Message | None]
NUMERIC = ("count", "amount")  # the variable types holding a number
BOOL = ("bool",)


def _is_id(x: object) -> TypeGuard[str]:
    return isinstance(x, str) and bool(x.strip())


def _id(value: Any, key: str, at: tuple[Any, ...]) -> Message | None:
    """A variable id: a text (not a list, a number or nothing)."""
    return None if _is_id(value) else Message("framework.rule.variable_id", key=key, value=shown(value), at=at)


def _ids(value: Any, key: str, at: tuple[Any, ...]) -> Message | None:
    """A non-empty list of variable ids (a lone "II.1.3.a" is not a list: it would be read letter by letter)."""
    if isinstance(value, list) and value and all(map(_is_id, value)):
        return None
    return Message("framework.rule.variable_list", key=key, value=shown(value), at=at)


def _number(kind: str) -> FieldCheck:
    """A number of the range `kind` (`findings.RANGES`)."""
    return lambda value, key, at: number_problem(value, key, kind, at=at)


def _flag_or_number(value: Any, key: str, at: tuple[Any, ...]) -> Message | None:
    return None if isinstance(value, bool) else number_problem(value, key, at=at)


def _text(value: Any, key: str, at: tuple[Any, ...]) -> Message | None:
    """A text in the framework's languages: a mapping {vi: …, en: …}."""
    return None if isinstance(value, Mapping) else Message("framework.rule.text", key=key, value=shown(value), at=at)


def _field(params: Mapping[str, Any], key: str, check: FieldCheck) -> list[RuleProblem]:
    """`check` of `params[key]`, if given."""
    found = check(params[key], key, (key,)) if key in params else None
    return [found] if found else []


def _entry(item: Mapping[str, Any], fields: Mapping[str, FieldCheck], at: tuple[Any, ...]) -> list[RuleProblem]:
    """A mapping with exactly `fields` (name → check of its value): no other key, none missing (but
    a misspelt one is told once, with the name it misspells)."""
    problems: list[RuleProblem] = []
    meant = set()
    for name in item:
        if name not in fields:
            hint = near(name, fields)
            meant.add(hint.fields.get("near") if hint else None)
            problems.append(Message("framework.unknown_key", key=name, at=(*at, name), hint=hint))
    for name, check in fields.items():
        if name not in item and name in meant:
            continue
        found = check(item[name], name, (*at, name)) if name in item else Message("framework.missing_key", key=name)
        if found is not None:
            problems.append(Message(found.key, **{"at": at, **found.fields}))
    return problems


def _items(
    params: Mapping[str, Any], key: str, fields: Mapping[str, FieldCheck], empty: bool = False
) -> list[RuleProblem]:
    """`params[key]`, if given, is a list (non-empty unless `empty`) of mappings with exactly `fields`."""
    if key not in params:
        return []
    items, names = params[key], ", ".join(fields)
    if not isinstance(items, list) or not (items or empty):
        return [Message("framework.rule.item_list", key=key, fields=names, value=shown(items))]
    problems: list[RuleProblem] = []
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            problems += _entry(item, fields, (key, i))
        else:
            problems.append(Message("framework.rule.item", key=key, fields=names, value=shown(item), at=(key, i)))
    return problems


def _one_of(params: Mapping[str, Any], key: str, known: Sequence[str], also: str = "") -> list[RuleProblem]:
    """`params[key]`, if given, is one of `known` (or `also`, a shape told in words): a misspelt one gets the closest."""
    value = params.get(key)
    if key not in params or (isinstance(value, str) and value in known):
        return []
    hint = near(value, known, listing=False) if isinstance(value, str) else None
    listed = ", ".join([*known, also] if also else known)
    return [Message("framework.rule.one_of", key=key, value=shown(value), known=listed, hint=hint)]


def _shares(params: Mapping[str, Any]) -> list[RuleProblem]:
    """`shares`, if given: a mapping choice id → share of the maximum in [0, 1]."""
    shares = params.get("shares")
    if "shares" not in params:
        return []
    if not isinstance(shares, Mapping) or not shares:
        return [Message("framework.rule.shares_mapping", key="shares", value=shown(shares))]
    check = _number("share")
    return [found for k, v in shares.items() if (found := check(v, str(k), ("shares", k)))]


def _on_zero(params: Mapping[str, Any], flag: bool) -> list[RuleProblem]:
    """`on_zero`, if given: no_denominator, full, or (with `flag`) {if_true: VAR} (the share is VAR's yes/no)."""
    on_zero = params.get("on_zero")
    if flag and isinstance(on_zero, Mapping):
        return _entry(on_zero, {"if_true": _id}, ("on_zero",))
    return _one_of(params, "on_zero", ("no_denominator", "full"), "{if_true: …}" if flag else "")


def _named(params: Any, key: str, at: tuple[Any, ...] = ()) -> list[tuple[str, tuple[Any, ...]]]:
    """The variable ids `params[key]` names (one, or a list), each with its place under the rule."""
    value = params.get(key) if isinstance(params, Mapping) else None
    here = (*at, key)
    if isinstance(value, list):
        return [(v, (*here, i)) for i, v in enumerate(value) if _is_id(v)]
    return [(value, here)] if _is_id(value) else []


def _typed(
    named: list[tuple[str, tuple[Any, ...]]], variables: Mapping[str, VariableView], types: Sequence[str]
) -> list[RuleProblem]:
    """The declared variables of `named` are of one of `types` (a count is no yes/no, a choice no number)."""
    return [
        Message(
            "framework.rule.variable_type",
            key=at[0],
            variable=name,
            type=variables[name].type,
            expected=", ".join(types),
            at=at,
        )
        for name, at in named
        if name in variables and variables[name].type not in types
    ]


# ---------------------------------------------------------------- rule types


class Rule(ABC):
    """Base of a rule type. Subclass it, set `name` and `required`/`optional`, and decorate with
    `@register_rule`; `score` works on all rows at once, `explain` on one row with status ok."""

    name: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ("value",)
    optional: ClassVar[tuple[str, ...]] = ()

    def check(self, params: Mapping[str, Any]) -> list[RuleProblem]:
        """What is wrong with a rule's resolved parameters (checked when a framework is loaded).

        A problem is a `vocab.Message` (or plain text, for a rule type registered outside dxkit); a
        message with a `key` field is placed at that parameter of the rule in the framework file (with
        an `at` field, at that path below the rule: `("tiers", 0, "min")`), and its `hint` field, if
        any, is the suggestion shown with it."""
        takes = {*self.required, *self.optional}
        return (
            [Message("framework.rule.needs", rule=self.name, key=key) for key in self.required if key not in params]
            + [
                Message("framework.rule.does_not_take", rule=self.name, key=key, hint=near(key, takes))
                for key in params
                if key not in {"type", "overrides", *takes}
            ]
            + self.check_params(params)
        )

    def check_params(self, params: Mapping[str, Any]) -> list[RuleProblem]:
        """Checks of the parameters' values (a parameter may be absent: `check` says so). By default
        `value`, if given, is a variable id."""
        return _field(params, "value", _id)

    def check_criterion(
        self, rule: Mapping[str, Any], max_points: float, variables: Mapping[str, VariableView]
    ) -> list[RuleProblem]:
        """Checks needing the framework: the rule (resolved under some options), its criterion's
        maximum, the declared variables (e.g. their types)."""
        return []

    @abstractmethod
    def variables(self, params: Mapping[str, Any]) -> list[str]:
        """The variables the rule reads under these parameters."""

    @abstractmethod
    def score(self, ctx: Context) -> Outcome:
        """Share of the maximum, status and measure of every row."""

    @abstractmethod
    def explain(self, ctx: Context, o: Outcome, i: int, lang: str) -> str:
        """Row `i` in words a reviewer can check."""

    def findings(self, ctx: Context, o: Outcome) -> list[tuple[int, Problem]]:
        """(row, problem) for what a reviewer must hear: by default an error per row the rule found invalid."""
        return [
            (int(i), Problem("error", _explained(self, ctx, o, int(i)), variable=ctx.code, reason=Reason.INVALID_VALUE))
            for i in np.flatnonzero(o.status == INVALID)
        ]

    def lever(self, unit: Lever[Move], params: Mapping[str, Any]) -> Move | None:
        """The smallest change of the unit's inputs reaching the next breakpoint, or None (no lever)."""
        return None


def register_rule(cls: type[Rule]) -> type[Rule]:
    """Class decorator: make rule type `cls.name` known to frameworks, the engine and planning."""
    if not cls.name:
        raise ValueError(f"{cls.__name__}: a rule type needs a `name`")
    if cls.name in RULES:
        raise ValueError(f"rule type {cls.name!r} is already registered ({type(RULES[cls.name]).__name__})")
    RULES[cls.name] = cls()
    return cls


class _RatioBased(Rule):
    """A rule that may score numerator/denominator: checks `cap`, finds parts above wholes and capped ratios."""

    zero_flag: ClassVar[bool] = True  # `on_zero: {if_true: VAR}` is read (`variables` lists VAR)

    def check_params(self, params):
        return (
            _field(params, "numerator", _ids)
            + _field(params, "denominator", _ids)
            + _field(params, "basis", _text)
            + _one_of(params, "above_one", ("expected",))
            + _on_zero(params, self.zero_flag)
        )

    def check_criterion(self, rule, max_points, variables):
        numbers = _named(rule, "numerator") + _named(rule, "denominator")
        flag = _named(rule.get("on_zero"), "if_true", ("on_zero",)) if self.zero_flag else []
        return (
            (_check_cap(rule, variables) if "numerator" in rule else [])
            + _typed(numbers, variables, NUMERIC)
            + _typed(flag, variables, BOOL)
        )

    def findings(self, ctx, o):
        out = [
            (
                int(i),
                Problem(
                    "error", _explained(self, ctx, o, int(i)), variable=ctx.code, reason=Reason.PART_LARGER_THAN_WHOLE
                ),
            )
            for i in np.flatnonzero(o.status == INVALID)
        ]
        # why a ratio above 100% is capped: the source's words (`basis`), or a denominator nobody entered
        why = (
            vocab.Text(ctx.params.get("basis") or {})
            if ctx.params.get("cap")
            else Message("core.finding.denominator_from_part_i")
        )
        for i in np.flatnonzero(o.detail.get("review", False) & (o.status == OK)):
            rule = Message("core.finding.ratio_capped", explanation=_explained(self, ctx, o, int(i)), why=why)
            out.append((int(i), Problem("warning", rule, variable=ctx.code, reason=Reason.RATIO_CAPPED)))
        return out


def _check_cap(rule: Mapping[str, Any], variables: Mapping[str, VariableView]) -> list[RuleProblem]:
    """A ratio states whether its numerator is part of its denominator (`cap: false`: a > b is an
    error, and each numerator variable says `part_of`) or counts something else (`cap: true`:
    a > b is honest data, capped at 100% and listed for review), with the source's words (`basis`)."""
    cap = rule.get("cap")
    if not isinstance(cap, bool):
        return [Message("framework.rule.cap", key="cap")]
    problems: list[RuleProblem] = []
    if rule.get("basis") is None:
        problems.append(Message("framework.rule.basis", cap=str(cap).lower()))
    denominators = {name for name, _ in _named(rule, "denominator")}
    parts = [v for v, _ in _named(rule, "numerator") if v in variables and variables[v].part_of in denominators]
    if cap and parts:
        problems.append(Message("framework.rule.cap_part_of", key="cap", variables=", ".join(parts)))
    return problems


def _zero_lever(unit: Lever[Move], p: Mapping[str, Any]) -> Move | None:
    """With no denominator, only an `on_zero: {if_true: FLAG}` rule can still be won (a decision)."""
    on_zero = p.get("on_zero")
    if isinstance(on_zero, dict) and unit.value(on_zero["if_true"]) == 0:
        return unit.decide({on_zero["if_true"]: 1.0})
    return None


def _ratio_of(unit: Lever[Move], p: Mapping[str, Any]) -> tuple[float, float]:
    return sum(unit.value(n) for n in p["numerator"]), sum(unit.value(n) for n in p["denominator"])


def _raise_ratio(unit: Lever[Move], p: Mapping[str, Any], level: float, full: float) -> Move | None:
    """Raise the numerator to `level` × denominator; `full` is the ratio that gives full points."""
    den = _ratio_of(unit, p)[1]
    return unit.raise_to(list(p["numerator"]), level * den, full * den)


@register_rule
class Ratio(_RatioBased):
    """r = sum(numerator)/sum(denominator); r × max, or threshold/cap variants."""

    name = "ratio"
    required = ("numerator", "denominator")
    optional = ("cap", "basis", "above_one", "threshold", "below", "on_zero")

    def check_params(self, params):
        problems = super().check_params(params) + _one_of(params, "below", ("linear", "proportional", "zero"))
        threshold = params.get("threshold")
        if threshold is None:  # none: r × max
            return problems
        found = number_problem(threshold, "threshold")
        if found is None and not 0 < threshold <= 1:
            hint = Message("framework.suggest.threshold")
            found = Message("framework.rule.threshold", key="threshold", value=shown(threshold), hint=hint)
        return problems + ([found] if found else [])

    def variables(self, params):
        names = list(params["numerator"]) + list(params["denominator"])
        on_zero = params.get("on_zero")
        return names + ([on_zero["if_true"]] if isinstance(on_zero, dict) else [])

    def lever(self, unit, params):
        num, den = _ratio_of(unit, params)
        if den == 0:
            return _zero_lever(unit, params)
        full = params.get("threshold") or 1.0
        return _raise_ratio(unit, params, full, full) if num / den < full - EPS else None

    def score(self, ctx):
        p = ctx.params
        num, den, rc, zero, over, capped, review, status = _ratio_status(ctx)
        share = rc.copy()
        threshold = p.get("threshold")
        if threshold is not None:
            below = {"linear": rc, "proportional": rc / threshold, "zero": np.zeros_like(rc)}[p.get("below", "linear")]
            share = np.where(rc >= threshold - EPS, 1.0, below)
        _zero_denominator(ctx, zero, status, share)
        with np.errstate(divide="ignore", invalid="ignore"):
            measure = np.where(capped, num / den, rc)
        return _outcome(share, status, measure, zero=zero, over=over, capped=capped, review=review)

    def explain(self, ctx, o, i, lang):
        head = _explain_ratio_head(ctx, o, i, lang)
        if head:
            return head
        p = ctx.params
        text, r, pts = _ratio_text(ctx, i, lang), o.measure[i], _pts(ctx, o, i, lang)
        if o.detail["capped"][i]:
            return f"{t('core.explain.capped', lang, text=text)} → {pts}"
        threshold = p.get("threshold")
        if threshold is None:
            return f"{text} → {fmt.percent(r, lang)} × {fmt.number(ctx.max_points, lang)} = {pts}"
        tt = fmt.percent(threshold, lang)
        if r >= threshold - EPS:
            return f"{text} ≥ {tt} → {pts}" if threshold < 1 else f"{text} → {pts}"
        how = t(f"core.explain.ratio.below.{p.get('below', 'linear')}", lang, threshold=tt)
        return f"{text} < {tt}: {how} → {pts}"


@register_rule
class Tiers(_RatioBased):
    """Stepped shares of the maximum by a value or ratio, optionally gated by a yes/no."""

    name = "tiers"
    required = ("tiers",)
    optional = ("value", "numerator", "denominator", "gate", "cap", "basis", "above_one", "on_zero")
    zero_flag = False  # its `variables` do not list a flag: `on_zero` is no_denominator or full

    def check_params(self, params):
        problems = (
            super().check_params(params)
            + _items(params, "tiers", {"min": _number("any"), "share": _number("share")})
            + _field(params, "value", _id)
            + _field(params, "gate", _id)
        )
        if not params.get("value") and not ("numerator" in params and "denominator" in params):
            problems.append(Message("framework.rule.tiers_value"))
        return problems

    def check_criterion(self, rule, max_points, variables):
        return (
            super().check_criterion(rule, max_points, variables)
            + _typed(_named(rule, "value"), variables, NUMERIC)
            + _typed(_named(rule, "gate"), variables, BOOL)
        )

    def variables(self, params):
        names = [params["value"]] if params.get("value") else list(params["numerator"]) + list(params["denominator"])
        return names + ([params["gate"]] if params.get("gate") else [])

    def lever(self, unit, params):
        if params.get("gate") and unit.value(params["gate"]) == 0:
            return unit.decide({params["gate"]: 1.0})
        mins = sorted(tier["min"] for tier in params["tiers"])
        if params.get("value"):
            measure = unit.value(params["value"])
        else:
            num, den = _ratio_of(unit, params)
            if den == 0:
                return _zero_lever(unit, params)
            measure = num / den
        higher = [m for m in mins if m > measure + EPS]
        if not higher:
            return None
        if params.get("value"):
            return unit.raise_to([params["value"]], higher[0], max(mins))
        return _raise_ratio(unit, params, higher[0], max(mins))

    def score(self, ctx):
        p = ctx.params
        if p.get("value"):
            measure = ctx.get(p["value"])
            status = np.where(np.isnan(measure), MISSING, OK).astype(np.int8)
            zero = over = capped = review = np.zeros(ctx.n, dtype=bool)
        else:
            _, _, measure, zero, over, capped, review, status = _ratio_status(ctx)
        share = np.zeros(ctx.n)
        for tier in sorted(p["tiers"], key=lambda tier: tier["min"]):
            share = np.where(measure >= tier["min"] - EPS, tier["share"], share)
        if p.get("value") is None:
            _zero_denominator(ctx, zero, status, share)
        if p.get("gate"):
            gate = ctx.get(p["gate"])
            status = np.where(gate == 0, OK, np.where(np.isnan(gate), MISSING, status)).astype(np.int8)
            share = np.where(gate == 0, 0.0, share)
        return _outcome(share, status, measure, zero=zero, over=over, capped=capped, review=review)

    def explain(self, ctx, o, i, lang):
        p = ctx.params
        pts = _pts(ctx, o, i, lang)
        if p.get("gate") and ctx.get(p["gate"])[i] == 0:
            return f"{p['gate']} = {_answer(False, lang)} → {pts}"
        if p.get("value") is None:
            head = _explain_ratio_head(ctx, o, i, lang)
            text = head or _ratio_text(ctx, i, lang)
            if o.detail["capped"][i]:
                text = t("core.explain.capped", lang, text=text)
            shown = lambda x: fmt.percent(x, lang)  # noqa: E731
        else:
            gate = f"{p['gate']} = {_answer(True, lang)}; " if p.get("gate") else ""
            head, text = None, f"{gate}{p['value']} = {fmt.number(o.measure[i], lang, INPUT_DECIMALS)}"
            shown = lambda x: fmt.number(x, lang)  # noqa: E731
        if head:
            return head
        reached = [
            tier for tier in sorted(p["tiers"], key=lambda tier: -tier["min"]) if o.measure[i] >= tier["min"] - EPS
        ]
        if not reached:
            lowest = min(tier["min"] for tier in p["tiers"])
            return f"{text} < {shown(lowest)} → {pts}"
        tier = reached[0]
        share = fmt.percent(tier["share"], lang)
        return t("core.explain.tier", lang, text=text, min=shown(tier["min"]), share=share, points=pts)


@register_rule
class ChoiceRule(Rule):
    """One answer from a list, each worth a share of the maximum."""

    name = "choice"
    required = ("value", "shares")

    def check_params(self, params):
        return super().check_params(params) + _shares(params)

    def check_criterion(self, rule, max_points, variables):
        named, shares = _named(rule, "value"), rule.get("shares")
        problems = _typed(named, variables, ("choice",))
        var = variables.get(named[0][0]) if named else None
        if problems or var is None or not isinstance(shares, Mapping):
            return problems
        if {ch.id for ch in var.choices} != set(shares):
            choices = ", ".join(ch.id for ch in var.choices)
            return [Message("framework.rule.shares", key="shares", variable=rule["value"], choices=choices)]
        return []

    def variables(self, params):
        return [params["value"]]

    def lever(self, unit, params):
        shares = [params["shares"][c] for c in unit.choice_ids(params["value"])]
        best = max(range(len(shares)), key=lambda i: shares[i])
        current = int(unit.value(params["value"]))
        return unit.decide({params["value"]: float(best)}) if shares[current] < shares[best] else None

    def score(self, ctx):
        v = ctx.get(ctx.params["value"])
        ids = [c.id for c in ctx.choices[ctx.params["value"]]]
        table = np.array([ctx.params["shares"][c] for c in ids], dtype=float)
        status = np.where(np.isnan(v), MISSING, OK).astype(np.int8)
        share = table[np.nan_to_num(v).astype(int)]
        return _outcome(share, status, v)

    def explain(self, ctx, o, i, lang):
        var = ctx.params["value"]
        chosen = ctx.choices[var][int(o.measure[i])]
        return f"{var} = {chosen.label(lang)} → {_pts(ctx, o, i, lang)}"  # the label a reader chose, not its id


@register_rule
class YesNo(Rule):
    """Full points for yes, 0 for no."""

    name = "yes_no"

    def check_criterion(self, rule, max_points, variables):
        return _typed(_named(rule, "value"), variables, BOOL)

    def variables(self, params):
        return [params["value"]]

    def lever(self, unit, params):
        return unit.decide({params["value"]: 1.0}) if unit.value(params["value"]) == 0 else None

    def score(self, ctx):
        v = ctx.get(ctx.params["value"])
        return _outcome(v, np.where(np.isnan(v), MISSING, OK), v)

    def explain(self, ctx, o, i, lang):
        return f"{ctx.params['value']} = {_answer(o.measure[i] == 1, lang)} → {_pts(ctx, o, i, lang)}"


@register_rule
class Parts(Rule):
    """Independent yes/no parts, each worth its own points."""

    name = "parts"
    required = ("parts",)

    def check_params(self, params):
        return _items(params, "parts", {"value": _id, "points": _number("non_negative")})

    def check_criterion(self, rule, max_points, variables):
        parts = rule.get("parts") if isinstance(rule.get("parts"), list) else []
        problems = _typed([n for i, p in enumerate(parts) for n in _named(p, "value", ("parts", i))], variables, BOOL)
        points = [p.get("points") if isinstance(p, Mapping) else None for p in parts]
        if not points or any(number_problem(x, "points", "non_negative") for x in points) or not max_points > 0:
            return problems  # a sum only of numbers (what is not one is found by `check_params`)
        got = sum(float(x) for x in points if x is not None)
        if not math.isclose(got, max_points):
            problems.append(Message("framework.rule.parts_sum", key="parts", got=f"{got:g}", max=f"{max_points:g}"))
        return problems

    def variables(self, params):
        return [part["value"] for part in params["parts"]]

    def lever(self, unit, params):
        open_ = [part for part in params["parts"] if unit.value(part["value"]) == 0]
        if not open_:
            return None
        return unit.decide({max(open_, key=lambda part: part["points"])["value"]: 1.0})

    def score(self, ctx):
        vals = np.array([ctx.get(part["value"]) for part in ctx.params["parts"]])
        pts = np.array([part["points"] for part in ctx.params["parts"]], dtype=float)
        status = np.where(np.isnan(vals).any(axis=0), MISSING, OK)
        got = (np.nan_to_num(vals) * pts[:, None]).sum(axis=0)
        return _outcome(got / ctx.max_points, status, got)

    def explain(self, ctx, o, i, lang):
        parts = []
        for part in ctx.params["parts"]:
            yes = ctx.get(part["value"])[i] == 1
            parts.append(f"{part['value']} = {_answer(yes, lang)} (+{fmt.number(part['points'], lang) if yes else 0})")
        return "; ".join(parts) + f" → {_pts(ctx, o, i, lang)}"


@register_rule
class Count(Rule):
    """Points per counted item, capped at the maximum."""

    name = "count"
    required = ("value", "points_each")

    def check_params(self, params):
        return super().check_params(params) + _field(params, "points_each", _number("positive"))

    def check_criterion(self, rule, max_points, variables):
        return _typed(_named(rule, "value"), variables, NUMERIC)

    def variables(self, params):
        return [params["value"]]

    def lever(self, unit, params):
        full = math.ceil(unit.max_points / float(params["points_each"]) - 1e-9)
        return unit.raise_to([params["value"]], full, full)

    def score(self, ctx):
        v = ctx.get(ctx.params["value"])
        share = v * float(ctx.params["points_each"]) / ctx.max_points
        return _outcome(share, np.where(np.isnan(v), MISSING, OK), v)

    def explain(self, ctx, o, i, lang):
        each, v = ctx.params["points_each"], o.measure[i]
        raw = v * each
        cap = t("core.explain.count_cap", lang, max=fmt.number(ctx.max_points, lang)) if raw > ctx.max_points else ""
        product = f"{fmt.number(v, lang)} × {fmt.number(each, lang)} = {fmt.number(raw, lang)}"
        return f"{ctx.params['value']} = {product}{cap} → {_pts(ctx, o, i, lang)}"


@register_rule
class MinMax(Rule):
    """(x − min)/(max − min) × max across the comparison set (units of the same year) or given bounds."""

    name = "minmax"
    optional = ("method", "full_if")

    def check_params(self, params):
        return (
            super().check_params(params)
            + _one_of(params, "method", ("minmax", "ratio_to_best"))
            + _items(params, "full_if", {"var": _id, "equals": _flag_or_number}, empty=True)
        )

    def check_criterion(self, rule, max_points, variables):
        return _typed(_named(rule, "value"), variables, NUMERIC)

    def variables(self, params):
        return [params["value"]] + [c["var"] for c in params.get("full_if") or []]

    def lever(self, unit, params):
        """Meet every `full_if` condition if only yes/no flags are missing; otherwise reach the best value."""
        wanted = {c["var"]: float(c["equals"]) for c in params.get("full_if") or []}
        differ = {var: want for var, want in wanted.items() if unit.value(var) != want}
        if differ and all(unit.is_flag(var) for var in differ):
            return unit.decide(differ)
        best = unit.best_value()
        if best is None or best <= 0:
            return None
        return unit.raise_to([params["value"]], best, best)

    def score(self, ctx):
        x = ctx.get(ctx.params["value"])
        status = np.where(np.isnan(x), MISSING, OK).astype(np.int8)
        group, years = pd.factorize(ctx.years)
        stats = pd.Series(x).groupby(group).agg(["min", "max", "count"]).reindex(range(len(years)))
        enough = stats["count"].to_numpy() >= 2
        lo_y = np.where(enough, stats["min"].to_numpy(), np.nan)
        hi_y = np.where(enough, stats["max"].to_numpy(), np.nan)
        for j, year in enumerate(years):
            if year in ctx.bounds:
                lo_y[j], hi_y[j] = ctx.bounds[year]
        lo, hi, peers = lo_y[group], hi_y[group], stats["count"].to_numpy()[group]
        no_peers = np.isnan(lo) & (status == OK)
        status[no_peers] = NEEDS_PEERS
        if ctx.params.get("method", "minmax") == "ratio_to_best":
            share = np.where(hi > 0, x / np.where(hi > 0, hi, 1), 0.0)
        else:
            span = hi - lo
            share = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1), (x > 0).astype(float))
        full = self._full_if(ctx)
        share = np.where(full == 1, 1.0, share)
        status[full == 1] = OK
        status[np.isnan(full) & np.isin(status, (OK, NEEDS_PEERS))] = MISSING
        return _outcome(share, status, x, lo=lo, hi=hi, peers=peers, full=full)

    @staticmethod
    def _full_if(ctx: Context) -> np.ndarray:
        """1 where every `full_if` condition holds, 0 where one fails, NaN where it cannot be told."""
        conds = ctx.params.get("full_if") or []
        if not conds:
            return np.zeros(ctx.n)
        result = np.ones(ctx.n)
        for c in conds:
            v = ctx.get(c["var"])
            want = float(c["equals"])
            result = np.where(np.isnan(v), np.where(result == 0, 0, np.nan), np.where(v == want, result, 0))
        return result

    def explain(self, ctx, o, i, lang):
        var, pts = ctx.params["value"], _pts(ctx, o, i, lang)
        x = fmt.number(o.measure[i], lang, INPUT_DECIMALS)
        if o.detail["full"][i] == 1:
            conds = ", ".join(
                f"{c['var']} = {_answer(c['equals'], lang) if isinstance(c['equals'], bool) else fmt.number(float(c['equals']), lang)}"
                for c in ctx.params["full_if"]
            )
            return t("core.explain.minmax.full", lang, conditions=conds, points=pts)
        year = int(ctx.years[i])
        peers = int(o.detail["peers"][i])
        if o.status[i] == NEEDS_PEERS:
            return t("core.explain.minmax.needs_peers", lang, year=year, var=var, peers=peers)
        lo, hi = o.detail["lo"][i], o.detail["hi"][i]
        src = (
            t("core.explain.minmax.reference_bounds", lang, year=year)
            if year in ctx.bounds
            else t("core.explain.minmax.peers", lang, peers=peers, year=year)
        )
        shown = {
            "var": var,
            "x": x,
            "lo": fmt.number(lo, lang, INPUT_DECIMALS),
            "hi": fmt.number(hi, lang, INPUT_DECIMALS),
            "source": src,
            "max_points": fmt.number(ctx.max_points, lang),
        }
        if not lo <= o.measure[i] <= hi:  # only with reference bounds: the share is clipped to 0-100%
            pts = t("core.explain.minmax.clipped", lang, points=pts)
        if ctx.params.get("method", "minmax") == "ratio_to_best":
            return t("core.explain.minmax.ratio_to_best", lang, best=shown["hi"], points=pts, **shown)
        if hi - lo > 0:
            return t("core.explain.minmax.span", lang, points=pts, **shown)
        return t("core.explain.minmax.flat", lang, points=pts, **shown)
