"""Synthetic sample inputs for a framework (`python -m dxkit.sample`), driven by data.

What to invent comes from the framework's *sample profile*, a YAML file next to it (`<framework>.sample.yaml`):
the districts and their base figures, a formula per Part I field and per variable (drawn in order, around
each district's latent strength), the values left out on purpose, the district-year that comes as a filled
workbook, the evidence references and the README. This module only interprets it, so it knows no criterion.

The last year also gets a synthetic *appraisal* by the province (`appraisal_<year>.csv`, long form with
`stage` and `reason`), found by two rules any framework can follow: a reviewer does not accept a "yes"
claimed without evidence (the units with most such claims, up to `APPRAISED_CLAIMS` each), and accepts
only part of the largest amount of a Min-Max criterion (so the other units' Min-Max points move too).
A framework without a profile still gets a plausible sample, from its variable types alone (see
`default_profile`). A fixed seed makes every file byte-for-byte reproducible; without `--out` the bundled
sample province (inputs/) is rewritten.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import operator
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml
from openpyxl import Workbook

from dxkit.core import vocab
from dxkit.core.catalogue import Catalogue, Condition, Variable, load_catalogue
from dxkit.core.paths import SAMPLE_DIR
from dxkit.core.prepare import APPRAISED
from dxkit.intake import layout
from dxkit.intake.template import template_workbook
from dxkit.intake.xlsx import save_workbook

PROFILE_SUFFIX = ".sample.yaml"
SEED = 20240601
YEARS = (2023, 2024)
STAMP = datetime(2025, 1, 15, 8, 0, 0)
GAIN = (0.02, 0.08)  # how much a district's strength grows a year
MAX_STRENGTH = 0.97
Value = bool | int | float | str


class ProfileError(ValueError):
    """A sample profile cannot be used; the message lists every problem found."""


# --- formulas --------------------------------------------------------------------------------------------

PURE: dict[str, Callable[..., Any]] = {
    "round": round,
    "min": min,
    "max": max,
    "int": int,
    "float": float,
    "abs": abs,
    "capitalize": str.capitalize,
}
# calls that draw, or need the district-year being drawn (see _Unit.call)
DRAWS = ("level", "rate", "part", "flag", "pick", "shape", "shape_int", "yearly", "date_in_year")
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_STRUCTURE = (ast.Expression, ast.Load, ast.And, ast.Or, *_BINARY, *_COMPARE, *_UNARY)
# a dotted id (C.1.2, P.3.3.incidents) outside a string literal; Python cannot parse it, so it is renamed
_TOKENS = re.compile(r"\"[^\"]*\"|'[^']*'|(?<![\w.])([A-Za-z_]\w*(?:\.\w+)+)")
_REF = "__ref{}__"
_NAME = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Formula:
    """How to draw one value: `target` (a framework id, or a working value `_name`) = `text`."""

    target: str
    text: str
    tree: ast.Expression
    refs: dict[str, str]  # placeholder → dotted id

    def name(self, node: ast.Name) -> str:
        return self.refs.get(node.id, node.id)

    def names(self) -> list[str]:
        return [self.name(n) for n in ast.walk(self.tree) if isinstance(n, ast.Name) and not _called(self.tree, n)]


def _called(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


def parse_formula(target: str, text: Any) -> Formula:
    """Parse and check one formula; raise ProfileError saying what is not allowed."""
    source = str(text).strip()
    refs: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        if not m.group(1):
            return m.group(0)
        key = _REF.format(len(refs))
        refs[key] = m.group(1)
        return key

    try:
        tree = ast.parse(_TOKENS.sub(rename, source), mode="eval")
    except SyntaxError as exc:
        raise ProfileError(f"{target}: cannot read the formula {source!r} ({exc.msg})") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in {*PURE, *DRAWS} or node.keywords:
                raise ProfileError(f"{target}: {source!r}: only calls of {', '.join([*PURE, *DRAWS])} are allowed")
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float | str):
                raise ProfileError(f"{target}: {source!r}: constant {node.value!r} is not allowed")
        elif not isinstance(node, (ast.Name, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, *_STRUCTURE)):
            raise ProfileError(f"{target}: {source!r}: {type(node).__name__} is not allowed in a formula")
    return Formula(target, source, tree, refs)


class _Draw:
    """Random draws for one district and year: a fixed offset per key (so years move together) plus a
    small yearly noise, around the district's strength."""

    def __init__(self, seed: int, index: int, year: int, strength: float):
        self.base = np.random.default_rng([seed, index])
        self.noise = np.random.default_rng([seed, index, year])
        self.s = strength
        self.offsets: dict[str, float] = {}

    def level(self, key: str, spread: float = 0.12) -> float:
        if key not in self.offsets:
            self.offsets[key] = float(self.base.normal(0, spread))
        return float(np.clip(self.s + self.offsets[key] + self.noise.normal(0, 0.03), 0, 1))

    def rate(self, key: str, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.level(key)

    def flag(self, key: str, threshold: float) -> bool:
        return self.level(key, spread=0.18) > threshold

    def part(self, key: str, whole: float, lo: float, hi: float) -> int:
        return min(int(whole), round(whole * self.rate(key, lo, hi)))

    def pick(self, key: str, cuts: tuple[float, ...], choices: tuple[str, ...]) -> str:
        """The first choice whose cut the level exceeds (the last choice if none)."""
        level = self.level(key, spread=0.18)
        return next((c for cut, c in zip(cuts, choices) if level > cut), choices[-1])


def _plain(value: Any) -> Any:
    """A value as written out: numpy scalars become Python numbers."""
    return value.item() if isinstance(value, np.generic) else value


class _Unit:
    """Evaluates the formulas of one district-year, in order."""

    def __init__(self, catalogue: Catalogue, profile: Profile, index: int, year: int):
        d = profile.districts[index]
        seed = profile.seed
        gain = float(np.random.default_rng([seed, index, 0]).uniform(*GAIN))
        strength = min(float(d["strength"]) + gain * (year - profile.years[0]), MAX_STRENGTH)
        self.catalogue = catalogue
        self.year = year
        self.draw = _Draw(seed, index, year, strength)
        self.shape = np.random.default_rng([seed, index, 1])  # fixed per district
        self.growth = np.random.default_rng([seed, index, 2, year])  # drawn anew each year
        self.env: dict[str, Any] = {**d, "province": profile.province, "year": year, "t": year - profile.years[0]}
        self.target = ""
        self.draws = 0

    def run(self, formulas: tuple[Formula, ...]) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for f in formulas:
            self.target, self.draws = f.target, 0
            value = self.eval(f, f.tree.body)
            if f.target.startswith("_"):
                self.env[f.target] = value
            else:
                self.env[f.target] = out[f.target] = _plain(value)
        return out

    def lookup(self, name: str) -> Any:
        if name in self.env:
            return self.env[name]
        var = self.catalogue.variables.get(name)
        if var is not None and var.from_general:
            return sum(self.env[g] for g in var.from_general)
        raise ProfileError(f"{self.target}: {name} has no value yet")

    def key(self) -> str:
        self.draws += 1
        return self.target if self.draws == 1 else f"{self.target}#{self.draws}"

    def call(self, name: str, args: list[Any]) -> Any:
        if name in PURE:
            return PURE[name](*args)
        if name == "shape":
            return self.shape.uniform(*args)
        if name == "shape_int":
            return int(self.shape.integers(*args))
        if name == "yearly":
            return self.growth.uniform(*args)
        if name == "date_in_year":
            return (date(self.year, 1, 1) + timedelta(days=round(args[0]) - 1)).isoformat()
        if name == "pick":
            return self.draw.pick(self.key(), tuple(args), tuple(c.id for c in self.catalogue.choices[self.target]))
        method: Callable[..., Any] = getattr(self.draw, name)
        return method(self.key(), *args)

    def eval(self, f: Formula, node: ast.AST) -> Any:
        """Python's semantics (left to right, `and`/`or`/`if` lazy), so draws happen as written."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.lookup(f.name(node))
        if isinstance(node, ast.BinOp):
            left = self.eval(f, node.left)
            return _BINARY[type(node.op)](left, self.eval(f, node.right))
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.eval(f, node.operand))
        if isinstance(node, ast.BoolOp):
            result = None
            for operand in node.values:
                result = self.eval(f, operand)
                if bool(result) == isinstance(node.op, ast.Or):
                    break
            return result
        if isinstance(node, ast.Compare):
            left = self.eval(f, node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = self.eval(f, right_node)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.eval(f, node.body if self.eval(f, node.test) else node.orelse)
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            return self.call(node.func.id, [self.eval(f, a) for a in node.args])
        raise ProfileError(f"{f.target}: {type(node).__name__} is not allowed in a formula")


# --- profiles --------------------------------------------------------------------------------------------


class Gap(NamedTuple):
    """Values left out on purpose for one district-year, and the story why."""

    district: str
    year: int
    variables: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class WorkbookSpec:
    """The district-year that comes as a filled template workbook instead of CSV rows."""

    district: str
    year: int
    path: str
    values: dict[str, Value] = field(default_factory=dict)  # typed only into the workbook


@dataclass(frozen=True)
class Evidence:
    """How evidence references look: a dated document, or a link for web content."""

    link: str = ""
    links: frozenset[str] = frozenset()  # criteria whose evidence is the link
    document: str = "Báo cáo số {n}/BC-{sign}"
    documents: dict[str, str] = field(default_factory=dict)  # criterion → its own kind of document
    dated: str = "{document} ngày {day:02d}/{month:02d}/{year}"
    signs: dict[str, str] = field(default_factory=dict)  # department id → short name (default: id upper-cased)


@dataclass(frozen=True)
class Profile:
    """Everything framework-specific about a sample: see dxkit/frameworks/*.sample.yaml."""

    seed: int
    years: tuple[int, ...]
    stamp: datetime
    province: str
    csv_name: str
    districts_name: str
    districts: tuple[dict[str, Value], ...]
    general: tuple[Formula, ...]
    values: tuple[Formula, ...]
    missing: tuple[Gap, ...] = ()
    workbook: WorkbookSpec | None = None
    evidence: Evidence = field(default_factory=Evidence)
    readme: str | None = None
    path: Path | None = None

    @property
    def names(self) -> list[str]:
        return [str(d["name"]) for d in self.districts]


TOP_KEYS = {
    "framework",
    "seed",
    "years",
    "stamp",
    "province",
    "files",
    "districts",
    "general",
    "values",
    "missing",
    "workbook",
    "evidence",
    "readme",
}


def profile_path(catalogue: Catalogue) -> Path | None:
    """Where a framework's sample profile lives (next to it), or None for a framework read from nowhere."""
    return catalogue.path.with_name(catalogue.path.stem + PROFILE_SUFFIX) if catalogue.path else None


_PROFILES: dict[tuple[str, str], Profile] = {}


def profile_for(catalogue: Catalogue) -> Profile:
    """The framework's own profile if it has one, else one from its variable types (cached)."""
    path = profile_path(catalogue)
    cache = (str(catalogue.path), str(path))
    if cache not in _PROFILES:
        own = path is not None and path.exists()
        _PROFILES[cache] = load_profile(catalogue, path) if path and own else default_profile(catalogue)
    return _PROFILES[cache]


def load_profile(catalogue: Catalogue, path: str | Path) -> Profile:
    """Read a sample profile and check it against `catalogue`; raise ProfileError listing every problem."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: cannot read the sample profile ({type(exc).__name__}: {exc})") from None
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a sample profile is a YAML mapping (see dxkit/frameworks/*.sample.yaml)")
    problems: list[str] = []
    try:
        profile = _profile(catalogue, raw, path, problems)
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"malformed entry ({type(exc).__name__}: {exc})")
    if problems:
        raise ProfileError(f"{path}: {len(problems)} problem(s)\n- " + "\n- ".join(problems))
    return profile


def _profile(catalogue: Catalogue, raw: dict, path: Path, problems: list[str]) -> Profile:
    for key in sorted(set(raw) - TOP_KEYS):
        problems.append(f"unknown key {key!r} (known: {', '.join(sorted(TOP_KEYS))})")
    if raw.get("framework") not in (None, catalogue.id):
        problems.append(f"written for framework {raw['framework']!r}, not {catalogue.id!r}")
    table = raw.get("districts") or {}
    fields = [str(f) for f in table.get("fields") or ()]
    for f in fields:
        if not _NAME.fullmatch(f) or f.startswith("__") or f in {*PURE, *DRAWS, "province", "year", "t"}:
            problems.append(f"districts: field {f!r} cannot be a formula name")
    for needed in ("name", "strength"):
        if needed not in fields:
            problems.append(f"districts: needs a field {needed!r}")
    rows = [list(r) for r in table.get("rows") or ()]
    for r in rows:
        if len(r) != len(fields):
            problems.append(f"districts: row {r} has {len(r)} values for {len(fields)} fields")
    districts = tuple(dict(zip(fields, r)) for r in rows)
    if not districts:
        problems.append("districts: no rows")
    years = tuple(int(y) for y in raw.get("years") or YEARS)
    general, values = _formulas(catalogue, raw, fields, problems)
    names = {str(d.get("name")) for d in districts}

    def known(where: str, district: Any, year: Any, variables: list[str]) -> None:
        if str(district) not in names:
            problems.append(f"{where}: unknown district {district!r}")
        if year not in years:
            problems.append(f"{where}: year {year!r} is not one of {list(years)}")
        for v in variables:
            if v not in catalogue.variables and v not in catalogue.general_fields:
                problems.append(f"{where}: unknown variable {v!r}")

    missing = []
    for m in raw.get("missing") or ():
        variables = [str(v) for v in m.get("variables") or ()]
        known("missing", m.get("district"), m.get("year"), variables)
        missing.append(Gap(str(m.get("district")), int(m.get("year")), tuple(variables), str(m.get("why", ""))))
    workbook = None
    if raw.get("workbook"):
        w = raw["workbook"]
        wb_values = {str(k): v for k, v in (w.get("values") or {}).items()}
        known("workbook", w.get("district"), w.get("year"), list(wb_values))
        workbook = WorkbookSpec(str(w.get("district")), int(w.get("year")), str(w["path"]), wb_values)
    evidence = _evidence_spec(catalogue, raw.get("evidence") or {}, fields, problems)
    _fields_known("readme", raw.get("readme") or "", set(README_FIELDS), problems)
    stamp = raw.get("stamp", STAMP)
    files = raw.get("files") or {}
    return Profile(
        seed=int(raw.get("seed", SEED)),
        years=years,
        stamp=stamp if isinstance(stamp, datetime) else datetime.fromisoformat(str(stamp)),
        province=str(raw.get("province", "")),
        csv_name=str(files.get("csv", f"sample_{years[0]}_{years[-1]}.csv")),
        districts_name=str(files.get("districts", "districts.csv")),
        districts=districts,
        general=general,
        values=values,
        missing=tuple(missing),
        workbook=workbook,
        evidence=evidence,
        readme=raw.get("readme"),
        path=path,
    )


def _formulas(
    catalogue: Catalogue, raw: dict, fields: list[str], problems: list[str]
) -> tuple[tuple[Formula, ...], tuple[Formula, ...]]:
    """Parse `general` (Part I) and `values` (variables); every name a formula reads must be drawn above it."""
    given = {*fields, "province", "year", "t"}
    sections: list[tuple[Formula, ...]] = []
    for section, ids, what in (
        ("general", catalogue.general_fields, "Part I field"),
        ("values", catalogue.variables, "variable"),
    ):
        parsed = []
        for target, text in (raw.get(section) or {}).items():
            target = str(target)
            if not target.startswith("_") and target not in ids:
                problems.append(f"{section}: unknown {what} {target!r} (not in framework {catalogue.id})")
                continue
            try:
                f = parse_formula(target, text)
            except ProfileError as exc:
                problems.append(f"{section}: {exc}")
                continue
            problems.extend(f"{section}: {p}" for p in _check_formula(catalogue, f, given))
            given.add(target)
            parsed.append(f)
        sections.append(tuple(parsed))
        given |= {v.id for v in catalogue.variables.values() if v.from_general and set(v.from_general) <= given}
    return sections[0], sections[1]


def _check_formula(catalogue: Catalogue, f: Formula, given: set[str]) -> list[str]:
    problems = [f"{f.target}: {f.text!r} reads {n!r}, not drawn above it" for n in f.names() if n not in given]
    for node in ast.walk(f.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pick":
            choices = catalogue.choices.get(f.target, ())
            if len(node.args) != len(choices) - 1:
                problems.append(f"{f.target}: pick needs one cut fewer than the {len(choices)} choices")
    return problems


def _fields_known(where: str, template: str, known: set[str], problems: list[str]) -> None:
    """A `{field}` template may only name the fields it is given."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(str(template)) if name is not None}
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        return
    for name in sorted(names - known):
        problems.append(f"{where}: unknown field {{{name}}} (known: {', '.join(sorted(known))})")


def _evidence_spec(catalogue: Catalogue, raw: dict, fields: list[str], problems: list[str]) -> Evidence:
    _fields_known("evidence link", raw.get("link", ""), set(fields), problems)
    for key, text in {"document": raw.get("document", ""), **(raw.get("documents") or {})}.items():
        _fields_known(f"evidence {key}", text, {"n", "sign"}, problems)
    _fields_known("evidence dated", raw.get("dated", ""), {"document", "day", "month", "year"}, problems)
    for code in [*(raw.get("links") or ()), *(raw.get("documents") or {})]:
        if str(code) not in catalogue.criteria:
            problems.append(f"evidence: unknown criterion {code!r}")
    for dept in raw.get("signs") or {}:
        if dept not in catalogue.departments:
            problems.append(f"evidence: unknown department {dept!r}")
    default = Evidence()
    return Evidence(
        link=str(raw.get("link", default.link)),
        links=frozenset(map(str, raw.get("links") or ())),
        document=str(raw.get("document", default.document)),
        documents={str(k): str(v) for k, v in (raw.get("documents") or {}).items()},
        dated=str(raw.get("dated", default.dated)),
        signs={str(k): str(v) for k, v in (raw.get("signs") or {}).items()},
    )


# --- without a profile: from the variable types ----------------------------------------------------------

DEFAULT_UNITS = 6
PART = (0.3, 0.95)  # a part is 30-95% of its whole (shared out when several parts have one whole)


def default_profile(catalogue: Catalogue) -> Profile:
    """A plausible sample from the framework alone: six units from strong to weak, two years, each value
    drawn by its type; parts below their wholes, wholes from Part I left out, `same` checks agreeing and
    no contradiction a `when` check would find (see `unit`). The units are named after the framework's
    noun for them ("Xã 1", or "Đơn vị 1" when it does not say)."""
    version = catalogue.version.strip()
    years = (int(version) - 1, int(version)) if re.fullmatch(r"(19|20)\d\d", version) else YEARS
    noun = catalogue.unit_noun(vocab.DEFAULT)
    districts: tuple[dict[str, Value], ...] = tuple(
        {
            "name": f"{noun[:1].upper()}{noun[1:]} {i}",
            "kind": noun,
            "slug": f"unit_{i}",
            "strength": round(0.85 - 0.11 * (i - 1), 2),
        }
        for i in range(1, DEFAULT_UNITS + 1)
    )
    general = tuple(parse_formula(g.code, _general_formula(g.type)) for g in catalogue.general)
    values = tuple(parse_formula(target, text) for target, text in _variable_formulas(catalogue))
    return Profile(
        seed=SEED,
        years=years,
        stamp=STAMP,
        province="",
        csv_name=f"sample_{years[0]}_{years[-1]}.csv",
        districts_name="districts.csv",
        districts=districts,
        general=general,
        values=values,
        workbook=WorkbookSpec(str(districts[0]["name"]), years[-1], f"workbooks/unit_1_{years[-1]}.xlsx"),
    )


def _general_formula(kind: str) -> str:
    if kind == "count":
        return "round(shape(200, 20000) * (1 + 0.02 * t))"
    if kind == "amount":
        return "round(shape(10, 1000) * (1 + 0.05 * t), 2)"
    return "name"


def _variable_formulas(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(variable, formula) in an order where every whole comes before its parts."""
    same = {v: chk.same[0] for chk in catalogue.checks for v in chk.same[1:]}
    sharing: dict[str, int] = {}
    for v in catalogue.variables.values():
        if v.part_of:
            sharing[v.part_of] = sharing.get(v.part_of, 0) + 1
    formulas: dict[str, str] = {}
    for v in catalogue.variables.values():
        if v.from_general:
            continue  # dxkit takes it from Part I
        formulas[v.id] = same.get(v.id) or _variable_formula(v, sharing.get(v.part_of or "", 1))
    order: list[str] = []

    def visit(vid: str, path: tuple[str, ...]) -> None:
        if vid in order or vid not in formulas or vid in path:
            return
        for dep in (catalogue.variables[vid].part_of, same.get(vid)):
            if dep:
                visit(dep, (*path, vid))
        order.append(vid)

    for vid in formulas:
        visit(vid, ())
    return [(vid, formulas[vid]) for vid in order]


def _variable_formula(v: Variable, sharing: int) -> str:
    lo, hi = PART[0] / sharing, PART[1] / sharing
    if v.type == "bool":
        return "flag(0.4)"
    if v.type == "choice":
        n = len(v.choices)
        return f"pick({', '.join(f'{(n - 1 - i) / n:.3f}' for i in range(n - 1))})" if n > 1 else repr(v.choices[0].id)
    if v.type == "count":
        return f"part({v.part_of}, {lo:.4f}, {hi:.4f})" if v.part_of else "round(rate(1, 40))"
    if v.type == "amount":
        return (
            f"min({v.part_of}, round({v.part_of} * rate({lo:.4f}, {hi:.4f}), 2))"
            if v.part_of
            else "round(rate(1, 500), 2)"
        )
    if v.type == "date":
        return "date_in_year(rate(1, 365))"
    if v.type == "text":
        return "name"
    raise ProfileError(f"{v.id}: no default value for type {v.type!r}; give its formula in a sample profile")


# --- one district-year -----------------------------------------------------------------------------------


def unit(
    catalogue: Catalogue, index: int, year: int, profile: Profile | None = None
) -> tuple[dict[str, Value], dict[str, str]]:
    """All values of one district-year (Part I and II, deliberate gaps removed) and their evidence."""
    profile = profile or profile_for(catalogue)
    d = profile.districts[index]
    run = _Unit(catalogue, profile, index, year)
    values = {**run.run(profile.general), **run.run(profile.values)}
    if profile.path is None:  # drawn from the types alone: undo what the framework's checks call a contradiction
        _agree_with_checks(catalogue, values)
    for gap in profile.missing:
        if (gap.district, gap.year) == (d["name"], year):
            for v in gap.variables:
                values.pop(v, None)
    rng = np.random.default_rng([profile.seed, index, year, 3])
    p_evidence = 0.8 + 0.2 * float(d["strength"])
    evidence = {}
    for crit in catalogue.criteria.values():
        if rng.random() < p_evidence:
            ref = _evidence(profile.evidence, d, crit.code, crit.responsible[0], year, rng)
            evidence.update({v.id: ref for v in crit.inputs if v.id in values})
    return values, evidence


def _agree_with_checks(catalogue: Catalogue, values: dict[str, Value]) -> None:
    """Flip one yes/no condition of every `when` check the drawn values meet (two answers drawn apart that
    contradict each other, such as "incidents found" and "reviewed, none found")."""
    for check in catalogue.checks:
        if not check.when or not all(_holds(c, values.get(c.var)) for c in check.when):
            continue
        answers = [c for c in check.when if c.equals is not None and _type(catalogue, c.var) == "bool"]
        if answers:
            values[answers[-1].var] = not answers[-1].equals


def _type(catalogue: Catalogue, variable: str) -> str:
    found = catalogue.variables.get(variable)
    return found.type if found else ""


def _holds(condition: Condition, value: Value | None) -> bool:
    """Whether a drawn value meets a check's condition (a missing value or a choice never does)."""
    if value is None or isinstance(value, str):
        return False
    return bool(condition.holds(np.array([float(value)]))[0])


def _evidence(
    spec: Evidence, d: Mapping[str, Value], code: str, owner: str, year: int, rng: np.random.Generator
) -> str:
    """A plausible evidence reference for one criterion: a document number, or a link for web content."""
    if code in spec.links:
        return spec.link.format(**d)
    n, day, month = int(rng.integers(10, 250)), int(rng.integers(1, 29)), int(rng.integers(11, 13))
    sign = spec.signs.get(owner, owner.upper())
    document = spec.documents.get(code, spec.document).format(n=n, sign=sign)
    return spec.dated.format(document=document, day=day, month=month, year=year)


def _csv_text(value: Value) -> str:
    """How an analyst writes a value in the long CSV: có/không, choice ids, plain numbers."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _cell(value: Value, var_choices: Mapping[str, str]) -> Value:
    """How a person fills a workbook cell: Có/Không and choice labels from the dropdowns, numbers as numbers."""
    if isinstance(value, bool):
        return layout.YES_NO[0] if value else layout.YES_NO[1]
    return var_choices.get(value, value) if isinstance(value, str) else value


def fill_workbook(
    wb: Workbook, catalogue: Catalogue, values: Mapping[str, Value], evidence: Mapping[str, str]
) -> Workbook:
    """Type values and evidence into a template's input cells (found by their hidden keys)."""
    labels = {v.id: {c.id: c.label.vi for c in v.choices} for v in catalogue.variables.values()}
    for ws in wb.worksheets:
        _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
        for r, variable, _, columns in data:
            if variable in values:
                ws.cell(r, columns[layout.VALUE_KEY] + 1, _cell(values[variable], labels.get(variable, {})))
            if variable in evidence:
                ws.cell(r, columns[layout.EVIDENCE_KEY] + 1, evidence[variable])
    return wb


def _workbook_values(catalogue: Catalogue, values: dict[str, Value]) -> dict[str, Value]:
    """A department leaves the denominators that Part I already gives blank, as the template says."""
    return {k: v for k, v in values.items() if not (k in catalogue.variables and catalogue.variables[k].from_general)}


# --- files -----------------------------------------------------------------------------------------------


def write_sample(
    out: str | Path = SAMPLE_DIR, catalogue: Catalogue | None = None, profile: Profile | str | Path | None = None
) -> list[Path]:
    """Write the sample files into `out`: long CSV, district list, the workbook (if any), README."""
    catalogue = catalogue or load_catalogue()
    if profile is None:
        profile = profile_for(catalogue)
    elif not isinstance(profile, Profile):
        profile = load_profile(catalogue, profile)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    order = list(catalogue.general_fields) + list(catalogue.variables)
    wb_spec = profile.workbook
    lines = [["district", "year", "variable", "value", "evidence"]]
    last: dict[str, tuple[dict[str, Value], dict[str, str]]] = {}
    for year in profile.years:
        for index, name in enumerate(profile.names):
            values, evidence = unit(catalogue, index, year, profile)
            if year == profile.years[-1]:
                last[name] = (values, evidence)
            if wb_spec and (name, year) == (wb_spec.district, wb_spec.year):
                wb = template_workbook(catalogue, name, year)
                fill_workbook(wb, catalogue, {**_workbook_values(catalogue, values), **wb_spec.values}, evidence)
                save_workbook(wb, out / wb_spec.path, profile.stamp)
                continue
            lines += [[name, str(year), k, _csv_text(values[k]), evidence.get(k, "")] for k in order if k in values]
    kinds = [[str(d["name"]), str(d.get("kind", "")), profile.province] for d in profile.districts]
    written = [
        _write_csv(out / profile.csv_name, lines),
        _write_csv(out / profile.districts_name, [["district", "kind", "province"]] + kinds),
    ]
    if wb_spec:
        written.append(out / wb_spec.path)
    corrected = appraisal(catalogue, last)
    if corrected:
        head = [["district", "year", "variable", "value", "stage", "reason"]]
        rows = [[d, str(profile.years[-1]), v, _csv_text(x), APPRAISED, why] for d, v, x, why in corrected]
        written.append(_write_csv(out / appraisal_name(profile), head + rows))
    units = list(dict.fromkeys(d for d, *_ in corrected))
    (out / "README.md").write_text(readme(catalogue, profile, units), encoding="utf-8")
    return written + [out / "README.md"]


APPRAISED_UNITS = 2  # units whose "yes" claimed without evidence the reviewer does not accept
APPRAISED_CLAIMS = 2  # such claims corrected per unit
ACCEPTED_SHARE = 0.8  # of the largest Min-Max amount, the part the reviewer accepts


def appraisal_name(profile: Profile) -> str:
    return f"appraisal_{profile.years[-1]}.csv"


def appraisal(
    catalogue: Catalogue, units: Mapping[str, tuple[dict[str, Value], dict[str, str]]]
) -> list[tuple[str, str, Value, str]]:
    """The synthetic appraisal of one year's units (name → values, evidence): (unit, variable, appraised
    value, reason) each. "Yes" answers without evidence become "no" in the `APPRAISED_UNITS` units with most
    of them; the largest amount of the first Min-Max criterion that has one becomes `ACCEPTED_SHARE` of it.
    A variable some framework check reads is never appraised (the appraisal must not contradict it)."""
    checked = {v for check in catalogue.checks for v in check.variables}
    claims = {
        name: [
            v.id
            for v in catalogue.variables.values()
            if v.type == "bool" and values.get(v.id) is True and not evidence.get(v.id) and v.id not in checked
        ]
        for name, (values, evidence) in units.items()
    }
    out: list[tuple[str, str, Value, str]] = []
    no_evidence = vocab.t("appraisal.sample.no_evidence", vocab.DEFAULT)
    for name in sorted(claims, key=lambda n: (-len(claims[n]), list(units).index(n)))[:APPRAISED_UNITS]:
        out += [(name, v, False, no_evidence) for v in claims[name][:APPRAISED_CLAIMS]]
    amounts = [
        v.id
        for c in catalogue.criteria.values()
        if c.rule_type == "minmax"
        for v in c.inputs
        if v.type == "amount" and v.id not in checked
    ]
    given = {n: values[amounts[0]] for n, (values, _) in units.items() if amounts and amounts[0] in values}
    if given:
        top = max(given, key=lambda n: float(given[n]))
        accepted = round(float(given[top]) * ACCEPTED_SHARE, 2)
        out.append((top, amounts[0], accepted, vocab.t("appraisal.sample.part_accepted", vocab.DEFAULT)))
    return out


def _write_csv(path: Path, lines: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def affected(catalogue: Catalogue, variable: str) -> list[str]:
    """The criteria a missing variable leaves without data (through Part I for a Part I field)."""
    if variable in catalogue.variables:
        return [catalogue.variables[variable].criterion]
    return [v.criterion for v in catalogue.variables.values() if variable in v.from_general]


README_FIELDS = ("seed", "csv", "districts_file", "workbook", "units", "years", "names", "gaps")
DEFAULT_README = """# Sample inputs: {framework}, {first}–{last} (SYNTHETIC)

**The values in this folder are synthetic.** They were made up by `dxkit/sample.py` (fixed
seed {seed}) from the framework's variable types alone (it has no sample profile), to exercise dxkit.
They are not statistics of any real unit. Any report built from them must say so.

- `{csv}`: long form (`district,year,variable,value,evidence`), {units} units × {years} years{except_workbook}.
  Booleans are written `có`/`không`, choices by id. Denominators that Part I gives are left out.
{workbook_line}- `{districts_file}`: the {units} units, for `dxkit validate --districts`: {names}.

## Deliberately missing values

{gaps_or_none}

## Regenerate

```
python -m dxkit.sample --framework {framework_file} --out <this folder>
```
"""


def readme(catalogue: Catalogue, profile: Profile | None = None, appraised: list[str] | None = None) -> str:
    """README.md: what the files are, that they are synthetic, what is missing on purpose and, when
    `appraised` names units, the synthetic appraisal of the last year."""
    profile = profile or profile_for(catalogue)
    return _readme(catalogue, profile) + _appraisal_readme(profile, appraised or [])


def _appraisal_readme(profile: Profile, appraised: list[str]) -> str:
    """The README's section on the synthetic appraisal, in every language (none without one)."""
    if not appraised:
        return ""
    fields = dict(file=appraisal_name(profile), year=profile.years[-1], units=", ".join(appraised))
    said = "\n\n".join(vocab.t("appraisal.sample.readme", lang, **fields) for lang in vocab.languages())
    return f"\n## Appraisal (SYNTHETIC)\n\n{said}\n"


def _readme(catalogue: Catalogue, profile: Profile) -> str:
    gaps = "\n".join(
        f"| {g.district} | {g.year} | {', '.join(f'`{v}`' for v in g.variables)} | "
        f"{', '.join(dict.fromkeys(c for v in g.variables for c in affected(catalogue, v)))} | {g.why} |"
        for g in profile.missing
    )
    wb = profile.workbook
    fill = {
        "seed": profile.seed,
        "csv": profile.csv_name,
        "districts_file": profile.districts_name,
        "workbook": wb.path if wb else "",
        "units": len(profile.districts),
        "years": len(profile.years),
        "names": ", ".join(profile.names),
        "gaps": gaps,
    }
    if profile.readme is not None:
        return profile.readme.format(**fill)
    return DEFAULT_README.format(
        **fill,
        framework=catalogue.id,
        framework_file=catalogue.path.name if catalogue.path else "<framework.yaml>",
        first=profile.years[0],
        last=profile.years[-1],
        except_workbook=f", except {wb.district} {wb.year}" if wb else "",
        workbook_line=(
            f"- `{wb.path}`: {wb.district} {wb.year} as the departments would return it: the `dxkit template`\n"
            "  workbook filled in (Có/Không and choice labels from the dropdowns). It is not in the CSV.\n"
            if wb
            else ""
        ),
        gaps_or_none=(
            "| District | Year | Missing | Criterion warned | Why (story) |\n|---|---|---|---|---|\n" + gaps
            if gaps
            else "None."
        ),
    )


def __getattr__(name: str) -> Any:
    """`MISSING`: the bundled sample's deliberate gaps, (district, year, variables, why) each."""
    if name == "MISSING":
        return profile_for(load_catalogue()).missing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write synthetic sample inputs for a framework.")
    parser.add_argument("--framework", help="framework YAML file (default: district DTI 2023, the bundled sample)")
    parser.add_argument("--profile", help=f"sample profile YAML (default: the framework's *{PROFILE_SUFFIX} if any)")
    parser.add_argument("--out", help=f"folder to write (default: {SAMPLE_DIR}, only for the default framework)")
    args = parser.parse_args(argv)
    if args.framework and not args.out:
        parser.error("--out is needed with --framework (the default folder holds the bundled sample)")
    try:
        catalogue = load_catalogue(args.framework)
        written = write_sample(args.out or SAMPLE_DIR, catalogue, args.profile)
    except ValueError as exc:  # CatalogueError, ProfileError
        print(exc)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
