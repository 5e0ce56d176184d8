"""Draft a framework file from the table a province publishes (`dxkit framework new --from TABLE`).

The table is an .xlsx/.xls/.ods workbook, a CSV (UTF-8, `,` or `;`) or the tab-separated text of the
seed (docs/source/phu_luc_02_chu_prong_2023.txt). Its header row is found by its words (STT, Chỉ số,
Điểm tối đa, Cách xác định, Tài liệu kiểm chứng, Đơn vị phụ trách, Đơn vị phối hợp, Mã tiêu chí, or
English). Part I ("Thông tin chung") becomes `general_info`; a row with points but no method and no
department is a pillar; the rows under it are its criteria.

A header may take two rows: a group cell over sub-headers ("Đơn vị" merged over "Phụ trách | Phối
hợp") is read as "Đơn vị phụ trách", "Đơn vị phối hợp". Merged ranges of a workbook are read as
`_merges` says: spread down the columns where a merge means "the same for each row", kept in its
first row with an error naming the range where spreading would be wrong.

Texts are cleaned generically (HTML tags, LaTeX, `>=`/`<=`, spaces); departments spelled differently
become one department with every spelling kept in `aliases`. A rule is proposed only where the method
text matches a known pattern in full (every sentence that gives points is accounted for); otherwise
the rule is `{type: TODO}` with a comment saying why. A ratio's `cap` is a reading of the source, so
it is `false` only where the text says the numerator is counted within the denominator ("trong tổng
số"); elsewhere it is `TODO`, with `basis` quoting the method's own definitions of a and b. A ratio's
denominator counting what a Part I field counts (the same words once "Tổng số"/"Số lượng" and "của
cấp huyện" are set aside) gets `from_general` with a comment asking to check it.

The draft gives Vietnamese only (the framework's languages are those of `framework.name`); English
can be added later. No criterion code appears here: the criteria are data.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import DEFAULT, Joined, Message, t
from dxkit.intake.readers import fold
from dxkit.intake.xlsx import OLE_MAGIC, ZIP_MAGIC, read_grids

TODO = "TODO"
COLUMNS = ("stt", "name", "max_points", "method", "evidence", "responsible", "coordinating", "code")
REQUIRED = ("name", "max_points", "method", "evidence", "responsible", "code")
HEADERS: dict[str, tuple[str, ...]] = {  # folded header words (readers.fold) → column
    "stt": ("so tt", "stt", "so thu tu", "tt", "no", "no.", "number"),
    "name": (
        "chi so",
        "chi tieu",
        "tieu chi",
        "ten chi so",
        "ten tieu chi",
        "noi dung",
        "criterion",
        "indicator",
        "name",
    ),
    "max_points": ("diem toi da", "diem", "max points", "maximum points", "points"),
    "method": ("cach xac dinh", "cach tinh diem", "phuong phap tinh diem", "method", "scoring method", "scoring"),
    "evidence": ("tai lieu kiem chung", "minh chung", "evidence"),
    "responsible": ("don vi phu trach", "don vi chu tri", "co quan chu tri", "responsible", "lead unit"),
    "coordinating": ("don vi phoi hop", "co quan phoi hop", "coordinating", "partners"),
    "code": ("ma tieu chi", "ma chi so", "ma", "code", "criterion code"),
}
GENERAL_PART = ("thong tin chung", "general information")  # the heading of Part I
ROMAN = re.compile(r"^[IVXLC]+\.?$")
GARBLED = {"hỡnd": "hđnd"}  # "Đ" mis-encoded as "Ỡ" in published tables: one department, kept as an alias
# where a cell naming departments starts another one: after ";" or a line break always, after "," before
# one of these words, after " và " only before an office's own name ("Văn phòng HĐND và UBND" is one)
_AFTER_COMMA = re.compile(
    r",\s*(?=(?:phòng|văn phòng|ubnd|hđnd|các|công an|trung tâm|bưu điện|chi cục|sở|doanh nghiệp)\b)", re.I
)
_AFTER_AND = re.compile(r"\s+và\s+(?=(?:Phòng|Văn phòng|Công an|Trung tâm|Chi cục|Bưu điện)\b)")


# ---------------------------------------------------------------- the draft


@dataclass
class Draft:
    """A framework file drafted from a table, and what is left to decide in it."""

    text: str  # the framework YAML file, ready to write (UTF-8), with comments
    criteria: list[str]  # every criterion code, in order
    proposed: dict[str, str]  # code -> rule type proposed from the method text
    todo: list[str]  # codes whose rule is left TODO
    undecided: list[str] = field(default_factory=list)  # proposed ratios whose `cap` is left TODO
    warnings: list[Problem] = field(default_factory=list)  # what the draft changed or guessed, by row
    from_general: dict[str, str] = field(default_factory=dict)  # denominator variable -> Part I field proposed
    pillars: int = 0
    total: float = 0.0

    def summary(self, lang: str = DEFAULT) -> str:
        """'74 tiêu chí, 8 trụ cột, 1000 điểm; đề xuất quy tắc cho 67 (…), còn 7 TODO: II.1.4, …'."""
        return t(
            "draft.summary.text",
            lang,
            criteria=len(self.criteria),
            pillars=self.pillars,
            points=_num(self.total),
            proposed=len(self.proposed),
            undecided=t("draft.summary.undecided", lang, n=len(self.undecided)) if self.undecided else "",
            todo=len(self.todo),
            codes=": " + ", ".join(self.todo) if self.todo else "",
            warnings=t("draft.summary.warnings", lang, n=len(self.warnings)) if self.warnings else "",
        )


def draft_framework(table: str | Path, lang: str = DEFAULT) -> Draft:
    """Draft a framework from `table`; InputError lists every problem of the table at once.

    `lang` is the language of the file's comments (its texts are the table's Vietnamese)."""
    path = Path(table)
    problems: list[Problem] = []
    found = _read(path, problems)
    if found is None:
        raise InputError(problems)
    parsed = _parse(found, problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return _write(path, found, parsed, problems, lang)


# ---------------------------------------------------------------- text cleaning


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MATH = re.compile(r"\$([^$]*)\$")
_LATEX = {"geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "neq": "≠", "times": "×", "cdot": "·"}
_COMMAND = re.compile(r"\\(" + "|".join(sorted(_LATEX, key=len, reverse=True)) + r")(?![A-Za-z])")


def _latex(text: str) -> str:
    return _COMMAND.sub(lambda m: _LATEX[m.group(1)], text).replace("\\%", "%")


def clean(text: str) -> str:
    """A cell's text without HTML tags or LaTeX, `>=`/`<=` written `≥`/`≤`, on one line."""
    text = html.unescape(_TAG.sub(" ", unicodedata.normalize("NFC", text)))

    def math_mode(m: re.Match[str]) -> str:
        inner = _latex(m.group(1)).strip()
        return f" {inner} " if inner in ("<", ">", "≥", "≤", "=") else inner

    text = _latex(_MATH.sub(math_mode, text)).replace(">=", "≥").replace("<=", "≤")
    text = re.sub(r"\s*([≥≤])\s*", r" \1 ", text)
    return " ".join(text.split())


def slug(text: str) -> str:
    """ascii words joined by '_': 'Điện thoại liên hệ' → 'dien_thoai_lien_he'."""
    return "_".join(re.findall(r"[a-z0-9]+", fold(text))) or "x"


# ---------------------------------------------------------------- reading the table


@dataclass
class _Table:
    """The rows of the table under its header row, and how to say where a cell is."""

    path: Path
    sheet: str  # '' for a text file
    header_row: int
    columns: dict[str, int]  # column → index
    written: dict[str, str]  # column → its header as written
    titles: list[str]  # the non-empty cells above the header
    rows: list[tuple[int, list[str]]]

    def where(self, row: int, column: str) -> dict[str, Any]:
        """Problem fields placing a cell: sheet and cell in a workbook, row and column in a text file."""
        if self.sheet:
            return {
                "file": str(self.path),
                "sheet": self.sheet,
                "cell": f"{get_column_letter(self.columns[column] + 1)}{row}",
            }
        return {"file": str(self.path), "row": row, "column": self.written[column]}

    def get(self, cells: list[str], column: str) -> str:
        i = self.columns.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_LONGEST = max(len(alias.split()) for aliases in HEADERS.values() for alias in aliases) - 1
_ALIASES = sorted(((alias, name) for name, aliases in HEADERS.items() for alias in aliases), key=lambda a: -len(a[0]))


@functools.lru_cache(maxsize=4096)
def _column(header: str) -> str | None:
    """The column a header names: the longest alias it starts with (a whole word)."""
    folded = fold(" ".join(header.split()[: _LONGEST + 2]))  # the words an alias can reach, and one more
    for alias, name in _ALIASES:
        if folded.startswith(alias) and folded[len(alias) : len(alias) + 1] in ("", " ", "/", "(", ":"):
            return name
    return None


def _named(headers: list[str]) -> dict[str, int]:
    """Column → index of the first header naming it."""
    out: dict[str, int] = {}
    for j, h in enumerate(headers):
        name = _column(h) if h else None
        if name and name not in out:
            out[name] = j
    return out


def _under(group: str, sub: str) -> str:
    """A sub-header read under its group: the group's first words that name a column with it ('Đơn vị
    thực hiện' over 'Phụ trách' → 'Đơn vị Phụ trách'), else the sub-header alone or both whole."""
    words = group.split()[:_LONGEST]  # an alias holds a word of the sub-header: no more of the group's
    joined = (" ".join([*words[:k], sub]) for k in range(len(words), 0, -1))
    return next((j for j in joined if _column(j)), sub if _column(sub) else f"{group} {sub}".strip())


def _heading(rows: list[tuple[int, list[str]]], i: int) -> tuple[list[str], int]:
    """The headers of row i and how many rows they take: two where the row under it holds sub-headers
    under a group cell ('Đơn vị' over 'Phụ trách | Phối hợp'), naming more columns than either row
    alone; a blank cell of the group row is under the group to its left (as a merge leaves it)."""
    cells = [c.strip() for c in rows[i][1]]
    under = [c.strip() for c in rows[i + 1][1]] if i + 1 < len(rows) else []
    alone = _named(cells).keys()
    if not alone and not _named(under):  # neither row is a header (most rows: spares the joining)
        return cells, 1
    joined, group = [], ""
    for j in range(max(len(cells), len(under))):
        top, sub = cells[j] if j < len(cells) else "", under[j] if j < len(under) else ""
        group = top or group
        joined.append(top if not sub or (top and _column(top)) else _under(group, sub))
    names = _named(joined).keys()
    return (joined, 2) if names > alone and names > _named(under).keys() else (cells, 1)


def _header(rows: list[tuple[int, list[str]]], complete: bool) -> tuple[int, list[str], int] | None:
    """(index in `rows`, headers, header rows) of the first row naming a criterion, its points and at
    least two more columns; not `complete`, of the first where most headers name three columns or more
    (a header row lacking columns, to be named as such)."""
    for i in range(len(rows)):
        headers, used = _heading(rows, i)
        names = _named(headers)
        if complete:
            if {"name", "max_points"} <= names.keys() and len(names) >= 4:
                return i, headers, used
        elif len(names) >= 3 and 2 * sum(1 for h in headers if h and _column(h)) > sum(1 for h in headers if h):
            return i, headers, used
    return None


def _text_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each record of a delimited text (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, start = [], 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
    return out


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based, as xlsx.Grid)


def _grids(path: Path) -> list[tuple[str, list[tuple[int, list[str]]], list[Merge]]]:
    """(sheet, rows, merged ranges) of a workbook, or of a text file read with each delimiter ('' as its
    sheet, no merged ranges)."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC) or head == OLE_MAGIC:
        return [
            (g.name, [(r + 1, [_cell(v) for v in row]) for r, row in enumerate(g.rows)], g.merged)
            for g in read_grids(path)
        ]
    text = path.read_bytes().decode("utf-8-sig")
    return [("", _text_rows(text, d), []) for d in ("\t", ";", ",")]


def _ref(sheet: str, row: int, col: int, merged: list[Merge]) -> str:
    """Where a header cell is: 'F5', 'F5:G5' when merged ('' in a text file)."""
    if not sheet:
        return ""
    r0, c0, r1, c1 = next((m for m in merged if m[:2] == (row, col + 1)), (row, col + 1, row, col + 1))
    first = f"{get_column_letter(c0)}{r0}"
    return first if (r0, c0) == (r1, c1) else f"{first}:{get_column_letter(c1)}{r1}"


def _read(path: Path, problems: list[Problem]) -> _Table | None:
    """The table of `path`: its first sheet (or delimiter) with a header row; None after a problem."""
    try:
        grids = _grids(path)
    except OSError as exc:
        problems.append(
            Problem("error", Message("draft.unreadable", reason=exc.strerror or type(exc).__name__), file=str(path))
        )
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem("error", Message("draft.not_a_table", reason=exc.reason), file=str(path)))
        return None
    for complete in (True, False):
        for sheet, rows, merged in grids:
            found = _header(rows, complete)
            if found is None:
                continue
            i, headers, used = found
            row = rows[i][0]
            columns = _named(headers)
            written = {name: headers[j] for name, j in columns.items()}
            titles = [c for _, r in rows[:i] for c in r if c.strip()]
            table = _Table(path, sheet, row, columns, written, titles, rows[i + used :])
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                need = Joined([Message(f"draft.column.{c}") for c in missing], ", ")
                unknown = [
                    f"“{h}”" + (f" ({ref})" if (ref := _ref(sheet, row, j, merged)) else "")
                    for j, h in enumerate(headers)
                    if h and not _column(h)
                ]
                rest = Message("draft.unknown_headers", cells=", ".join(unknown)) if unknown else ""
                rule = Message("draft.missing_columns", row=row, columns=need, unknown=rest)
                problems.append(Problem("error", rule, file=str(path), sheet=sheet))
                return None
            _merges(table, merged, problems)
            return table
    need = Joined([Message(f"draft.column.{c}") for c in REQUIRED], ", ")
    problems.append(Problem("error", Message("draft.no_header", need=need), file=str(path)))
    return None


# Down a column of methods, evidence or departments, a range merged over several rows means "the same
# for each of these rows" (one department for II.2.1–II.2.4): its value is given to every row it covers.
# Spread down the code, name or max points columns, one value would make a code twice, a name shared by
# criteria or points counted twice: there the value stays in the first row and an error names the range
# (the rows below lack the value; a refusal shows errors only, so a warning would go unseen). A merged
# number (STT) stays in its first row, as numbering is written; a range across columns keeps its value in
# its first column.
SPREAD = ("method", "evidence", "responsible", "coordinating")
KEPT = ("name", "max_points", "code")


def _merges(table: _Table, merged: list[Merge], problems: list[Problem]) -> None:
    """Read the ranges merged over several rows of the table's body as the comment above says. A range
    counts only where a row it covers below its first holds something of its own in another column."""
    cells = dict(table.rows)
    filled = {row: {j for j, c in enumerate(r) if c.strip()} for row, r in table.rows}
    at = {j: name for name, j in table.columns.items()}
    for r0, c0, r1, c1 in merged:
        name, j = at.get(c0 - 1), c0 - 1
        below = [r for r in range(r0 + 1, r1 + 1) if filled.get(r, set()) - set(range(j, c1))]
        if r0 not in cells or name is None or not below:
            continue
        if name in SPREAD:
            value = cells[r0][j] if j < len(cells[r0]) else ""
            for r in below:
                cells[r].extend([""] * (j + 1 - len(cells[r])))
                cells[r][j] = value
        elif name in KEPT:
            span = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"
            rule = Message("draft.merged_kept", range=span, column=table.written[name], first=r0)
            problems.append(Problem("error", rule, **table.where(r0, name)))


# ---------------------------------------------------------------- rows into parts, pillars, criteria


@dataclass
class _Criterion:
    row: int
    code: str
    name: str
    points: float
    method: str
    evidence: str
    responsible: list[str]
    coordinating: list[str]


@dataclass
class _Pillar:
    row: int
    written: str
    name: str
    points: float
    criteria: list[_Criterion] = field(default_factory=list)
    code: str = ""


@dataclass
class _Field:
    row: int
    code: str
    name: str
    type: str
    department: str  # a spelling, '' when none
    group: str | None = None
    parent: _Field | None = None
    subfields: list[_Field] = field(default_factory=list)


@dataclass
class _Parsed:
    general: list[_Field]
    pillars: list[_Pillar]
    spellings: dict[str, list[tuple[str, bool]]]  # key → (spelling, responsible) in order seen


def _points(table: _Table, row: int, raw: str, problems: list[Problem]) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        problems.append(Problem("error", Message("draft.bad_points", value=raw), **table.where(row, "max_points")))
        return None
    return value


def _departments(cell: str) -> list[str]:
    """The departments a cell names, as written; a cell naming one keeps its trailing punctuation."""
    pieces = [
        q.strip()
        for p in re.split(r"\s*[;\n]\s*", cell)
        for r in _AFTER_COMMA.split(p)
        for q in _AFTER_AND.split(r)
        if q.strip()
    ]
    return [cell.strip()] if len(pieces) == 1 else pieces


def dept_key(spelling: str) -> str:
    """What two spellings of one department share: case, '&'/'và', spaces, trailing ';', garbled 'Đ'."""
    key = unicodedata.normalize("NFC", spelling).casefold().replace("&", " và ")
    for bad, good in GARBLED.items():
        key = key.replace(bad, good)
    return " ".join(re.sub(r"\s*-\s*", " - ", key).split()).strip(" ;,.")


def _general_type(name: str) -> str:
    folded = fold(name)
    if folded.startswith(("so luong", "number of")):
        return "count"
    if folded.startswith(("tong chi", "tong kinh phi", "kinh phi", "total spending")):
        return "amount"
    return "text"


def _parse(table: _Table, problems: list[Problem]) -> _Parsed:
    general: list[_Field] = []
    pillars: list[_Pillar] = []
    spellings: dict[str, list[tuple[str, bool]]] = {}
    part = ""

    def seen(cell: str, responsible: bool) -> list[str]:
        names = _departments(cell) if cell else []
        for name in names:
            spellings.setdefault(dept_key(name), []).append((name, responsible))
        return names

    def error(row: int, column: str, key: str, **fields: object) -> None:
        problems.append(Problem("error", Message(key, **fields), **table.where(row, column)))

    group: _Field | None = None
    for row, cells in table.rows:
        v = {c: table.get(cells, c) for c in COLUMNS}
        name, code, stt = clean(v["name"]), v["code"], v["stt"]
        if not any(v.values()):
            continue
        points = _points(table, row, v["max_points"], problems)
        if ROMAN.match(stt) and not v["max_points"] and not v["method"] and (not code or ROMAN.match(code)):
            part = "general" if fold(name).startswith(GENERAL_PART) else "criteria"
            continue
        if not name:
            error(row, "name", "draft.no_name", code=code or stt)
            continue
        if part == "general":
            dept = v["responsible"]
            if code:
                group = _Field(row, code, name, _general_type(name), dept)
                general.append(group)
                seen(dept, True)
            elif group is None:
                error(row, "code", "draft.no_code", name=name)
            else:
                top = group.parent or group
                if stt:  # a numbered sub-row (20.1): a group of fields under the row it belongs to
                    sub = stt.rsplit(".", 1)[-1]
                    group = _Field(row, f"{top.code}.{sub}", name, "text", dept or top.department, "contact", top)
                    top.group = "contact"
                    top.subfields.append(group)
                    seen(dept, True)
                else:  # an unnumbered sub-row (Họ tên): a field of the current group
                    owner = group
                    owner.group = top.group = "contact"
                    sub_field = _Field(
                        row, f"{owner.code}.{slug(name)}", f"{owner.name} – {name}", "text", owner.department
                    )
                    sub_field.group, sub_field.parent = "contact", owner
                    owner.subfields.append(sub_field)
            continue
        if points is not None and not v["method"] and not v["responsible"]:
            pillars.append(_Pillar(row, code, name, points))
            continue
        if not code:
            error(row, "code", "draft.no_code", name=name)
            continue
        if not pillars:
            error(row, "code", "draft.outside_pillar", code=code)
            continue
        if points is None:
            if not v["max_points"]:
                error(row, "max_points", "draft.no_points", code=code)
            continue
        pillars[-1].criteria.append(
            _Criterion(
                row,
                code,
                name,
                points,
                clean(v["method"]),
                clean(v["evidence"]),
                seen(v["responsible"], True),
                seen(v["coordinating"], False),
            )
        )
    _check(table, general, pillars, problems)
    return _Parsed(general, pillars, spellings)


def _check(table: _Table, general: list[_Field], pillars: list[_Pillar], problems: list[Problem]) -> None:
    """Pillar codes (from their criteria where the table's code disagrees), sums and unique codes."""
    for p in pillars:
        prefixes = {c.code.rpartition(".")[0] for c in p.criteria}
        derived = prefixes.pop() if len(prefixes) == 1 and "" not in prefixes else ""
        p.code = derived or p.written
        if derived and derived != p.written:
            rule = Message("draft.pillar_code", written=p.written or "—", code=derived)
            problems.append(Problem("warning", rule, **table.where(p.row, "code")))
        if not p.code:
            problems.append(
                Problem("error", Message("draft.pillar_no_code", name=p.name), **table.where(p.row, "code"))
            )
        if not p.criteria:
            problems.append(Problem("error", Message("draft.empty_pillar", name=p.name), **table.where(p.row, "name")))
        got = sum(c.points for c in p.criteria)
        if p.criteria and not math.isclose(got, p.points):
            rule = Message("draft.pillar_sum", code=p.code, got=_num(got), max=_num(p.points))
            problems.append(Problem("error", rule, **table.where(p.row, "max_points")))
    if not any(p.criteria for p in pillars):
        problems.append(Problem("error", Message("draft.no_criteria"), file=str(table.path)))
    first: dict[str, int] = {}
    codes = [(f.row, f.code) for f in _all_fields(general)] + [(p.row, p.code) for p in pillars]
    for row, code in codes + [(c.row, c.code) for p in pillars for c in p.criteria]:
        if code and code in first:
            rule = Message("draft.duplicate_code", code=code, first=first[code])
            problems.append(Problem("error", rule, **table.where(row, "code")))
        first.setdefault(code, row)


def _all_fields(general: list[_Field]) -> list[_Field]:
    """Part I as the framework lists it: a field, then its sub-fields (a numbered group without
    fields of its own is a field itself)."""
    out: list[_Field] = []
    for f in general:
        out.append(f)
        for sub in f.subfields:
            out.extend(sub.subfields or [sub])
    return out


# ---------------------------------------------------------------- proposing a rule from the method text

NUM = r"\d+(?:[.,]\d+)?"
_DEF = re.compile(r"(?<![^\s;.\-(>:])([a-e])\s*=\s*")
_MARK = re.compile(r"(?:Tỷ lệ|Điểm|Thang điểm)(?=\s*(?:[=:≥≤<>*]|\(?[a-e]\s*[/+]))")
_SIDE = r"\(?\s*([a-e](?:\s*\+\s*[a-e])*)\s*\)?"
_RATIO = re.compile(r"(?:Tỷ lệ|Điểm)\s*=?\s*" + _SIDE + r"\s*/\s*" + _SIDE + r"(\s*\*\s*điểm tối đa)?", re.I)
_WORDS_RATIO = re.compile(r"Điểm\s*=\s*Điểm tối đa\s*\*\s*([^/;*=]+?)\s*/\s*([^/;*=]+?)\s*(?=$|[;.])", re.I)
_FULL = re.compile(rf"Tỷ lệ\s*(?P<op>≥|=)\s*(?P<n>{NUM})\s*%\s*:\s*(?:Điểm\s*=\s*)?điểm tối đa", re.I)
_BELOW = re.compile(
    rf"Tỷ lệ\s*(?P<op><|≤)\s*(?P<n>{NUM})\s*%\s*:\s*(?:Điểm\s*=\s*)?"
    rf"(?:(?P<proportional>Tỷ lệ\s*/\s*(?P<pn>{NUM})\s*%\s*\*\s*Điểm tối đa)"
    r"|(?P<linear>Tỷ lệ\s*\*\s*Điểm tối đa|Điểm tối đa\s*\*\s*Tỷ lệ)|(?P<zero>0\s*điểm))",
    re.I,
)
_LINEAR = re.compile(r"(?:Điểm\s*[=:]\s*\+?\s*)?(?:Tỷ lệ\s*\*\s*điểm tối đa|điểm tối đa\s*\*\s*tỷ lệ)", re.I)
_HEAD = re.compile(r"Điểm\s*[=:](?=\s*(?:[-+]|$))", re.I)
_SCALE = re.compile(r"Thang điểm\s*:?", re.I)
_LEVEL = re.compile(
    rf"Mức\s*\d+\s*(?P<op>≥|<)\s*(?P<n>{NUM})\s*%\s*\(\s*(?:(?P<full>điểm tối đa)|(?P<pct>{NUM})\s*%\s*điểm"
    r"|(?P<zero>0\s*điểm))\s*\)",
    re.I,
)
_SCORE = (
    rf"(?:(?P<fn>\d+)\s*/\s*(?P<fd>\d+)\s*\*?\s*điểm tối đa|(?P<full>điểm tối đa)|(?P<pts>{NUM})\s*điểm(?!\s*tối đa))"
)
_ITEM = re.compile(r":\s*" + _SCORE, re.I)
_EACH = re.compile(rf"Mỗi\s+(?P<what>[^:;]+?)\s*:\s*(?P<n>{NUM})\s*điểm(?!\s*tối đa)", re.I)
_NOT_OVER = re.compile(r"(?:Tổng (?:số )?điểm\s*)?không (?:vượt )?quá\s*điểm tối đa", re.I)
_MINMAX = re.compile(r"(?:Tính điểm theo phương pháp\s*)?Min\s*-?\s*Max", re.I)
_RANGE = re.compile(
    rf"^(?:Từ\s+(?P<from>{NUM})\s+(?:trở lên|đến\s+(?P<under>dưới\s+)?(?P<to>{NUM}))|(?P<above>{NUM})\s+trở lên"
    rf"|Dưới\s+(?P<below>{NUM}))$",
    re.I,
)
_MONEY = re.compile(r"(?:triệu|tỷ|nghìn) đồng|\bVNĐ\b|kinh phí|tổng chi|ngân sách", re.I)
_SUBSET = re.compile(r"\btrong (?:tổng )?số\b", re.I)
_POINTS_WORD = re.compile(r"điểm", re.I)


@dataclass
class Proposal:
    """A rule read from a method text, or None with the reason it is left TODO."""

    rule: dict[str, Any] | None
    inputs: list[dict[str, Any]] = field(default_factory=list)
    reason: Message | None = None
    undecided: bool = False  # a ratio whose `cap` is left TODO


def _n(text: str) -> float:
    return float(text.replace(",", "."))


def _share(m: re.Match[str], max_points: float) -> float:
    if m.group("fn"):
        return int(m.group("fn")) / int(m.group("fd"))
    return 1.0 if m.group("full") else _n(m.group("pts")) / max_points


class _Text:
    """A method text and the parts of it a pattern has accounted for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used = [False] * len(text)

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found = [m for m in pattern.finditer(self.text) if not any(self.used[m.start() : m.end()])]
        for m in found:
            self.used[m.start() : m.end()] = [True] * (m.end() - m.start())
        return found

    def mark(self, start: int, end: int) -> None:
        self.used[start:end] = [True] * (end - start)

    def uncovered(self) -> str | None:
        """The first stretch not accounted for that still speaks of points, or None."""
        rest = "".join("\0" if u else ch for ch, u in zip(self.text, self.used))
        for part in rest.split("\0"):
            m = _POINTS_WORD.search(part)
            if m:
                return part.strip(" ;.-+")[:160]
        return None


def _money(text: str) -> str:
    return "amount" if _MONEY.search(text) else "count"


def _uncovered(text: _Text) -> Proposal | None:
    left = text.uncovered()
    return None if left is None else Proposal(None, reason=Message("draft.todo.uncovered", text=left))


def propose(code: str, name: str, max_points: float, method: str) -> Proposal:
    """The rule of a criterion read from its (cleaned) method text, or a TODO with its reason."""
    text = _Text(method)
    defs = _definitions(text)
    words = None if defs else _WORDS_RATIO.search(method)
    if words:
        text.mark(words.start(), words.end())
        defs = {"a": words.group(1), "b": words.group(2)}
        return _uncovered(text) or _ratio_rule(code, defs, ["a"], ["b"], {})
    if defs:
        return _ratio(code, text, defs)
    if _EACH.search(method):
        return _count(code, text)
    if _MINMAX.search(method):
        text.take(_MINMAX)
        value = {"id": code, "type": _money(method), "label": {"vi": name}}
        return _uncovered(text) or Proposal({"type": "minmax", "value": code}, [value])
    return _items(code, name, max_points, text)


def _definitions(text: _Text) -> dict[str, str]:
    """Letter → its definition ('a = Số lượng …'), each marked as accounted for."""
    found = list(_DEF.finditer(text.text))
    defs: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text.text)
        mark = _MARK.search(text.text, m.end(), end)
        end = mark.start() if mark else end
        defs.setdefault(m.group(1), text.text[m.end() : end].strip(" ;.-+"))
        text.mark(m.start(), end)
    return defs


def _letters(side: str) -> list[str]:
    return re.findall(r"[a-e]", side)


def _ratio(code: str, text: _Text, defs: dict[str, str]) -> Proposal:
    ratios = text.take(_RATIO)
    if len({(m.group(1).replace(" ", ""), m.group(2).replace(" ", "")) for m in ratios}) != 1:
        key = "draft.todo.no_ratio" if not ratios else "draft.todo.several_ratios"
        return Proposal(None, _inputs(code, defs, sorted(defs)), Message(key))
    num, den = _letters(ratios[0].group(1)), _letters(ratios[0].group(2))
    undefined = sorted(set(num + den) - set(defs))
    unused = sorted(set(defs) - set(num + den))
    if undefined or unused:
        key, letters = ("draft.todo.undefined_letter", undefined) if undefined else ("draft.todo.unused_letter", unused)
        return Proposal(None, _inputs(code, defs, sorted(defs)), Message(key, letters=", ".join(letters)))
    extra: dict[str, Any] = {}
    full, below, levels = text.take(_FULL), text.take(_BELOW), text.take(_LEVEL)
    if levels:
        text.take(_SCALE)
    linear = text.take(_LINEAR) or ratios[0].group(3)
    text.take(_HEAD)
    todo = _uncovered(text)
    if todo is None and not (full or levels or linear):
        todo = Proposal(None, reason=Message("draft.todo.no_formula"))
    elif todo is None and full:
        todo = _threshold(full, below, extra)
    elif todo is None and levels:
        todo = _levels(levels, extra)
    if todo is not None:
        todo.inputs = _inputs(code, defs, sorted(defs))
        return todo
    return _ratio_rule(code, defs, num, den, extra)


def _threshold(full: list[re.Match[str]], below: list[re.Match[str]], extra: dict[str, Any]) -> Proposal | None:
    """`threshold` and `below` from 'Tỷ lệ ≥ X%: Điểm tối đa' and 'Tỷ lệ < X%: …', or why not."""
    if len(full) != 1 or len(below) != 1:
        return Proposal(None, reason=Message("draft.todo.threshold_alone", threshold=full[0].group("n") + "%"))
    f, b = full[0], below[0]
    threshold = _n(f.group("n"))
    if _n(b.group("n")) != threshold or (f.group("op") == "=" and threshold != 100):
        return Proposal(None, reason=Message("draft.todo.below_mismatch", threshold=f.group("n"), below=b.group("n")))
    how = next(k for k in ("proportional", "linear", "zero") if b.group(k))
    if how == "proportional" and _n(b.group("pn")) != threshold:
        return Proposal(None, reason=Message("draft.todo.below_mismatch", threshold=f.group("n"), below=b.group("pn")))
    if b.group("op") == "≤" and how != "proportional":  # both lines claim the threshold, with different points
        return Proposal(None, reason=Message("draft.todo.overlap", value=f.group("n") + "%"))
    extra.update(threshold=round(threshold / 100, 10), below=how)
    return None


def _levels(levels: list[re.Match[str]], extra: dict[str, Any]) -> Proposal | None:
    """`tiers` from 'Mức 1 ≥ 10% (điểm tối đa) … Mức 4 < 3% (0 điểm)', or why not."""
    tiers = []
    for m in levels:
        if m.group("op") == "<":
            continue
        share = 1.0 if m.group("full") else 0.0 if m.group("zero") else _n(m.group("pct")) / 100
        tiers.append({"min": round(_n(m.group("n")) / 100, 10), "share": share})
    mins = [tier["min"] for tier in tiers]
    lowest = [_n(m.group("n")) / 100 for m in levels if m.group("op") == "<"]
    ok = mins == sorted(mins, reverse=True) and len(set(mins)) == len(mins)
    if not tiers or not ok or any(not math.isclose(x, mins[-1]) for x in lowest):
        return Proposal(None, reason=Message("draft.todo.ranges", labels="; ".join(m.group(0) for m in levels)))
    extra.update(type="tiers", tiers=tiers)
    return None


def _inputs(code: str, defs: dict[str, str], letters: list[str]) -> list[dict[str, Any]]:
    return [{"id": f"{code}.{x}", "type": _money(defs[x]), "label": {"vi": defs[x]}} for x in letters if x in defs]


def _ratio_rule(code: str, defs: dict[str, str], num: list[str], den: list[str], extra: dict[str, Any]) -> Proposal:
    letters = sorted(set(num + den))
    inputs = _inputs(code, defs, letters)
    subset = len(den) == 1 and all(_SUBSET.search(defs[x]) for x in num)
    if subset:
        for var in inputs:
            if var["id"].rpartition(".")[2] in num:
                var["part_of"] = f"{code}.{den[0]}"
    rule: dict[str, Any] = {"type": extra.pop("type", "ratio")}
    rule["numerator"] = [f"{code}.{x}" for x in num]
    rule["denominator"] = [f"{code}.{x}" for x in den]
    rule.update(extra)
    rule["cap"] = False if subset else TODO
    rule["basis"] = {"vi": "; ".join(f"{x} = {defs[x]}" for x in letters)}
    return Proposal(rule, inputs, undecided=not subset)


def _count(code: str, text: _Text) -> Proposal:
    each = text.take(_EACH)
    text.take(_NOT_OVER)
    todo = _uncovered(text)
    if todo or len(each) != 1:
        return todo or Proposal(None, reason=Message("draft.todo.several_ratios"))
    what = each[0].group("what").strip()
    value = {"id": code, "type": "count", "label": {"vi": what[:1].upper() + what[1:]}}
    return Proposal({"type": "count", "value": code, "points_each": _plain(_n(each[0].group("n")))}, [value])


def _items(code: str, name: str, max_points: float, text: _Text) -> Proposal:
    """'Label: share of the maximum' lines: yes/no, a choice, parts adding up, or tiers of a number."""
    items: list[tuple[str, float]] = []
    prev = 0
    for m in _ITEM.finditer(text.text):
        label = text.text[prev : m.start()].rpartition(":")[2]
        text.mark(m.start() - len(label), m.end())
        items.append((label.strip(" -+;.•"), _share(m, max_points)))
        prev = m.end()
    todo = _uncovered(text)
    if todo or not items:
        return todo or Proposal(None, reason=Message("draft.todo.no_pattern"))
    shares = [s for _, s in items]
    ranges = [_RANGE.match(label) for label, _ in items]
    if any(ranges):
        odd = next((label for (label, _), r in zip(items, ranges) if not r), None)
        if odd is not None:
            return Proposal(None, reason=Message("draft.todo.gate", label=odd))
        return _value_tiers(code, name, items, [r for r in ranges if r])
    if any(s < 0 or s > 1 for s in shares):
        return Proposal(None, reason=Message("draft.todo.items", shares=_shares(shares)))
    if sorted(shares) in ([0.0, 1.0], [1.0]):
        label = next(label for label, s in items if s == 1.0)
        flag = {"id": code, "type": "bool", "label": {"vi": f"{name} ({label})"}}
        return Proposal({"type": "yes_no", "value": code}, [flag])
    if 1.0 in shares:
        ids = [f"c{i}" for i in range(1, len(items) + 1)]
        choices = [{"id": i, "vi": label} for i, (label, _) in zip(ids, items)]
        answer = {"id": code, "type": "choice", "label": {"vi": name}, "choices": choices}
        return Proposal({"type": "choice", "value": code, "shares": dict(zip(ids, shares))}, [answer])
    given = [(label, s) for label, s in items if s > 0]
    if math.isclose(sum(s for _, s in given), 1.0):
        ids = [f"{code}.p{i}" for i in range(1, len(given) + 1)]
        inputs = [{"id": i, "type": "bool", "label": {"vi": label}} for i, (label, _) in zip(ids, given)]
        parts = [{"value": i, "points": _plain(round(s * max_points, 6))} for i, (_, s) in zip(ids, given)]
        return Proposal({"type": "parts", "parts": parts}, inputs)
    return Proposal(None, reason=Message("draft.todo.items", shares=_shares(shares)))


def _value_tiers(code: str, name: str, items: list[tuple[str, float]], ranges: list[re.Match[str]]) -> Proposal:
    """Tiers of a count from 'Từ 10 trở lên', 'Từ 5 đến dưới 10', 'Dưới 5' lines, when they neither
    overlap nor leave a gap."""
    spans = []
    for (_, share), r in zip(items, ranges):
        low = _n(r.group("from") or r.group("above") or "0")
        open_ended = bool(r.group("above")) or (bool(r.group("from")) and not r.group("to"))
        high = math.inf if open_ended else _n(r.group("to") or r.group("below"))
        closed = bool(r.group("to")) and not r.group("under")  # 'đến 10' includes 10
        spans.append((low, high, closed, share))
    spans.sort(key=lambda s: -s[0])
    fits = all(lower[1] == upper[0] and not lower[2] for upper, lower in itertools.pairwise(spans))
    if not fits or spans[-1][0] != 0 or spans[0][1] != math.inf:
        return Proposal(None, reason=Message("draft.todo.ranges", labels="; ".join(label for label, _ in items)))
    tiers = [{"min": _plain(low), "share": share} for low, _, _, share in spans]
    value = {"id": code, "type": "count", "label": {"vi": name}}
    return Proposal({"type": "tiers", "value": code, "tiers": tiers}, [value])


def _shares(shares: list[float]) -> str:
    return ", ".join(f"{s:g}" for s in shares)


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# ---------------------------------------------------------------- denominators from Part I

_QUANTITY = re.compile(r"^(?:tong so luong|tong so|tong|so luong|so) ")
_SCOPE = re.compile(r" (?:cua|tren|tai) (?:cap huyen|huyen|don vi|dia ban)$")


def _counted(label: str) -> str:
    """What a count is of: its folded words without parentheses, a leading 'Tổng số'/'Số lượng' or a
    trailing 'của cấp huyện'/'trên địa bàn' ('Tổng dân số của cấp huyện', 'Số lượng dân số' → 'dan so')."""
    words = " ".join(re.findall(r"[a-z0-9]+", fold(re.sub(r"\([^()]*\)", " ", label))))
    return _SCOPE.sub("", _QUANTITY.sub("", words))


def _from_general(proposals: dict[str, Proposal], general: list[_Field]) -> dict[str, str]:
    """Denominator variable → the one Part I field of its type counting the same thing, set as its
    `from_general`: a match of words once quantity and scope words are set aside, nothing looser."""
    fields: dict[tuple[str, str], list[str]] = {}
    for f in _all_fields(general):
        if f.type in ("count", "amount") and _counted(f.name):
            fields.setdefault((f.type, _counted(f.name)), []).append(f.code)
    out: dict[str, str] = {}
    for pr in proposals.values():
        denominator = set(pr.rule.get("denominator", [])) if pr.rule else set()
        for var in (v for v in pr.inputs if v["id"] in denominator):
            codes = fields.get((var["type"], _counted(var["label"]["vi"])), [])
            if len(codes) == 1:
                var["from_general"] = codes
                out[var["id"]] = codes[0]
    return out


# ---------------------------------------------------------------- departments


def _rank(spelling: str) -> tuple[int, ...]:
    """How far a spelling is from the usual form (lower is better): garbled letters, a lower-case
    start, '&', trailing punctuation, capitals inside the name (abbreviations aside)."""
    words = spelling.split()[1:]
    capitals = sum(ch.isupper() for w in words if not (len(w) > 1 and w.isupper()) for ch in w)
    return (
        any(bad in spelling.casefold() for bad in GARBLED),
        spelling[:1].islower(),
        "&" in spelling,
        spelling != spelling.rstrip(" ;,."),
        capitals,
    )


def dept_id(name: str) -> str:
    """An ascii id from a department's name: initials of the words after 'Phòng', abbreviations whole
    ('Phòng Văn hóa và Thông tin' → 'vhtt', 'Văn phòng HĐND và UBND huyện' → 'vp_hdnd_ubnd_h')."""
    words = re.findall(r"[^\W_]+", name)
    if words and fold(words[0]) == "phong":
        words = words[1:]
    parts, run = [], ""
    for w in words:
        if fold(w) == "va":
            continue
        if len(w) > 1 and w.isupper():
            parts += [run, fold(w)] if run else [fold(w)]
            run = ""
        else:
            run += fold(w)[0]
    return "_".join([*parts, run] if run else parts) or "dept"


@dataclass
class _Department:
    id: str
    kind: str
    name: str
    aliases: list[str]


def _resolve(spellings: dict[str, list[tuple[str, bool]]]) -> tuple[list[_Department], dict[str, str]]:
    """The departments (first seen first) and the id of each spelling's key."""
    out: list[_Department] = []
    ids: dict[str, str] = {}
    for key, seen in spellings.items():
        counts = Counter(s for s, _ in seen)
        order = list(counts)
        name = min(order, key=lambda s: (_rank(s), -counts[s], order.index(s))).strip(" ;,.")
        base = dept_id(name)
        did, n = base, 1
        while did in {d.id for d in out}:
            n += 1
            did = f"{base}_{n}"
        kind = "department" if any(r for _, r in seen) else "partner"
        out.append(_Department(did, kind, name, order))
        ids[key] = did
    return out, ids


# ---------------------------------------------------------------- the YAML file


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _q(key)


def _flow(value: Any) -> str:
    """`value` in YAML flow style; TODO stays a bare word."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _num(value) if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return TODO if value == TODO else _q(str(value))


def _vi(text: str) -> str:
    return "{vi: " + _q(text) + "}"


def _comment(key: str, lang: str, indent: str, **fields: object) -> list[str]:
    return [f"{indent}# {line}" for line in t(key, lang, **fields).splitlines()]


def _title(table: _Table) -> str:
    parts = [clean(p) for title in table.titles for p in re.split(r"\*+", title)]
    return " – ".join(p for p in parts if p)


def _write(path: Path, table: _Table, parsed: _Parsed, problems: list[Problem], lang: str) -> Draft:
    departments, ids = _resolve(parsed.spellings)

    def dept(spelling: str) -> str:
        return ids[dept_key(spelling)]

    proposals = {c.code: propose(c.code, c.name, c.points, c.method) for p in parsed.pillars for c in p.criteria}
    from_general = _from_general(proposals, parsed.general)
    names = {f.code: f.name for f in _all_fields(parsed.general)}
    todo = [code for code, pr in proposals.items() if pr.rule is None]
    undecided = [code for code, pr in proposals.items() if pr.undecided]
    total = sum(p.points for p in parsed.pillars)
    title = _title(table) or path.stem
    out = _comment("draft.comment.head", lang, "", file=path.name, todo=len(todo), undecided=len(undecided))
    out += [
        "",
        "framework:",
        f"  id: {_q(slug(path.stem).replace('_', '-'))}",
        f"  name: {_vi(title)}",
        *_comment("draft.comment.name", lang, "  "),
        f"  source: {_vi(title)}",
        f"  total_max: {_num(total)}",
        "",
        "departments:",
    ]
    for d in departments:
        out += [
            f"  - id: {d.id}",
            f"    kind: {d.kind}",
            f"    name: {_vi(d.name)}",
            f"    aliases: {_flow(d.aliases)}",
        ]
    out += ["", "general_info:"]
    grouped = False
    for f in _all_fields(parsed.general):
        if f.group and not grouped:
            out += _comment("draft.comment.group", lang, "  ")
            grouped = True
        out += [f"  - code: {_q(f.code)}", f"    name: {_vi(f.name)}", f"    type: {f.type}", "    unit: null"]
        out.append(f"    department: {dept(f.department) if f.department else 'null'}")
        out += [f"    group: {f.group}"] if f.group else []
    out += ["", "pillars:"]
    for p in parsed.pillars:
        out.append("")
        if p.code != p.written:
            out += _comment("draft.comment.pillar_code", lang, "  ", written=p.written or "—", code=p.code)
        out += [
            f"  - code: {_q(p.code)}",
            f"    name: {_vi(p.name)}",
            f"    max_points: {_num(p.points)}",
            "    criteria:",
        ]
        for c in p.criteria:
            out += _criterion(c, proposals[c.code], dept, names, lang)
    text = "\n".join(out) + "\n"
    return Draft(
        text=text,
        criteria=list(proposals),
        proposed={code: str(pr.rule["type"]) for code, pr in proposals.items() if pr.rule is not None},
        todo=todo,
        undecided=undecided,
        warnings=[p for p in problems if p.severity == "warning"],
        from_general=from_general,
        pillars=len(parsed.pillars),
        total=total,
    )


def _criterion(c: _Criterion, pr: Proposal, dept: Callable[[str], str], names: dict[str, str], lang: str) -> list[str]:
    ind = "        "
    out = [
        "",
        f"      - code: {_q(c.code)}",
        f"{ind}name: {_vi(c.name)}",
        f"{ind}max_points: {_num(c.points)}",
        f"{ind}method: {_vi(c.method)}",
        f"{ind}evidence: {_vi(c.evidence)}",
        f"{ind}responsible: {_flow(list(dict.fromkeys(dept(s) for s in c.responsible)))}",
        f"{ind}coordinating: {_flow(list(dict.fromkeys(dept(s) for s in c.coordinating)))}",
    ]
    out.append(f"{ind}inputs:" if pr.inputs else f"{ind}inputs: []")
    for var in pr.inputs:
        out.append(f"{ind}  - id: {_q(var['id'])}")
        for k, v in var.items():
            if k == "from_general":
                out += _comment("draft.comment.from_general", lang, ind + "    ", code=v[0], name=names[v[0]])
            if k not in ("id", "choices"):
                out.append(f"{ind}    {k}: {_flow(v)}")
        if var.get("choices"):
            out += [f"{ind}    choices:"] + [f"{ind}      - {_flow(ch)}" for ch in var["choices"]]
    if pr.rule is None:
        out += _comment("draft.comment.todo", lang, ind, reason=pr.reason.text(lang) if pr.reason else "")
        return out + [f"{ind}rule: {{type: {TODO}}}"]
    out.append(f"{ind}rule:")
    for k, v in pr.rule.items():
        if k == "cap" and v == TODO:
            out += _comment("draft.comment.cap", lang, ind + "  ")
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out += [f"{ind}  {k}:"] + [f"{ind}    - {_flow(item)}" for item in v]
        else:
            out.append(f"{ind}  {k}: {_flow(v)}")
    return out
