"""The render check: every page of the files as LibreOffice draws them, read back from PDF.

A layout is right when the rendered page says so, not when the writer's arithmetic does.
Each file is converted with LibreOffice (one process for all of them) and every page is
read back with pdfplumber: where each word landed, at what size, inside which drawn box.
The rules, and how each is measured, are listed in ``RULES`` and in the README.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.checks.accessibility import PRINT_MINIMUM, SLIDE_MINIMUM, Finding, openable
from toolkit.config import PAPERS

LARGE_PRINT_MINIMUM = 16.0
PRINTABLE_MARGIN = 5 * 72 / 25.4  # points: printers cannot print nearer the paper's edge
FOOTER_BAND = 20 * 72 / 25.4  # points from the foot of a printed page: its page number
SPILL_HEIGHT = 0.35  # ...and whose text and drawing end above this share of the page
TOLERANCE = 1.0  # points a word may pass a box's edge (anti-aliasing, rounding)
SPILL_LINES = 3  # a printed page with text on this many lines or fewer is a spill
RULES = {
    "edge": "text outside the page, or within 5 mm of a printed page's edge",
    "box": "text crossing the edge of the drawn box (card, band, shape) it starts in",
    "overlap": "text drawn over other text",
    "broken-word": "a word broken across two lines where the source has no hyphen",
    "wide-table": "a Word table wider than the text area between the margins",
    "stranded-heading": "a heading as the last line of a page, away from its text",
    "spill": "a printed page holding only a few lines that spilled from the page before",
    "blank-page": "a printed page with nothing on it but its header and footer",
    "small-text": "text under the size floor: 18 pt on slides, 12 pt in print, 16 pt large",
}


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class _Line:
    """Words on one baseline with no column gap between them."""

    words: list[_Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)


@dataclass(frozen=True)
class _Source:
    """What the Office file itself says: its words, its headings, its too-wide tables."""

    kind: str  # "slides", "sheets" (cards on paper) or "pages" (Word)
    words: frozenset[str]
    headings: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


def check_rendering(
    paths: Iterable[Path], soffice: str, large_print: bool = False
) -> list[Finding]:
    """Return every render finding in the .pptx and .docx files among ``paths``, page by
    page, from one LibreOffice conversion of them all.

    ``large_print`` raises the floor for printed text to 16 pt. Files that cannot be opened
    are left out (``check_files`` names them). Raises ``OutputError`` if LibreOffice fails.
    """
    import pdfplumber  # only the render check needs it

    from toolkit.writers.pdf import convert

    sources = _sources(paths)
    if not sources:
        return []
    files = list(sources)
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="toolkit-render-") as work:
        for path, pdf in zip(files, convert(files, soffice, Path(work)), strict=True):
            source = sources[path]
            findings += source.findings
            floor = _floor(source.kind, large_print)
            with pdfplumber.open(pdf) as document:
                pages = [_Page.read(page) for page in document.pages]
            for number, page in enumerate(pages, 1):
                found = _check_page(source, page, floor)
                findings += [
                    Finding(path, f"page {number}", rule, f"{text} ({rule})")
                    for rule, text in found
                ]
    return findings


def _sources(paths: Iterable[Path]) -> dict[Path, _Source]:
    """Return what each Office file among ``paths`` says, leaving out files that are not
    what their names say or cannot be opened: the accessibility check reports those."""
    sources = {}
    for path in sorted(paths):
        if not openable(path):
            continue
        try:
            sources[path] = _read_source(path)
        except Exception:  # a damaged file can fail anywhere inside the libraries
            continue
    return sources


def _floor(kind: str, large_print: bool) -> float:
    if kind == "slides":
        return SLIDE_MINIMUM
    return LARGE_PRINT_MINIMUM if large_print else PRINT_MINIMUM


def _page_words(page) -> list[_Word]:
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=False)
    return [
        _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1))
        for w in words
        if w["text"].strip()
    ]


@dataclass(frozen=True)
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    coloured: bool  # filled with a colour other than white

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


def _boxes(page) -> list[_Box]:
    """Return the drawn boxes (rectangles and closed shapes) smaller than the page that
    text may sit in: cards, bands, shapes."""
    found = []
    for shape in [*page.rects, *page.curves]:
        x0, top, x1, bottom = shape["x0"], shape["top"], shape["x1"], shape["bottom"]
        width, height = x1 - x0, bottom - top
        if width < 20 or height < 12:
            continue  # a line or a small mark, not a box
        if width > page.width - 2 and height > page.height - 2:
            continue  # the page's own background
        colour = shape.get("non_stroking_color")
        coloured = bool(shape.get("fill")) and _not_white(colour)
        found.append(_Box(x0, top, x1, bottom, coloured))
    return found


def _not_white(colour) -> bool:
    if colour is None:
        return False
    values = colour if isinstance(colour, tuple | list) else (colour,)
    return any(isinstance(v, int | float) and v < 0.95 for v in values)


@dataclass(frozen=True)
class _Page:
    """What one rendered page holds: its words, its boxes, its size, and how far down
    anything is drawn (text, lines, boxes, pictures) above the footer."""

    words: list[_Word]
    boxes: list[_Box]
    size: tuple[float, float]
    drawn_to: float

    @classmethod
    def read(cls, page) -> _Page:
        words = _page_words(page)
        foot = page.height - FOOTER_BAND
        marks = [*page.lines, *page.rects, *page.curves, *page.images]
        bottoms = [w.bottom for w in words if w.top < foot]
        bottoms += [
            m["bottom"] for m in marks if m["top"] < foot and (m["x1"] - m["x0"]) < page.width - 2
        ]
        return cls(words, _boxes(page), (page.width, page.height), max(bottoms, default=0.0))


def _check_page(source: _Source, page: _Page, floor: float) -> list[tuple[str, str]]:
    words, size, boxes = page.words, page.size, page.boxes
    lines = _lines(words)
    found: list[tuple[str, str]] = []
    found += _edges(words, size, source.kind)
    found += _outside_boxes(words, boxes)
    if source.kind == "sheets":  # cards: boxes are cards and bands, never table cells
        found += _coloured_edges(boxes, size)
        found += _runs_out_of_box(lines, boxes)
    found += _overlaps(lines)
    found += _broken_words(lines, source.words)
    found += _small_text(words, floor)
    if source.kind == "pages":
        body = [line for line in lines if line.top < size[1] - FOOTER_BAND]
        if body and page.drawn_to <= body[-1].bottom + body[-1].size:  # nothing drawn below
            found += _stranded_heading(body, source.headings)
        rows = len({round(line.bottom) for line in body})  # table cells side by side: one row
        if 0 < rows <= SPILL_LINES and page.drawn_to < SPILL_HEIGHT * size[1]:
            text = " ".join(line.text for line in body)[:60]
            found.append(("spill", f"only {rows} line(s) of text on this page: '{text}'"))
        if not rows and not page.drawn_to:
            found.append(("blank-page", "nothing is on this page but its header and footer"))
    return found


def _lines(words: list[_Word]) -> list[_Line]:
    """Return the words grouped into lines: one baseline, and no gap wider than two
    spaces (so that cards side by side are separate lines)."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w.bottom), w.x0)):
        line = lines[-1] if lines else None
        if (
            line is not None
            and abs(line.words[-1].bottom - word.bottom) < 0.3 * word.size
            and 0 <= word.x0 - line.words[-1].x1 < 0.75 * word.size
        ):
            line.words.append(word)
        else:
            lines.append(_Line([word]))
    return lines


def _edges(words: list[_Word], size: tuple[float, float], kind: str) -> list[tuple[str, str]]:
    margin = 0.0 if kind == "slides" else PRINTABLE_MARGIN
    width, height = size
    out = [
        w
        for w in words
        if w.x0 < margin - TOLERANCE
        or w.x1 > width - margin + TOLERANCE
        or w.top < margin - TOLERANCE
        or w.bottom > height - margin + TOLERANCE
    ]
    where = "outside the page" if kind == "slides" else "within 5 mm of the paper's edge"
    return [("edge", f"'{w.text}' is {where}") for w in out[:3]]


def _coloured_edges(boxes: list[_Box], size: tuple[float, float]) -> list[tuple[str, str]]:
    """Return a finding for colour printed within 5 mm of the paper's edge, where printers
    leave a ragged white strip."""
    width, height = size
    near = [
        b
        for b in boxes
        if b.coloured
        and (
            b.x0 < PRINTABLE_MARGIN - TOLERANCE
            or b.x1 > width - PRINTABLE_MARGIN + TOLERANCE
            or b.top < PRINTABLE_MARGIN - TOLERANCE
            or b.bottom > height - PRINTABLE_MARGIN + TOLERANCE
        )
    ]
    if not near:
        return []
    return [("edge", f"{len(near)} coloured box(es) reach within 5 mm of the paper's edge")]


def _box_of(x: float, y: float, boxes: list[_Box]) -> _Box | None:
    """Return the smallest box holding the point, if any."""
    return min((b for b in boxes if b.holds(x, y)), key=lambda b: b.area, default=None)


def _outside_boxes(words: list[_Word], boxes: list[_Box]) -> list[tuple[str, str]]:
    found = []
    for word in words:
        box = _box_of(*word.middle, boxes)
        if box is None:
            continue
        if (
            word.x0 < box.x0 - TOLERANCE
            or word.x1 > box.x1 + TOLERANCE
            or word.top < box.top - TOLERANCE
            or word.bottom > box.bottom + TOLERANCE
        ):
            found.append(("box", f"'{word.text}' crosses the edge of its box"))
    return found[:3]


def _runs_out_of_box(lines: list[_Line], boxes: list[_Box]) -> list[tuple[str, str]]:
    """Return a finding where a block of text goes on from one box into another (a prompt
    running past its card into the next card, or under its band)."""
    found = []
    for line in lines:
        below = _line_below(line, lines)
        if below is None:
            continue
        here = _box_of((line.x0 + line.x1) / 2, (line.top + line.bottom) / 2, boxes)
        there = _box_of((below.x0 + below.x1) / 2, (below.top + below.bottom) / 2, boxes)
        if here is not None and there is not here:
            found.append(
                ("box", f"text runs out of its box: '{line.text[:40]}' / '{below.text[:40]}'")
            )
    return found[:3]


def _overlaps(lines: list[_Line]) -> list[tuple[str, str]]:
    found = []
    ordered = sorted(lines, key=lambda line: line.top)
    for index, line in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.top >= line.bottom:
                break
            for word in line.words:
                for them in other.words:
                    if _covers(word, them):
                        found.append(("overlap", f"'{word.text}' and '{them.text}' overlap"))
    return found[:3]


def _covers(a: _Word, b: _Word) -> bool:
    """Return whether two words overlap by more than a sliver of the smaller."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return False
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width * height > 0.2 * smaller


_WORD_END = re.compile(r"[-\u00ad\u2010\u2011\u2013\u2014/]$")


def _broken_words(lines: list[_Line], vocabulary: frozenset[str]) -> list[tuple[str, str]]:
    """Return a finding where a line ends in part of a word whose rest starts the line below
    it: the two parts joined are a word of the source, the first part alone is not."""
    found = []
    for line in lines:
        below = _line_below(line, lines)
        if below is None:
            continue
        head, tail = line.words[-1].text, below.words[0].text
        if head.endswith("\u00b7"):  # an ID such as 'Q2 · q2.1'
            found.append(("broken-word", f"'{head} {tail}' is split across two lines"))
            continue
        if _WORD_END.search(head):
            continue
        joined = head + tail
        lone_mark = not _bare(tail) and tail[:1] in "?!.,;:)"
        if lone_mark or (_bare(joined) in vocabulary and _bare(head) not in vocabulary):
            found.append(("broken-word", f"'{joined}' is broken as '{head}' / '{tail}'"))
    return found


def _line_below(line: _Line, lines: list[_Line]) -> _Line | None:
    """Return the next line of the same text block: just below, overlapping across."""
    candidates = [
        other
        for other in lines
        if 0 <= other.top - line.bottom < 0.9 * line.size
        and other.x0 < line.x1
        and other.x1 > line.x0
        and abs(other.size - line.size) < 0.5
    ]
    return min(candidates, key=lambda other: other.top, default=None)


def _bare(text: str) -> str:
    return text.strip(".,;:!?()\"'\u2018\u2019\u201c\u201d").casefold()


def _small_text(words: list[_Word], floor: float) -> list[tuple[str, str]]:
    small = [w for w in words if w.size < floor - 0.25]
    if not small:
        return []
    sizes = sorted({w.size for w in small})
    shown = ", ".join(f"{s:g} pt" for s in sizes)
    return [("small-text", f"text at {shown}, under {floor:g} pt: '{small[0].text}'")]


def _stranded_heading(body: Sequence[_Line], headings: tuple[str, ...]) -> list[tuple[str, str]]:
    if len(body) < 2:
        return []
    last = " ".join(body[-1].text.split())
    for heading in headings:
        if last and heading.endswith(last) and len(last) >= min(len(heading), 8):
            return [("stranded-heading", f"the heading '{heading}' is the last line of the page")]
    return []


def _read_source(path: Path) -> _Source:
    """Return the words, headings and table findings of the Office file at ``path``."""
    if path.suffix.lower() == ".pptx":
        return _read_presentation(path)
    return _read_word(path)


def _read_presentation(path: Path) -> _Source:
    from pptx import Presentation

    prs = Presentation(str(path))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    on_paper = _paper_sized(prs.slide_width / 12700, prs.slide_height / 12700)
    return _Source("sheets" if on_paper else "slides", _vocabulary(texts))


def _paper_sized(width: float, height: float) -> bool:
    """Return whether a page ``width`` x ``height`` points is a sheet of paper (A4 or
    Letter, either way up): cards are printed on one; slides (16:9, 4:3) are shown."""
    short, long = sorted((width, height))
    papers = [(w * 72 / 25.4, h * 72 / 25.4) for _name, w, h in PAPERS.values()]
    return any(abs(short - w) < 3 and abs(long - h) < 3 for w, h in papers)


def _read_word(path: Path) -> _Source:
    import docx

    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    headings = tuple(
        " ".join(p.text.split())
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title")) and p.text.strip()
    )
    findings = []
    widths = _text_widths(doc)
    for number, (table, text_width) in enumerate(zip(doc.tables, widths, strict=True), 1):
        rows = [sum((cell.width or 0) for cell in row.cells) for row in table.rows]
        width = max([sum((c.width or 0) for c in table.columns), *rows]) / 12700
        if width > text_width + 1:
            findings.append(
                Finding(
                    path,
                    f"table {number}",
                    "wide-table",
                    f"the table is {width / 72 * 25.4:.0f} mm wide; the text area is "
                    f"{text_width / 72 * 25.4:.0f} mm (wide-table)",
                )
            )
    return _Source("pages", _vocabulary(texts + cells), headings, tuple(findings))


def _text_widths(doc) -> list[float]:
    """Return the width in points between the margins of the pages each top-level table
    is on (a section ends at a paragraph holding its properties)."""
    from docx.oxml.ns import qn

    sections = list(doc.sections)
    index, widths = 0, []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            section = sections[min(index, len(sections) - 1)]
            margins = section.left_margin + section.right_margin
            widths.append((section.page_width - margins) / 12700)
        elif (
            element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        ):
            index += 1
    return widths


def _vocabulary(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(_bare(word) for text in texts for word in text.split())
