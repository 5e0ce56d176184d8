"""Load and check a framework file: the criteria as data (see docs/framework-schema.md)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dxkit.core import vocab
from dxkit.core.rules import RULES, Rule

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FRAMEWORKS_DIR = Path(__file__).resolve().parents[1] / "frameworks"
DEFAULT_FRAMEWORK = FRAMEWORKS_DIR / "vn_district_dti_2023.yaml"
INPUT_TYPES = {"count", "amount", "bool", "choice"}
GENERAL_TYPES = {"text", "count", "amount"}


class CatalogueError(ValueError):
    """A framework file breaks the schema; the message lists every problem found."""


class Text(vocab.Text):
    """A framework text in the languages its file gives: `Text({"vi": …, "en": …})`.

    `text(lang)` (or `text.text(lang)`) is the text in `lang`, falling back to the default language
    where the file does not give it; `text.vi`, `text.en`, … read one language by its code.
    """

    def __call__(self, lang: str = vocab.DEFAULT) -> str:
        return self.text(lang)

    def __getattr__(self, lang: str) -> str:
        if lang in vocab.languages():  # only language codes: never dunders (copy, pickle)
            return self.text(lang)
        raise AttributeError(f"{type(self).__name__} has no attribute or language {lang!r}")

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.by_lang.items())))


EMPTY = Text({})


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text


@dataclass(frozen=True)
class Variable:
    """One input a department enters (a variable id is part of the public interface)."""

    id: str
    criterion: str
    type: str
    label: Text
    unit: Text
    part_of: str | None = None
    from_general: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Criterion:
    code: str
    pillar: str
    name: Text
    max_points: float
    method: Text
    evidence: Text
    responsible: tuple[str, ...]
    coordinating: tuple[str, ...]
    inputs: tuple[Variable, ...]
    rule: dict[str, Any]
    notes: Text | None = None

    @property
    def rule_type(self) -> str:
        return self.rule["type"]


@dataclass(frozen=True)
class Pillar:
    code: str
    name: Text
    max_points: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class GeneralField:
    code: str
    name: Text
    type: str
    unit: Text | None
    department: str | None
    group: str | None = None


@dataclass(frozen=True)
class Department:
    id: str
    kind: str
    name: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    name: str
    default: str
    values: dict[str, Text]
    label: Text


@dataclass(frozen=True)
class Condition:
    """`var` equals a value, or is above one; a missing value never holds."""

    var: str
    equals: float | None = None
    above: float | None = None

    def holds(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        with np.errstate(invalid="ignore"):
            return (x == self.equals) if self.equals is not None else (x > self.above)


@dataclass(frozen=True)
class Check:
    """A rule across criteria: `when` all hold (a contradiction), or the `same` values differ."""

    id: str
    severity: str  # error: invalidates `invalidates`; warning: listed for review
    criteria: tuple[str, ...]
    message: Text
    when: tuple[Condition, ...] = ()
    same: tuple[str, ...] = ()
    invalidates: tuple[str, ...] = ()

    @property
    def variables(self) -> list[str]:
        return list(dict.fromkeys([c.var for c in self.when] + list(self.same)))

    def holds(self, values: pd.DataFrame) -> np.ndarray:
        """Rows of `values` (one column per variable) where the check finds a problem."""
        import numpy as np

        if self.same:
            given = values[list(self.same)].to_numpy()
            return ~np.isnan(given).any(axis=1) & (np.ptp(np.nan_to_num(given), axis=1) > 0)
        out = np.ones(len(values), dtype=bool)
        for cond in self.when:
            out &= cond.holds(values[cond.var].to_numpy())
        return out


@dataclass(frozen=True)
class Resolved:
    """A criterion under given options: its rule type, its parameters and the variables it reads."""

    code: str
    rule: Rule
    params: dict[str, Any]
    variables: tuple[str, ...]


@dataclass
class Catalogue:
    """A framework: metadata, options, departments, Part I fields, pillars and criteria."""

    id: str
    name: Text
    version: str
    source: Text
    total_max: float
    options: dict[str, Option]
    rule_defaults: dict[str, dict[str, Any]]
    departments: dict[str, Department]
    general: tuple[GeneralField, ...]
    pillars: tuple[Pillar, ...]
    checks: tuple[Check, ...] = ()
    path: Path | None = None
    unit: Text = EMPTY  # what one assessed unit is called ("huyện" / "district"); see `unit_noun`
    units: Text = EMPTY  # its plural where a language has one ("districts"); default: `unit`
    _resolved: dict[tuple[str, tuple[tuple[str, str], ...]], Resolved] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def criteria(self) -> dict[str, Criterion]:
        return {c.code: c for p in self.pillars for c in p.criteria}

    @cached_property
    def variables(self) -> dict[str, Variable]:
        return {v.id: v for c in self.criteria.values() for v in c.inputs}

    @cached_property
    def choices(self) -> dict[str, tuple[Choice, ...]]:
        """Variable id → its choices, for the variables of type choice."""
        return {v.id: v.choices for v in self.variables.values() if v.choices}

    @cached_property
    def general_fields(self) -> dict[str, GeneralField]:
        return {g.code: g for g in self.general}

    def unit_noun(self, lang: str = vocab.DEFAULT, many: bool = False) -> str:
        """What the framework calls one assessed unit in `lang` (`many`: several), e.g. "xã" / "communes";
        a framework that does not say gets the neutral "đơn vị" / "unit" (`core.unit.one|many`)."""
        given = (many and self.units.by_lang.get(lang)) or self.unit.by_lang.get(lang)
        return given or vocab.t("core.unit.many" if many else "core.unit.one", lang)

    def department_name(self, dept_id: str, lang: str = vocab.DEFAULT) -> str:
        return self.departments[dept_id].name(lang)

    def option_scope(self, name: str) -> list[str]:
        """The criteria whose rule changes with option `name` (what the option's choice can move)."""
        opt = self.options[name]
        defaults = {o.name: o.default for o in self.options.values()}
        return [
            code
            for code in self.criteria
            if any(
                self.resolved_rule(code, {**defaults, name: v}) != self.resolved_rule(code, defaults)
                for v in opt.values
            )
        ]

    def resolved(self, code: str, options: Mapping[str, str] | None = None) -> Resolved:
        """Criterion `code` resolved once per options (missing options take their default)."""
        chosen = tuple((name, (options or {}).get(name, opt.default)) for name, opt in self.options.items())
        key = (code, chosen)
        if key not in self._resolved:
            params = self.resolved_rule(code, dict(chosen))
            rule = RULES[params["type"]]
            self._resolved[key] = Resolved(code, rule, params, tuple(dict.fromkeys(rule.variables(params))))
        return self._resolved[key]

    def resolved_rule(self, code: str, options: Mapping[str, str]) -> dict[str, Any]:
        """The rule's parameters after rule_defaults and option overrides are applied."""
        rule = self.criteria[code].rule
        merged: dict[str, Any] = {}
        for layer in (self.rule_defaults.get(rule["type"], {}), rule):
            merged.update({k: v for k, v in layer.items() if k != "overrides"})
            for opt, by_value in (layer.get("overrides") or {}).items():
                merged.update(by_value.get(options.get(opt, self.options[opt].default), {}))
        return merged


@dataclass
class _Reader:
    """Reads the parts of a framework file, collecting every problem; texts must give `languages`."""

    languages: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    def text(self, raw: Any, where: str) -> Text:
        """A required text: a mapping language code → words, giving every language of the framework."""
        given = {str(k): str(v).strip() for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
        if not all(given.get(lang) for lang in self.languages):
            self.problems.append(f"{where}: needs a text with {_each(self.languages)}")
        return Text(given)

    def optional_text(self, raw: Any, where: str) -> Text | None:
        return None if raw is None else self.text(raw, where)


def _each(langs: tuple[str, ...]) -> str:
    """ "both 'vi' and 'en'" (or "'vi'", "each of 'vi', 'en' and 'fr'")."""
    quoted = [repr(lang) for lang in langs]
    if len(quoted) == 1:
        return quoted[0]
    head = "both " if len(quoted) == 2 else "each of "
    return head + ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _languages(name: Any) -> tuple[str, ...]:
    """The languages a framework gives its texts in: those of its name, the default language first."""
    given = [str(k) for k, v in name.items() if v] if isinstance(name, dict) else []
    return tuple(dict.fromkeys([vocab.DEFAULT, *given]))


def _variable(raw: dict, code: str, read: _Reader) -> Variable:
    vid = str(raw.get("id", ""))
    where = f"{code} input {vid or '?'}"
    vtype = raw.get("type")
    if vtype not in INPUT_TYPES:
        read.problems.append(f"{where}: type {vtype!r} is not one of {sorted(INPUT_TYPES)}")
    choices = tuple(
        Choice(str(c["id"]), read.text({k: v for k, v in c.items() if k != "id"}, f"{where} choice {c['id']}"))
        for c in raw.get("choices") or []
    )
    if vtype == "choice" and not choices:
        read.problems.append(f"{where}: a choice needs its 'choices'")
    fg = raw.get("from_general") or ()
    return Variable(
        id=vid,
        criterion=code,
        type=str(vtype),
        label=read.text(raw.get("label"), f"{where} label"),
        unit=read.optional_text(raw.get("unit"), f"{where} unit") or EMPTY,
        part_of=raw.get("part_of"),
        from_general=tuple([fg] if isinstance(fg, str) else fg),
        choices=choices,
    )


def _check_entry(raw: dict, read: _Reader) -> Check:
    problems = read.problems
    where = f"check {raw.get('id', '?')}"
    severity = raw.get("severity")
    if severity not in ("error", "warning"):
        problems.append(f"{where}: severity {severity!r} is not error or warning")
    when = tuple(
        Condition(
            str(c["var"]),
            None if c.get("equals") is None else float(c["equals"]),
            None if c.get("above") is None else float(c["above"]),
        )
        for c in raw.get("when") or []
    )
    same = tuple(map(str, raw.get("same") or ()))
    if bool(when) == bool(same) or any((c.equals is None) == (c.above is None) for c in when):
        problems.append(f"{where}: needs either `when` (each with equals or above) or `same`, not both")
    invalidates = tuple(map(str, raw.get("invalidates") or ()))
    if invalidates and severity != "error":
        problems.append(f"{where}: only an error check can invalidate values")
    return Check(
        str(raw.get("id", "")),
        str(severity),
        tuple(map(str, raw.get("criteria") or ())),
        read.text(raw.get("message"), f"{where} message"),
        when,
        same,
        invalidates,
    )


def _check(cat: Catalogue, problems: list[str]) -> None:
    codes = [p.code for p in cat.pillars] + [c.code for p in cat.pillars for c in p.criteria]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        problems.append(f"duplicate codes: {', '.join(dup)}")
    var_ids = [v.id for p in cat.pillars for c in p.criteria for v in c.inputs]
    dup_vars = sorted({v for v in var_ids if var_ids.count(v) > 1})
    if dup_vars:
        problems.append(f"duplicate variable ids: {', '.join(dup_vars)}")
    for p in cat.pillars:
        got = sum(c.max_points for c in p.criteria)
        if not math.isclose(got, p.max_points):
            problems.append(f"{p.code}: criteria sum to {got:g}, pillar maximum is {p.max_points:g}")
        for c in p.criteria:
            _check_criterion(cat, c, problems)
    total = sum(p.max_points for p in cat.pillars)
    if not math.isclose(total, cat.total_max):
        problems.append(f"pillars sum to {total:g}, framework total_max is {cat.total_max:g}")
    for opt in cat.options.values():
        if opt.default not in opt.values:
            problems.append(f"option {opt.name}: default {opt.default!r} not among its values")
    for chk in cat.checks:
        for name in chk.variables + list(chk.invalidates):
            if name not in cat.variables:
                problems.append(f"check {chk.id}: unknown variable {name!r}")
        for code in chk.criteria:
            if code not in cat.criteria:
                problems.append(f"check {chk.id}: unknown criterion {code!r}")
    for g in cat.general:
        if g.department and g.department not in cat.departments:
            problems.append(f"{g.code}: unknown department {g.department!r}")
        if g.type not in GENERAL_TYPES:
            problems.append(f"{g.code}: type {g.type!r} is not one of {sorted(GENERAL_TYPES)}")


def _check_criterion(cat: Catalogue, c: Criterion, problems: list[str]) -> None:
    def add(problem: str) -> None:
        if f"{c.code}: {problem}" not in problems:
            problems.append(f"{c.code}: {problem}")

    rule = RULES.get(c.rule_type)
    if rule is None:
        add(f"unknown rule type {c.rule_type!r} (known: {', '.join(sorted(RULES))})")
    for dept in c.responsible + c.coordinating:
        if dept not in cat.departments:
            add(f"unknown department {dept!r}")
    if not c.responsible:
        add("no responsible department")
    for v in c.inputs:
        if v.part_of and v.part_of not in cat.variables:
            problems.append(f"{v.id}: part_of names undeclared variable {v.part_of!r}")
        for g in v.from_general:
            if g not in cat.general_fields:
                problems.append(f"{v.id}: from_general names unknown Part I field {g!r}")
    for opt, by_value in (c.rule.get("overrides") or {}).items():
        if opt not in cat.options:
            add(f"override for unknown option {opt!r}")
        else:
            for v in by_value:
                if v not in cat.options[opt].values:
                    add(f"override for unknown value {opt}={v!r}")
    if rule is None:
        return
    for problem in rule.check_criterion(c.rule, c.max_points, cat.variables):
        add(problem)
    for combo in itertools.product(*[[(o.name, v) for v in o.values] for o in cat.options.values()]):
        params = cat.resolved_rule(c.code, dict(combo))
        found = rule.check(params)
        for problem in found:
            add(problem)
        for name in [] if found else rule.variables(params):
            if name not in cat.variables:
                add(f"rule uses undeclared variable {name!r}")


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read a framework YAML file and check it; raise CatalogueError listing every problem."""
    path = Path(path) if path else DEFAULT_FRAMEWORK
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: cannot read the framework file ({type(exc).__name__}: {exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("pillars"), list):
        raise CatalogueError(
            f"{path}: not a framework file (a YAML mapping with `framework`, `pillars`, ... "
            "as in docs/framework-schema.md)"
        )
    fw = raw.get("framework") or {}
    read = _Reader(_languages(fw.get("name")))
    problems = read.problems
    departments = {
        str(d["id"]): Department(
            str(d["id"]),
            d.get("kind", "department"),
            read.text(d.get("name"), f"department {d.get('id')}"),
            tuple(d.get("aliases") or ()),
        )
        for d in raw.get("departments") or []
    }
    options = {
        name: Option(
            name,
            str(o["default"]),
            {str(k): read.text(v, f"option {name}.{k}") for k, v in o["values"].items()},
            read.text(o.get("label"), f"option {name} label"),
        )
        for name, o in (raw.get("options") or {}).items()
    }
    general = tuple(
        GeneralField(
            str(g["code"]),
            read.text(g.get("name"), str(g.get("code"))),
            g.get("type", "text"),
            read.optional_text(g.get("unit"), f"{g.get('code')} unit"),
            g.get("department"),
            g.get("group"),
        )
        for g in raw.get("general_info") or []
    )
    pillars = []
    for p in raw.get("pillars") or []:
        pcode = str(p["code"])
        criteria = []
        for c in p.get("criteria") or []:
            code = str(c["code"])
            criteria.append(
                Criterion(
                    code=code,
                    pillar=pcode,
                    name=read.text(c.get("name"), f"{code} name"),
                    max_points=float(c["max_points"]),
                    method=read.text(c.get("method"), f"{code} method"),
                    evidence=read.text(c.get("evidence"), f"{code} evidence"),
                    responsible=tuple(c.get("responsible") or ()),
                    coordinating=tuple(c.get("coordinating") or ()),
                    inputs=tuple(_variable(v, code, read) for v in c.get("inputs") or []),
                    rule=dict(c.get("rule") or {"type": None}),
                    notes=read.optional_text(c.get("notes"), f"{code} notes"),
                )
            )
        pillars.append(
            Pillar(pcode, read.text(p.get("name"), f"{pcode} name"), float(p["max_points"]), tuple(criteria))
        )
    checks = tuple(_check_entry(raw_check, read) for raw_check in raw.get("checks") or [])
    cat = Catalogue(
        id=str(fw.get("id", path.stem)),
        name=read.text(fw.get("name"), "framework name"),
        version=str(fw.get("version", "")),
        source=read.optional_text(fw.get("source"), "framework source") or EMPTY,
        total_max=float(fw.get("total_max", 0)),
        options=options,
        rule_defaults=raw.get("rule_defaults") or {},
        departments=departments,
        general=general,
        pillars=tuple(pillars),
        checks=checks,
        path=path,
        unit=Text({str(k): str(v) for k, v in (fw.get("unit") or {}).items() if v}),
        units=Text({str(k): str(v) for k, v in (fw.get("units") or {}).items() if v}),
    )
    _check(cat, problems)
    if problems:
        raise CatalogueError(f"{path}: {len(problems)} problem(s)\n- " + "\n- ".join(problems))
    return cat
