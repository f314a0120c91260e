"""Write a rendered document as a 16:9 PowerPoint deck.

The writer owns every measurement. Text is measured with Arial's real widths (``textfit``);
body text shrinks from 24 pt to no less than 18 pt, and what still does not fit continues on
a "(continued)" slide, so nothing overflows and nothing is clipped.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from toolkit.content.images import prepared_image
from toolkit.layout.colours import INK, NAVY, PAPER, group_colour, readable_text_colour, tint
from toolkit.layout.fonts import DEFAULT_FAMILY
from toolkit.layout.printing import PrintSettings
from toolkit.layout.textfit import line_height, measuring, text_width, wrap
from toolkit.render.document import Block, Document, Paragraph, Run, Slide, Table
from toolkit.writers import WriterNotes
from toolkit.writers.ooxml import as_slide_number, mark_unmarked, set_alt_text
from toolkit.writers.pptx_common import (
    INSET_X,
    INSET_Y,
    SPACE_AFTER,
    TITLE_ONLY_LAYOUT,
    add_rect,
    fill_text,
    indent,
    new_presentation,
    place,
    save,
    style_shape,
    write_notes,
)
from toolkit.writers.pptx_house import KINDS, HouseDeck, clear_placeholders, open_house_deck
from toolkit.writers.qr import qr_png

WIDTH, HEIGHT = 960.0, 540.0  # points: 13.333 x 7.5 inches, 16:9
MARGIN, TOP, BOTTOM = 48.0, 34.0, 30.0
TITLE_SIZES = (32.0, 28.0, 24.0)
BODY_SIZES = (24.0, 22.0, 20.0, 18.0)
MIN_SIZE = 18.0
GAP = 14.0
TAG_HEIGHT = 30.0
_SCALE_BOX = 104.0  # each box of the 1 to 5 rating scale, spread across the slide
_SCALE_HEIGHT = _SCALE_BOX + 40.0  # the scale with its labels
FOOTER_SIZE = MIN_SIZE  # points: the footer, as readable from the back as the body
QR_SIZE = 170.0  # points: a QR code 60 mm across, scannable from the front rows
QR_ALT = "QR code for {url}"  # its alternative text, unless the template gives one (qr_alt)


@dataclass(frozen=True)
class _Geometry:
    """The slide's size and the margins the writer lays out within, in points: the
    toolkit's own 16:9 page, or a house template's (4:3 or 16:9, its title's position)."""

    width: float = WIDTH
    height: float = HEIGHT
    margin: float = MARGIN
    top: float = TOP
    bottom: float = BOTTOM
    title_font: str = ""  # a house template's heading font ("" for the body's)

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def stripe_top(self) -> float:
        """Return the top of the row of grouping colours on the title slide."""
        return self.height - 70


_OWN = _Geometry()
_GEOMETRY: ContextVar[_Geometry | None] = ContextVar("toolkit_deck_geometry", default=None)


def _geo() -> _Geometry:
    """Return the geometry of the deck being laid out or drawn (the toolkit's own page
    unless a house template's is set)."""
    return _GEOMETRY.get() or _OWN


@dataclass(frozen=True)
class _Brand:
    """The partnership's look, from the document's front matter."""

    primary: str = NAVY
    on_primary: str = PAPER
    accent: str = ""
    logo: str = ""
    logo_alt: str = ""
    footer: str = ""  # the partnership's name and the session's date, on every slide
    qr_alt: str = QR_ALT  # a QR code's alternative text; {url} is its address
    house: bool = False  # on a house template: its title slide keeps its own design

    @classmethod
    def from_meta(cls, meta: dict, house: HouseDeck | None = None) -> _Brand:
        """Return the look ``meta`` gives; on a ``house`` template, its main colour stands
        in for a primary colour the profile does not give."""
        house_colour = (house.accent or NAVY) if house else ""
        primary = str(meta.get("primary") or house_colour or NAVY).lstrip("#").upper()
        return cls(
            primary=primary,
            on_primary=readable_text_colour(primary) or PAPER,
            accent=str(meta.get("accent") or "").lstrip("#").upper(),
            logo=str(meta.get("logo") or ""),
            logo_alt=str(meta.get("logo_alt") or "Logo"),
            footer=str(meta.get("footer") or ""),
            qr_alt=str(meta.get("qr_alt") or QR_ALT),
            house=house is not None,
        )


def write_deck(
    document: Document, path: Path, when: datetime, options: PrintSettings | None = None
) -> WriterNotes:
    """Write ``document`` as a deck at ``path``; return warnings about text that cannot fit.

    ``when`` stamps the core properties and zip entries so that builds are reproducible.
    The front matter may give brand colours (``primary``, ``accent``) and a ``logo``. On a
    house template (``options.pptx_template``) the deck takes the template's slide size,
    layouts, theme fonts and colours. Raises ``ContentError`` for a template that is not
    one.
    """
    house = _open_house(options)
    brand = _Brand.from_meta(document.meta, house)
    with _deck(house):
        layout = _lay_out(document, brand)
        if house:
            prs = house.prs
        else:
            prs = new_presentation(_geo().width, _geo().height, brand.primary, brand.accent)
        for number, page in enumerate(layout.pages, 1):
            _draw(prs, brand, when, page, number, house)
            if page.spec.lang:  # a bilingual deck: the slide's title, labels, all of it
                mark_unmarked(prs.slides[-1]._element, page.spec.lang)
    save(prs, document.meta, path, when)
    return WriterNotes((house.warnings if house else []) + layout.warnings)


def slide_numbers(document: Document, options: PrintSettings | None = None) -> dict[str, list[int]]:
    """Return the deck's slide numbers for each plan block (``welcome``, ``q3``), decided
    before anything is drawn: the slides ``write_deck`` will make of ``document`` (on the
    options' house template, if any), with the continuation slides of text that does not
    fit on one."""
    house = _open_house(options)
    numbers: dict[str, list[int]] = {}
    with _deck(house):
        brand = _Brand.from_meta(document.meta, house)
        for number, page in enumerate(_lay_out(document, brand).pages, 1):
            block = page.spec.attr("block")
            if block:
                numbers.setdefault(block, []).append(number)
    return numbers


def _open_house(options: PrintSettings | None) -> HouseDeck | None:
    if not options or not options.pptx_template:
        return None
    return open_house_deck(Path(options.pptx_template), dict(options.layouts))


@contextmanager
def _deck(house: HouseDeck | None) -> Iterator[None]:
    """Lay out and draw, within the block, on the house template's page and in its body
    font (titles in its heading font), or on the toolkit's own page in Arial."""
    if house is None:
        yield
        return
    width, height = house.size
    left, top, _w, _h = house.title_box("content")
    geometry = _Geometry(
        width,
        height,
        min(max(left, 36.0), width * 0.12),
        min(max(top, 10.0), 80.0),
        BOTTOM,
        house.title_font or house.body_font,
    )
    token = _GEOMETRY.set(geometry)
    try:
        with measuring(house.body_font or DEFAULT_FAMILY):
            yield
    finally:
        _GEOMETRY.reset(token)


def _titles():
    """Return a context in which titles are measured and set: in the house template's
    heading font, if it has one."""
    family = _geo().title_font
    return measuring(family) if family else nullcontext()


# --- laying out: what goes on each slide, measured; nothing drawn -------------------------


@dataclass(frozen=True)
class _Heading:
    """A slide's title, and the grouping label and timing badge above it, measured."""

    title: str
    tag: Paragraph | None
    badge: str  # the timing badge's words, e.g. "Start the timer: 8 minutes"
    colour: str
    tag_height: float  # 0 when there is neither a grouping label nor a timing badge
    title_y: float
    title_height: float
    title_size: float

    @property
    def body_y(self) -> float:
        """Return where the slide's body starts."""
        return self.title_y + self.title_height + GAP


@dataclass(frozen=True)
class _Page:
    """One slide of the deck as laid out: the document's slide it shows (or its
    continuation), its heading, and its body (blocks, framework columns, or a chart)."""

    spec: Slide
    kind: str  # "title", "flow", "framework" or "chart"
    heading: _Heading | None = None
    blocks: tuple[Block, ...] = ()
    size: float = 0.0
    scale: bool = False  # the rating scale goes below the body
    columns: tuple[tuple[Paragraph, ...], ...] = ()
    title: _TitleLayout | None = None
    title_text: str = ""
    qr: str = ""  # a web address whose QR code goes in a column at the right
    width: float | None = None  # of the body: narrower beside a QR code


@dataclass
class _Layout:
    """The deck being laid out: its pages, the titles used so far, and warnings."""

    brand: _Brand
    meta: dict = field(default_factory=dict)  # the document's, for continuation wording
    pages: list[_Page] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    made: list[tuple[Slide, int]] = field(default_factory=list)  # each slide's first page
    shortened: set[int] = field(default_factory=set)  # slides left without optional parts
    shorten: frozenset[int] = frozenset()  # slides to leave without them in any case

    def add(self, spec: Slide) -> None:
        """Lay out ``spec`` as its class says (a plain content slide by default)."""
        self.made.append((spec, len(self.pages)))
        lay_out = _LAYOUTS.get(spec.layout)
        if lay_out is None:
            self.warnings.append(
                f"slide '{spec.title}': unknown layout '{spec.layout}', "
                "drawn as a plain content slide"
            )
            lay_out = _content_slide
        lay_out(self, spec)

    def heading(self, spec: Slide) -> _Heading:
        """Return the measured heading of a new slide for ``spec`` (its title made unique)."""
        title = self._unique(spec.title)
        tag = _tag(spec)
        badge = spec.attr("badge")
        tag_height, y = 0.0, _geo().top
        if tag is not None or badge:
            tag_height = _tag_height(tag, badge)
            y = _geo().top + tag_height + 10
        height, size = self._fit_title(title, spec)
        return _Heading(title, tag, badge, _colour(spec), tag_height, y, height, size)

    def flow(
        self,
        spec: Slide,
        blocks: Sequence[Block],
        reserve: float = 0.0,
        scale: bool = False,
        part: int = 1,
        width: float | None = None,
    ) -> None:
        """Lay out ``spec`` with ``blocks`` as its body, continuing on further slides if
        needed; ``reserve`` points are kept below the body of the first slide (for the
        rating scale, when ``scale``); ``part`` counts the continuation slides; ``width``
        is the body's, on every one of them (the slide's content width by default)."""
        width = width if width is not None else _geo().content_width
        page = self.part(spec, part)
        heading = self.heading(page)
        available = _geo().height - _geo().bottom - heading.body_y - reserve
        size, fitting, rest = _fit_blocks(blocks, width, available)
        if not fitting and rest:
            fitting, rest = rest[:1], rest[1:]
            self.warnings.append(
                f"slide '{spec.title}': text does not fit even at {MIN_SIZE:g} pt; shorten it"
            )
        self.pages.append(_Page(page, "flow", heading, tuple(fitting), size, scale, width=width))
        if rest:
            self.flow(spec, _keep_tags(blocks) + list(rest), part=part + 1, width=width)

    def part(self, spec: Slide, part: int) -> Slide:
        """Return ``spec`` as continuation slide number ``part`` (itself for part 1), titled
        and noted in the words the template's front matter gives: ``continued`` (second
        slide), ``continued_again`` (third on, ``{count}`` the continuation's number) and
        ``continued_notes``, each with ``{title}`` for the slide's own title; in a
        bilingual deck, in the slide's language (``words_in``)."""
        if part == 1:
            return spec
        words = {**self.meta, **(self.meta.get("words_in") or {}).get(spec.lang, {})}
        title = words.get("continued" if part == 2 else "continued_again") or "{title}"
        notes = str(words.get("continued_notes") or "")
        filled = [
            str(text).replace("{title}", spec.title).replace("{count}", str(part - 1))
            for text in (title, notes)
        ]
        said = Paragraph((Run(filled[1], lang=str(words.get("notes_language") or spec.lang)),))
        return replace(spec, title=filled[0], notes=(said,))

    def _unique(self, title: str) -> str:
        candidate, n = title, 2
        while candidate in self.titles:
            candidate, n = f"{title} ({n})", n + 1
        self.titles.add(candidate)
        return candidate

    def _fit_title(self, title: str, spec: Slide) -> tuple[float, float]:
        width = _geo().content_width - 2 * INSET_X
        with _titles():
            for size in TITLE_SIZES:
                lines = len(wrap(title, width, size, bold=True))
                if lines <= 2:
                    break
        if lines > 3:
            self.warnings.append(f"slide '{spec.title}': the title takes {lines} lines; shorten it")
        return lines * size * line_height() + 2 * INSET_Y, size


def _lay_out(document: Document, brand: _Brand) -> _Layout:
    """Return the deck's layout: every slide it will have, measured, and the warnings."""
    layout = _Layout(brand, document.meta)
    for spec in document.slides:
        layout.add(spec)
    uneven = _uneven_twins(layout)
    if uneven:  # one twin lost its optional part: the other loses it too
        layout = _Layout(brand, document.meta, shorten=uneven)
        for spec in document.slides:
            layout.add(spec)
    _even_twins(layout)
    return layout


def _uneven_twins(layout: _Layout) -> frozenset[int]:
    """Return the slides of a bilingual deck whose twin was left without its optional
    part while they kept theirs, and their twins: both are to go without."""
    uneven: set[int] = set()
    for number, (spec, _start) in enumerate(layout.made[1:], 1):
        twin = number - 1
        if spec.attr("twin") == "yes" and (number in layout.shortened) != (
            twin in layout.shortened
        ):
            uneven |= {number, twin}
    return frozenset(uneven)


def _even_twins(layout: _Layout) -> None:
    """Set each slide of a bilingual deck and its twin in the other language (``twin``)
    at the same sizes, the smaller of the two, so that neither language is less
    prominent; the larger text fits the box it was measured for at the smaller size."""
    ends = [start for _spec, start in layout.made[1:]] + [len(layout.pages)]
    made = [(spec, start, end) for (spec, start), end in zip(layout.made, ends, strict=True)]
    for (_one, a, b), (two, c, d) in itertools.pairwise(made):
        if two.attr("twin") != "yes" or b - a != d - c:
            continue
        for first, second in zip(range(a, b), range(c, d), strict=True):
            pages = layout.pages[first], layout.pages[second]
            if pages[0].kind != pages[1].kind or pages[0].heading is None:
                continue
            size = min(p.size for p in pages)
            title = min(p.heading.title_size for p in pages)
            for index, page in zip((first, second), pages, strict=True):
                heading = replace(page.heading, title_size=title)
                layout.pages[index] = replace(page, size=size, heading=heading)


def _tag_height(tag: Paragraph | None, badge: str) -> float:
    """Return the height of the row holding the grouping label and the timing badge."""
    if tag is None:
        return TAG_HEIGHT
    width = _tag_width(tag, badge)
    parts = _tag_parts(tag, width)
    lines = sum(len(wrap(p.text, width - 2 * INSET_X, MIN_SIZE, bold=True)) for p in parts)
    spacing = (len(parts) - 1) * MIN_SIZE * SPACE_AFTER  # fill_text spaces its paragraphs
    return max(TAG_HEIGHT, lines * MIN_SIZE * line_height() + spacing + 2 * INSET_Y)


def _tag_parts(tag: Paragraph, width: float) -> list[Paragraph]:
    """Return the grouping label as one paragraph, or, when it will not fit on one line,
    a paragraph for each part between its " · " separators (the grouping, then the
    question's number): no line ends in a stray "·"."""
    if len(wrap(tag.text, width - 2 * INSET_X, MIN_SIZE, bold=True)) == 1 or " · " not in tag.text:
        return [tag]
    return [replace(tag, runs=(Run(part),)) for part in tag.text.split(" · ")]


def _tag_width(tag: Paragraph, badge: str) -> float:
    """Return the grouping label's width: its text's, up to 70% of the slide's, and never
    reaching the timing badge at the right (a 4:3 slide has less room)."""
    room = _geo().content_width * 0.7
    if badge:
        room = min(room, _geo().content_width - _text_width_box(badge, MIN_SIZE, bold=True) - GAP)
    return min(_text_width_box(tag.text, MIN_SIZE, bold=True), room)


def _content_slide(layout: _Layout, spec: Slide) -> None:
    """Lay out a slide of text; a part under an ``{.optional}`` sub-heading (the prompts
    repeated on a discussion slide) is left out if keeping it would need another slide."""
    body = _body(spec)
    kept = _without_optional(body)
    number = len(layout.made) - 1
    if kept != body and number in layout.shorten:
        body = kept
    elif kept != body:
        saved = set(layout.titles), list(layout.warnings)
        heading = layout.heading(spec)  # measured only: flow measures it again
        layout.titles, layout.warnings = saved
        available = _geo().height - _geo().bottom - heading.body_y
        _size, _fitting, rest = _fit_blocks(body, _geo().content_width, available)
        body = kept if rest else body
    if body is kept:
        layout.shortened.add(number)
    layout.flow(spec, body)


def _without_optional(blocks: Sequence[Block]) -> list[Block]:
    """Return ``blocks`` without each ``{.optional}`` sub-heading and what follows it up to
    the next sub-heading."""
    kept: list[Block] = []
    skipping = False
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == "heading":
            skipping = "optional" in block.classes
        if not skipping:
            kept.append(block)
    return kept


def _title_slide(layout: _Layout, spec: Slide) -> None:
    title = layout._unique(spec.title)
    measured = _title_layout(title, _body(spec), bool(layout.brand.logo))
    if measured.overflow:  # never dropped: it is all on the slide, and named in a warning
        layout.warnings.append(
            f"slide '{spec.title}': this text does not fit under the title even at "
            f"{MIN_SIZE:g} pt: '{_shortened(measured.overflow)}'; shorten it (the title, venue "
            "and facilitator come from the profile)"
        )
    layout.pages.append(_Page(spec, "title", title=measured, title_text=title))


def _closing_slide(layout: _Layout, spec: Slide) -> None:
    """Lay out the closing slide: its text, and in a column at the right the QR code of
    its ``qr`` address (a feedback form) under the words ``qr-caption``, if it has one."""
    url = spec.attr("qr")
    if not url:
        layout.flow(spec, _body(spec))
        return
    first = len(layout.pages)
    layout.flow(spec, _body(spec), width=_geo().content_width - QR_SIZE - 2 * GAP)
    layout.pages[first] = replace(layout.pages[first], qr=url)


def _rating_slide(layout: _Layout, spec: Slide) -> None:
    body = _body(spec)
    lead, rest = body[:1], body[1:]
    rest_height = _blocks_height(rest, _geo().content_width, MIN_SIZE + 2)
    layout.flow(spec, lead, reserve=_SCALE_HEIGHT + rest_height + 14, scale=True)


def _framework_slide(layout: _Layout, spec: Slide, part: int = 1) -> None:
    columns = _columns(_body(spec))
    page = layout.part(spec, part)
    heading = layout.heading(page)
    available = _geo().height - _geo().bottom - heading.body_y
    for size in BODY_SIZES:
        if _grid_height(columns, size) <= available:
            break
    else:
        if len(columns) > 1:
            half = (len(columns) + 1) // 2
            shown = tuple(tuple(c) for c in columns[:half])
            layout.pages.append(_Page(page, "framework", heading, size=size, columns=shown))
            more = replace(spec, blocks=tuple(b for c in columns[half:] for b in c))
            _framework_slide(layout, more, part + 1)
            return
        layout.warnings.append(f"slide '{spec.title}': the grouping does not fit; shorten it")
    shown = tuple(tuple(c) for c in columns)
    layout.pages.append(_Page(page, "framework", heading, size=size, columns=shown))


def _chart_slide(layout: _Layout, spec: Slide) -> None:
    """A native, editable chart drawn from the slide's table; paragraphs go above it.

    The table's header row names the series; each further row is a category and its values.
    ``kind`` is radar, bar or stacked; ``alt`` states the chart's main finding.
    """
    heading = layout.heading(spec)
    table = next((b for b in spec.blocks if isinstance(b, Table)), None)
    if table is None or len(table.rows) < 2:
        layout.warnings.append(f"slide '{spec.title}': a chart slide needs a table of data")
    layout.pages.append(_Page(spec, "chart", heading))


_LAYOUTS: dict[str, Callable[[_Layout, Slide], None]] = {
    "title": _title_slide,
    "content": _content_slide,
    "question": _content_slide,
    "discussion": _content_slide,
    "rating": _rating_slide,
    "closing": _closing_slide,
    "framework": _framework_slide,
    "chart": _chart_slide,
}


# --- drawing: each laid-out page becomes a slide ------------------------------------------


def _draw(
    prs, brand: _Brand, when: datetime, page: _Page, number: int, house: HouseDeck | None
) -> None:
    """Add the slide for ``page`` to ``prs`` (on the house template's layout for its kind,
    if any); ``number`` is its slide number."""
    if house:
        kind = page.spec.layout if page.spec.layout in KINDS else "content"
        slide = prs.slides.add_slide(house.layouts["title" if page.kind == "title" else kind])
        clear_placeholders(slide)
    else:
        slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    if page.kind == "title":
        _draw_title(slide, brand, page)
        _slide_number(slide, number, INK if brand.house else brand.on_primary)
        return
    _draw_heading(slide, brand, page)
    _slide_number(slide, number, INK)
    _footer(slide, brand)
    y = page.heading.body_y
    if page.kind == "flow":
        top = y
        y = _add_blocks(slide, page.blocks, y, page.size, brand, page.width)
        if page.scale:
            _draw_rating(slide, page.spec, y + 6, brand)
        if page.qr:
            _qr_code(slide, page.qr, page.spec.attr("qr-caption"), top, brand.qr_alt)
    elif page.kind == "framework":
        _framework_columns(slide, [list(c) for c in page.columns], y, page.size)
    else:
        _draw_chart(slide, page.spec, y, brand, when)


def _slide_number(slide, number: int, ink: str) -> None:
    """Add the slide's number in the bottom right corner, below the body, as a field, so
    that the guide's "slides 7-9" can be found and stay right if slides are moved."""
    width = _text_width_box(str(number), MIN_SIZE, bold=False) + 20
    top = _geo().height - _geo().bottom + 2
    box = slide.shapes.add_textbox(
        Pt(_geo().width - _geo().margin - width), Pt(top), Pt(width), Pt(_geo().bottom - 4)
    )
    box.name = "Slide number"
    fill_text(
        box.text_frame,
        [Paragraph((Run(str(number)),))],
        MIN_SIZE,
        ink,
        align=PP_ALIGN.RIGHT,
        anchor=MSO_ANCHOR.BOTTOM,
        inset=(0, 0),
    )
    as_slide_number(box.text_frame.paragraphs[0].runs[0])


def _footer(slide, brand: _Brand) -> None:
    """Add the partnership's small logo and its footer (name, session date) in the band
    below the body, at the left: the slide number is at the right."""
    left, top, height = _geo().margin, _geo().height - _geo().bottom + 4, _geo().bottom - 8
    if brand.logo:
        logo = prepared_image(Path(brand.logo))
        width = min(height * logo.width / logo.height, 90.0)
        picture = slide.shapes.add_picture(
            io.BytesIO(logo.data),
            Pt(left),
            Pt(top),
            Pt(width),
            Pt(width * logo.height / logo.width),
        )
        picture.name = "Footer logo"
        set_alt_text(picture, brand.logo_alt)
        left += width + 10
    if not brand.footer:
        return
    room = _geo().width - _geo().margin - 90 - left  # up to the slide number
    text = brand.footer
    while text_width(text, FOOTER_SIZE) > room - 4 and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(" ,·") + "\u2026"  # whole words, then "..."
    box = slide.shapes.add_textbox(
        Pt(left), Pt(_geo().height - _geo().bottom), Pt(room), Pt(_geo().bottom - 1)
    )
    box.name = "Footer"
    fill_text(
        box.text_frame,
        [Paragraph((Run(text),))],
        FOOTER_SIZE,
        INK,
        anchor=MSO_ANCHOR.MIDDLE,
        inset=(0, 0),
    )


def _draw_heading(slide, brand: _Brand, page: _Page) -> None:
    """Add the slide's grouping colour, label, timing badge, title and notes."""
    heading = page.heading
    if heading.colour:
        add_rect(slide, 0, 0, 14, _geo().height, heading.colour, "Grouping colour")
    if heading.tag_height:
        _tag_row(slide, heading, heading.colour or brand.primary)
    place(
        slide.shapes.title,
        _geo().margin,
        heading.title_y,
        _geo().content_width,
        heading.title_height,
    )
    title = [Paragraph((Run(heading.title),))]
    with _titles():
        fill_text(slide.shapes.title.text_frame, title, heading.title_size, INK, bold=True)
    write_notes(slide, page.spec.notes)


def _tag_row(slide, heading: _Heading, colour: str) -> None:
    """Add the grouping label and the timing badge."""
    if heading.badge:
        text = heading.badge
        width = _text_width_box(text, MIN_SIZE, bold=True)
        box = add_rect(
            slide,
            _geo().width - _geo().margin - width,
            _geo().top,
            width,
            TAG_HEIGHT,
            tint(colour, 0.85),
            "Timing",
        )
        label = [Paragraph((Run(text),))]
        fill_text(box.text_frame, label, MIN_SIZE, INK, bold=True, anchor=MSO_ANCHOR.MIDDLE)
    if heading.tag is not None:
        tag = heading.tag
        width = _tag_width(tag, heading.badge)
        box = add_rect(
            slide, _geo().margin, _geo().top, width, heading.tag_height, colour, "Grouping"
        )
        ink = readable_text_colour(colour) or PAPER
        parts = _tag_parts(tag, width)
        fill_text(box.text_frame, parts, MIN_SIZE, ink, bold=True, anchor=MSO_ANCHOR.MIDDLE)


def _draw_title(slide, brand: _Brand, page: _Page) -> None:
    """Add the title slide: the partnership's colour, the title, the text under it."""
    if brand.house:  # the house title slide's own background, and its text colours
        ink = ""
    else:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor.from_string(brand.primary)
        ink = brand.on_primary
    layout = page.title
    place(slide.shapes.title, _geo().margin, layout.y, _geo().content_width, layout.title_height)
    text = [Paragraph((Run(page.title_text),))]
    with _titles():
        fill_text(slide.shapes.title.text_frame, text, layout.title_size, ink, bold=True)
    y = layout.y + layout.title_height + GAP
    height = _blocks_height(layout.body, _geo().content_width, layout.body_size)
    box = slide.shapes.add_textbox(Pt(_geo().margin), Pt(y), Pt(_geo().content_width), Pt(height))
    box.name = "Subtitle"
    fill_text(box.text_frame, layout.body, layout.body_size, ink)
    _title_extras(brand, page.spec, slide, layout.stripe)


def _draw_rating(slide, spec: Slide, y: float, brand: _Brand) -> None:
    """Add the 1 to 5 scale at ``y`` and, below it, the text after the slide's first
    paragraph."""
    colour = _colour(spec) or NAVY
    _rating_scale(slide, y, colour, spec.attr("low"), spec.attr("high"))
    _add_blocks(slide, _body(spec)[1:], y + _SCALE_HEIGHT + 8, MIN_SIZE + 2, brand)


def _draw_chart(slide, spec: Slide, y: float, brand: _Brand, when: datetime) -> None:
    """Add the chart slide's paragraphs and, below them, its chart."""
    table = next((b for b in spec.blocks if isinstance(b, Table)), None)
    words = [b for b in _body(spec) if isinstance(b, Paragraph)]
    if words:
        y = _add_blocks(slide, words, y, MIN_SIZE + 2, brand)
    if table is None or len(table.rows) < 2:
        return
    from toolkit.writers.charts import add_chart  # only reports have charts; xlsxwriter is slow

    add_chart(
        slide,
        table,
        spec.attr("kind", "bar"),
        spec.attr("alt"),
        (_geo().margin, y, _geo().content_width, _geo().height - _geo().bottom - y),
        when,
    )


@dataclass(frozen=True)
class _TitleLayout:
    """Where the title slide's text goes: the title's size, top and height; the body at
    its size; whether the grouping stripe is drawn; and any body text that fits nowhere."""

    title_size: float
    y: float
    title_height: float
    body: list[Block]
    body_size: float
    stripe: bool
    overflow: str = ""


_TITLE_SIZES = (44.0, 40.0, 36.0, 32.0)


def _title_layout(title: str, body: Sequence[Block], logo: bool) -> _TitleLayout:
    """Return the first layout that fits the title and all the text under it: the title
    as large as two lines allow above the grouping stripe, then smaller titles, then
    without the stripe (decoration gives way to words). Text is never dropped: if even
    the last layout cannot hold it, all of it is placed and named as overflow."""
    width = _geo().content_width - 2 * INSET_X
    with _titles():
        lines_at = {s: len(wrap(title, width, s, bold=True)) for s in (*_TITLE_SIZES, 28.0)}
    first = next((s for s in _TITLE_SIZES if lines_at[s] <= 2), _TITLE_SIZES[-1])
    tries = [(first, True)] + [(s, stripe) for stripe in (True, False) for s in (32.0, 28.0)]
    for size, stripe in tries:
        lines = lines_at[size]
        title_height = lines * size * line_height() + 2 * INSET_Y
        y = 150.0 if lines <= 2 or logo else 60.0  # below the logo's panel
        bottom = (_geo().stripe_top if stripe else _geo().height - _geo().bottom) - GAP
        body_size, fitting, rest = _fit_blocks(
            body, _geo().content_width, bottom - y - title_height
        )
        if not rest:
            return _TitleLayout(size, y, title_height, fitting, body_size, stripe)
    overflow = " ".join(b.text for b in rest if isinstance(b, Paragraph))
    return _TitleLayout(size, y, title_height, list(body), MIN_SIZE, stripe, overflow)


def _shortened(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"


def _title_extras(brand: _Brand, spec: Slide, slide, stripe: bool) -> None:
    """Add the title slide's grouping stripe (when there is room), partnership colour
    line, logo and notes."""
    if stripe:
        _group_stripe(slide, _group_index(spec.attr("groups"), 0))  # as many as it says
    if brand.accent and stripe:
        add_rect(
            slide,
            _geo().margin,
            _geo().stripe_top + 18,
            _geo().content_width - 6,
            4,
            brand.accent,
            "Partnership colour",
        )
    if brand.logo:
        _logo(slide, brand)
    write_notes(slide, spec.notes)


def _logo(slide, brand: _Brand) -> None:
    """Add the logo, on a white panel at the top right, keeping its proportions."""
    panel_w, panel_h, pad = 200.0, 96.0, 10.0
    left, top = _geo().width - _geo().margin - panel_w, 36.0
    panel = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Pt(left), Pt(top), Pt(panel_w), Pt(panel_h)
    )
    panel.name = "Logo background"
    style_shape(panel, PAPER)
    logo = prepared_image(Path(brand.logo))
    ratio = logo.width / logo.height
    width = min(panel_w - 2 * pad, (panel_h - 2 * pad) * ratio)
    height = width / ratio
    picture = slide.shapes.add_picture(
        io.BytesIO(logo.data),
        Pt(left + (panel_w - width) / 2),
        Pt(top + (panel_h - height) / 2),
        Pt(width),
        Pt(height),
    )
    picture.name = "Logo"
    set_alt_text(picture, brand.logo_alt)


def _qr_code(slide, url: str, caption: str, top: float, alt: str = QR_ALT) -> None:
    """Add ``caption`` and under it the QR code of ``url``, in a column at the right from
    ``top`` (where the body starts); ``alt`` is its alternative text ({url} its address)."""
    left = _geo().width - _geo().margin - QR_SIZE
    if caption:
        lines = wrap(caption, QR_SIZE, MIN_SIZE, bold=True)
        height = len(lines) * MIN_SIZE * line_height() + 2 * INSET_Y
        box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(QR_SIZE), Pt(height))
        box.name = "QR caption"
        caption_text = [Paragraph((Run(caption, bold=True),))]
        fill_text(
            box.text_frame, caption_text, MIN_SIZE, INK, align=PP_ALIGN.CENTER, inset=(0, INSET_Y)
        )
        top += height + 4
    picture = slide.shapes.add_picture(
        io.BytesIO(qr_png(url)), Pt(left), Pt(top), Pt(QR_SIZE), Pt(QR_SIZE)
    )
    picture.name = "QR code"
    set_alt_text(picture, alt.replace("{url}", url))


def _group_stripe(slide, count: int) -> None:
    width = _geo().content_width / max(count, 1)
    for index in range(count):
        add_rect(
            slide,
            _geo().margin + index * width,
            _geo().height - 70,
            width - 6,
            10,
            group_colour(index),
            f"Grouping colour {index + 1}",
        )


def _rating_scale(slide, y: float, colour: str, low: str, high: str) -> None:
    """Add five boxes numbered 1 to 5, and under the ends the labels the template gave
    (``{.rating low=... high=...}``), if any."""
    box = _SCALE_BOX
    gap = (_geo().content_width - 5 * box) / 4
    for value in range(1, 6):
        x = _geo().margin + (value - 1) * (box + gap)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Pt(x), Pt(y), Pt(box), Pt(box))
        shape.name = f"Rating {value}"
        style_shape(shape, PAPER, line=colour)
        fill_text(
            shape.text_frame,
            [Paragraph((Run(str(value)),))],
            40.0,
            colour,
            bold=True,
            anchor=MSO_ANCHOR.MIDDLE,
            align=PP_ALIGN.CENTER,
        )
    label_width = 2 * box + gap
    for text, x, align in (
        (f"1 = {low}", _geo().margin, PP_ALIGN.LEFT),
        (f"5 = {high}", _geo().margin + 5 * box + 4 * gap - label_width, PP_ALIGN.RIGHT),
    ):
        if text.endswith("= "):
            continue
        label = slide.shapes.add_textbox(Pt(x), Pt(y + box + 4), Pt(label_width), Pt(34))
        label.name = "Scale label"
        fill_text(
            label.text_frame, [Paragraph((Run(text),))], MIN_SIZE, INK, bold=True, align=align
        )


def _columns(blocks: Sequence[Block]) -> list[list[Paragraph]]:
    columns: list[list[Paragraph]] = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == "heading":
            columns.append([block])
        elif isinstance(block, Paragraph) and columns:
            columns[-1].append(block)
    return columns


def _column_width(count: int) -> float:
    return (_geo().content_width - GAP * (count - 1)) / count


def _box_height(text: str, width: float, size: float, bold: bool = False) -> float:
    lines = len(wrap(text, width - 2 * INSET_X - 4, size, bold))
    return lines * size * line_height() + 2 * INSET_Y + 8


def _grid(columns: list[list[Paragraph]], size: float) -> tuple[float, float]:
    """Return the height of every grouping box and of every question box: one each, the
    tallest text's, so that the boxes line up across the columns."""
    width = _column_width(len(columns))
    heads = [_box_height(c[0].text, width, size, bold=True) for c in columns]
    items = [_box_height(p.text, width, size, bold=_bold(p)) for c in columns for p in c[1:]]
    return max(heads, default=0.0), max(items, default=0.0)


def _grid_height(columns: list[list[Paragraph]], size: float) -> float:
    head, item = _grid(columns, size)
    return head + max((len(c) - 1 for c in columns), default=0) * (item + 10)


def _bold(paragraph: Paragraph) -> bool:
    """Return whether all of a paragraph's text is bold (the framework slide's mark for a
    question today's session covers)."""
    return all(r.bold for r in paragraph.runs if r.text.strip())


def _framework_columns(slide, columns: list[list[Paragraph]], top: float, size: float) -> None:
    width = _column_width(len(columns))
    head_height, item_height = _grid(columns, size)
    for index, column in enumerate(columns):
        head, items = column[0], column[1:]
        colour = group_colour(_group_index(head.attr("group-index"), index))
        x = _geo().margin + index * (width + GAP)
        box = add_rect(slide, x, top, width, head_height, colour, head.text)
        fill_text(box.text_frame, [head], size, PAPER, bold=True, anchor=MSO_ANCHOR.MIDDLE)
        y = top + head_height + 10
        for item in items:
            box = add_rect(slide, x, y, width, item_height, tint(colour), "Question")
            if _bold(item):  # today's: outlined too, so colour is not the only cue
                style_shape(box, tint(colour), line=colour, line_width=3.0)
            fill_text(
                box.text_frame, [replace(item, style="p")], size, INK, anchor=MSO_ANCHOR.MIDDLE
            )
            y += item_height + 10


# --- measuring and placing the body ------------------------------------------------------


def _body(spec: Slide) -> list[Block]:
    """Return the slide's blocks without its tag paragraph."""
    return [b for b in spec.blocks if not (isinstance(b, Paragraph) and "tag" in b.classes)]


def _tag(spec: Slide) -> Paragraph | None:
    return next((b for b in spec.blocks if isinstance(b, Paragraph) and "tag" in b.classes), None)


def _keep_tags(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if isinstance(b, Paragraph) and "tag" in b.classes]


def _colour(spec: Slide) -> str:
    """Return the slide's grouping colour, or "" for a slide outside any grouping."""
    index = spec.attr("group-index")
    return group_colour(_group_index(index, 0)) if index else ""


def _group_index(value: str, default: int) -> int:
    return int(value) if value.isdigit() else default


def _block_height(block: Block, width: float, size: float) -> float:
    if isinstance(block, Table):
        return _table_height(block, width, size)
    hanging = indent(block.style, size)
    lines = len(wrap(block.text, width - 2 * INSET_X - hanging, size, _is_bold(block)))
    return lines * size * line_height() + size * SPACE_AFTER


def _blocks_height(blocks: Sequence[Block], width: float, size: float) -> float:
    return sum(_block_height(b, width, size) for b in blocks) + (2 * INSET_Y if blocks else 0)


def _fit_blocks(
    blocks: Sequence[Block], width: float, height: float
) -> tuple[float, list[Block], list[Block]]:
    """Return ``(size, blocks that fit, blocks left over)``, shrinking to 18 pt first."""
    for size in BODY_SIZES:
        if _blocks_height(blocks, width, size) <= height:
            return size, list(blocks), []
    used = 2 * INSET_Y
    for count, block in enumerate(blocks):
        used += _block_height(block, width, MIN_SIZE)
        if used > height:
            return MIN_SIZE, list(blocks[:count]), list(blocks[count:])
    return MIN_SIZE, list(blocks), []


def _add_blocks(
    slide,
    blocks: Sequence[Block],
    y: float,
    size: float,
    brand: _Brand,
    width: float | None = None,
) -> float:
    """Add ``blocks`` from ``y`` down, ``width`` wide; return the y below them."""
    width = width if width is not None else _geo().content_width
    run: list[Paragraph] = []
    for block in [*blocks, None]:
        if isinstance(block, Paragraph):
            run.append(block)
            continue
        if run:
            height = _blocks_height(run, width, size)
            box = slide.shapes.add_textbox(Pt(_geo().margin), Pt(y), Pt(width), Pt(height))
            box.name = "Body"
            fill_text(box.text_frame, run, size, INK)
            y += height
            run = []
        if isinstance(block, Table):
            y = _add_table(slide, block, y, size, brand) + GAP
    return y


def _table_height(table: Table, width: float, size: float) -> float:
    widths = _table_widths(table, width, size)
    return sum(_row_height(row, widths, size) for row in table.rows) + GAP


def _table_widths(table: Table, width: float, size: float) -> list[float]:
    """Return column widths: each column as wide as its longest cell, and the widest column
    narrowed (its text wrapping) when they do not all fit in ``width``."""
    count = max(len(r) for r in table.rows)
    natural = [
        max(text_width(r[i], size, bold=True) if i < len(r) else 0 for r in table.rows)
        + 2 * INSET_X
        + 4
        for i in range(count)
    ]
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    widest = natural.index(max(natural))
    others = [min(w, width / (2 * count)) for i, w in enumerate(natural) if i != widest]
    widths = [min(w, width / (2 * count)) for w in natural]
    widths[widest] = width - sum(others)
    shortest = [  # each column's longest word: narrower, and the word is broken
        max(
            (
                text_width(w, size, bold=True)
                for r in table.rows
                if i < len(r)
                for w in r[i].split()
            ),
            default=0.0,
        )
        + 2 * INSET_X
        + 4
        for i in range(count)
    ]
    if all(w >= m for w, m in zip(widths, shortest, strict=True)) or sum(shortest) > width:
        return widths
    # A narrow slide (4:3) or a wide table: every column as wide as its longest word, and the
    # rest shared by how much more each would take.
    spare = width - sum(shortest)
    extra = [n - m for n, m in zip(natural, shortest, strict=True)]
    return [m + spare * e / (sum(extra) or 1) for m, e in zip(shortest, extra, strict=True)]


def _row_height(row: Sequence[str], widths: Sequence[float], size: float) -> float:
    lines = max(
        len(wrap(cell, w - 2 * INSET_X, size)) for cell, w in zip(row, widths, strict=False)
    )
    return lines * size * line_height() + 2 * INSET_Y + 4


def _add_table(slide, table: Table, y: float, size: float, brand: _Brand) -> float:
    widths = _table_widths(table, _geo().content_width, size)
    heights = [_row_height(row, widths, size) for row in table.rows]
    shape = slide.shapes.add_table(
        len(table.rows),
        len(widths),
        Pt(_geo().margin),
        Pt(y),
        Pt(_geo().content_width),
        Pt(sum(heights)),
    )
    shape.name = "Table"
    grid = shape.table
    grid.first_row = True
    for index, width in enumerate(widths):
        grid.columns[index].width = Pt(width)
    for r, (row, height) in enumerate(zip(table.rows, heights, strict=True)):
        grid.rows[r].height = Pt(height)
        for c in range(len(widths)):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(
                brand.primary if r == 0 else (PAPER if r % 2 else tint(brand.primary, 0.92))
            )
            text = row[c] if c < len(row) else ""
            fill_text(
                cell.text_frame,
                [Paragraph((Run(text),))],
                size,
                brand.on_primary if r == 0 else INK,
                bold=r == 0,
                autofit=False,
            )
    return y + sum(heights)


# --- shapes and text -----------------------------------------------------------------


def _text_width_box(text: str, size: float, bold: bool) -> float:
    return text_width(text, size, bold) + 2 * INSET_X + 6


def _is_bold(block: Paragraph) -> bool:
    return block.style == "heading" or all(r.bold for r in block.runs if r.text.strip())
