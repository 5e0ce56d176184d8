"""The evidence check for the reviewer: one HTML page and one workbook per unit and year.

Each lists the criteria by responsible department, those that earned points with no document found
first, with what the framework requires, each reference cited and what it led to (the file found, the
candidates, the reason of a refusal, a link left unchecked); the workbook has the same as a criteria
sheet and a references sheet. Every text is escaped in HTML (a file found is a relative link to it) and
inert in the workbook. The files of one run (`<unit>-<year>.html`, `.xlsx` in the output folder) are
built in a staging folder and replace the previous ones together; the output folder may be neither an
input nor inside the documents folder (the unit's submission, whose names are read as documents).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from dxkit.analysis.evidence_check import STATES, STATUSES, EvidenceCheck
from dxkit.core import fmt, vocab
from dxkit.core.atomic import write_atomic, write_together
from dxkit.core.paths import check_output
from dxkit.core.problems import InputError, Place, Problem
from dxkit.core.vocab import Message
from dxkit.intake.docs import DocumentIndex
from dxkit.reports.escape import esc
from dxkit.reports.export import page
from dxkit.reports.scores import POINTS, Sheet, write_workbook
from dxkit.reports.slug import unique_slugs

FORMATS = ("html", "xlsx")
STYLE = """
main { max-width: 80rem; }
.ev-badge { display: inline-block; padding: 0 .35em; border-radius: 3px; font-size: .8rem; white-space: nowrap; }
.ev-found { background: #dff0d8; color: #1e4620; }
.ev-ambiguous, .ev-link { background: #fcf3cf; color: #5c4400; }
.ev-not_found, .ev-unsafe { background: #f8d7da; color: #6b1a21; }
.ev-refs { margin: 0; padding-left: 1rem; }
.ev-refs li { margin: .1rem 0; overflow-wrap: anywhere; }
.ev-why { color: #6b1a21; }
tr.ev-row-nothing_found td { background: #fdeff0; }
tr.ev-row-found td { background: #eef7ea; }
tr.ev-row-no_points td { color: #555; }
.ev-summary { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.ev-counts table { width: auto; min-width: 20rem; }
.ev-counts td.num { min-width: 3rem; }
"""


def _w(key: str, lang: str, /, **fields: object) -> str:
    """A word of the evidence check (`evidence_check.<key>`) in `lang`."""
    return vocab.t(f"evidence_check.{key}", lang, **fields)


def _badge(state: str, lang: str) -> str:
    return f'<span class="ev-badge ev-{esc(state)}">{esc(_w(f"state.{state}", lang))}</span>'


Record = Mapping[str, Any]  # a row of the check's tables


def _outcome(ref: Record, docs: Path, lang: str) -> str:
    """What a reference led to: the file (linked from `docs`, the folder as seen from the page), the
    candidates, the reason of a refusal."""
    files = ", ".join(f'<a href="{esc(quote((docs / f).as_posix()))}">{esc(f)}</a>' for f in ref["files"])
    arrow = esc(_w("page.arrow", lang))
    if ref["state"] == "found":
        return arrow + files
    if ref["state"] == "ambiguous":
        return arrow + esc(_w("page.candidates", lang, files="\0")).replace("\0", files)
    if ref["state"] == "unsafe":
        why = _w("reason." + ref["reason"], lang)
        return f'{arrow}<span class="ev-why">{esc(why)}</span>'
    return ""


def _cited_html(refs: Sequence[Record], docs: Path, lang: str) -> str:
    if not refs:
        return f"<em>{esc(_w('page.nothing_cited', lang))}</em>"
    items = []
    for ref in refs:
        cited = esc(ref["cited"])
        if ref["kind"] == "link":  # an http(s) address: the reviewer opens it
            cited = f'<a href="{esc(ref["target"])}" rel="noopener noreferrer">{cited}</a>'
        items.append(f"<li>{_badge(ref['state'], lang)} {cited}{_outcome(ref, docs, lang)}</li>")
    return f'<ul class="ev-refs">{"".join(items)}</ul>'


def _points(row: Record, lang: str) -> str:
    return "—" if pd.isna(row["points"]) else fmt.points(row["points"], row["max_points"], lang)


def _anchor(code: str) -> str:
    return f"c-{code}"


def _counts_html(refs: Sequence[Record], crit: Sequence[Record], lang: str) -> str:
    def count(rows: Sequence[Record], key: str, value: str) -> int:
        return sum(r[key] == value for r in rows)

    states = "".join(
        f'<tr><td>{_badge(s, lang)}</td><td class="num">{count(refs, "state", s)}</td></tr>' for s in STATES
    )
    statuses = "".join(
        f'<tr><td>{esc(_w(f"status.{s}", lang))}</td><td class="num">{count(crit, "status", s)}</td></tr>'
        for s in STATUSES
    )
    return (
        '<div class="ev-summary">'
        f'<div class="dx-table ev-counts"><table><thead><tr><th>{esc(_w("page.references", lang))}</th><th></th>'
        f"</tr></thead><tbody>{states}</tbody></table></div>"
        f'<div class="dx-table ev-counts"><table><thead><tr><th>{esc(_w("page.criteria", lang))}</th><th></th>'
        f"</tr></thead><tbody>{statuses}</tbody></table></div></div>"
    )


def _first_html(crit: Sequence[Record], lang: str) -> str:
    first = [r for r in crit if r["status"] == "nothing_found"]
    if not first:
        return f"<p>{esc(_w('page.first_none', lang))}</p>"
    items = "".join(
        f'<li><a href="#{esc(_anchor(r["code"]))}">{esc(r["code"])}</a> {esc(r["criterion"])} — '
        f"{esc(r['department_name'])} — {esc(_points(r, lang))}</li>"
        for r in first
    )
    return f"<ul>{items}</ul>"


CRITERIA_HEADS = ("code", "criterion", "points", "required", "cited", "status")


def _department_html(crit: Sequence[Record], refs: Mapping[str, list[Record]], docs: Path, lang: str) -> str:
    """One department's criteria (`refs`: the references by criterion)."""
    rows = [
        f'<tr id="{esc(_anchor(r["code"]))}" class="ev-row-{esc(r["status"])}"><td>{esc(r["code"])}</td>'
        f'<td>{esc(r["criterion"])}</td><td class="num">{esc(_points(r, lang))}</td>'
        f"<td>{esc(r['required'])}</td><td>{_cited_html(refs.get(r['code'], []), docs, lang)}</td>"
        f"<td>{esc(_w('status.' + r['status'], lang))}</td></tr>"
        for r in crit
    ]
    heads = "".join(f"<th>{esc(_w(f'column.{h}', lang))}</th>" for h in CRITERIA_HEADS)
    return (
        f"<h3>{esc(crit[0]['department_name'])}</h3>"
        f'<div class="dx-table"><table><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _of(table: pd.DataFrame, unit: str, year: int) -> list[Record]:
    """The rows of one unit and year, as records."""
    return table[(table["district"] == unit) & (table["year"] == year)].to_dict("records")


def evidence_html(check: EvidenceCheck, unit: str, year: int, folder: Path, lang: str = vocab.DEFAULT) -> str:
    """The reviewer's page of one unit and year, for a file in `folder` (links to documents are relative)."""
    crit, refs = _of(check.criteria, unit, year), _of(check.references, unit, year)
    by_code: dict[str, list[Record]] = {}
    for ref in refs:
        by_code.setdefault(ref["code"], []).append(ref)
    by_department: dict[str, list[Record]] = {}
    for row in crit:
        by_department.setdefault(row["department"], []).append(row)
    index = check.index
    docs = Path(os.path.relpath(index.real, Path(folder).resolve()))
    title = _w("page.title", lang)
    notes = [_w("page.folder", lang, folder=index.root, n=len(index.documents)), _w("page.how", lang)]
    unread = _w("page.unreadable", lang, folders=", ".join(index.unreadable))
    departments = "".join(_department_html(rows, by_code, docs, lang) for rows in by_department.values())
    body = (
        f'<style>{STYLE}</style><header class="dx-title"><h1>{esc(title)}</h1>'
        f"<p>{esc(_w('page.subtitle', lang, unit=unit, year=year))}</p>"
        + "".join(f"<p>{esc(n)}</p>" for n in notes)
        + "</header>"
        + (f'<div class="dx-notice" role="note"><p>{esc(unread)}</p></div>' if index.unreadable else "")
        + f"<h2>{esc(_w('page.summary', lang))}</h2>{_counts_html(refs, crit, lang)}"
        f"<h2>{esc(_w('page.first', lang))}</h2>{_first_html(crit, lang)}"
        f"<h2>{esc(_w('page.criteria', lang))}</h2>{departments}"
    )
    return page(f"{title} — {_w('page.subtitle', lang, unit=unit, year=year)}", body, lang)


def _lines(values: Iterable[object]) -> str:
    return "\n".join(map(str, values))


def evidence_sheets(check: EvidenceCheck, unit: str, year: int, lang: str = vocab.DEFAULT) -> list[Sheet]:
    """The workbook of one unit and year: the criteria, then every reference with what it led to."""
    crit = check.criteria[(check.criteria["district"] == unit) & (check.criteria["year"] == year)]
    refs = check.references[(check.references["district"] == unit) & (check.references["year"] == year)]
    names = dict(zip(check.criteria["department"], check.criteria["department_name"]))

    def h(key: str) -> str:
        return _w(f"column.{key}", lang)

    criteria = pd.DataFrame(
        {
            h("department"): crit["department_name"].to_numpy(),
            h("code"): crit["code"].to_numpy(),
            h("criterion"): crit["criterion"].to_numpy(),
            h("points"): crit["points"].to_numpy(),
            h("max_points"): crit["max_points"].to_numpy(),
            h("status"): [_w(f"status.{s}", lang) for s in crit["status"]],
            h("required"): crit["required"].to_numpy(),
            **{h(k): [_lines(v) for v in crit[k]] for k in ("cited", "found", "ambiguous", "missing", "links")},
        }
    )
    references = pd.DataFrame(
        {
            h("department"): [names.get(d, d) for d in refs["department"]],
            h("code"): refs["code"].to_numpy(),
            h("variables"): [", ".join(v) for v in refs["variables"]],
            h("place"): [
                Place(file=f, sheet=s, cell=c).text(lang) for f, s, c in zip(refs["file"], refs["sheet"], refs["cell"])
            ],
            h("cited"): refs["cited"].to_numpy(),
            h("kind"): [_w(f"kind.{k}", lang) for k in refs["kind"]],
            h("state"): [_w(f"state.{s}", lang) for s in refs["state"]],
            h("files"): [_lines(f) for f in refs["files"]],
            h("reason"): [_w(f"reason.{r}", lang) if r else "" for r in refs["reason"]],
        }
    )
    wide_c = tuple(h(k) for k in ("criterion", "required", "cited", "found", "ambiguous", "missing", "links"))
    wide_r = (h("place"), h("cited"), h("files"), h("reason"))
    return [
        Sheet(_w("sheet.criteria", lang), criteria, {h("points"): POINTS, h("max_points"): POINTS}, wide=wide_c),
        Sheet(_w("sheet.references", lang), references, {}, wide=wide_r),
    ]


def chosen_formats(formats: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    wrong = next((f for f in chosen if f not in FORMATS), None if chosen else "")
    if wrong is not None:
        rule = Message("evidence_check.folder.unknown_format", format=repr(wrong), known=", ".join(FORMATS))
        raise InputError([Problem("error", rule)])
    return chosen


def check_out(out: str | Path, index: DocumentIndex, inputs: Sequence[str | Path], folder: bool = True) -> None:
    """Refuse an output (a folder, or a file) inside the documents folder, on an input or inside an input folder."""
    target = Path(out).resolve()
    for docs in (index.real, Path(os.path.abspath(index.root))):
        if target.is_relative_to(docs):
            rule = Message("evidence_check.folder.out_inside", docs=index.root)
            raise InputError([Problem("error", rule, file=str(out))])
    check_output(out, inputs, folder=folder)


def write_evidence_check(
    check: EvidenceCheck,
    out: str | Path,
    formats: Sequence[str] = FORMATS,
    inputs: Sequence[str | Path] = (),
    lang: str = vocab.DEFAULT,
) -> list[Path]:
    """Write `<unit>-<year>.<format>` for every unit and year into folder `out`, all together or none;
    return the files written. Refused before anything is written: an unknown format, an output folder
    inside the documents folder, on an input or inside an input folder (InputError)."""
    vocab.check_language(lang)
    chosen = chosen_formats(formats)
    out = Path(out)
    check_out(out, check.index, inputs)
    units = check.units()
    slugs = unique_slugs([f"{unit}-{year}" for unit, year in units])
    stems = [slugs[f"{unit}-{year}"] for unit, year in units]
    for stem in stems:
        for f in chosen:
            check_output(out / f"{stem}.{f}", inputs)

    def write(staging: Path) -> list[Path]:
        files = []
        for (unit, year), stem in zip(units, stems):
            if "html" in chosen:
                files.append(write_atomic(staging / f"{stem}.html", evidence_html(check, unit, year, out, lang)))
            if "xlsx" in chosen:
                files.append(write_workbook(evidence_sheets(check, unit, year, lang), staging / f"{stem}.xlsx"))
        return files

    return write_together(out, "evidence", write)
