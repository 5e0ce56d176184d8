"""The framework as the document a steering committee issues (`dxkit framework doc`).

Three parts, every word from the vocabulary (`handbook.*`) and every framework text in the reader's
language: a one-page summary (name, source, version, total, the pillars, the criteria per department),
the assignment table laid out as the seed's Appendix 02 (Part I's fields, then each pillar as a group
row with its criteria: STT, criterion, maximum, method, evidence, responsible, coordinating, code),
and each department's tasks (the criteria it is responsible for and those it coordinates on, the
figures each needs and the evidence, its Part I fields). With one department, only its tasks.

Written as HTML (A4 landscape print CSS), PDF (the reports' printer) and Excel (the scores' sheets:
inert text, A4 landscape, header row on every page). The files of one run are built in a staging
folder and replace the previous ones together; none may overwrite the framework file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from dxkit.core import vocab
from dxkit.core.atomic import write_atomic, write_together
from dxkit.core.catalogue import Catalogue, Criterion, Department, GeneralField, Variable
from dxkit.core.paths import check_output
from dxkit.core.vocab import Message
from dxkit.intake.layout import SHEET_NAME_MAX, sheet_title
from dxkit.intake.xlsx import save_workbook
from dxkit.reports import numbers
from dxkit.reports.escape import esc
from dxkit.reports.export import page
from dxkit.reports.scores import Sheet, fill_sheet

FORMATS = ("html", "pdf", "xlsx")
CSS_PATH = Path(__file__).parent / "static" / "handbook.css"
PART_GENERAL, PART_CRITERIA = "I", "II"  # the seed numbers its two parts in Roman numerals
GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
NUMBER_TYPES = ("count", "amount")  # the figures with a unit (a yes/no or a choice has none to show)


class HandbookError(ValueError):
    """A handbook that cannot be asked for (an unknown department or format); `known` lists the valid ones."""

    def __init__(self, rule: Message, known: Sequence[str]) -> None:
        self.rule = rule
        self.known = list(known)
        super().__init__(self.message())

    def message(self, lang: str = vocab.DEFAULT) -> str:
        """Why, in `lang`."""
        return self.rule.text(lang)


def _h(key: str, lang: str, /, **fields: object) -> str:
    """A word of the handbook (`handbook.<key>`) in `lang`."""
    return vocab.t(f"handbook.{key}", lang, **fields)


@cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ the content


@dataclass(frozen=True)
class Row:
    """One row of the assignment table; `kind` is part, pillar, field (Part I) or criterion."""

    kind: str
    stt: str
    name: str
    points: float | None
    method: str
    note: str
    evidence: str
    responsible: str
    coordinating: str
    code: str


@dataclass(frozen=True)
class Tasks:
    """What one department does: criteria it is responsible for, criteria it coordinates on, Part I fields."""

    department: Department
    responsible: tuple[Criterion, ...]
    coordinating: tuple[Criterion, ...]
    general: tuple[GeneralField, ...]

    def __bool__(self) -> bool:
        return bool(self.responsible or self.coordinating or self.general)


def department_tasks(catalogue: Catalogue) -> dict[str, Tasks]:
    """Every department of the framework (in its order) → its tasks."""
    crits, fields = list(catalogue.criteria.values()), catalogue.general
    return {
        d: Tasks(
            dept,
            tuple(c for c in crits if d in c.responsible),
            tuple(c for c in crits if d in c.coordinating),
            tuple(g for g in fields if g.department == d),
        )
        for d, dept in catalogue.departments.items()
    }


def _names(catalogue: Catalogue, ids: Iterable[str], lang: str) -> str:
    return "; ".join(catalogue.department_name(d, lang) for d in ids)


def _field_numbers(fields: Sequence[GeneralField]) -> list[str]:
    """Part I's STT as the seed gives it: 1, 2, … for the fields; none for a field's sub-fields (I.20.1.name)."""
    codes = [g.code for g in fields]
    out, n = [], 0
    for g in fields:
        if any(g.code.startswith(f"{c}.") for c in codes):
            out.append("")
        else:
            n += 1
            out.append(str(n))
    return out


def assignment_rows(catalogue: Catalogue, lang: str = vocab.DEFAULT) -> list[Row]:
    """The assignment table: Part I's fields, then Part II's pillars (1, 2, …) and criteria (1.1, 1.2, …)."""
    cat = catalogue
    rows = [Row("part", PART_GENERAL, _h("part.general", lang), None, "", "", "", "", "", PART_GENERAL)]
    for stt, g in zip(_field_numbers(cat.general), cat.general):
        unit = _h("unit", lang, unit=g.unit(lang)) if g.unit else ""
        dept = cat.department_name(g.department, lang) if g.department else ""
        rows.append(Row("field", stt, g.name(lang), None, unit, "", "", dept, "", g.code))
    rows.append(Row("part", PART_CRITERIA, _h("part.criteria", lang), cat.total_max, "", "", "", "", "", ""))
    for i, p in enumerate(cat.pillars, start=1):
        rows.append(Row("pillar", str(i), p.name(lang), p.max_points, "", "", "", "", "", p.code))
        for j, c in enumerate(p.criteria, start=1):
            note = _h("note", lang, note=c.notes(lang)) if c.notes else ""
            rows.append(
                Row(
                    "criterion",
                    f"{i}.{j}",
                    c.name(lang),
                    c.max_points,
                    c.method(lang),
                    note,
                    c.evidence(lang),
                    _names(cat, c.responsible, lang),
                    _names(cat, c.coordinating, lang),
                    c.code,
                )
            )
    return rows


def _type(kind: str, choices: Iterable[str], lang: str) -> str:
    """What kind of figure: 'số nguyên ≥ 0', 'Có/Không', 'chọn một: …'."""
    return _h(f"type.{kind}", lang, choices="; ".join(choices))


def _variable_type(v: Variable, lang: str) -> str:
    return _type(v.type, (c.label(lang) for c in v.choices), lang)


def _from_general(v: Variable) -> str:
    """The Part I fields a variable defaults to (their sum): 'I.10 + I.11'."""
    return " + ".join(v.from_general)


def _partners(catalogue: Catalogue, crit: Criterion, dept: str, responsible: bool, lang: str) -> str:
    """The other departments of a criterion: for its responsible department, who shares it and who
    coordinates; for a coordinating one, who is responsible."""
    if not responsible:
        return _names(catalogue, crit.responsible, lang)
    shared = [d for d in crit.responsible if d != dept]
    parts = [_h("co_responsible", lang, departments=_names(catalogue, shared, lang))] if shared else []
    if crit.coordinating:
        parts.append(_names(catalogue, crit.coordinating, lang))
    return "\n".join(parts)


def _title(catalogue: Catalogue, department: str | None, lang: str) -> str:
    if department is None:
        return catalogue.name(lang)
    return _h("department_title", lang, department=catalogue.department_name(department, lang))


def _summary_facts(catalogue: Catalogue, lang: str) -> list[tuple[str, str]]:
    cat = catalogue
    return [
        (_h("summary.name", lang), cat.name(lang)),
        (_h("summary.source", lang), cat.source(lang)),
        (_h("summary.version", lang), cat.version),
        (_h("summary.unit", lang), cat.unit_noun(lang)),
        (_h("summary.total", lang), numbers.column([cat.total_max], "exact", lang)[0]),
        (_h("summary.criteria", lang), numbers.integer(len(cat.criteria), lang)),
        (_h("summary.general", lang), numbers.integer(len(cat.general), lang)),
    ]


# ------------------------------------------------------------------------------------------ HTML


def _td(text: str, cls: str = "") -> str:
    return f'<td class="{cls}">{esc(text)}</td>' if cls else f"<td>{esc(text)}</td>"


def _thead(heads: Sequence[str]) -> str:
    return "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in heads) + "</tr></thead>"


def _colgroup(names: Sequence[str]) -> str:
    return "<colgroup>" + "".join(f'<col class="{n}">' for n in names) + "</colgroup>"


def _facts_html(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{esc(k)}</th>{_td(v)}</tr>" for k, v in rows)
    return f'<table class="hb-table hb-facts"><tbody>{body}</tbody></table>'


def _summary_html(catalogue: Catalogue, tasks: Mapping[str, Tasks], lang: str) -> str:
    cat = catalogue
    points = numbers.column([p.max_points for p in cat.pillars] + [cat.total_max], "exact", lang)
    pillars = "".join(
        f"<tr>{_td(p.code, 'code')}{_td(p.name(lang))}{_td(pts, 'num')}"
        f"{_td(numbers.integer(len(p.criteria), lang), 'num')}</tr>"
        for p, pts in zip(cat.pillars, points)
    )
    total = (
        f'<tr class="hb-total"><td></td>{_td(_h("summary.total_row", lang))}{_td(points[-1], "num")}'
        f"{_td(numbers.integer(len(cat.criteria), lang), 'num')}</tr>"
    )
    pillar_heads = [_h(f"column.{k}", lang) for k in ("pillar_code", "pillar", "max_points", "criteria")]
    dept_rows = "".join(
        f"<tr>{_td(task.department.name(lang))}"
        + "".join(
            _td(numbers.integer(len(x), lang), "num") for x in (task.responsible, task.coordinating, task.general)
        )
        + "</tr>"
        for task in tasks.values()
        if task
    )
    dept_heads = [
        _h(f"column.{k}", lang) for k in ("department", "responsible_count", "coordinating_count", "general_count")
    ]
    return (
        f"<section><h2>{esc(_h('section.summary', lang))}</h2>"
        f'<div class="hb-two"><div>{_facts_html(_summary_facts(cat, lang))}'
        f"<h3>{esc(_h('section.pillars', lang))}</h3>"
        f'<table class="hb-table">{_thead(pillar_heads)}<tbody>{pillars}{total}</tbody></table></div>'
        f"<div><h3>{esc(_h('section.by_department', lang))}</h3>"
        f'<table class="hb-table">{_thead(dept_heads)}<tbody>{dept_rows}</tbody></table></div></div></section>'
    )


ASSIGNMENT_COLUMNS = ("stt", "criterion", "max_points", "method", "evidence", "responsible", "coordinating", "code")


def _assignment_html(catalogue: Catalogue, lang: str) -> str:
    rows = assignment_rows(catalogue, lang)
    points = numbers.column([r.points for r in rows if r.points is not None], "exact", lang)
    shown = iter(points)
    body = []
    for r in rows:
        method = esc(r.method) + (f'<span class="hb-note">{esc(r.note)}</span>' if r.note else "")
        cells = (
            _td(r.stt, "stt")
            + _td(r.name)
            + _td(next(shown) if r.points is not None else "", "num")
            + f'<td class="pre">{method}</td>'
            + _td(r.evidence)
            + _td(r.responsible)
            + _td(r.coordinating)
            + _td(r.code, "code")
        )
        body.append(f'<tr class="hb-{r.kind}">{cells}</tr>')
    heads = [_h(f"column.{k}", lang) for k in ASSIGNMENT_COLUMNS]
    return (
        f'<section class="hb-break"><h2>{esc(_h("section.assignment", lang))}</h2>'
        f'<div class="hb-scroll"><table class="hb-table hb-assign">{_colgroup(ASSIGNMENT_COLUMNS)}{_thead(heads)}'
        f"<tbody>{''.join(body)}</tbody></table></div></section>"
    )


def _figures_html(crit: Criterion, lang: str) -> str:
    items = []
    for v in crit.inputs:
        meta = [_h("unit", lang, unit=v.unit(lang))] if v.unit(lang) and v.type in NUMBER_TYPES else []
        meta.append(_variable_type(v, lang))
        if v.from_general:
            meta.append(_h("from_general", lang, fields=_from_general(v)))
        items.append(
            f'<li><span class="hb-id">{esc(v.id)}</span> {esc(v.label(lang))} '
            f'<span class="hb-meta">— {esc(" · ".join(meta))}</span></li>'
        )
    return f'<ul class="hb-figures">{"".join(items)}</ul>'


def _criteria_html(catalogue: Catalogue, crits: Sequence[Criterion], dept: str, responsible: bool, lang: str) -> str:
    """The criteria a department is responsible for (with the figures each needs) or coordinates on."""
    if not crits:
        return f"<p>{esc(_h('department.none', lang))}</p>"
    points = numbers.column([c.max_points for c in crits], "exact", lang)
    rows = "".join(
        f"<tr>{_td(c.code, 'code')}{_td(c.name(lang))}{_td(pts, 'num')}"
        + (f"<td>{_figures_html(c, lang)}</td>" if responsible else "")
        + f"{_td(c.evidence(lang))}{_td(_partners(catalogue, c, dept, responsible, lang), 'pre')}</tr>"
        for c, pts in zip(crits, points)
    )
    if responsible:
        cols = ["code", "criterion", "max_points", "figures", "evidence", "coordinating"]
    else:
        cols = ["code", "criterion", "max_points", "evidence", "responsible"]
    heads = [_h(f"column.{k}", lang) for k in cols]
    kind = "hb-tasks" if responsible else "hb-helps"
    return f'<table class="hb-table {kind}">{_colgroup(cols)}{_thead(heads)}<tbody>{rows}</tbody></table>'


def _general_html(fields: Sequence[GeneralField], lang: str) -> str:
    if not fields:
        return f"<p>{esc(_h('department.none', lang))}</p>"
    rows = "".join(
        f"<tr>{_td(g.code, 'code')}{_td(g.name(lang))}{_td(g.unit(lang) if g.unit else '')}"
        f"{_td(_type(g.type, (), lang))}</tr>"
        for g in fields
    )
    heads = [_h(f"column.{k}", lang) for k in ("field", "field_name", "unit", "type")]
    return f'<table class="hb-table">{_thead(heads)}<tbody>{rows}</tbody></table>'


def _department_html(catalogue: Catalogue, task: Tasks, lang: str, level: int) -> str:
    """One department's tasks under a heading of `level` (its parts one level below)."""
    d, sub = task.department, level + 1
    facts = [
        (_h("department.responsible", lang), numbers.integer(len(task.responsible), lang)),
        (
            _h("department.points", lang),
            numbers.column([sum(c.max_points for c in task.responsible)], "exact", lang)[0],
        ),
        (_h("department.coordinating", lang), numbers.integer(len(task.coordinating), lang)),
        (_h("department.general", lang), numbers.integer(len(task.general), lang)),
    ]
    head = f"<h{level}>{esc(d.name(lang))}</h{level}>" if level > 1 else ""
    return (
        f'<section class="hb-dept{" hb-break" if level > 1 else ""}">{head}'
        f'<div class="hb-dept-facts">{_facts_html(facts)}</div>'
        f"<h{sub}>{esc(_h('department.responsible', lang))}</h{sub}>"
        f"{_criteria_html(catalogue, task.responsible, d.id, True, lang)}"
        f"<h{sub}>{esc(_h('department.coordinating', lang))}</h{sub}>"
        f"{_criteria_html(catalogue, task.coordinating, d.id, False, lang)}"
        f"<h{sub}>{esc(_h('department.general', lang))}</h{sub}>{_general_html(task.general, lang)}</section>"
    )


def handbook_html(catalogue: Catalogue, department: str | None = None, lang: str = vocab.DEFAULT) -> str:
    """The handbook as one standalone HTML page (every framework text escaped)."""
    tasks = _tasks(catalogue, department)
    title = _title(catalogue, department, lang)
    kicker = _h("kicker", lang) if department is None else catalogue.name(lang)
    head = (
        f'<header class="hb-head"><p class="hb-kicker">{esc(kicker)}</p><h1>{esc(title)}</h1>'
        f'<p class="hb-attached">{esc(_h("attached", lang))}</p></header>'
    )
    if department is not None:
        body = _department_html(catalogue, tasks[department], lang, level=1)
    else:
        depts = "".join(_department_html(catalogue, task, lang, level=3) for task in tasks.values() if task)
        body = (
            _summary_html(catalogue, tasks, lang)
            + _assignment_html(catalogue, lang)
            + f'<section class="hb-break"><h2>{esc(_h("section.departments", lang))}</h2>{depts}</section>'
        )
    return page(title, f"<style>\n{_css()}</style>\n{head}{body}", lang)


def _tasks(catalogue: Catalogue, department: str | None) -> dict[str, Tasks]:
    """Every department's tasks; an unknown `department` is refused naming the known ones."""
    tasks = department_tasks(catalogue)
    if department is not None and department not in tasks:
        known = list(tasks)
        rule = Message("handbook.unknown_department", department=repr(department), known=", ".join(known))
        raise HandbookError(rule, known)
    return tasks


# ------------------------------------------------------------------------------------------ Excel


@dataclass(frozen=True)
class Page:
    """A sheet of the handbook: the scores' Sheet (no number formats: points read 15, 7.5 as in the seed;
    its columns' widths set) and its group rows (0-based)."""

    sheet: Sheet
    groups: tuple[int, ...] = ()


def _summary_sheet(catalogue: Catalogue, tasks: Mapping[str, Tasks], lang: str) -> Page:
    cat = catalogue
    cols = [_h(f"summary.{k}", lang) for k in ("item", "value")] + [
        _h(f"column.{k}", lang) for k in ("max_points", "criteria", "coordinating_count", "general_count")
    ]
    texts = _summary_facts(cat, lang)[:4]  # name, source, version, unit; the numbers are in the total row
    rows: list[list[object]] = [[k, v, None, None, None, None] for k, v in texts]
    pillar = _h("summary.pillar", lang)
    rows += [[pillar, f"{p.code} {p.name(lang)}", p.max_points, len(p.criteria), None, None] for p in cat.pillars]
    rows.append([_h("summary.total_row", lang), "", cat.total_max, len(cat.criteria), None, len(cat.general)])
    dept = _h("summary.department", lang)
    rows += [
        [dept, task.department.name(lang), None, len(task.responsible), len(task.coordinating), len(task.general)]
        for task in tasks.values()
        if task
    ]
    sheet = Sheet(_h("sheet.summary", lang), pd.DataFrame(rows, columns=cols), {}, wide=(cols[1],))
    return Page(replace(sheet, widths=(22, 70, 12, 12, 14, 16)), (len(texts) + len(cat.pillars),))


def _assignment_sheet(catalogue: Catalogue, lang: str) -> Page:
    rows = assignment_rows(catalogue, lang)
    cols = [_h(f"column.{k}", lang) for k in ASSIGNMENT_COLUMNS]
    table = pd.DataFrame(
        [
            [
                r.stt,
                r.name,
                r.points,
                f"{r.method}\n{r.note}" if r.note else r.method,
                r.evidence,
                r.responsible,
                r.coordinating,
                r.code,
            ]
            for r in rows
        ],
        columns=cols,
    )
    sheet = Sheet(_h("sheet.assignment", lang), table, {}, wide=tuple(cols[1:2] + cols[3:7]))
    groups = tuple(i for i, r in enumerate(rows) if r.kind in ("part", "pillar"))
    return Page(replace(sheet, widths=(7, 40, 10, 62, 22, 22, 24, 10)), groups)


DEPARTMENT_COLUMNS = (
    "role",
    "code",
    "criterion",
    "max_points",
    "variable",
    "label",
    "unit",
    "type",
    "from_general",
    "evidence",
    "responsible",
    "coordinating",
)


def _department_sheet(catalogue: Catalogue, task: Tasks, title: str, lang: str) -> Page:
    cols = [_h(f"column.{k}", lang) for k in DEPARTMENT_COLUMNS]
    rows: list[list[object]] = []
    for role, crits in (("responsible", task.responsible), ("coordinating", task.coordinating)):
        for c in crits:
            for v in c.inputs:
                rows.append(
                    [
                        _h(f"role.{role}", lang),
                        c.code,
                        c.name(lang),
                        c.max_points,
                        v.id,
                        v.label(lang),
                        v.unit(lang) if v.type in NUMBER_TYPES else "",
                        _variable_type(v, lang),
                        _from_general(v),
                        c.evidence(lang),
                        _names(catalogue, c.responsible, lang),
                        _names(catalogue, c.coordinating, lang),
                    ]
                )
    for g in task.general:
        unit = g.unit(lang) if g.unit else ""
        kind = _type(g.type, (), lang)
        rows.append([_h("role.general", lang), "", "", None, g.code, g.name(lang), unit, kind, "", "", "", ""])
    table = pd.DataFrame(rows, columns=cols)
    wide = tuple(cols[i] for i in (2, 5, 7, 9, 10, 11))
    return Page(Sheet(title, table, {}, wide, (12, 10, 36, 9, 12, 44, 12, 14, 12, 22, 22, 24)))


def _sheet_name(name: str, taken: set[str], lang: str) -> str:
    """A department's sheet name (`layout.sheet_title`); one cut short ends on a whole word and '…'."""
    title = sheet_title(name, taken, lang)
    if len(title) < SHEET_NAME_MAX or name.endswith(title):
        return title
    return sheet_title(title[: SHEET_NAME_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:-– ") + "…", taken, lang)


def handbook_sheets(catalogue: Catalogue, department: str | None = None, lang: str = vocab.DEFAULT) -> list[Page]:
    """The workbook's sheets: summary, assignment table, one per department (only `department`'s if given)."""
    tasks = _tasks(catalogue, department)
    if department is not None:
        pages, chosen = [], [tasks[department]]
    else:
        pages, chosen = (
            [_summary_sheet(catalogue, tasks, lang), _assignment_sheet(catalogue, lang)],
            [t for t in tasks.values() if t],
        )
    taken = {p.sheet.title for p in pages}
    for task in chosen:
        title = _sheet_name(task.department.name(lang), taken, lang)
        taken.add(title)
        pages.append(_department_sheet(catalogue, task, title, lang))
    return pages


def write_pages(pages: Sequence[Page], path: str | Path) -> Path:
    """The sheets as the scores write theirs (inert text, A4 landscape, header on every page), with the
    handbook's column widths, rows as high as their wrapped texts and its group rows set apart."""
    wb = Workbook()
    wb.remove(wb.active)
    for p in pages:
        ws = wb.create_sheet(p.sheet.title)
        fill_sheet(ws, p.sheet)
        for i in p.groups:
            for cell in ws[i + 2]:
                cell.font = Font(bold=True)
                cell.fill = GROUP_FILL
    return save_workbook(wb, path)


# ------------------------------------------------------------------------------------------ files


def _formats(formats: Sequence[str]) -> list[str]:
    """The formats asked for, each once; an unknown one (or none) is refused naming the known ones."""
    chosen = list(dict.fromkeys(f.strip().lower() for f in formats))
    wrong = next((f for f in chosen if f not in FORMATS), None if chosen else "")
    if wrong is not None:
        rule = Message("handbook.unknown_format", format=repr(wrong), known=", ".join(FORMATS))
        raise HandbookError(rule, FORMATS)
    return chosen


def write_handbook(
    catalogue: Catalogue,
    out: str | Path,
    formats: Sequence[str] = ("html",),
    department: str | None = None,
    lang: str = vocab.DEFAULT,
) -> list[Path]:
    """Write the framework's handbook into folder `out` in each format; return the files written.

    `<framework id>.<format>`, or `<framework id>-<department>.<format>` with only that department's
    tasks. Refused before anything is written: an unknown department or format (HandbookError), a
    file that would overwrite the framework file (InputError), no PDF engine (PdfEngineMissing).
    """
    from dxkit.reports.pdf import PdfPrinter

    vocab.check_language(lang)
    chosen = _formats(formats)
    _tasks(catalogue, department)
    out = Path(out)
    inputs = [catalogue.path] if catalogue.path else []
    check_output(out, inputs, folder=True)
    stem = catalogue.id if department is None else f"{catalogue.id}-{department}"
    for fmt in chosen:
        check_output(out / f"{stem}.{fmt}", inputs)
    printer = PdfPrinter() if "pdf" in chosen else None

    def write(staging: Path) -> list[Path]:
        page_file = staging / f"{stem}.html"
        if "html" in chosen or printer is not None:  # the PDF is printed from the page
            write_atomic(page_file, handbook_html(catalogue, department, lang))
        if printer is not None:
            with printer:
                title = _title(catalogue, department, lang)
                printer.print(page_file, staging / f"{stem}.pdf", title=title, lang=lang)
        if "xlsx" in chosen:
            write_pages(handbook_sheets(catalogue, department, lang), staging / f"{stem}.xlsx")
        return [staging / f"{stem}.{fmt}" for fmt in chosen]

    return write_together(out, stem, write)
