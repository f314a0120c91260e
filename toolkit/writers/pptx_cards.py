"""Write discussion cards as a PowerPoint file whose pages are sheets of paper.

Every card is placed at its exact physical position (see ``layout.cards``); each text is in
its own editable text box inside the card's 5 mm safe area, at one size for every card of
its kind in the set, never breaking a word. A text that fits on no card at the smallest
size goes on over more cards and is named in the warnings. Each page of fronts is followed
by its page of backs, mirrored for a long-edge flip.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from toolkit.content.images import prepared_image
from toolkit.layout.cards import SAFE_AREA, Sheet
from toolkit.layout.colours import INK, NAVY, PAPER, group_colour, readable_text_colour, tint
from toolkit.layout.fonts import DEFAULT_FAMILY
from toolkit.layout.printing import PrintSettings
from toolkit.layout.textfit import line_height, measuring, text_width, wrap
from toolkit.render.document import Document, Paragraph, Run, Slide
from toolkit.writers import WriterNotes
from toolkit.writers.ooxml import set_alt_text
from toolkit.writers.pptx_common import (
    TITLE_ONLY_LAYOUT,
    add_rect,
    fill_text,
    new_presentation,
    place,
    remove_theme_style,
    save,
    style_shape,
    write_notes,
)
from toolkit.writers.pptx_house import open_house_deck

MM = 72 / 25.4  # points in a millimetre
START_SIZE = 24.0  # card text starts here and shrinks to the print minimum
LINE_GREY = "9AA5B1"  # card outlines and ruled lines: guides, not text
RULE_GAP = 9 * MM  # ruled lines on blank cards, for handwriting
PRINTABLE = 5.0  # mm from the paper's edge that printers can print to
MEASURE_SHARE = 0.95  # share of a line's width the measured text may fill: renderers differ


def write_cards(
    document: Document, path: Path, when: datetime, options: PrintSettings | None = None
) -> WriterNotes:
    """Write the cards in ``document`` to ``path``; return warnings naming cards that overflow.

    ``options`` gives the sheet (paper and card size), whether to print backs, and the
    house PowerPoint template, whose theme font and colour the cards take. Raises
    ``ContentError`` for a template that is not one.
    """
    options = options or PrintSettings()
    sheet = options.sheet
    family, colour = DEFAULT_FAMILY, NAVY
    if options.pptx_template:  # the house theme's body font and main colour
        house = open_house_deck(Path(options.pptx_template), dict(options.layouts))
        family, colour = house.body_font or DEFAULT_FAMILY, house.accent or NAVY
    prs = new_presentation(sheet.paper_width * MM, sheet.paper_height * MM, colour, font=family)
    with measuring(family):
        writer = _CardWriter(
            prs,
            sheet,
            options.print_minimum,
            logo=str(document.meta.get("logo") or ""),
            logo_alt=str(document.meta.get("logo_alt") or "Logo"),
            words={key: document.meta.get(key) for key in CARD_WORDS},
        )
        for spec in document.slides:
            if "instructions" in spec.classes:
                writer.instructions(spec)
                if options.backs:  # keep each sheet's fronts and backs on one piece of paper
                    writer.blank_back(spec.title)
        cards = writer.prepare([s for s in document.slides if "card" in s.classes])
        sheets = _sheets(cards, sheet.per_sheet)
        for number, batch in enumerate(sheets, start=1):
            writer.fronts(batch, writer.said("sheet_fronts", number=number, count=len(sheets)))
            if options.backs:
                writer.backs(batch, writer.said("sheet_backs", number=number, count=len(sheets)))
    save(prs, document.meta, path, when)
    return WriterNotes(writer.warnings)


# The writer's own words, in English unless the template's front matter gives them.
CARD_WORDS = {
    "blank_back": "This side is blank on purpose, so that every sheet of cards prints with its "
    "own backs.",
    "back_of": "Back of: {title}",
    "sheet_fronts": "Sheet {number} of {count}: card fronts",
    "sheet_backs": "Sheet {number} of {count}: card backs",
}


@dataclass
class _CardWriter:
    prs: object
    sheet: Sheet
    minimum: float  # the smallest text size: 12 pt, or 16 pt in large print
    warnings: list[str] = field(default_factory=list)
    sizes: dict[str, float] = field(default_factory=dict)  # front text size by card kind
    band_text: float = 0.0  # height of the text in every band of the set
    logo: str = ""  # the partnership's logo, at the foot of every back (if all still fit)
    logo_alt: str = ""
    words: dict = field(default_factory=dict)  # its own words, from the front matter

    def said(self, key: str, **values: object) -> str:
        """Return the words the template gives for ``key`` (else English), values filled."""
        text = str(self.words.get(key) or CARD_WORDS[key])
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    @property
    def inset(self) -> float:
        """Return how far (mm) colour keeps inside each card: enough that none is printed
        within 5 mm of the paper's edge where cards reach it (A6 on A4), else none."""
        return max(0.0, PRINTABLE - min(self.sheet.margin_x, self.sheet.margin_y))

    def prepare(self, cards: Sequence[Slide]) -> list[Slide]:
        """Return the cards to draw, and settle how: one band height for the whole set;
        a card whose text fits at no size from the minimum up goes on over as many cards
        as it needs (and is named in the warnings); then one front text size for each kind
        of card (header, prompt, blank), the largest every card of the kind fits, so that
        a sheet looks even."""
        self.band_text = max((self.band_height(card) for card in cards), default=0.0)
        width, height = self.body_box()
        drawn: list[Slide] = []
        for card in cards:
            body = _front_body(card)
            if not body or _largest_fit(body, width, height, self.minimum, self.minimum):
                drawn.append(card)
                continue
            parts = _split(body, width, height, self.minimum)
            self.warnings.append(
                f"card {card.attr('card-id')}: the text does not fit on one {self.sheet.card} "
                f"card even at {self.minimum:g} pt, so it goes on over {len(parts)} cards; "
                "shorten it or choose a bigger card size"
            )
            drawn += [_with_body(card, part, first=index == 0) for index, part in enumerate(parts)]
        backs = [_back_body(card) for card in cards]
        if self.logo and not all(
            _largest_fit(back, width, height - self.logo_room(), self.minimum, self.minimum)
            for back in backs
            if back
        ):
            self.logo = ""  # the question on every back matters more than the logo
        for card in cards:
            long_words = _too_long(_front_body(card) + _back_body(card), width, self.minimum)
            if long_words:
                self.warnings.append(
                    f"card {card.attr('card-id')}: '{long_words[0]}' is too long for a line of "
                    f"a {self.sheet.card} card even at {self.minimum:g} pt, so it is broken; "
                    "choose a bigger card size"
                )
            back = _back_body(card)
            back_height = height - self.logo_room()
            if back and not _largest_fit(back, width, back_height, self.minimum, self.minimum):
                self.warnings.append(
                    f"card {card.attr('card-id')}: its back does not fit on a {self.sheet.card} "
                    f"card even at {self.minimum:g} pt, so it is cut short there; shorten the "
                    "question or choose a bigger card size"
                )
        for card in drawn:
            body = _front_body(card)
            size = _largest_fit(body, width, height, START_SIZE, self.minimum) if body else None
            kind = card.attr("kind")
            self.sizes[kind] = min(self.sizes.get(kind, START_SIZE), size or self.minimum)
        return drawn

    @property
    def band_top(self) -> float:
        """Return how far (points) below a card's top edge its band's text starts."""
        return SAFE_AREA * MM + (1.5 * MM if self.inset else 0.0)

    def body_box(self) -> tuple[float, float]:
        """Return the width and height (points) left for a card's text under its band."""
        width = (self.sheet.card_width - 2 * SAFE_AREA) * MM
        top = self.band_top + self.band_text + 2 * MM + 3 * MM
        return width, self.sheet.card_height * MM - top - SAFE_AREA * MM

    @property
    def width(self) -> float:
        return self.sheet.paper_width * MM

    def logo_height(self) -> float:
        """Return the height (points) of the logo on a card's back: a twelfth of the card,
        at most 8 mm; 0 without a logo."""
        return min(8 * MM, self.sheet.card_height * MM / 12) if self.logo else 0.0

    def logo_room(self) -> float:
        """Return the height the logo takes from a back's text, with its gap."""
        return self.logo_height() + 2 * MM if self.logo else 0.0

    def page(self, title: str, visible: bool = False, size: float | None = None):
        """Return a new page titled ``title``; an invisible title sits above the paper.

        Screen readers and the slide list read the title; the printer never sees it.
        """
        size = size or self.minimum
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        top = 15 * MM if visible else -40.0
        place(slide.shapes.title, 20 * MM, top, self.width - 40 * MM, size * line_height() + 8)
        fill_text(
            slide.shapes.title.text_frame,
            [Paragraph((Run(title),))],
            size,
            INK,
            bold=True,
            inset=(0, 0),
        )
        return slide

    def instructions(self, spec: Slide) -> None:
        """Add a page of printing and playing instructions."""
        slide = self.page(spec.title, visible=True, size=20.0)
        left, top = 20 * MM, 15 * MM + 20 * line_height() + 12
        width = self.width - 40 * MM
        height = self.sheet.paper_height * MM - top - 20 * MM
        body = [b for b in spec.blocks if isinstance(b, Paragraph)]
        size = _largest_fit(body, width, height, self.minimum + 2, self.minimum, spacing=0.6)
        if size is None:
            size = self.minimum
            self.warnings.append(f"page '{spec.title}': the instructions do not fit; shorten them")
        box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
        box.name = "Instructions"
        fill_text(box.text_frame, body, size, INK, inset=(0, 0))
        write_notes(slide, spec.notes)

    def blank_back(self, title: str) -> None:
        """Add the deliberately blank back of a page of text, for double-sided printing."""
        slide = self.page(self.said("back_of", title=title))
        text = self.said("blank_back")
        top = self.sheet.paper_height * MM / 2
        box = slide.shapes.add_textbox(
            Pt(20 * MM), Pt(top), Pt(self.width - 40 * MM), Pt(2 * self.minimum * line_height())
        )
        box.name = "Blank page note"
        fill_text(
            box.text_frame,
            [Paragraph((Run(text),))],
            self.minimum,
            INK,
            align=PP_ALIGN.CENTER,
            inset=(0, 0),
        )

    def fronts(self, cards: Sequence[Slide], title: str) -> None:
        """Add a page with the fronts of ``cards`` and the cut marks."""
        slide = self.page(title)
        for index, card in enumerate(cards):
            x, y = self.sheet.front(index)
            self.front(slide, card, x * MM, y * MM)
        self.cut_marks(slide)

    def backs(self, cards: Sequence[Slide], title: str) -> None:
        """Add a page with the backs of ``cards``, each behind its front once flipped."""
        slide = self.page(title)
        for index, card in enumerate(cards):
            x, y = self.sheet.back(index)
            self.back(slide, card, x * MM, y * MM)

    def front(self, slide, card: Slide, x: float, y: float) -> None:
        colour = _colour(card)
        _outline(slide, x, y, self.sheet, f"Card {card.attr('card-id')}")
        band_bottom = self.band(slide, card, x, y, colour)
        body = _front_body(card)
        top = band_bottom + 3 * MM
        bottom = y + self.sheet.card_height * MM - SAFE_AREA * MM
        size = self.sizes.get(card.attr("kind"), self.minimum)
        used = self.text(slide, card, body, x, top, bottom - top, start=size)
        if card.attr("kind") == "blank":
            _rules(slide, x, top + used + 4 * MM, bottom, self.sheet)

    def back(self, slide, card: Slide, x: float, y: float) -> None:
        colour = _colour(card)
        name = f"Back of card {card.attr('card-id')}"
        if self.inset:
            _outline(slide, x, y, self.sheet, name)
            inner = self.inset * MM
            width, height = self.sheet.card_width * MM - 2 * inner, self.sheet.card_height * MM
            add_rect(slide, x + inner, y + inner, width, height - 2 * inner, tint(colour), "Tint")
        else:
            _outline(slide, x, y, self.sheet, name, fill=tint(colour))
        band_bottom = self.band(slide, card, x, y, colour)
        body = _back_body(card)
        width, height = self.body_box()
        height -= self.logo_room()
        if body and not _fits(body, width, height, self.minimum):
            body = _split(body, width, height, self.minimum)[0]  # the front has it all
        top = band_bottom + 3 * MM
        bottom = y + self.sheet.card_height * MM - SAFE_AREA * MM
        if self.logo:
            self.back_logo(slide, x, bottom)
            bottom -= self.logo_room()
        self.text(slide, card, body, x, top, bottom - top, start=20.0)

    def back_logo(self, slide, x: float, bottom: float) -> None:
        """Add the logo at the foot of a card's back, centred, keeping its proportions."""
        logo = prepared_image(Path(self.logo))
        height = self.logo_height()
        width = min(height * logo.width / logo.height, (self.sheet.card_width - 2 * SAFE_AREA) * MM)
        height = width * logo.height / logo.width
        left = x + (self.sheet.card_width * MM - width) / 2
        picture = slide.shapes.add_picture(
            io.BytesIO(logo.data), Pt(left), Pt(bottom - height), Pt(width), Pt(height)
        )
        picture.name = "Logo"
        set_alt_text(picture, self.logo_alt)

    def band_texts(self, card: Slide) -> list[Paragraph]:
        return [b for b in card.blocks if isinstance(b, Paragraph) and "band" in b.classes][:2]

    def band_rows(self, card: Slide) -> list[tuple[Paragraph, float, list[str]]]:
        """Return each band text with the width it gets and its lines: the label on the
        left, the ID on the right at its own measured width; never a word or an ID broken.
        A label that cannot share its row with the ID gets the full width, and the ID a
        row of its own."""
        texts = self.band_texts(card)
        inner = (self.sheet.card_width - 2 * SAFE_AREA) * MM - 2 * self._pad
        size = self.minimum
        if len(texts) < 2:
            return [(t, inner, _lines(t.text, inner, size)) for t in texts]
        label, ident = texts
        id_width = text_width(ident.text, size, bold=True) / MEASURE_SHARE
        label_width = inner - id_width - 2 * MM
        words = label.text.split() or [""]
        if (
            label_width > 0
            and max(text_width(w, size, True) for w in words) <= label_width * MEASURE_SHARE
        ):
            return [
                (label, label_width, _lines(label.text, label_width, size)),
                (ident, id_width, [ident.text]),
            ]
        return [(label, inner, _lines(label.text, inner, size)), (ident, inner, [ident.text])]

    @property
    def _pad(self) -> float:
        """Return the space (points) between an inset band's edge and its text."""
        return 2 * MM if self.inset else 0.0

    def band_height(self, card: Slide) -> float:
        """Return the height of the text in the card's band."""
        rows = self.band_rows(card)
        if not rows:
            return self.minimum * line_height()
        stacked = _stacked(rows)
        lines = sum(len(r[2]) for r in rows) if stacked else max(len(r[2]) for r in rows)
        return lines * self.minimum * line_height()

    def band(self, slide, card: Slide, x: float, y: float, colour: str) -> float:
        """Draw the coloured band with the grouping (left) and ID (right); return its bottom.

        Fronts and backs carry the same band, so the back of a card names the same card.
        """
        rows = self.band_rows(card)
        height = self.band_text or self.band_height(card)
        inset = self.inset * MM
        bottom = y + self.band_top + height + 2 * MM
        width = self.sheet.card_width * MM - 2 * inset
        add_rect(slide, x + inset, y + inset, width, bottom - y - inset, colour, "Grouping band")
        ink = readable_text_colour(colour) or PAPER
        left_edge = x + SAFE_AREA * MM + self._pad
        right_edge = x + (self.sheet.card_width - SAFE_AREA) * MM - self._pad
        line = self.minimum * line_height()
        top = y + self.band_top
        stacked = _stacked(rows)
        for index, (text, box_width, lines) in enumerate(rows):
            align = PP_ALIGN.RIGHT if index == 1 else PP_ALIGN.LEFT
            left = right_edge - box_width if align == PP_ALIGN.RIGHT else left_edge
            # the label at the band's top, the ID at its foot: the same look in every band
            box_height = len(lines) * line
            box_top = top if index == 0 else top + height - box_height
            if not stacked and index == 1:
                box_top = top + len(rows[0][2]) * line - box_height  # beside the label's end
            box = slide.shapes.add_textbox(Pt(left), Pt(box_top), Pt(box_width), Pt(box_height))
            box.name = "Grouping" if index == 0 else "Card ID"
            fill_text(
                box.text_frame,
                [text],
                self.minimum,
                ink,
                bold=True,
                align=align,
                anchor=MSO_ANCHOR.BOTTOM,
                inset=(0, 0),
            )
        return bottom

    def text(
        self,
        slide,
        card: Slide,
        body: list[Paragraph],
        x: float,
        top: float,
        height: float,
        start: float = START_SIZE,
    ) -> float:
        """Add ``body`` in the safe area from ``top``, as large as fits from ``start`` down
        (the smallest size if none fits: ``prepare`` has said so); return its height."""
        if not body:
            return 0.0
        width = (self.sheet.card_width - 2 * SAFE_AREA) * MM
        size = _largest_fit(body, width, height, start, self.minimum) or self.minimum
        needed = _height(body, width, size)
        box = slide.shapes.add_textbox(Pt(x + SAFE_AREA * MM), Pt(top), Pt(width), Pt(needed))
        box.name = "Card text"
        fill_text(box.text_frame, body, size, INK, inset=(0, 0))
        return needed

    def cut_marks(self, slide) -> None:
        """Draw short cut marks in the margins, in line with every card edge."""
        xs, ys = self.sheet.cut_lines()
        gap = 1 * MM
        if self.sheet.margin_y * MM > 3 * MM:
            length = min(6 * MM, self.sheet.margin_y * MM - 2 * gap)
            bottom = self.sheet.paper_height * MM
            for x in xs:
                _line(
                    slide,
                    x * MM,
                    self.sheet.margin_y * MM - gap - length,
                    x * MM,
                    self.sheet.margin_y * MM - gap,
                )
                _line(
                    slide,
                    x * MM,
                    bottom - self.sheet.margin_y * MM + gap,
                    x * MM,
                    bottom - self.sheet.margin_y * MM + gap + length,
                )
        if self.sheet.margin_x * MM > 3 * MM:
            length = min(6 * MM, self.sheet.margin_x * MM - 2 * gap)
            right = self.width
            for y in ys:
                _line(
                    slide,
                    self.sheet.margin_x * MM - gap - length,
                    y * MM,
                    self.sheet.margin_x * MM - gap,
                    y * MM,
                )
                _line(
                    slide,
                    right - self.sheet.margin_x * MM + gap,
                    y * MM,
                    right - self.sheet.margin_x * MM + gap + length,
                    y * MM,
                )


def _sheets(cards: Sequence[Slide], per_sheet: int) -> list[list[Slide]]:
    """Return the cards in sheets; a card with ``new-sheet=yes`` starts a new sheet."""
    sheets: list[list[Slide]] = []
    for card in cards:
        if (
            not sheets
            or len(sheets[-1]) == per_sheet
            or (card.attr("new-sheet") == "yes" and sheets[-1])
        ):
            sheets.append([])
        sheets[-1].append(card)
    return sheets


def _split(
    body: Sequence[Paragraph], width: float, height: float, size: float
) -> list[list[Paragraph]]:
    """Return ``body`` in parts that each fit ``width`` x ``height`` at ``size``: whole
    paragraphs where they fit, a paragraph too long for one card broken between words."""
    parts: list[list[Paragraph]] = [[]]
    queue = list(body)
    while queue:
        paragraph = queue.pop(0)
        if _fits([*parts[-1], paragraph], width, height, size):
            parts[-1].append(paragraph)
            continue
        words = paragraph.text.split()
        cut = max(
            (
                n
                for n in range(1, len(words))
                if _fits([*parts[-1], _words(paragraph, words[:n])], width, height, size)
            ),
            default=0,
        )
        if cut:  # an ellipsis on both sides of the break shows that the text goes on
            parts[-1].append(_words(paragraph, [*words[: cut - 1], words[cut - 1] + "\u2026"]))
            queue.insert(0, _words(paragraph, ["\u2026" + words[cut], *words[cut + 1 :]]))
        elif parts[-1]:
            queue.insert(0, paragraph)
        else:  # not even one word fits: give it a card of its own, as small as allowed
            parts[-1].append(paragraph)
        parts.append([])
    return [part for part in parts if part]


def _fits(body: Sequence[Paragraph], width: float, height: float, size: float) -> bool:
    return _largest_fit(body, width, height, size, size) is not None


def _words(paragraph: Paragraph, words: Sequence[str]) -> Paragraph:
    """Return some of a paragraph's words as a paragraph of the same style and weight."""
    run = Run(" ".join(words), bold=_bold(paragraph), lang=paragraph.lang)
    return Paragraph((run,), paragraph.style)


def _with_body(card: Slide, body: Sequence[Paragraph], first: bool) -> Slide:
    """Return ``card`` with ``body`` as its front text (its band and back unchanged)."""
    kept = tuple(b for b in card.blocks if not (isinstance(b, Paragraph) and not b.classes))
    attrs = card.attrs if first else tuple((k, v) for k, v in card.attrs if k != "new-sheet")
    return replace(card, blocks=(*kept, *body), attrs=attrs)  # each kind is found by class


def _stacked(rows: Sequence[tuple[Paragraph, float, list[str]]]) -> bool:
    """Return whether the band's label and ID are on rows of their own (equal widths)."""
    return len(rows) == 2 and rows[0][1] == rows[1][1]


def _front_body(card: Slide) -> list[Paragraph]:
    return [b for b in card.blocks if isinstance(b, Paragraph) and not b.classes]


def _lines(text: str, width: float, size: float) -> list[str]:
    """Return the band text's lines, measured with the renderers' margin."""
    return wrap(text, width * MEASURE_SHARE, size, bold=True)


def _back_body(card: Slide) -> list[Paragraph]:
    return [_plain(b) for b in card.blocks if isinstance(b, Paragraph) and "back" in b.classes]


def _plain(paragraph: Paragraph) -> Paragraph:
    return Paragraph(paragraph.runs, "p")


def _colour(card: Slide) -> str:
    index = card.attr("group-index")
    return group_colour(int(index)) if index.isdigit() else NAVY


def _height(body: Sequence[Paragraph], width: float, size: float, spacing: float = 0.45) -> float:
    lines = sum(len(wrap(p.text, width * MEASURE_SHARE, size, _bold(p))) for p in body)
    return lines * size * line_height() + spacing * size * (len(body) - 1)


def _words_fit(body: Sequence[Paragraph], width: float, size: float, minimum: float) -> bool:
    """Return whether every word fits on a line whole (with the punctuation that ends it),
    leaving out words too long even at ``minimum``: they break whatever the size, and
    ``_too_long`` names them."""
    line = width * MEASURE_SHARE
    return all(
        text_width(word, size, _bold(p)) <= line or text_width(word, minimum, _bold(p)) > line
        for p in body
        for word in p.text.split()
    )


def _too_long(body: Sequence[Paragraph], width: float, size: float) -> list[str]:
    """Return the words of ``body`` wider than a line even at ``size``."""
    line = width * MEASURE_SHARE
    return [w for p in body for w in p.text.split() if text_width(w, size, _bold(p)) > line]


def _bold(paragraph: Paragraph) -> bool:
    return all(r.bold for r in paragraph.runs if r.text.strip())


def _largest_fit(
    body: Sequence[Paragraph],
    width: float,
    height: float,
    start: float,
    minimum: float,
    spacing: float = 0.45,
) -> float | None:
    """Return the largest whole point size from ``start`` down to ``minimum`` that fits."""
    size = max(start, minimum)
    while size >= minimum:
        fits = _words_fit(body, width, size, minimum)
        if fits and _height(body, width, size, spacing) <= height:
            return size
        size -= 1
    return None


def _outline(slide, x: float, y: float, sheet: Sheet, name: str, fill: str = "") -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(x), Pt(y), Pt(sheet.card_width * MM), Pt(sheet.card_height * MM)
    )
    shape.name = name
    style_shape(shape, fill, line=LINE_GREY, line_width=0.5)


def _line(slide, x1: float, y1: float, x2: float, y2: float) -> None:
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(x1), Pt(y1), Pt(x2), Pt(y2))
    line.name = "Cut mark"
    remove_theme_style(line)  # the theme's effect style would print a drop shadow
    line.line.color.rgb = RGBColor.from_string(INK)
    line.line.width = Pt(0.5)


def _rules(slide, x: float, top: float, bottom: float, sheet: Sheet) -> None:
    left, right = x + SAFE_AREA * MM, x + (sheet.card_width - SAFE_AREA) * MM
    y = top + RULE_GAP
    while y <= bottom:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(left), Pt(y), Pt(right), Pt(y))
        line.name = "Writing line"
        remove_theme_style(line)  # the theme's effect style would print a drop shadow
        line.line.color.rgb = RGBColor.from_string(LINE_GREY)
        line.line.width = Pt(0.5)
        y += RULE_GAP
