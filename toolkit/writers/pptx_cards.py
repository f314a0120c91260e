"""Write discussion cards as a PowerPoint file whose pages are sheets of paper.

Every card is placed at its exact physical position (see ``cardlayout``); each text is in
its own editable text box inside the card's 5 mm safe area, shrinking to no less than
12 pt. A text that still does not fit is reported with its card ID. Each page of fronts is
followed by its page of backs, mirrored for a long-edge flip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from toolkit.layout.cards import SAFE_AREA, Sheet
from toolkit.layout.colours import INK, NAVY, PAPER, group_colour, readable_text_colour, tint
from toolkit.layout.printing import PrintSettings
from toolkit.layout.textfit import LINE_HEIGHT, wrap
from toolkit.render.document import Document, Paragraph, Run, Slide
from toolkit.writers import WriterNotes
from toolkit.writers.pptx_common import (
    TITLE_ONLY_LAYOUT,
    add_rect,
    fill_text,
    new_presentation,
    place,
    save,
    style_shape,
    write_notes,
)

MM = 72 / 25.4  # points in a millimetre
START_SIZE = 24.0  # card text starts here and shrinks to the print minimum
LINE_GREY = "9AA5B1"  # card outlines and ruled lines: guides, not text
RULE_GAP = 9 * MM  # ruled lines on blank cards, for handwriting


def write_cards(
    document: Document, path: Path, when: datetime, options: PrintSettings | None = None
) -> WriterNotes:
    """Write the cards in ``document`` to ``path``; return warnings naming cards that overflow.

    ``options`` gives the sheet (paper and card size) and whether to print backs.
    """
    options = options or PrintSettings()
    sheet = options.sheet
    prs = new_presentation(sheet.paper_width * MM, sheet.paper_height * MM, NAVY)
    writer = _CardWriter(prs, sheet, options.print_minimum)
    for spec in document.slides:
        if "instructions" in spec.classes:
            writer.instructions(spec)
            if options.backs:  # keep each sheet's fronts and backs on one piece of paper
                writer.blank_back(spec.title)
    sheets = _sheets([s for s in document.slides if "card" in s.classes], sheet.per_sheet)
    for number, batch in enumerate(sheets, start=1):
        writer.fronts(batch, f"Sheet {number} of {len(sheets)}: card fronts")
        if options.backs:
            writer.backs(batch, f"Sheet {number} of {len(sheets)}: card backs")
    save(prs, document.meta, path, when)
    return WriterNotes(writer.warnings)


@dataclass
class _CardWriter:
    prs: object
    sheet: Sheet
    minimum: float  # the smallest text size: 12 pt, or 16 pt in large print
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.sheet.paper_width * MM

    def page(self, title: str, visible: bool = False, size: float | None = None):
        """Return a new page titled ``title``; an invisible title sits above the paper.

        Screen readers and the slide list read the title; the printer never sees it.
        """
        size = size or self.minimum
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        top = 15 * MM if visible else -40.0
        place(slide.shapes.title, 20 * MM, top, self.width - 40 * MM, size * LINE_HEIGHT + 8)
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
        left, top = 20 * MM, 15 * MM + 20 * LINE_HEIGHT + 12
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
        slide = self.page(f"Back of: {title}")
        text = (
            "This side is blank on purpose, so that every sheet of cards prints with its own backs."
        )
        top = self.sheet.paper_height * MM / 2
        box = slide.shapes.add_textbox(
            Pt(20 * MM), Pt(top), Pt(self.width - 40 * MM), Pt(2 * self.minimum * LINE_HEIGHT)
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
        body = [b for b in card.blocks if isinstance(b, Paragraph) and not b.classes]
        top = band_bottom + 3 * MM
        bottom = y + self.sheet.card_height * MM - SAFE_AREA * MM
        used = self.text(slide, card, body, x, top, bottom - top)
        if card.attr("kind") == "blank":
            _rules(slide, x, top + used + 4 * MM, bottom, self.sheet)

    def back(self, slide, card: Slide, x: float, y: float) -> None:
        colour = _colour(card)
        _outline(slide, x, y, self.sheet, f"Back of card {card.attr('card-id')}", fill=tint(colour))
        band_bottom = self.band(slide, card, x, y, colour)
        body = [_plain(b) for b in card.blocks if isinstance(b, Paragraph) and "back" in b.classes]
        top = band_bottom + 3 * MM
        bottom = y + self.sheet.card_height * MM - SAFE_AREA * MM
        self.text(slide, card, body, x, top, bottom - top, start=20.0)

    def band(self, slide, card: Slide, x: float, y: float, colour: str) -> float:
        """Draw the coloured band with the grouping (left) and ID (right); return its bottom.

        Fronts and backs carry the same band, so the back of a card names the same card.
        """
        texts = [b for b in card.blocks if isinstance(b, Paragraph) and "band" in b.classes][:2]
        inner = (self.sheet.card_width - 2 * SAFE_AREA) * MM
        widths = [inner * 0.62, inner * 0.38] if len(texts) > 1 else [inner]
        lines = max(
            (
                len(wrap(t.text, w, self.minimum, bold=True))
                for t, w in zip(texts, widths, strict=False)
            ),
            default=1,
        )
        height = lines * self.minimum * LINE_HEIGHT
        bottom = y + SAFE_AREA * MM + height + 2 * MM
        add_rect(slide, x, y, self.sheet.card_width * MM, bottom - y, colour, "Grouping band")
        ink = readable_text_colour(colour) or PAPER
        left = x + SAFE_AREA * MM
        for text, width, align in zip(texts, widths, (PP_ALIGN.LEFT, PP_ALIGN.RIGHT), strict=False):
            if align == PP_ALIGN.RIGHT:
                left = x + (self.sheet.card_width - SAFE_AREA) * MM - width
            box = slide.shapes.add_textbox(Pt(left), Pt(y + SAFE_AREA * MM), Pt(width), Pt(height))
            box.name = "Grouping" if align == PP_ALIGN.LEFT else "Card ID"
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
        """Add ``body`` in the safe area from ``top``, as large as fits; return its height."""
        if not body:
            return 0.0
        width = (self.sheet.card_width - 2 * SAFE_AREA) * MM
        size = _largest_fit(body, width, height, start, self.minimum)
        if size is None:
            size = self.minimum
            self.warnings.append(
                f"card {card.attr('card-id')}: the text does not fit on a {self.sheet.card} "
                f"card even at {self.minimum:g} pt; shorten it or choose a bigger card size"
            )
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


def _plain(paragraph: Paragraph) -> Paragraph:
    return Paragraph(paragraph.runs, "p")


def _colour(card: Slide) -> str:
    index = card.attr("group-index")
    return group_colour(int(index)) if index.isdigit() else NAVY


def _height(body: Sequence[Paragraph], width: float, size: float, spacing: float = 0.45) -> float:
    lines = sum(len(wrap(p.text, width, size, _bold(p))) for p in body)
    return lines * size * LINE_HEIGHT + spacing * size * (len(body) - 1)


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
        if _height(body, width, size, spacing) <= height:
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
    line.line.color.rgb = RGBColor.from_string(INK)
    line.line.width = Pt(0.5)


def _rules(slide, x: float, top: float, bottom: float, sheet: Sheet) -> None:
    left, right = x + SAFE_AREA * MM, x + (sheet.card_width - SAFE_AREA) * MM
    y = top + RULE_GAP
    while y <= bottom:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(left), Pt(y), Pt(right), Pt(y))
        line.name = "Writing line"
        line.line.color.rgb = RGBColor.from_string(LINE_GREY)
        line.line.width = Pt(0.5)
        y += RULE_GAP
