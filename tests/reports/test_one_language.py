"""Every page of a batch speaks one language and no internal id: `dxkit batch --lang vi` and `--lang en`
(HTML only) on a small slice of the bundled sample, both years, then the visible text of every page
(district reports, comparison, index) is read as a reader sees it.

A page fails on
- an internal id: a status id (`vocab.Status`), a choice id of the framework's variables, an option name
  or value id, a department id, a Min-Max bounds source, "TOTAL", "row N", "None", "nan";
- a word of the other language: in a Vietnamese page an English word that cannot be Vietnamese; in an
  English page a letter only Vietnamese has (ă, â, đ, ê, ô, ơ, ư, tone marks).

What the unit gave as data stays as given, in its language: the unit names and the free-text values of
Part I (names, addresses, contacts) are taken out of the text before it is read.

Slice: Pleiku (leader; a zero denominator in 2024), Đak Đoa, Chư Prông (missing data in 2024) and Ia Pa
(missing data, last; its 2023 rows left out: no previous year).
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dxkit import load_catalogue
from dxkit.cli import main
from dxkit.core import vocab
from dxkit.intake import read_paths

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024
UNITS = ["Pleiku", "Đak Đoa", "Chư Prông", "Ia Pa"]
NEW = "Ia Pa"  # no 2023 rows in the slice
CONTEXT = 60  # characters shown either side of a leak
FRAMEWORK_LABEL = {"vi": "mã", "en": "id"}  # how the scoring notes name the framework's id: 'mã vn-district-dti-2023'
VARIABLE = re.compile(r"\b[IVX]+(?:\.\d+)+(?:\.[A-Za-z_]\w*)+")  # a variable's code: II.1.2.district, I.20.1.name

# Words a Vietnamese page cannot hold (whole words, any case). A framework text in Vietnamese may use an
# English term or acronym (Website/Portal, IP botnet, SMEdx, Min-Max): none of these is one.
ENGLISH = (
    "points",
    "point",
    "total",
    "totals",
    "missing",
    "rank",
    "ranks",
    "ranked",
    "page",
    "the",
    "and",
    "of",
    "with",
    "from",
    "for",
    "not",
    "is",
    "are",
    "was",
    "criteria",
    "criterion",
    "district",
    "districts",
    "pillar",
    "pillars",
    "score",
    "scored",
    "scores",
    "change",
    "changes",
    "year",
    "years",
    "previous",
    "median",
    "department",
    "departments",
    "lost",
    "pending",
    "target",
    "step",
    "steps",
    "reading",
    "readings",
    "synthetic",
    "report",
    "reports",
    "unknown",
    "value",
    "values",
    "status",
    "invalid",
    "since",
    "above",
    "below",
    "unit",
    "units",
    "bounds",
    "threshold",
    "denominator",
    "ratio",
    "capped",
    "proportional",
    "full",
    "zero",
    "none",
    "yes",
    "maximum",
    "evidence",
    "required",
    "option",
    "options",
    "meaning",
    "built",
    "generated",
    "comparison",
    "largest",
    "gain",
    "drop",
    "rose",
    "fell",
    "unchanged",
    "share",
    "draws",
    "interval",
)
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _vietnamese(ch: str) -> bool:
    """A letter only Vietnamese uses among the two languages: đ, or a vowel with a breve, circumflex,
    horn or tone mark."""
    if ch in "đĐ":
        return True
    return ch.isalpha() and any(m in VIETNAMESE_MARKS for m in unicodedata.normalize("NFD", ch)[1:])


class _Visible(HTMLParser):
    """The text a reader sees, one block per paragraph, heading, cell, title and image description."""

    BLOCKS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "td", "th", "li", "title", "footer", "header", "div", "figure", "tr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._now: list[str] = []
        self._hidden = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._now).split())
        if text:
            self.blocks.append(text)
        self._now = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag in self.BLOCKS:
            self._flush()
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._flush()
                self.blocks.append(" ".join(alt.split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._hidden:
            self._now.append(data)

    def close(self):
        super().close()
        self._flush()


def visible_blocks(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser.blocks


def _snippet(text: str, start: int, end: int) -> str:
    return f"…{text[max(0, start - CONTEXT) : start]}[[{text[start:end]}]]{text[end : end + CONTEXT]}…"


@pytest.fixture(scope="module")
def slice_csv(tmp_path_factory) -> Path:
    data = read_paths([ROOT / "inputs"])
    previous = (data["district"] == NEW) & (data["year"].astype(int) == YEAR - 1)
    keep = data[data["district"].isin(UNITS) & ~previous & (data["stage"] != "appraised")]  # the units' own values
    path = tmp_path_factory.mktemp("inputs") / "slice.csv"
    keep[["district", "year", "variable", "value", "evidence"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def given(slice_csv) -> list[str]:
    """What the units gave as text, shown as given in every language: unit names and Part I free text."""
    catalogue = load_catalogue()
    text_fields = {code for code, f in catalogue.general_fields.items() if f.type == "text"}
    data = pd.read_csv(slice_csv, dtype=str)
    values = data.loc[data["variable"].isin(text_fields), "value"].dropna()
    found = {v.strip() for v in values if v.strip()} | set(UNITS)
    return sorted(found, key=len, reverse=True)  # the longest first: a name inside an address goes with it


@pytest.fixture(scope="module", params=vocab.languages())
def pages(request, slice_csv, tmp_path_factory) -> tuple[str, dict[str, str]]:
    """(language, {page: html}) of one batch in the language, HTML only."""
    lang = request.param
    out = tmp_path_factory.mktemp(f"outputs-{lang}")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        args = ["batch", "--inputs", str(slice_csv), "--out", str(out), "--format", "html", "--workers", "2"]
        code = main([*args, "--quiet", "--synthetic", "--lang", lang])
    assert code == 0, err.getvalue()
    folder = out / str(YEAR)
    found = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}
    return lang, found


@cache
def _framework_id() -> str:
    return load_catalogue().id


@cache
def _internal_ids() -> tuple[set[str], set[str]]:
    """(ids that are no English word, ids that are also English words: 'weekly', 'zero', 'none')."""
    catalogue = load_catalogue()
    ids = {s.value for s in vocab.Status} | {catalogue.id}  # the framework id only where labelled (FRAMEWORK_LABEL)
    ids |= {c.id for v in catalogue.variables.values() for c in (v.choices or [])}
    for name, option in catalogue.options.items():
        ids |= {name, *option.values}
    ids |= set(catalogue.departments)
    ids |= {"minmax_bounds", "peers", "reference"}  # the assumptions' bounds option and the bounds' sources
    english = _english_words(catalogue.path)
    plain = {i for i in ids if re.fullmatch(r"[a-z]+", i) and (i in ENGLISH or i in english)}
    return ids - plain, plain


def _english_words(framework: Path) -> set[str]:
    """Every word of the English messages and of the framework's English texts."""
    texts = [vocab.template(key, "en") for key in vocab.message_ids("en")]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "en" and isinstance(value, str):
                    texts.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(Path(framework).read_text(encoding="utf-8")))
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}


def leaks(lang: str, blocks: list[str], given: list[str]) -> list[str]:
    """Every internal id and every word of another language in a page's blocks, with its context."""
    strict, plain = _internal_ids()
    ids = [r"\bTOTAL\b", r"\brow \d", r"\bNone\b", r"\bnan\b", r"\bNaN\b"]
    ids += [rf"(?<![\w.]){re.escape(i)}(?!\w)" for i in strict]
    if lang == "en":  # an English word is an id where it stands as one: '(weekly)', '= none', 'zero=full', a cell
        ids += [rf"\({re.escape(i)}\)|=\s?{re.escape(i)}\b|\b{re.escape(i)}=|^{re.escape(i)}$" for i in plain]
    else:
        ids += [rf"\b{re.escape(i)}\b" for i in plain]
    english = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, ENGLISH)) + r")\b")
    none_message = vocab.t("reports.none", lang)
    found = []
    for block in blocks:
        text = block
        for value in given:
            text = text.replace(value, " ")
        text = VARIABLE.sub(" ", text)  # a variable named by its code in an explanation ('II.1.2.district = có')
        text = text.replace(f"{FRAMEWORK_LABEL[lang]} {_framework_id()}", " ")  # shown on purpose, labelled
        if text.strip() == none_message:
            continue
        hits = [m for pattern in ids for m in re.finditer(pattern, text)]
        words = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), text)  # a quoted command (`dxkit bounds …`)
        if lang == "en":
            hits += [m for m in re.finditer(r"[^\W\d_]", words) if _vietnamese(m.group())]
        else:
            hits += list(english.finditer(words))
        found += [_snippet(text, m.start(), m.end()) for m in hits]
    return found


def test_every_page_speaks_one_language_and_no_internal_id(pages, given):
    lang, found = pages
    assert {"index.html", "_comparison/comparison.html"} <= set(found)
    assert len([p for p in found if p.endswith("/report.html") and not p.startswith("_")]) == len(UNITS)
    problems = []
    for page, html in found.items():
        assert f'<html lang="{lang}">' in html, page
        problems += [f"{page}: {snippet}" for snippet in dict.fromkeys(leaks(lang, visible_blocks(html), given))]
    assert not problems, f"{len(problems)} leaks in the {lang} pages:\n" + "\n".join(problems[:150])


def test_the_checks_find_what_they_look_for():
    """The checker itself: an id, an English word, a Vietnamese letter, data given by a unit."""
    assert leaks("vi", ["Tổng điểm TOTAL", "Điểm 15 points"], [])
    assert leaks("vi", ["II.1.1 = Chủ tịch (chairman)"], [])
    assert leaks("en", ["status no_denominator"], []) and leaks("en", ["Once a week (weekly)"], [])
    assert leaks("en", ["Total điểm"], []) and not leaks("en", ["Weekly or more, none of them"], [])
    assert not leaks("en", ["Name of the district: Huyện Chư Prông"], ["Huyện Chư Prông"])
    assert not leaks("vi", ["Địa chỉ trang/cổng thông tin điện tử (Website/Portal) chính thức"], [])
    assert not leaks("en", [vocab.t("reports.none", "en")], [])


class _Tables(HTMLParser):
    """The right-aligned (number) cells of every table, by table and column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[int, list[str]]] = []
        self._column: int | None = None
        self._col = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({})
        elif tag == "tr":
            self._col = 0
        elif tag == "td":
            self._column = self._col if "num" in (dict(attrs).get("class") or "").split() else None
            self._text = []

    def handle_endtag(self, tag):
        if tag == "td":
            if self._column is not None:
                self.tables[-1].setdefault(self._column, []).append("".join(self._text).strip())
            self._column = None
            self._col += 1

    def handle_data(self, data):
        self._text.append(data)


def test_numbers_line_up_in_every_column(pages):
    """In every number column of the district reports and the index, every number has the same decimals:
    '15,00' over '9,23', '76,0%' over '90,8%'; a negative number has the minus sign ('−8,50'), never '-'."""
    lang, found = pages
    found = {page: html for page, html in found.items() if not page.startswith("_comparison")}
    mark = "," if lang == "vi" else "."
    number = re.compile(r"[+−]?\d{1,3}(?:[.,\u00a0 ]\d{3})*(?:" + re.escape(mark) + r"(\d+))?%?")
    uneven = []
    for page, html in found.items():
        parser = _Tables()
        parser.feed(html)
        for t, table in enumerate(parser.tables):
            for col, cells in table.items():
                shown = [c for c in cells if number.fullmatch(c)]
                places = {len(number.fullmatch(c).group(1) or "") for c in shown}
                if len(places) > 1:
                    uneven.append(f"{page} table {t + 1} column {col + 1}: {shown}")
                uneven += [f"{page} table {t + 1}: {c!r}" for c in cells if re.match(r"-\d", c)]
    assert not uneven, "\n".join(uneven)
