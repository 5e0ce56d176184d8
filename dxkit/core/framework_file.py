"""Read a framework file into a Catalogue, finding every problem at once, each placed in the file.

`read_framework(path)` returns the catalogue (None when the file cannot be read as one) and the
findings; `load_catalogue` (catalogue.py) raises CatalogueError when any finding is an error.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from dxkit.core import vocab
from dxkit.core.catalogue import (
    EMPTY,
    GENERAL_TYPES,
    INPUT_TYPES,
    Catalogue,
    Check,
    Choice,
    Condition,
    Criterion,
    Department,
    GeneralField,
    Option,
    Pillar,
    Text,
    Variable,
)
from dxkit.core.findings import CatalogueError, Finding, FrameworkCheck, Where, lines, near
from dxkit.core.rules import RULES, Rule
from dxkit.core.vocab import Message

TODO = "todo"  # a rule type left to choose (`dxkit framework new` writes `type: TODO`)
KEYS = {  # the keys each entry of the schema takes (docs/framework-schema.md)
    "top": {"framework", "options", "rule_defaults", "departments", "general_info", "pillars", "checks"},
    "framework": {"id", "name", "version", "source", "total_max", "unit", "units"},
    "option": {"default", "values", "label"},
    "department": {"id", "kind", "name", "aliases"},
    "general": {"code", "name", "type", "unit", "department", "group"},
    "pillar": {"code", "name", "max_points", "criteria"},
    "criterion": set(
        ["code", "name", "max_points", "method", "evidence", "responsible", "coordinating", "inputs", "rule", "notes"]
    ),
    "input": {"id", "type", "label", "unit", "part_of", "from_general", "choices"},
    "check": {"id", "severity", "criteria", "message", "when", "same", "invalidates"},
}


@dataclass
class _Reader:
    """Reads the parts of a framework file, collecting findings; texts must give `languages`."""

    raw: dict[str, Any]
    source: str
    languages: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    at: dict[tuple[str, str], Where] = field(default_factory=dict)  # (kind, code) → where it is written

    @cached_property
    def lines(self) -> dict[Where, int]:
        return lines(self.source)

    def error(self, where: Where, message: Message | str, hint: Message | None = None) -> None:
        found = Finding("error", where, message, hint)
        if found not in self.findings:
            self.findings.append(found)

    def warning(self, where: Where, message: Message, hint: Message | None = None) -> None:
        self.findings.append(Finding("warning", where, message, hint))

    def entries(self, raw: Any, where: Where) -> Iterator[tuple[Where, dict[str, Any]]]:
        """The mappings of a list (each with its place); anything else is a finding."""
        if raw is None:
            return
        if not isinstance(raw, list):
            self.error(where, Message("framework.not_list", key=where[-1]))
            return
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                yield (*where, i), item
            else:
                self.error((*where, i), Message("framework.not_mapping", key=f"{where[-1]}[{i + 1}]"))

    def keys(self, raw: dict[str, Any], where: Where, kind: str, also: set[str] | frozenset[str] = frozenset()) -> None:
        known = KEYS[kind] | also
        for key in raw:
            if key not in known:
                hint = near(key, known) or Message("framework.suggest.remove_key")
                self.error((*where, key), Message("framework.unknown_key", key=key), hint)

    def required(self, raw: dict[str, Any], key: str, where: Where) -> str:
        if raw.get(key) in (None, ""):
            self.error(where, Message("framework.missing_key", key=key))
            return ""
        return str(raw[key])

    def number(self, raw: dict[str, Any], key: str, where: Where) -> float:
        value = raw.get(key)
        if value is None:
            self.error(where, Message("framework.missing_key", key=key))
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error((*where, key), Message("framework.not_number", key=key, value=repr(value)))
            return 0.0
        return float(value)

    def text(self, raw: Any, where: Where) -> Text:
        """A required text: a mapping language code → words, giving every language of the framework."""
        given = {str(k): str(v).strip() for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
        missing = [lang for lang in self.languages if not given.get(lang)]
        if missing:
            self.error(
                where,
                Message("framework.text_languages", languages=_each(self.languages)),
                Message("framework.suggest.add_languages", missing=", ".join(missing)),
            )
        return Text(given)

    def optional_text(self, raw: Any, where: Where) -> Text | None:
        return None if raw is None else self.text(raw, where)

    def place(self, kind: str, code: str, where: Where) -> None:
        """Remember where `code` is written; a second one is a duplicate."""
        first = self.at.setdefault((kind, code), where)
        if first != where and code:
            key = "framework.duplicate_variable" if kind == "variable" else "framework.duplicate_code"
            fields = {"variable": code} if kind == "variable" else {"code": code}
            self.error(
                where, Message(key, first=self.lines.get(first, "?"), **fields), Message("framework.suggest.rename")
            )


def _each(langs: tuple[str, ...]) -> str:
    return ", ".join(langs)


def _languages(name: Any) -> tuple[str, ...]:
    """The languages a framework gives its texts in: those of its name, the default language first."""
    given = [str(k) for k, v in name.items() if v] if isinstance(name, dict) else []
    return tuple(dict.fromkeys([vocab.DEFAULT, *given]))


def _strings(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(map(str, raw)) if isinstance(raw, list | tuple) else (str(raw),)


def _variable(raw: dict[str, Any], code: str, where: Where, read: _Reader) -> Variable:
    read.keys(raw, where, "input")
    vid = read.required(raw, "id", where)
    read.place("variable", vid, where)
    vtype = raw.get("type")
    if vtype not in INPUT_TYPES:
        read.error(
            (*where, "type"), Message("framework.input_type", type=repr(vtype), known=", ".join(sorted(INPUT_TYPES)))
        )
    choices = []
    for at, c in read.entries(raw.get("choices"), (*where, "choices")):
        read.keys(c, at, "input", {"id", *read.languages, *vocab.languages()} - KEYS["input"])
        choices.append(Choice(read.required(c, "id", at), read.text({k: v for k, v in c.items() if k != "id"}, at)))
    if vtype == "choice" and not choices:
        read.error(where, Message("framework.choice_needs_choices"))
    return Variable(
        id=vid,
        criterion=code,
        type=str(vtype),
        label=read.text(raw.get("label"), (*where, "label")),
        unit=read.optional_text(raw.get("unit"), (*where, "unit")) or EMPTY,
        part_of=raw.get("part_of"),
        from_general=_strings(raw.get("from_general")),
        choices=tuple(choices),
    )


def _check_entry(raw: dict[str, Any], where: Where, read: _Reader) -> Check:
    read.keys(raw, where, "check")
    severity = raw.get("severity")
    if severity not in ("error", "warning"):
        read.error((*where, "severity"), Message("framework.check_severity", severity=repr(severity)))
    when = []
    for at, c in read.entries(raw.get("when"), (*where, "when")):
        equals, above = c.get("equals"), c.get("above")
        if (equals is None) == (above is None) or _float(above if equals is None else equals) is None:
            read.error(at, Message("framework.check_shape"))
        when.append(Condition(str(c.get("var")), _float(equals), _float(above)))
    same = _strings(raw.get("same"))
    if bool(when) == bool(same):
        read.error(where, Message("framework.check_shape"))
    invalidates = _strings(raw.get("invalidates"))
    if invalidates and severity != "error":
        read.error((*where, "invalidates"), Message("framework.check_invalidates"))
    return Check(
        read.required(raw, "id", where),
        str(severity),
        _strings(raw.get("criteria")),
        read.text(raw.get("message"), (*where, "message")),
        tuple(when),
        same,
        invalidates,
    )


def _float(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) else None  # yes/no conditions: true is 1


def _criterion(raw: dict[str, Any], pillar: str, where: Where, read: _Reader) -> Criterion:
    read.keys(raw, where, "criterion")
    code = read.required(raw, "code", where)
    read.place("code", code, where)
    rule = raw.get("rule")
    if not isinstance(rule, dict):
        read.error(where, Message("framework.missing_key", key="rule"))
        rule = {"type": None}
    return Criterion(
        code=code,
        pillar=pillar,
        name=read.text(raw.get("name"), (*where, "name")),
        max_points=read.number(raw, "max_points", where),
        method=read.text(raw.get("method"), (*where, "method")),
        evidence=read.text(raw.get("evidence"), (*where, "evidence")),
        responsible=_strings(raw.get("responsible")),
        coordinating=_strings(raw.get("coordinating")),
        inputs=tuple(_variable(v, code, at, read) for at, v in read.entries(raw.get("inputs"), (*where, "inputs"))),
        rule=dict(rule),
        notes=read.optional_text(raw.get("notes"), (*where, "notes")),
    )


def _parse(raw: dict[str, Any], path: Path, read: _Reader) -> Catalogue:
    read.keys(raw, (), "top")
    fw = raw.get("framework")
    if not isinstance(fw, dict):
        read.error(("framework",), Message("framework.missing_key", key="framework"))
        fw = {}
    read.keys(fw, ("framework",), "framework")
    departments = {}
    for at, d in read.entries(raw.get("departments"), ("departments",)):
        read.keys(d, at, "department")
        did = read.required(d, "id", at)
        read.place("department", did, at)
        departments[did] = Department(
            did, str(d.get("kind", "department")), read.text(d.get("name"), (*at, "name")), _strings(d.get("aliases"))
        )
    options = {}
    raw_options = raw.get("options") or {}
    for name, o in raw_options.items() if isinstance(raw_options, dict) else ():
        at = ("options", name)
        if not isinstance(o, dict) or not isinstance(o.get("values"), dict):
            read.error(at, Message("framework.missing_key", key="values"))
            continue
        read.keys(o, at, "option")
        values = {str(k): read.text(v, (*at, "values", k)) for k, v in o["values"].items()}
        options[name] = Option(name, read.required(o, "default", at), values, read.text(o.get("label"), (*at, "label")))
    general = []
    for at, g in read.entries(raw.get("general_info"), ("general_info",)):
        read.keys(g, at, "general")
        gcode = read.required(g, "code", at)
        read.place("general", gcode, at)
        general.append(
            GeneralField(
                gcode,
                read.text(g.get("name"), (*at, "name")),
                str(g.get("type", "text")),
                read.optional_text(g.get("unit"), (*at, "unit")),
                g.get("department"),
                g.get("group"),
            )
        )
    pillars = []
    for at, p in read.entries(raw.get("pillars"), ("pillars",)):
        read.keys(p, at, "pillar")
        pcode = read.required(p, "code", at)
        read.place("code", pcode, at)
        criteria = tuple(
            _criterion(c, pcode, cat, read) for cat, c in read.entries(p.get("criteria"), (*at, "criteria"))
        )
        pillars.append(
            Pillar(pcode, read.text(p.get("name"), (*at, "name")), read.number(p, "max_points", at), criteria)
        )
    checks = tuple(_check_entry(c, at, read) for at, c in read.entries(raw.get("checks"), ("checks",)))
    rule_defaults = raw.get("rule_defaults") or {}
    return Catalogue(
        id=str(fw.get("id", path.stem)),
        name=read.text(fw.get("name"), ("framework", "name")),
        version=str(fw.get("version", "")),
        source=read.optional_text(fw.get("source"), ("framework", "source")) or EMPTY,
        total_max=read.number(fw, "total_max", ("framework",)),
        options=options,
        rule_defaults=rule_defaults if isinstance(rule_defaults, dict) else {},
        departments=departments,
        general=tuple(general),
        pillars=tuple(pillars),
        checks=checks,
        path=path,
        unit=Text({str(k): str(v) for k, v in (fw.get("unit") or {}).items() if v}),
        units=Text({str(k): str(v) for k, v in (fw.get("units") or {}).items() if v}),
    )


def _check(cat: Catalogue, read: _Reader) -> None:
    """What needs the whole framework: sums, references between parts, rules, what nothing uses."""
    for p in cat.pillars:
        where = read.at[("code", p.code)]
        got = sum(c.max_points for c in p.criteria)
        if not math.isclose(got, p.max_points):
            fields = {"got": f"{got:g}", "max": f"{p.max_points:g}"}
            read.error(
                (*where, "max_points"),
                Message("framework.pillar_sum", code=p.code, **fields),
                Message("framework.suggest.set_pillar", **fields),
            )
        for c in p.criteria:
            _check_criterion(cat, c, read)
    total = sum(p.max_points for p in cat.pillars)
    if not math.isclose(total, cat.total_max):
        fields = {"got": f"{total:g}", "max": f"{cat.total_max:g}"}
        read.error(
            ("framework", "total_max"),
            Message("framework.total_sum", **fields),
            Message("framework.suggest.set_total", **fields),
        )
    for kind, defaults in cat.rule_defaults.items():
        if kind not in RULES:
            read.error(("rule_defaults", kind), Message("framework.unknown_rule", type=repr(kind)), near(kind, RULES))
        if isinstance(defaults, dict):
            _check_overrides(cat, defaults, ("rule_defaults", kind), read)
    for opt in cat.options.values():
        if opt.default not in opt.values:
            read.error(
                ("options", opt.name, "default"),
                Message("framework.option_default", default=repr(opt.default), option=opt.name),
                near(opt.default, opt.values),
            )
    for i, chk in enumerate(cat.checks):
        for name in chk.variables + list(chk.invalidates):
            if name not in cat.variables:
                read.error(
                    ("checks", i),
                    Message("framework.check_unknown_variable", check=chk.id, variable=name),
                    near(name, cat.variables),
                )
        for code in chk.criteria:
            if code not in cat.criteria:
                read.error(
                    ("checks", i, "criteria"),
                    Message("framework.check_unknown_criterion", check=chk.id, code=code),
                    near(code, cat.criteria),
                )
    for g in cat.general:
        where = read.at[("general", g.code)]
        if g.department and g.department not in cat.departments:
            _unknown_department(cat, g.department, (*where, "department"), read)
        if g.type not in GENERAL_TYPES:
            read.error(
                (*where, "type"),
                Message("framework.general_type", type=repr(g.type), known=", ".join(sorted(GENERAL_TYPES))),
            )
    if not any(f.severity == "error" for f in read.findings):
        _unused(cat, read)


def _unknown_department(cat: Catalogue, dept: str, where: Where, read: _Reader) -> None:
    spelt = {alias: d.id for d in cat.departments.values() for alias in d.aliases}
    hint = (
        Message("framework.suggest.did_you_mean", near=spelt[dept])
        if dept in spelt
        else near(dept, cat.departments) or Message("framework.suggest.add_department", department=dept)
    )
    read.error(where, Message("framework.unknown_department", department=repr(dept)), hint)


def _check_overrides(cat: Catalogue, rule: dict[str, Any], where: Where, read: _Reader) -> None:
    """A rule's (or rule default's) `overrides` name options and values the framework has."""
    for opt, by_value in (rule.get("overrides") or {}).items():
        if opt not in cat.options:
            read.error(
                (*where, "overrides", opt),
                Message("framework.override_unknown_option", option=opt),
                near(opt, cat.options),
            )
            continue
        for value in by_value:
            if value not in cat.options[opt].values:
                read.error(
                    (*where, "overrides", opt, value),
                    Message("framework.override_unknown_value", option=opt, value=repr(value)),
                    near(value, cat.options[opt].values),
                )


def _check_criterion(cat: Catalogue, c: Criterion, read: _Reader) -> None:
    where = read.at[("code", c.code)]
    for key in ("responsible", "coordinating"):
        for dept in getattr(c, key):
            if dept not in cat.departments:
                _unknown_department(cat, dept, (*where, key), read)
    if not c.responsible:
        read.error(where, Message("framework.no_responsible"))
    for v in c.inputs:
        at = read.at[("variable", v.id)]
        if v.part_of and v.part_of not in cat.variables:
            read.error(
                (*at, "part_of"),
                Message("framework.part_of_unknown", variable=v.part_of),
                near(v.part_of, cat.variables),
            )
        for g in v.from_general:
            if g not in cat.general_fields:
                read.error(
                    (*at, "from_general"),
                    Message("framework.from_general_unknown", field=g),
                    near(g, cat.general_fields),
                )
    rule_at = (*where, "rule")
    _check_overrides(cat, c.rule, rule_at, read)
    kind = c.rule_type
    rule = RULES.get(kind) if isinstance(kind, str) else None
    if rule is None:
        if str(kind).strip().lower() == TODO:
            hint = Message(
                "framework.suggest.todo", known=", ".join(sorted(RULES)), method=c.method.text(vocab.DEFAULT)
            )
            read.error((*rule_at, "type"), Message("framework.rule_todo"), hint)
        else:
            read.error((*rule_at, "type"), Message("framework.unknown_rule", type=repr(kind)), near(kind, RULES))
        return
    try:
        _check_rule(cat, c, rule, rule_at, read)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:  # parameters of the wrong shape
        read.error(rule_at, Message("framework.rule_malformed", rule=c.rule_type, error=f"{type(exc).__name__}: {exc}"))


def _check_rule(cat: Catalogue, c: Criterion, rule: Rule, rule_at: Where, read: _Reader) -> None:
    """The rule type's own checks, as written and under every combination of the options."""
    for problem in rule.check_criterion(c.rule, c.max_points, cat.variables):
        read.error(_param(rule_at, problem), problem)
    layers = [c.rule, *(d for d in cat.rule_defaults.values() if isinstance(d, dict))]
    if any(opt not in cat.options for layer in layers for opt in layer.get("overrides") or {}):
        return  # an override of an unknown option (found above): the rule cannot be resolved under the options
    for combo in itertools.product(*[[(o.name, v) for v in o.values] for o in cat.options.values()]):
        params = cat.resolved_rule(c.code, dict(combo))
        found = rule.check(params)
        for problem in found:
            hint: Message | None = Message("framework.suggest.threshold") if _key(problem) == "threshold" else None
            if isinstance(problem, Message) and problem.key == "framework.rule.does_not_take":
                hint = near(problem.fields["key"], {*rule.required, *rule.optional})
            read.error(_param(rule_at, problem), problem, hint)
        for name in [] if found else rule.variables(params):
            if name not in cat.variables:
                read.error(
                    rule_at,
                    Message("framework.rule_variable", variable=name),
                    Message("framework.suggest.declare", variable=name),
                )


def _key(problem: Message | str) -> str | None:
    return str(problem.fields["key"]) if isinstance(problem, Message) and "key" in problem.fields else None


def _param(rule_at: Where, problem: Message | str) -> Where:
    """Where a rule's problem is: at the parameter it names (a `key` field), else at the rule."""
    key = _key(problem)
    return (*rule_at, key) if key else rule_at


def _unused(cat: Catalogue, read: _Reader) -> None:
    """Warnings: variables no rule or check reads, departments with nothing to do."""
    defaults = {o.name: o.default for o in cat.options.values()}
    combos = [dict(c) for c in itertools.product(*[[(o.name, v) for v in o.values] for o in cat.options.values()])]
    used = {name for chk in cat.checks for name in chk.variables}
    for code in cat.criteria:
        for options in combos or [defaults]:
            used.update(cat.resolved(code, options).variables)
    for v in cat.variables.values():
        if v.id not in used:
            read.warning(
                read.at[("variable", v.id)],
                Message("framework.unused_variable", variable=v.id),
                Message("framework.suggest.unused_variable", code=v.criterion),
            )
    busy = {d for c in cat.criteria.values() for d in c.responsible + c.coordinating}
    busy |= {g.department for g in cat.general if g.department}
    for d in cat.departments:
        if d not in busy:
            read.warning(read.at[("department", d)], Message("framework.unused_department", department=d))


def read_framework(path: str | Path) -> tuple[Catalogue | None, FrameworkCheck]:
    """The catalogue of a framework file (None if it cannot be read as one) and its check."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        message = Message("framework.yaml_error", error=getattr(exc, "problem", None) or type(exc).__name__)
        return None, FrameworkCheck(path, [Finding("error", (), message, line=mark.line + 1 if mark else None)])
    except (OSError, UnicodeDecodeError) as exc:
        message = Message("framework.cannot_read", error=f"{type(exc).__name__}: {exc}")
        return None, FrameworkCheck(path, [Finding("error", (), message)])
    if not isinstance(raw, dict) or "pillars" not in raw:
        return None, FrameworkCheck(path, [Finding("error", (), Message("framework.not_framework"))], raw, source)
    fw = raw.get("framework")
    read = _Reader(raw, source, _languages(fw.get("name") if isinstance(fw, dict) else None))
    cat = _parse(raw, path, read)
    _check(cat, read)
    return cat, FrameworkCheck(path, read.findings, raw, source)


def load(path: str | Path) -> Catalogue:
    """The catalogue of a usable framework file, or CatalogueError with every problem found."""
    cat, check = read_framework(path)
    if cat is None or not check.usable:
        raise CatalogueError(check)
    return cat
