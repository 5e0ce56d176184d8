"""Evidence checked against files: each reference a unit cites, matched by name to a folder of documents.

An evidence cell may cite several references. It is cut at `;` and line breaks, and at a comma where
what comes before already holds a reference and what follows holds one too: "Quyết định số
123/QĐ-UBND ngày 12/3/2024, Kế hoạch 45/KH-UBND" is two references, "Báo cáo quý 1, quý 2.pdf" is one
(and a piece naming a document of the folder as it is is never cut). Each reference is one of:

- `link`: an http(s) address, listed and never fetched (state `link`: not checked offline);
- `path`: a file name with folders, a `file://` link or an absolute path: looked up at its place in
  the folder, then by its name anywhere in it; `unsafe` when it leads outside the folder
  (`dxkit.intake.docs.DocumentIndex.locate`) or through an entry not followed (a link out, a linked folder);
- `file`: a file name (a document's suffix), looked up by name anywhere in the folder;
- `number`: a document number (`123/QĐ-UBND`, `12/2024/QĐ-UBND`, `05-NQ/HU`, `QĐ số 123`), matched to
  the files whose names carry its number and words in any usual spelling (`123-QD-UBND.pdf`,
  `QĐ 123 UBND.pdf`, `Quyet dinh 123 UBND.pdf`, `123_QĐ-UBND_2024.docx`) and no other year than its
  own (the year in the number, else the date cited with it: numbers start again every year);
- `text`: anything else, looked up as a file name without its suffix.

A file or path not found by its name is looked for by the document number it carries. The state of a
reference: `found` (one file), `ambiguous` (several: all listed), `not_found`, `unsafe` (refused with
a reason, never read) or `link`. Only names are compared: no document is opened.

Per unit, year and criterion (grouped by its first responsible department): what the framework
requires, what was cited, found, missing, and a `status` ordering what a reviewer looks at first:
`nothing_found` (points earned, no document found, no link or candidate to look at), `to_check`
(points earned, some reference unsettled), `found` (points earned, every reference found), `no_points`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.units import fold as unit_fold
from dxkit.core.units import unit_key
from dxkit.core.values import is_blank
from dxkit.intake.docs import (
    Document,
    DocumentIndex,
    looks_like_path,
)
from dxkit.intake.readers import fold

KINDS = ("link", "path", "file", "number", "text")
STATES = ("found", "ambiguous", "not_found", "unsafe", "link")
STATUSES = ("nothing_found", "to_check", "found", "no_points")  # the order a reviewer reads them in

# The kinds of administrative documents (Decree 30/2020/NĐ-CP, Appendix III): abbreviation, name.
DOCUMENT_TYPES = (
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("BC", "Báo cáo"),
    ("TB", "Thông báo"),
    ("NQ", "Nghị quyết"),
    ("CT", "Chỉ thị"),
    ("HD", "Hướng dẫn"),
    ("TTr", "Tờ trình"),
    ("CV", "Công văn"),
    ("QC", "Quy chế"),
    ("QyĐ", "Quy định"),
    ("CTr", "Chương trình"),
    ("ĐA", "Đề án"),
    ("PA", "Phương án"),
    ("BB", "Biên bản"),
    ("KL", "Kết luận"),
)
_SPELT = {fold(abbr): fold(name) for abbr, name in DOCUMENT_TYPES}  # 'qd' → 'quyet dinh'
_BY_NAME = {name: abbr for abbr, name in _SPELT.items()}
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_WORD = r"[A-ZĐ][A-Za-zĐđ]*(?!\w)"
_PART = r"[A-ZĐ0-9][A-Za-zĐđ0-9]*(?!\w)"
_WORDS = rf"{_WORD}(?:\s*[-–]\s*{_PART})*"
_FULL = re.compile(rf"(?<![\w.])(?P<n>\d{{1,6}})\s*/\s*(?:(?P<y>(?:19|20)\d{{2}})\s*/\s*)?(?P<w>{_WORDS})")
_PARTY = re.compile(rf"(?<![\w.])(?P<n>\d{{1,6}})\s*-\s*(?P<w>{_WORD}\s*/\s*{_WORDS})")  # 05-NQ/HU
_ABBR = "|".join(abbr.replace("Đ", "[ĐD]") for abbr, _ in DOCUMENT_TYPES)  # QĐ or QD, case as written
_NAMES = "(?i:" + "|".join(name for _, name in DOCUMENT_TYPES) + ")"
_SHORT = re.compile(rf"(?<!\w)(?P<t>{_ABBR}|{_NAMES})\s*(?:(?i:số|so|no\.?)\s*)?(?P<n>\d{{1,6}})(?![\d/]|\s*/)")
_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class DocNumber:
    """A document number as cited ('123/QĐ-UBND'): its number, its words folded ('qd', 'ubnd') and year."""

    text: str
    number: int
    words: tuple[str, ...]
    year: int | None = None

    def matches(self, tokens: tuple[str, ...]) -> bool:
        """True when a file name's `tokens` (`name_tokens`) carry this number, its words and no other year."""
        numbers = [int(t) for t in tokens if t.isdigit()]
        if self.number not in numbers:
            return False
        if not all(_has_word(tokens, w) for w in self.words):
            return False
        years = {n for n in numbers if 1900 <= n <= 2199 and n != self.number}
        return self.year is None or not years or self.year in years


def _has_word(tokens: tuple[str, ...], word: str) -> bool:
    """`word` among `tokens`, or a document type's full name spelt out ('qd' ← 'quyet', 'dinh')."""
    if word in tokens:
        return True
    name = _SPELT.get(word, "").split()
    return bool(name) and any(list(tokens[i : i + len(name)]) == name for i in range(len(tokens)))


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z]+|[0-9]+", fold(text)))


def document_numbers(text: str) -> list[DocNumber]:
    """The document numbers `text` cites, in order; with one number and one date, the date's year is its year."""
    found: list[tuple[int, DocNumber]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_FULL, _PARTY):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            year = int(m["y"]) if pattern is _FULL and m["y"] else None
            found.append((m.start(), DocNumber(" ".join(m[0].split()), int(m["n"]), _words(m["w"]), year)))
            taken.append(m.span())
    for m in _SHORT.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        kind = fold(m["t"])
        found.append((m.start(), DocNumber(" ".join(m[0].split()), int(m["n"]), (_BY_NAME.get(kind, kind),))))
    numbers = [n for _, n in sorted(found, key=lambda pair: pair[0])]
    dates = {int(m["y"]) for m in _DATE.finditer(text)}
    if len(numbers) == 1 and len(dates) == 1 and numbers[0].year is None:
        n = numbers[0]
        numbers = [DocNumber(n.text, n.number, n.words, dates.pop())]
    return numbers


@dataclass(frozen=True)
class Reference:
    """One reference as cited, its kind (`KINDS`), what is looked up (an address, a path, a name, a
    number) and the document numbers it carries."""

    cited: str
    kind: str
    target: str
    numbers: tuple[DocNumber, ...] = ()


def _is_path(text: str) -> bool:
    """Written as a path or a file name, or with a '/' that is no document number's nor a date's."""
    return looks_like_path(text) or ("/" in text and not _DATE.search(text) and not document_numbers(text))


def _stands_alone(text: str) -> bool:
    """True when `text` holds a reference of its own (an address, a path or file name, a number)."""
    return bool(_URL.search(text)) or _is_path(text) or bool(document_numbers(text))


def _pieces(part: str, index: DocumentIndex | None) -> list[str]:
    """`part` cut at the commas where each side stands alone (kept whole when it names a document)."""
    if "," not in part or (index is not None and index.named(part)):
        return [part]
    bits = re.split(r"(,\s*)", part)  # pieces and, between them, the commas as written
    groups = [bits[0].strip()]
    for comma, bit in zip(bits[1::2], bits[2::2]):
        if not bit.strip():
            continue  # ',,' and a comma at an end cut nothing
        if not groups[-1]:
            groups[-1] = bit.strip()
        elif _stands_alone(groups[-1]) and _stands_alone(bit.strip()):
            groups.append(bit.strip())
        else:
            groups[-1] = groups[-1] + comma + bit
    return [g.strip() for g in groups if g]


def references(cell: object, index: DocumentIndex | None = None) -> list[Reference]:
    """The references of one evidence cell, in order (see the module doc)."""
    if is_blank(cell):
        return []
    text = unicodedata.normalize("NFC", str(cell))
    out: list[Reference] = []
    for part in re.split(r"[;\r\n]+", text):
        part = " ".join(part.split())
        for piece in _pieces(part, index) if part else []:
            out += _classify(piece)
    return out


def _classify(piece: str) -> list[Reference]:
    links = [u.rstrip(".,;:)]}") for u in _URL.findall(piece)]
    if links:
        return [Reference(piece, "link", u) for u in links]
    numbers = tuple(document_numbers(piece))
    if _is_path(piece):
        kind = "path" if re.search(r"[\\/]", piece) or piece.lower().startswith("file:") else "file"
        return [Reference(piece, kind, piece, numbers)]
    if numbers:
        return [Reference(piece if len(numbers) == 1 else n.text, "number", n.text, (n,)) for n in numbers]
    return [Reference(piece, "text", piece)]


@dataclass(frozen=True)
class Match:
    """What a reference led to: its state (`STATES`), the files (found, candidates, or the entry refused)
    and the reason of a refusal (`evidence_check.reason.<reason>`)."""

    state: str
    files: tuple[str, ...] = ()
    reason: str = ""


def _search(ref: Reference, index: DocumentIndex, path: str, refused: bool) -> list[Document]:
    """The documents (or, `refused`, the entries refused) a reference names: by place, name, then number."""
    if ref.kind == "path":
        hits = index.at(path, refused) or index.named(path.rsplit("/", 1)[-1], refused=refused)
    elif ref.kind == "file":
        hits = index.named(ref.target, refused=refused)
    elif ref.kind == "text":
        hits = index.named(ref.target, whole=False, refused=refused)
    else:
        hits = []
    if not hits and ref.numbers:
        carrying = (pair for n in ref.numbers for pair in index.carrying(n.number, refused) if n.matches(pair[1]))
        hits = list(dict.fromkeys(d for d, _ in carrying))
    return hits


def match(ref: Reference, index: DocumentIndex) -> Match:
    """Where `ref` leads in the folder's `index` (never on the file system itself)."""
    if ref.kind == "link":
        return Match("link")
    path = ""
    if ref.kind == "path":
        where = index.locate(ref.target)
        if where.reason:
            return Match("unsafe", reason=where.reason)
        path = where.path
        through = index.refusal(path)
        if through is not None:
            return Match("unsafe", (through.path,), through.reason)
    hits = _search(ref, index, path, refused=False)
    if len(hits) == 1:
        return Match("found", (hits[0].path,))
    if hits:
        return Match("ambiguous", tuple(d.path for d in hits))
    bad = _search(ref, index, path, refused=True)
    if bad:
        return Match("unsafe", (bad[0].path,), bad[0].reason)
    return Match("not_found")


REFERENCE_COLUMNS = [
    "district",
    "year",
    "department",
    "code",
    "variables",
    "cited",
    "kind",
    "target",
    "state",
    "files",
    "reason",
    "file",
    "sheet",
    "cell",
]
CRITERIA_COLUMNS = [
    "district",
    "year",
    "department",
    "department_name",
    "code",
    "criterion",
    "points",
    "max_points",
    "required",
    "status",
    "cited",
    "found",
    "ambiguous",
    "missing",
    "links",
]


@dataclass(frozen=True)
class EvidenceCheck:
    """The references (one row per unit, year, criterion and reference cited) and the criteria (one row
    per unit, year and criterion), both tidy and in the reader's order (see the module doc)."""

    references: pd.DataFrame
    criteria: pd.DataFrame
    index: DocumentIndex

    def units(self) -> list[tuple[str, int]]:
        """The (unit, year) pairs checked, in order."""
        return list(dict.fromkeys(zip(self.criteria["district"], self.criteria["year"])))

    def counts(self) -> pd.DataFrame:
        """Per unit and year: references in each state, and criteria with points but nothing found."""
        refs = self.references
        states = pd.crosstab([refs["district"], refs["year"]], refs["state"]).reindex(columns=list(STATES))
        nothing = self.criteria[self.criteria["status"] == "nothing_found"].groupby(["district", "year"]).size()
        keys = pd.MultiIndex.from_tuples(self.units(), names=["district", "year"])
        out = states.reindex(keys).fillna(0).astype(int)
        out["nothing_found"] = nothing.reindex(keys).fillna(0).astype(int)
        return out.reset_index()


@dataclass
class _Cited:
    """A reference as one unit cites it for one criterion of one year: the variables whose evidence
    cells cite it and the first of those cells."""

    district: str
    year: int
    code: str
    ref: Reference
    variables: list[str]
    file: str
    sheet: str
    cell: str


def _cited(assessment: Assessment, index: DocumentIndex) -> list[_Cited]:
    """Every reference cited, once per unit, year and criterion, in the order of the inputs."""
    cat = assessment.catalogue
    owner = {v.id: code for code, c in cat.criteria.items() for v in c.inputs}
    units = {unit_key(d): d for d in assessment.criteria()["district"].unique()}
    inputs = assessment.inputs
    cells = inputs[inputs["variable"].isin(owner.keys()) & ~inputs["evidence"].map(is_blank).astype(bool)]
    found: dict[tuple[str, int, str, Reference], _Cited] = {}
    for r in cells.itertuples(index=False):
        unit, year = units.get(unit_key(r.district)), pd.to_numeric(r.year, errors="coerce")
        if unit is None or pd.isna(year):
            continue
        for ref in references(r.evidence, index):
            key = (unit, int(year), owner[r.variable], ref)
            if key not in found:
                found[key] = _Cited(unit, int(year), owner[r.variable], ref, [], r.file, r.sheet, r.cell)
            if r.variable not in found[key].variables:
                found[key].variables.append(r.variable)
    return list(found.values())


def _status(points: float, states: Iterable[str]) -> str:
    states = list(states)
    if not points > 0:
        return "no_points"
    if not any(s in ("found", "ambiguous", "link") for s in states):
        return "nothing_found"
    return "found" if all(s == "found" for s in states) else "to_check"


def check_evidence(assessment: Assessment, index: DocumentIndex, lang: str = vocab.DEFAULT) -> EvidenceCheck:
    """Every criterion of every unit and year scored, with its references matched against `index`."""
    cat = assessment.catalogue
    matched: dict[Reference, Match] = {}
    ref_rows: list[dict[str, Any]] = []
    for c in _cited(assessment, index):
        m = matched.setdefault(c.ref, match(c.ref, index))
        ref_rows.append(
            {
                "district": c.district,
                "year": c.year,
                "department": cat.criteria[c.code].responsible[0],
                "code": c.code,
                "variables": tuple(c.variables),
                "cited": c.ref.cited,
                "kind": c.ref.kind,
                "target": c.ref.target,
                "state": m.state,
                "files": m.files,
                "reason": m.reason,
                "file": c.file,
                "sheet": c.sheet,
                "cell": c.cell,
            }
        )
    by_criterion: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for row in ref_rows:
        by_criterion.setdefault((row["district"], row["year"], row["code"]), []).append(row)
    crit_rows = []
    for r in assessment.criteria().itertuples(index=False):
        crit = cat.criteria[r.code]
        own = by_criterion.get((r.district, int(r.year), r.code), [])
        cited = {state: tuple(x["cited"] for x in own if x["state"] == state) for state in STATES}
        found = tuple(dict.fromkeys(f for x in own if x["state"] == "found" for f in x["files"]))
        crit_rows.append(
            {
                "district": r.district,
                "year": int(r.year),
                "department": crit.responsible[0],
                "department_name": cat.department_name(crit.responsible[0], lang),
                "code": r.code,
                "criterion": crit.name(lang),
                "points": r.points,
                "max_points": r.max_points,
                "required": crit.evidence(lang),
                "status": _status(r.points, [x["state"] for x in own]),
                "cited": tuple(x["cited"] for x in own),
                "found": found,
                "ambiguous": cited["ambiguous"],
                "missing": cited["not_found"] + cited["unsafe"],
                "links": cited["link"],
            }
        )
    refs = pd.DataFrame(ref_rows, columns=REFERENCE_COLUMNS)
    table = pd.DataFrame(crit_rows, columns=CRITERIA_COLUMNS)
    order: dict[str, Callable[[Any], Any]] = {
        "district": unit_fold,
        "department": {d: i for i, d in enumerate(cat.departments)}.get,
        "status": {s: i for i, s in enumerate(STATUSES)}.get,
        "code": {code: i for i, code in enumerate(cat.criteria)}.get,
    }
    table = _sorted(table, ["district", "year", "department", "status", "code"], order)
    refs = _sorted(refs, ["district", "year", "department", "code"], order)
    return EvidenceCheck(refs, table, index)


def _sorted(df: pd.DataFrame, by: list[str], keys: Mapping[str, Callable[[Any], Any]]) -> pd.DataFrame:
    return df.sort_values(
        by, key=lambda col: col.map(keys[col.name]) if col.name in keys else col, kind="stable"
    ).reset_index(drop=True)
