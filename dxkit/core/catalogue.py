"""Load and check a framework file: the criteria as data (see docs/framework-schema.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxkit.core import vocab
from dxkit.core.findings import CatalogueError as CatalogueError  # raised by load_catalogue
from dxkit.core.rules import RULES, Rule

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FRAMEWORKS_DIR = Path(__file__).resolve().parents[1] / "frameworks"
DEFAULT_FRAMEWORK = FRAMEWORKS_DIR / "vn_district_dti_2023.yaml"
INPUT_TYPES = {"count", "amount", "bool", "choice"}
GENERAL_TYPES = {"text", "count", "amount"}


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

    def nouns(self) -> dict[str, Text]:
        """`{unit}` and `{units}` for a message written later in any language (see `unit_noun`)."""
        langs = vocab.languages()
        return {
            "unit": Text({lang: self.unit_noun(lang) for lang in langs}),
            "units": Text({lang: self.unit_noun(lang, many=True) for lang in langs}),
        }

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


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read a framework YAML file (default: the bundled district DTI 2023) and check it; raise
    CatalogueError listing every problem, each placed in the file, with a suggestion where one helps."""
    from dxkit.core.framework_file import load  # the reader builds the classes above

    return load(Path(path) if path else DEFAULT_FRAMEWORK)
