"""Read a framework file into a Catalogue, finding every problem at once, each placed in the file.

`read_framework(path)` returns the catalogue (None when the file cannot be read as one) and the
findings; `load_catalogue` (catalogue.py) raises CatalogueError when any finding is an error.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dxkit.core import vocab
from dxkit.core.atomic import OsReason
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
from dxkit.core.findings import (
    CatalogueError,
    Finding,
    FrameworkCheck,
    Layout,
    Lines,
    Where,
    layout,
    near,
    number_problem,
    shown,
)
from dxkit.core.rules import NUMERIC, RULES, RuleProblem
from dxkit.core.vocab import Message

_REMOVE = Message("framework.suggest.remove_key")
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
    "when": {"var", "equals", "above"},
}


@dataclass
class _Reader:
    """Reads the parts of a framework file, collecting findings; texts must give `languages`."""

    raw: dict[str, Any]
    layout: Layout
    languages: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    at: dict[tuple[str, str], Where] = field(default_factory=dict)  # (kind, code) → where it is written
    named: list[tuple[str, str, Where]] = field(default_factory=list)  # (check id, variable, where) of checks
    ruleless: set[str] = field(default_factory=set)  # criteria without a rule mapping (found when read)

    @property
    def lines(self) -> dict[Where, int]:
        return self.layout.lines

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

    def points(self, raw: dict[str, Any], key: str, where: Where) -> float:
        """A maximum of points: a finite number above 0 (0.0 when it is not one: no sum is checked then)."""
        value = raw.get(key)
        if value is None:
            self.error(where, Message("framework.missing_key", key=key))
            return 0.0
        problem = number_problem(value, key, "positive")
        if problem:
            self.error((*where, key), problem)
            return 0.0
        return float(value)

    def text(self, raw: Any, where: Where) -> Text:
        """A required text: a mapping language code → words, giving every language of the framework."""
        written = {str(k): v for k, v in raw.items()} if isinstance(raw, dict) else {}
        given = {k: str(v).strip() for k, v in written.items() if v is not None}
        known, meant = {*self.languages, *vocab.languages()}, set()  # meant: the languages of misspelt keys
        for key in sorted(written.keys() - known):
            hint = near(key, known, listing=False)
            if written[key] is None:  # `{vi: a, b, en: c}`: an unquoted comma cut the text into keys
                hint = Message("framework.suggest.quote")
            meant.add(hint.fields.get("near") if hint else None)
            self.error((*where, key), Message("framework.unknown_language", key=key), hint or _REMOVE)
        missing = [lang for lang in self.languages if not given.get(lang) and lang not in meant]
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
    """The languages a framework gives its texts in: those of its name, the default language first
    (not a misspelt one, `eng`: the check of the name suggests `en`)."""
    given = [str(k) for k, v in name.items() if v] if isinstance(name, dict) else []
    spoken = vocab.languages()
    return tuple(dict.fromkeys([vocab.DEFAULT, *(g for g in given if g in spoken or not near(g, spoken, False))]))


def _strings(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(map(str, raw)) if isinstance(raw, list | tuple) else (str(raw),)


def _kind(raw: dict[str, Any], where: Where, known: set[str], message: str, read: _Reader) -> str:
    """A `type` among `known`; a misspelt one gets the closest."""
    vtype = raw.get("type")
    if not isinstance(vtype, str) or vtype not in known:
        hint = near(vtype, known, listing=False) if isinstance(vtype, str) else None
        read.error((*where, "type"), Message(message, type=shown(vtype), known=", ".join(sorted(known))), hint)
    return str(vtype)


def _id_or_none(raw: dict[str, Any], key: str, where: Where, read: _Reader) -> str | None:
    """An optional id (a variable, a department): a text, or nothing."""
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    read.error((*where, key), Message("framework.not_id", key=key, value=shown(value)))
    return None


def _variable(raw: dict[str, Any], code: str, where: Where, read: _Reader) -> Variable:
    read.keys(raw, where, "input")
    vid = read.required(raw, "id", where)
    read.place("variable", vid, where)
    vtype = _kind(raw, where, INPUT_TYPES, "framework.input_type", read)
    choices = []
    for at, c in read.entries(raw.get("choices"), (*where, "choices")):
        choices.append(Choice(read.required(c, "id", at), read.text({k: v for k, v in c.items() if k != "id"}, at)))
    if vtype == "choice" and not choices:
        read.error(where, Message("framework.choice_needs_choices"))
    return Variable(
        id=vid,
        criterion=code,
        type=vtype,
        label=read.text(raw.get("label"), (*where, "label")),
        unit=read.optional_text(raw.get("unit"), (*where, "unit")) or EMPTY,
        part_of=_id_or_none(raw, "part_of", where, read),
        from_general=_strings(raw.get("from_general")),
        choices=tuple(choices),
    )


def _check_entry(raw: dict[str, Any], where: Where, read: _Reader) -> Check:
    read.keys(raw, where, "check")
    severity = raw.get("severity")
    if severity not in ("error", "warning"):
        read.error((*where, "severity"), Message("framework.check_severity", severity=repr(severity)))
    check_id = read.required(raw, "id", where)
    when = []
    for at, c in read.entries(raw.get("when"), (*where, "when")):
        read.keys(c, at, "when")
        equals, above = c.get("equals"), c.get("above")
        if (equals is None) == (above is None) or _float(above if equals is None else equals) is None:
            read.error(at, Message("framework.check_shape"))
        when.append(Condition(read.required(c, "var", at), _float(equals), _float(above)))
        read.named.append((check_id, when[-1].var, (*at, "var")))
    same = _strings(raw.get("same"))
    if bool(when) == bool(same):
        read.error(where, Message("framework.check_shape"))
    invalidates = _strings(raw.get("invalidates"))
    if invalidates and severity != "error":
        read.error((*where, "invalidates"), Message("framework.check_invalidates"))
    for key, names in (("same", same), ("invalidates", invalidates)):
        one = not isinstance(raw.get(key), list)  # a lone id, not a list
        read.named += [(check_id, name, (*where, key) if one else (*where, key, i)) for i, name in enumerate(names)]
    return Check(
        check_id,
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
    if "rule" not in raw:
        read.error(where, Message("framework.missing_key", key="rule"))
    elif not isinstance(rule, dict):
        read.error((*where, "rule"), Message("framework.rule_not_mapping", value=shown(rule)))
    if not isinstance(rule, dict):
        read.ruleless.add(code)
    return Criterion(
        code=code,
        pillar=pillar,
        name=read.text(raw.get("name"), (*where, "name")),
        max_points=read.points(raw, "max_points", where),
        method=read.text(raw.get("method"), (*where, "method")),
        evidence=read.text(raw.get("evidence"), (*where, "evidence")),
        responsible=_strings(raw.get("responsible")),
        coordinating=_strings(raw.get("coordinating")),
        inputs=tuple(_variable(v, code, at, read) for at, v in read.entries(raw.get("inputs"), (*where, "inputs"))),
        rule=dict(rule) if isinstance(rule, dict) else {},
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
                _kind({"type": "text", **g}, at, GENERAL_TYPES, "framework.general_type", read),
                read.optional_text(g.get("unit"), (*at, "unit")),
                _id_or_none(g, "department", at, read),
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
            Pillar(pcode, read.text(p.get("name"), (*at, "name")), read.points(p, "max_points", at), criteria)
        )
    checks = tuple(_check_entry(c, at, read) for at, c in read.entries(raw.get("checks"), ("checks",)))
    rule_defaults = raw.get("rule_defaults") or {}
    if not isinstance(rule_defaults, dict):
        read.error(("rule_defaults",), Message("framework.not_mapping", key="rule_defaults"))
        rule_defaults = {}
    for kind, layer in rule_defaults.items():
        if not isinstance(layer, dict):
            read.error(("rule_defaults", kind), Message("framework.not_mapping", key=kind))
    return Catalogue(
        id=str(fw.get("id", path.stem)),
        name=read.text(fw.get("name"), ("framework", "name")),
        version=str(fw.get("version", "")),
        source=read.optional_text(fw.get("source"), ("framework", "source")) or EMPTY,
        total_max=read.points(fw, "total_max", ("framework",)),
        options=options,
        rule_defaults={kind: layer for kind, layer in rule_defaults.items() if isinstance(layer, dict)},
        departments=departments,
        general=tuple(general),
        pillars=tuple(pillars),
        checks=checks,
        path=path,
        unit=Text({str(k): str(v) for k, v in (fw.get("unit") or {}).items() if v}),
        units=Text({str(k): str(v) for k, v in (fw.get("units") or {}).items() if v}),
    )


def _combos(cat: Catalogue) -> list[dict[str, str]]:
    """Every combination of the options' values (one empty one without options)."""
    return [dict(c) for c in itertools.product(*[[(o.name, v) for v in o.values] for o in cat.options.values()])]


def _check(cat: Catalogue, read: _Reader) -> None:
    """What needs the whole framework: sums, references between parts, rules, what nothing uses."""
    for p in cat.pillars:
        where = read.at[("code", p.code)]
        got = sum(c.max_points for c in p.criteria)
        if p.max_points > 0 and all(c.max_points > 0 for c in p.criteria) and not math.isclose(got, p.max_points):
            fields = {"got": f"{got:g}", "max": f"{p.max_points:g}"}
            read.error(
                (*where, "max_points"),
                Message("framework.pillar_sum", code=p.code, **fields),
                Message("framework.suggest.set_pillar", **fields),
            )
        for c in p.criteria:
            _check_criterion(cat, c, read)
    total = sum(p.max_points for p in cat.pillars)
    if cat.total_max > 0 and all(p.max_points > 0 for p in cat.pillars) and not math.isclose(total, cat.total_max):
        fields = {"got": f"{total:g}", "max": f"{cat.total_max:g}"}
        read.error(
            ("framework", "total_max"),
            Message("framework.total_sum", **fields),
            Message("framework.suggest.set_total", **fields),
        )
    for kind, defaults in cat.rule_defaults.items():
        _check_default(cat, kind, defaults, read)
    for opt in cat.options.values():
        if opt.default not in opt.values:
            read.error(
                ("options", opt.name, "default"),
                Message("framework.option_default", default=repr(opt.default), option=opt.name),
                near(opt.default, opt.values),
            )
    for check_id, name, where in read.named:
        if name not in cat.variables:
            read.error(
                where,
                Message("framework.check_unknown_variable", check=check_id, variable=name),
                near(name, cat.variables),
            )
    for i, chk in enumerate(cat.checks):
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
    """A rule's (or rule default's) `overrides`: {option: {value: {parameter: value}}}, naming options and
    values the framework has."""
    overrides = rule.get("overrides") or {}
    if not isinstance(overrides, dict):
        read.error((*where, "overrides"), Message("framework.not_mapping", key="overrides"))
        return
    for opt, by_value in overrides.items():
        at = (*where, "overrides", opt)
        if opt not in cat.options:
            read.error(at, Message("framework.override_unknown_option", option=opt), near(opt, cat.options))
            continue
        if not isinstance(by_value, dict):
            read.error(at, Message("framework.not_mapping", key=opt))
            continue
        for value, params in by_value.items():
            if value not in cat.options[opt].values:
                read.error(
                    (*at, value),
                    Message("framework.override_unknown_value", option=opt, value=repr(value)),
                    near(value, cat.options[opt].values),
                )
            elif not isinstance(params, dict):
                read.error((*at, value), Message("framework.not_mapping", key=value))


Layers = list[tuple[dict[str, Any], Where]]  # a rule's layers of parameters, each with where it is written


def _merge(layers: Layers, options: dict[str, str]) -> tuple[dict[str, Any], dict[str, Where]]:
    """A rule's parameters under `options`, merged as scoring merges them (`Catalogue.resolved_rule`:
    each layer, then its overrides), and where each one is written. Overrides of the wrong shape are
    left out (`_check_overrides` finds them)."""
    params: dict[str, Any] = {}
    origins: dict[str, Where] = {}
    for layer, at in layers:
        written = [(at, {k: v for k, v in layer.items() if k != "overrides"})]
        overrides = layer.get("overrides")
        for opt, by_value in overrides.items() if isinstance(overrides, dict) else ():
            chosen = by_value.get(options.get(opt)) if isinstance(by_value, dict) else None
            if isinstance(chosen, dict):
                written.append(((*at, "overrides", opt, options[opt]), chosen))
        for place, part in written:
            params.update(part)
            origins.update({key: (*place, key) for key in part})
    return params, origins


def _steps(problem: RuleProblem) -> tuple[Any, ...]:
    """Where below a rule a problem is: its `at` field, else its `key` (the parameter), else nowhere."""
    if not isinstance(problem, Message):
        return ()
    at = problem.fields.get("at")
    if isinstance(at, tuple):
        return at
    return (str(problem.fields["key"]),) if "key" in problem.fields else ()


def _report(read: _Reader, problem: RuleProblem, where: Where) -> None:
    """A rule's problem at `where`, with the suggestion it carries (its `hint` field)."""
    hint = problem.fields.get("hint") if isinstance(problem, Message) else None
    read.error(where, problem, hint if isinstance(hint, Message) else None)


def _check_default(cat: Catalogue, kind: str, layer: dict[str, Any], read: _Reader) -> None:
    """A `rule_defaults` entry: a known rule type, and every parameter it writes valid (at its own place,
    once; what a criterion's rule lacks is found at that criterion)."""
    at = ("rule_defaults", kind)
    rule = RULES.get(kind)
    if rule is None:
        read.error(at, Message("framework.unknown_rule", type=repr(kind)), near(kind, RULES))
        return
    _check_overrides(cat, layer, at, read)
    try:
        for options in _combos(cat):
            params, origins = _merge([(layer, at)], options)
            for problem in rule.check(params):
                steps = _steps(problem)
                if steps and steps[0] in origins:
                    _report(read, problem, (*origins[steps[0]], *steps[1:]))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:  # a rule type from outside
        read.error(at, Message("framework.rule_malformed", rule=kind, error=f"{type(exc).__name__}: {exc}"))


def _check_criterion(cat: Catalogue, c: Criterion, read: _Reader) -> None:
    where = read.at[("code", c.code)]
    for key in ("responsible", "coordinating"):
        for dept in getattr(c, key):
            if dept not in cat.departments:
                _unknown_department(cat, dept, (*where, key), read)
    if not c.responsible:
        read.error(where, Message("framework.no_responsible"))
    for v in c.inputs:
        _check_variable(cat, v, read)
    if c.code not in read.ruleless:
        _check_rule(cat, c, (*where, "rule"), read)


def _check_variable(cat: Catalogue, v: Variable, read: _Reader) -> None:
    """A variable's references: `part_of` a declared variable, `from_general` numeric Part I fields."""
    at = read.at[("variable", v.id)]
    if v.part_of and v.part_of not in cat.variables:
        read.error(
            (*at, "part_of"),
            Message("framework.part_of_unknown", variable=v.part_of),
            near(v.part_of, cat.variables),
        )
    if v.from_general and v.type not in NUMERIC:
        read.error((*at, "from_general"), Message("framework.from_general_variable", type=v.type))
    for g in v.from_general:
        if g not in cat.general_fields:
            read.error(
                (*at, "from_general"),
                Message("framework.from_general_unknown", field=g),
                near(g, cat.general_fields),
            )
        elif cat.general_fields[g].type not in NUMERIC:
            numeric = [f.code for f in cat.general if f.type in NUMERIC]
            read.error(
                (*at, "from_general"),
                Message("framework.from_general_type", field=g, type=cat.general_fields[g].type),
                near(g, numeric, listing=False),
            )


def _check_rule(cat: Catalogue, c: Criterion, rule_at: Where, read: _Reader) -> None:
    """A criterion's rule: a known type, and its own checks under every combination of the options, each
    problem placed where its parameter is written (the rule, a rule default, one of their overrides)."""
    kind = c.rule.get("type")
    if kind is None:
        read.error(rule_at, Message("framework.missing_key", key="type"), near("", RULES))
        return
    rule = RULES.get(kind) if isinstance(kind, str) else None
    if rule is None:
        if str(kind).strip().lower() == TODO:
            hint = Message(
                "framework.suggest.todo", known=", ".join(sorted(RULES)), method=c.method.text(vocab.DEFAULT)
            )
            read.error((*rule_at, "type"), Message("framework.rule_todo"), hint)
        else:
            read.error((*rule_at, "type"), Message("framework.unknown_rule", type=shown(kind)), near(kind, RULES))
        return
    _check_overrides(cat, c.rule, rule_at, read)
    layers = [(cat.rule_defaults.get(kind) or {}, ("rule_defaults", kind)), (c.rule, rule_at)]
    typed = {name: v for name, v in cat.variables.items() if v.type in INPUT_TYPES}  # others: found when read
    try:
        for options in _combos(cat):
            params, origins = _merge(layers, options)
            found = rule.check(params)
            for problem in found + rule.check_criterion(params, c.max_points, typed):
                steps = _steps(problem)
                origin = origins.get(steps[0]) if steps else None
                _report(read, problem, (*origin, *steps[1:]) if origin else (*rule_at, *steps))
            for name in [] if found else rule.variables(params):
                if name not in cat.variables:
                    read.error(
                        rule_at,
                        Message("framework.rule_variable", variable=name),
                        Message("framework.suggest.declare", variable=name),
                    )
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:  # a rule type from outside
        read.error(rule_at, Message("framework.rule_malformed", rule=kind, error=f"{type(exc).__name__}: {exc}"))


def _unused(cat: Catalogue, read: _Reader) -> None:
    """Warnings: variables no rule or check reads, departments with nothing to do."""
    used = {name for chk in cat.checks for name in chk.variables}
    for code in cat.criteria:
        for options in _combos(cat):
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


def _source(path: Path) -> tuple[str | None, Finding | None]:
    """The text of a framework file (newlines as an editor reads them), or why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, Finding("error", (), Message("framework.cannot_read", error=OsReason.of(exc)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = Message("framework.not_utf8", position=exc.start + 1, byte=f"0x{data[exc.start]:02X}")
        return None, Finding("error", (), message, Message("framework.suggest.utf8"), line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_framework(path: str | Path) -> tuple[Catalogue | None, FrameworkCheck]:
    """The catalogue of a framework file (None if it cannot be read as one) and its check."""
    path = Path(path)
    source, unreadable = _source(path)
    if source is None:
        return None, FrameworkCheck(path, [unreadable] if unreadable else [])
    try:
        raw = vocab.read_yaml(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        message = Message("framework.yaml_error", error=getattr(exc, "problem", None) or type(exc).__name__)
        line = Lines(source).of(mark) if mark else None
        return None, FrameworkCheck(path, [Finding("error", (), message, line=line)])
    if not isinstance(raw, dict) or "pillars" not in raw:
        return None, FrameworkCheck(path, [Finding("error", (), Message("framework.not_framework"))], raw, source)
    fw = raw.get("framework")
    found = layout(source)
    read = _Reader(raw, found, _languages(fw.get("name") if isinstance(fw, dict) else None))
    for where, first, second in found.duplicates:
        read.error(
            where,
            Message("framework.duplicate_key", key=where[-1], first=first, second=second),
            Message("framework.suggest.duplicate_key"),
        )
    cat = _parse(raw, path, read)
    _check(cat, read)
    return cat, FrameworkCheck(path, read.findings, raw, source, found.lines)


def load(path: str | Path) -> Catalogue:
    """The catalogue of a usable framework file, or CatalogueError with every problem found."""
    cat, check = read_framework(path)
    if cat is None or not check.usable:
        raise CatalogueError(check)
    return cat
