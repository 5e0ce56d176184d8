"""SVG charts written directly: a canvas of shapes and texts laid out with the font's real advance widths.

A `Canvas` is A4 text width wide (6.3 in at 96 px per inch); its texts are measured in DejaVu Sans (the
font the charts name first; matplotlib ships it), one advance width per character read once from the
font file, no glyph rendered, so margins and wrapping are computed, never guessed. The browser lays
the text out: an SVG holds text as text, in "DejaVu Sans", else "Noto Sans", Arial, any sans-serif.

What it writes is inert and literal: every text and attribute is XML-escaped here, in `esc`, and
the SVG has no script, no external reference, no foreignObject. Hatches and dots are drawn as strokes
inside their bar, not as an SVG <pattern>: Chromium prints a pattern fill as a picture (some 11 KB per
bar in a PDF), strokes stay vectors of a few hundred bytes.
"""

from __future__ import annotations

import html
import math
import re
import string
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

WIDTH = 605.0  # px: A4 text width (21 cm minus 2 × 2.5 cm margins ≈ 6.3 in) at 96 px per inch
PAD = 4.0  # px: the canvas's blank edge
FAMILY = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif"
TEXT = 8.5 * 96 / 72  # px: labels (8.5 pt)
SMALL = 8 * 96 / 72  # px: values written on the chart (8 pt)
TITLE = 10 * 96 / 72  # px: the title (10 pt)
LEADING = 1.2  # line height, in em (the font's ascent + descent is 1.164 em)
TICK = 4.0  # px: a tick mark's length
GAP = 5.0  # px: between a text and what it labels
MISSING = 1.0  # em: the width assumed for a character the font lacks (the browser draws it in another font)
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WARM = string.printable + VIETNAMESE + VIETNAMESE.upper() + "−–—…×±%‰°"

Anchor = Literal["start", "middle", "end"]
Marker = Literal["circle", "square", "diamond"]
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: object) -> str:
    """`text` as XML character data or an attribute value: escaped, quotes too; characters XML forbids
    (control characters) replaced by U+FFFD, so that the SVG stays well-formed whatever a name holds."""
    return html.escape(_INVALID_XML.sub("\ufffd", str(text)), quote=True)


@dataclass(frozen=True)
class Font:
    """DejaVu Sans as read by FreeType, with its units per em and, in em, its ascent, descent and the height
    of its capital letters."""

    face: Any
    em: float
    ascent: float
    descent: float
    cap: float


@cache
def _font() -> Font:
    from matplotlib import font_manager, ft2font

    face = ft2font.FT2Font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))
    em = float(face.units_per_EM)
    cap = face.load_char(ord("H"), flags=ft2font.LoadFlags.NO_SCALE).height / em
    return Font(face, em, face.ascender / em, -face.descender / em, cap)


_ADVANCE: dict[str, float] = {}  # character → advance width in em


def advance(char: str) -> float:
    """A character's advance width in em (read from the font once)."""
    width = _ADVANCE.get(char)
    if width is None:
        from matplotlib import ft2font

        font = _font()
        if font.face.get_char_index(ord(char)) == 0:
            width = MISSING if char.isprintable() else 0.0
        else:
            width = font.face.load_char(ord(char), flags=ft2font.LoadFlags.NO_SCALE).horiAdvance / font.em
        _ADVANCE[char] = width
    return width


def warm() -> None:
    """Read the font and the widths of ASCII and Vietnamese letters now (a few ms), not at the first chart."""
    for char in WARM:
        advance(char)


def text_width(text: str, size: float) -> float:
    """The width in px of `text` (as `esc` writes it) set in DejaVu Sans at `size` px, without kerning (which
    only narrows it)."""
    return sum(advance(c) for c in _INVALID_XML.sub("\ufffd", text)) * size


def ascent(size: float) -> float:
    """How far the font's tallest letters rise above the baseline at `size` px."""
    return _font().ascent * size


def descent(size: float) -> float:
    """How far the font's letters fall below the baseline at `size` px."""
    return _font().descent * size


def wrap(text: str, chars: int) -> list[str]:
    """`text` in lines of at most `chars` characters (as textwrap; a longer word is split)."""
    return textwrap.wrap(text, chars) or [""]


def fit(text: str, size: float, width: float) -> list[str]:
    """`text` in the fewest lines (word by word) that are each at most `width` px wide at `size` px."""
    if text_width(text, size) <= width:
        return [text]
    for chars in range(max(len(text), 1), 0, -1):
        lines = wrap(text, chars)
        if max(text_width(line, size) for line in lines) <= width:
            return lines
    return list(text) or [""]


def shorten(text: str, size: float, width: float) -> str:
    """`text` as it is if it is at most `width` px wide at `size` px, else cut to fit with '…' after it."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def block_width(lines: Sequence[str], size: float) -> float:
    return max((text_width(line, size) for line in lines), default=0.0)


def block_height(lines: int, size: float) -> float:
    return lines * size * LEADING


@dataclass(frozen=True)
class Scale:
    """A linear map from the data interval [lo, hi] to the pixel interval [start, end]."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def ticks(lo: float, hi: float, most: int = 6, integer: bool = False) -> list[float]:
    """Round values within [lo, hi], as many as fit in `most`: the smallest step of 1, 2, 2.5 or 5 × a power
    of ten (`integer`: a whole step, at least 1) that gives at most `most` of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
        return []
    if hi == lo:
        return [float(lo)]
    power = 10.0 ** math.floor(math.log10((hi - lo) / max(most, 1)))
    while True:
        for m in (1, 2, 2.5, 5):
            step = m * power
            if integer and (step < 1 or step != round(step)):
                continue
            first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
            if last - first + 1 <= most:
                return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]
        power *= 10


@dataclass(frozen=True)
class Fill:
    """How an area (a bar, a legend box) is drawn: a colour, with hatch lines ('hatch': rising to the right,
    as matplotlib's '///') or dots on it, an edge (dashed when `dash`)."""

    colour: str = "#ffffff"
    pattern: Literal["hatch", "dots"] | None = None
    stroke: str = "#000000"
    dash: str | None = None


@dataclass(frozen=True)
class Stroke:
    """How a series is drawn: a line (`width` 0: none) with its dashes, and a marker at each point."""

    width: float = 1.5
    dash: str | None = None
    marker: Marker | None = None
    marker_fill: str = "#000000"


@dataclass(frozen=True)
class Key:
    """A legend entry."""

    label: str
    style: Fill | Stroke


@dataclass(frozen=True)
class Chart:
    """A finished chart: its SVG document and its title (the image's alternative text)."""

    svg: str
    title: str
    width: float
    height: float


def _num(x: float) -> str:
    """A coordinate as written: at most two decimals, no trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


HATCH = 9.0  # px between two hatch lines, across (as matplotlib's '///')
DOTS = 5.0  # px between two dots


def _hatch(x: float, y: float, w: float, h: float) -> str:
    """Path data of the hatch lines inside a box: the lines x + y = k × HATCH (rising to the right on the
    screen), each cut at the box's edges."""
    parts = []
    for k in range(math.ceil((x + y) / HATCH), math.floor((x + w + y + h) / HATCH) + 1):
        c = k * HATCH
        low, high = min(y + h, c - x), max(y, c - x - w)  # the line's lowest and highest points in the box
        if low > high:
            parts.append(f"M{c - low:.1f},{low:.1f}l{low - high:.1f},{high - low:.1f}")
    return "".join(parts)


def _dots(x: float, y: float, w: float, h: float) -> str:
    """Path data of a grid of dots inside a box (zero-length strokes drawn with round caps)."""
    xs = [x + DOTS / 2 + i * DOTS for i in range(int(w // DOTS))]
    ys = [y + DOTS / 2 + j * DOTS for j in range(int(h // DOTS))]
    return "".join(f"M{_num(a)},{_num(b)}h0" for b in ys for a in xs)


class Canvas:
    """An SVG being drawn: shapes and texts at absolute positions (px)."""

    def __init__(self) -> None:
        self.width = WIDTH
        self._body: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: Fill, cls: str | None = None) -> None:
        """A box (`cls`: its class, 'bar' for a bar of data) in `fill`, its hatch or dots on it."""
        w = max(w, 0.0)
        dash = f' stroke-dasharray="{esc(fill.dash)}"' if fill.dash else ""
        kind = f' class="{esc(cls)}"' if cls else ""
        self._body.append(
            f'<rect{kind} x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'fill="{esc(fill.colour)}" stroke="{esc(fill.stroke)}" stroke-width="0.8"{dash}/>'
        )
        if fill.pattern == "hatch" and w > 0:
            self._body.append(f'<path class="hatch" d="{_hatch(x, y, w, h)}" stroke="#000" stroke-width="0.8"/>')
        elif fill.pattern == "dots" and w > 0:
            self._body.append(
                f'<path class="dots" d="{_dots(x, y, w, h)}" stroke="#000" stroke-width="1.8" stroke-linecap="round"/>'
            )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        width: float = 0.8,
        dash: str | None = None,
    ) -> None:
        """A black line (an axis, a tick, a range), `dash`ed when given."""
        dashes = f' stroke-dasharray="{esc(dash)}"' if dash else ""
        self._body.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
            f'stroke="#000" stroke-width="{_num(width)}"{dashes}/>'
        )

    def series(self, points: Sequence[tuple[float, float]], stroke: Stroke) -> None:
        """A polyline through `points` (those with finite coordinates) with a marker at each."""
        shown = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
        if stroke.width > 0 and len(shown) > 1:
            dash = f' stroke-dasharray="{esc(stroke.dash)}"' if stroke.dash else ""
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in shown)
            self._body.append(
                f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="{_num(stroke.width)}"{dash}/>'
            )
        if stroke.marker is not None:
            for x, y in shown:
                self.marker(x, y, stroke.marker, stroke.marker_fill)

    def marker(self, x: float, y: float, shape: Marker, fill: str = "#000000", size: float = 7.0) -> None:
        """A point's marker centred on (x, y): a circle, a square or a diamond, `size` px across, in `fill`."""
        r = size / 2
        paint = f'fill="{esc(fill)}" stroke="#000" stroke-width="1"'
        if shape == "circle":
            self._body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" {paint}/>')
        elif shape == "square":
            r *= 0.9
            self._body.append(
                f'<rect x="{_num(x - r)}" y="{_num(y - r)}" width="{_num(2 * r)}" height="{_num(2 * r)}" {paint}/>'
            )
        else:
            d = r * 1.2
            self._body.append(
                f'<path d="M{_num(x)},{_num(y - d)} L{_num(x + d)},{_num(y)} L{_num(x)},{_num(y + d)} '
                f'L{_num(x - d)},{_num(y)} Z" {paint}/>'
            )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = TEXT,
        anchor: Anchor = "start",
        rotate: bool = False,
        colour: str | None = None,
    ) -> None:
        """One line of text, its baseline at `y`; `rotate`: turned a quarter anticlockwise about (x, y);
        `colour`: other than black."""
        turn = f' transform="rotate(-90 {_num(x)} {_num(y)})"' if rotate else ""
        fill = f' fill="{esc(colour)}"' if colour else ""
        self._body.append(
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" text-anchor="{anchor}"{turn}{fill}>'
            f"{esc(text)}</text>"
        )

    def lines(
        self,
        x: float,
        middle: float,
        lines: Sequence[str],
        size: float = TEXT,
        anchor: Anchor = "start",
        colour: str | None = None,
    ) -> None:
        """Lines of text centred on the height `middle` (the middle of their capital letters)."""
        first = middle - (len(lines) - 1) * size * LEADING / 2 + _font().cap * size / 2
        for k, line in enumerate(lines):
            self.text(x, first + k * size * LEADING, line, size, anchor, colour=colour)

    def centred(self, text: str, top: float, size: float = TITLE, span: tuple[float, float] | None = None) -> float:
        """`text` centred across `span` (left, right; default the canvas within its edge), wrapped to it,
        its first line's top at `top` (a title, an axis's name); returns the height under it."""
        left, right = span or (PAD, self.width - PAD)
        lines = fit(text, size, right - left)
        for k, line in enumerate(lines):
            self.text((left + right) / 2, top + ascent(size) + k * size * LEADING, line, size, "middle")
        return top + block_height(len(lines), size)

    def x_axis(self, scale: Scale, y: float, values: Iterable[float], labels: Iterable[str]) -> float:
        """The axis line under a plot, its ticks and their labels; returns the height under the labels."""
        self.line(scale.start, y, scale.end, y)
        for value, label in zip(values, labels):
            x = scale(value)
            self.line(x, y, x, y + TICK)
            self.text(x, y + TICK + 2 + ascent(TEXT), label, TEXT, "middle")
        return y + TICK + 2 + block_height(1, TEXT)

    def y_axis(self, scale: Scale, x: float, values: Iterable[float], labels: Iterable[str]) -> None:
        """The axis line left of a plot, its ticks and their labels (right-aligned against the ticks)."""
        self.line(x, scale.start, x, scale.end)
        for value, label in zip(values, labels):
            y = scale(value)
            self.line(x - TICK, y, x, y)
            self.lines(x - TICK - 2, y, [label], TEXT, "end")

    def y_label(self, x: float, top: float, bottom: float, lines: Sequence[str]) -> None:
        """An axis name turned upright, its first line's top at `x`, centred on [top, bottom]."""
        for k, line in enumerate(lines):
            self.text(x + ascent(TEXT) + k * TEXT * LEADING, (top + bottom) / 2, line, TEXT, "middle", rotate=True)

    def legend(self, keys: Sequence[Key], top: float) -> float:
        """The legend centred under the plot, entries in rows that fit the canvas (a label too long for a
        row wrapped); returns its bottom."""
        if not keys:
            return top
        swatch = 22.0
        room = self.width - 2 * PAD
        labels = [fit(k.label, TEXT, room - swatch - GAP) for k in keys]
        widths = [swatch + GAP + block_width(lines, TEXT) for lines in labels]
        rows: list[list[int]] = [[]]
        used = 0.0
        for i, w in enumerate(widths):
            if rows[-1] and used + 3 * GAP + w > room:
                rows.append([])
                used = 0.0
            used += (3 * GAP if rows[-1] else 0.0) + w
            rows[-1].append(i)
        for row in rows:
            height = block_height(max(len(labels[i]) for i in row), TEXT) + 2
            x = (self.width - sum(widths[i] for i in row) - 3 * GAP * (len(row) - 1)) / 2
            middle = top + height / 2
            for i in row:
                self._swatch(x, middle, swatch, keys[i].style)
                self.lines(x + swatch + GAP, middle, labels[i], TEXT)
                x += widths[i] + 3 * GAP
            top += height
        return top

    def _swatch(self, x: float, middle: float, width: float, style: Fill | Stroke) -> None:
        """A legend entry's sample of its series: a box, or a line and a marker."""
        if isinstance(style, Fill):
            self.rect(x, middle - 5, width, 10, style)
            return
        if style.width > 0:
            self.line(x, middle, x + width, middle, style.width, style.dash)
        if style.marker is not None:
            self.marker(x + width / 2, middle, style.marker, style.marker_fill)

    def finish(self, height: float, title: str) -> Chart:
        """The SVG document, `height` px tall, with `title` as its <title>."""
        w, h = _num(self.width), _num(math.ceil(height))
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'font-family="{esc(FAMILY)}" fill="#000"><title>{esc(title)}</title>'
            f'<rect width="{w}" height="{h}" fill="#ffffff"/>{"".join(self._body)}</svg>'
        )
        return Chart(svg, title, self.width, float(h))
