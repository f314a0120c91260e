"""Write a rendered flow document (worksheet, facilitator's guide) as a Word file.

Real Heading styles, Arial at 12 pt or more, tables with repeating header rows, headings kept
with what follows, page numbers, en-GB throughout. Special paragraphs: ``{.box}`` a labelled
box to write in, ``{.rating}`` a 1 to 5 tick-box scale, ``{.lines count=N}`` ruled lines for
handwriting; ``{.new-page}`` on a heading starts it on a new page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from toolkit.config import AUTHOR, LANGUAGE
from toolkit.content.images import prepared_image
from toolkit.content.office_templates import read_word_template, word_style_font
from toolkit.layout.colours import (
    INK,
    MIN_CONTRAST,
    NAVY,
    PAPER,
    contrast_ratio,
    readable_text_colour,
)
from toolkit.layout.fonts import DEFAULT_FAMILY
from toolkit.layout.printing import PrintSettings
from toolkit.layout.textfit import measuring, text_width
from toolkit.render.bilingual import SEPARATOR
from toolkit.render.document import Block, Document, Paragraph, Run, Table
from toolkit.writers import WriterNotes
from toolkit.writers.docx_pages import (
    CELL_PADDING,
    HEADING_SCALE,
    RULE_HEIGHT,
    TICK_SIZE,
    WRITING_ROW,
    fitted_rules,
)
from toolkit.writers.docx_xml import (
    PAGE_LABEL,
    add_hyperlink,
    add_missing_styles,
    add_page_number_field,
    add_paragraph,
    add_plain_run,
    add_table,
    clear_body,
    clear_cell_borders,
    grid_cells,
    keep_row_together,
    mark_header_row,
    set_cell_margins,
    set_cell_shading,
    set_document_language,
    set_picture_alt_text,
    set_run_language,
    set_style_font,
    set_table_style,
    squeeze_section_break,
    style_id,
    style_id_of,
    underline_paragraph,
)
from toolkit.writers.ooxml import fix_zip_times, property_language, property_text
from toolkit.writers.qr import qr_png

MARGIN = Mm(20)
LINK_BLUE = "0563C1"
NARROW_PADDING = 2.8  # points: the margins of a table whose longest words need the room
WRITING_WIDTH = 70.0  # points: the narrowest column people write in by hand
# The styles the documents use: a house template lacking one gets python-docx's own.
STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")
HEADER_PICTURES = 9000  # drawing IDs of headers' pictures, apart from the body's
HEADER_BOX_HEIGHT = Mm(10)  # the respondent code box in every page's header, with its cell
LOGO_HEIGHT = Mm(8)  # the logo at the top of every page: as tall as the code box
QR_WIDTH = Mm(30)  # a QR code on paper: scans from an arm's length
QR_ALT = "QR code for {url}"  # its alternative text, unless the template gives one (qr_alt)
TICK_BOX = "\u2610"  # a box to tick, in a rating scale or a rating sheet's table
TICK_WIDTH = 40.0  # points: a column of tick boxes


@dataclass(frozen=True)
class _Look:
    """The partnership's look in a Word document, from its front matter (``primary``,
    ``logo``, ``logo_alt``, ``brand_name``): headings and table headers in the primary
    colour where it reads (4.5:1), and the logo and name at the top of every page."""

    heading: str = NAVY  # the headings' colour
    fill: str = NAVY  # table headers' background
    on_fill: str = PAPER  # table headers' text
    logo: str = ""
    logo_alt: str = ""
    name: str = ""
    qr_alt: str = QR_ALT  # a QR code's alternative text; {url} is its address

    @classmethod
    def from_meta(cls, meta: dict) -> _Look:
        primary = str(meta.get("primary") or "").lstrip("#").upper()
        mark = {
            "logo": str(meta.get("logo") or ""),
            "logo_alt": str(meta.get("logo_alt") or "Logo"),
            "name": str(meta.get("brand_name") or ""),
            "qr_alt": str(meta.get("qr_alt") or QR_ALT),
        }
        if not primary:
            return cls(**mark)
        on_fill = readable_text_colour(primary) or PAPER
        heading = primary if contrast_ratio(primary, PAPER) >= MIN_CONTRAST else NAVY
        return cls(heading, primary, on_fill, **mark)


def write_document(
    document: Document, path: Path, when: datetime, options: PrintSettings | None = None
) -> WriterNotes:
    """Write ``document`` as a .docx at ``path`` on the options' paper; return warnings."""
    options = options or PrintSettings()
    body = options.print_minimum
    look = _Look.from_meta(document.meta)
    house = bool(options.docx_template)
    if house:  # the partnership's page set-up, styles, headers and footers
        doc = docx.Document(io.BytesIO(read_word_template(Path(options.docx_template))))
        clear_body(doc)
        add_missing_styles(doc, STYLES, docx.Document())
        family = word_style_font(doc, "Normal") or DEFAULT_FAMILY
    else:
        doc = docx.Document()
        footer = _labels(document.meta, "page") if document.meta.get("page") else ()
        _page(doc, options.sheet.paper_width, options.sheet.paper_height, body, footer)
        family = DEFAULT_FAMILY
    with measuring(family):
        rules = _house_rules(doc, document, body) if house else {}
        _styles(doc, body, look, house)
        set_document_language(doc, str(document.meta.get("language") or LANGUAGE))
        numbering = 0
        for index, block in enumerate(document.blocks):
            numbering = _numbered(block, numbering)
            _turn_pages(doc, block)
            _add_block(doc, block, numbering, body, look, rules.get(index))
        _keep_the_end_together(doc)
        if document.meta.get("header_box"):
            _header_box(doc, _labels(document.meta, "header_box"), body, look, not house)
        elif look.logo or look.name:
            _brand_header(doc, look)
    _properties(doc, document.meta, when)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(fix_zip_times(buffer.getvalue(), when))
    return WriterNotes()


def _numbered(block: Block, number: int) -> int:
    """Return the number of ``block`` in a numbered list after the item numbered
    ``number`` (0: not in a list); an item's twin in a second language keeps its number."""
    if getattr(block, "style", "") != "number":
        return 0
    return number if "twin" in block.classes else number + 1


def _house_rules(doc, document: Document, body: float) -> dict[int, int]:
    """Return the ruled lines of each ``{.lines}`` block fitted to a house template's
    page: its size and margins, less a header (with the code box) or footer taller than
    its margin."""
    section = doc.sections[0]
    box = HEADER_BOX_HEIGHT if document.meta.get("header_box") else 0
    top = max(section.top_margin, section.header_distance + _part_height(section.header) + box)
    bottom = max(section.bottom_margin, section.footer_distance + _part_height(section.footer))
    height = (section.page_height - top - bottom) / 12700
    width = (section.page_width - section.left_margin - section.right_margin) / 12700
    return fitted_rules(document.blocks, height, width, body)


def _part_height(part) -> int:
    """Return the height (EMU) a header's or footer's paragraphs and pictures take."""
    if part.is_linked_to_previous and not part.paragraphs:
        return 0
    height = 0
    for paragraph in part.paragraphs:
        size = max((r.font.size or 0 for r in paragraph.runs), default=0) or Pt(11)
        height += int(size * 1.25) + int(paragraph.paragraph_format.space_after or 0)
    for extent in part._element.iter(qn("wp:extent")):
        height += int(extent.get("cy", "0"))
    for table in part.tables:
        height += sum(int(row.height or Pt(18)) for row in table.rows)
    return height


def _page(
    doc, width_mm: float, height_mm: float, body: float, labels: tuple[Run, ...] = ()
) -> None:
    """Set the page's size and margins, and the page numbers in its footer: as ``labels``
    say (one per language, "Page {page} of {pages}"), else in English."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, label in enumerate(labels or (Run(PAGE_LABEL),)):
        if index:
            footer.add_run(SEPARATOR).font.size = Pt(body)
        add_page_number_field(footer, body, label.text, label.lang)


def _brand_header(doc, look: _Look) -> None:
    """Put the partnership's logo and name at the top left of every page."""
    for index, section in enumerate(doc.sections):
        header = section.header
        if index and header.is_linked_to_previous:  # shows the first section's header
            continue
        _brand_mark(header.paragraphs[0], look, HEADER_PICTURES + index)
        section.header_distance = Mm(6)


def _brand_mark(paragraph, look: _Look, number: int) -> None:
    """Add the logo (keeping its proportions; drawing ID ``number``) and the partnership's
    name to ``paragraph``."""
    if look.logo:
        logo = prepared_image(Path(look.logo))
        picture = paragraph.add_run().add_picture(io.BytesIO(logo.data), height=LOGO_HEIGHT)
        set_picture_alt_text(picture, look.logo_alt, number)
    if look.name:
        _runs(paragraph, (Run(("  " if look.logo else "") + look.name),), bold=True)


def _labels(meta: dict, key: str) -> tuple[Run, ...]:
    """Return the label the front matter gives under ``key``, one run per language: its
    own, and in a bilingual document its twin's (``<key>_twin``: text and language)."""
    labels = [Run(str(meta[key]), lang=str(meta.get("languages", [""])[0]))]
    twin = meta.get(f"{key}_twin")
    if twin:
        labels.append(Run(str(twin[0]), lang=str(twin[1])))
    return tuple(labels)


def _header_box(
    doc, labels: tuple[Run, ...], body: float, look: _Look, raise_header: bool = True
) -> None:
    """Put a labelled box to write in at the top right of every page (a respondent code,
    so that loose pages can be matched), in each section's header; the partnership's logo,
    if any, to its left in a cell without borders (its name is on the cover: in the
    header it could take lines from every page's questions)."""
    for index, section in enumerate(doc.sections):
        header = section.header
        if index and header.is_linked_to_previous:  # shows the first section's header
            continue
        usable = section.page_width - section.left_margin - section.right_margin
        longest = max(text_width(label.text, body) for label in labels)
        label_width = Pt(longest + 2 * CELL_PADDING + 4)
        branded = bool(look.logo)
        widths = (label_width, Mm(30))
        if branded:
            widths = (usable - label_width - Mm(30) - Mm(4), *widths)
        grid = header.add_table(rows=1, cols=len(widths), width=usable)
        set_table_style(grid, "Table Grid")
        grid.alignment = WD_TABLE_ALIGNMENT.RIGHT
        for index, width in enumerate(widths):
            grid.rows[0].cells[index].width = width
            grid.columns[index].width = width
        if branded:
            clear_cell_borders(grid.cell(0, 0))
            _brand_mark(
                grid.cell(0, 0).paragraphs[0], replace(look, name=""), HEADER_PICTURES + index
            )
        cell = grid.cell(0, len(widths) - 2)
        for number, label in enumerate(labels):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            _runs(paragraph, (label,), bold=True)
        grid.rows[0].height = Mm(8)  # room to write a code by hand
        grid.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if raise_header:  # a house template's header keeps its own distance from the edge
            section.header_distance = Mm(6)  # the box sits in the top margin, above the text
        if not raise_header:  # keep the house header's own text as it is: end with a new one
            header.add_paragraph()
        last = header.paragraphs[-1].paragraph_format  # Word ends a header with a paragraph
        last.space_after = Pt(0)
        last.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        last.line_spacing = Pt(1)


def _keep_the_end_together(doc, before: int = 2) -> None:
    """Keep the end of every section (its last heading and what follows) with the
    ``before`` paragraphs ahead of it, so that no page before a change of orientation,
    and not the last page, holds just a few stray lines."""
    paragraphs = doc.paragraphs
    heading_ids = {style_id(name) for name in HEADING_SCALE}  # by ID: names are slow to read
    ends = [
        i for i, p in enumerate(paragraphs) if p._p.pPr is not None and p._p.pPr.sectPr is not None
    ]
    start = 0
    for end in [*ends, len(paragraphs) - 1]:
        headings = [i for i in range(start, end) if style_id_of(paragraphs[i]) in heading_ids]
        if headings:
            for paragraph in paragraphs[max(headings[-1] - before, start) : end]:
                paragraph.paragraph_format.keep_with_next = True
        start = end + 1


def _turn_pages(doc, block: Block) -> None:
    """Start landscape pages at a heading marked ``{.landscape}`` (a wide table), and go
    back to portrait at the next ``#`` or ``##`` heading that is not."""
    if not isinstance(block, Paragraph) or block.style not in ("h1", "h2"):
        return
    wanted = WD_ORIENT.LANDSCAPE if "landscape" in block.classes else WD_ORIENT.PORTRAIT
    current = doc.sections[-1]
    if current.orientation == wanted:
        return
    # At the very start there is no page to leave: turn the first one.
    section = current
    if doc.paragraphs:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        squeeze_section_break(doc)
    short, long = sorted((current.page_width, current.page_height))
    section.orientation = wanted
    landscape = wanted == WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:  # a wide table's pages: a house template's wider margins give way to ours
        section.left_margin = min(section.left_margin, MARGIN)
        section.right_margin = min(section.right_margin, MARGIN)
    else:
        first = doc.sections[0]
        section.left_margin, section.right_margin = first.left_margin, first.right_margin


def _styles(doc, body: float, look: _Look, house: bool = False) -> None:
    """Set the styles the documents use at the print minimum size or more (the worksheet's
    pages are counted at these sizes): in Arial, headings in the partnership's colour; or,
    in a house template, in the template's own fonts and colours."""

    def font(style, size: float, colour: str, bold: bool = False) -> None:
        if house:
            style.font.size = Pt(size)
            style.font.bold = bold or None
        else:
            set_style_font(style, DEFAULT_FAMILY, size, colour, bold)

    normal = doc.styles["Normal"]
    font(normal, body, INK)
    normal.paragraph_format.space_after = Pt(6)
    for name, scale in HEADING_SCALE.items():
        size = round(body * scale)
        style = doc.styles[name]
        font(style, size, look.heading, bold=True)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(size * 0.8)
        style.paragraph_format.space_after = Pt(6)
    for name in ("List Bullet", "Table Grid"):
        font(doc.styles[name], body, INK)


def _properties(doc, meta: dict, when: datetime) -> None:
    props = doc.core_properties
    props.title = property_text(meta.get("title", ""))
    props.subject = property_text(meta.get("subject", ""))
    props.keywords = property_text(meta.get("keywords", ""))
    props.author = props.last_modified_by = AUTHOR
    props.language = property_language(meta)
    props.revision = 1
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.comments = ""


def _add_block(
    doc, block: Block, number: int, body: float, look: _Look, rules: int | None = None
) -> None:
    """Add ``block``; a ``{.lines}`` block with ``rules`` lines, if given (fitted to a house
    template's page), else as many as it asks for."""
    if isinstance(block, Table):
        _table(doc, block, body, look)
    elif block.style.startswith("h"):
        _heading(doc, block)
    elif "box" in block.classes:
        _box(doc, block, look)
    elif "rating" in block.classes:
        _rating(doc, block, look)
    elif "lines" in block.classes:
        _lines(doc, rules if rules is not None else int(block.attr("count", "4") or 4))
    elif "qr" in block.classes:
        _qr(doc, block.text.strip(), look.qr_alt)
    else:
        _paragraph(doc, block, number)


def _styled(doc, style: str):
    """Add a paragraph in the built-in ``style``."""
    return add_paragraph(doc, style)


def _heading(doc, block: Paragraph) -> None:
    level = min(int(block.style[1:]), 3)
    paragraph = _styled(doc, f"Heading {level}")
    paragraph.paragraph_format.page_break_before = "new-page" in block.classes
    _runs(paragraph, block.runs)


def _paragraph(doc, block: Paragraph, number: int) -> None:
    paragraph = _styled(doc, "List Bullet") if block.style == "bullet" else add_paragraph(doc)
    if block.style == "number":
        paragraph.paragraph_format.left_indent = Mm(8)
        paragraph.paragraph_format.first_line_indent = Mm(-8)
        _runs(paragraph, (Run(f"{number}.\t"), *block.runs))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(8))
        return
    if "keep" in block.classes:
        paragraph.paragraph_format.keep_with_next = True
    _runs(paragraph, block.runs)


def _runs(
    paragraph,
    runs: tuple[Run, ...],
    size: float | None = None,
    colour: str | None = None,
    bold: bool = False,
) -> None:
    for run in runs:
        if run.href:
            add_hyperlink(paragraph, run.href, run.text, LINK_BLUE, run.lang)
            continue
        if not (size or colour) and add_plain_run(
            paragraph, run.text, run.bold or bold, run.italic, run.lang
        ):
            continue
        target = paragraph.add_run(run.text)
        target.bold = (run.bold or bold) or None
        target.italic = run.italic or None
        if size:
            target.font.size = Pt(size)
        if colour:
            target.font.color.rgb = RGBColor.from_string(colour)
        if run.lang:
            set_run_language(target._r, run.lang)


def _table(doc, table: Table, body: float, look: _Look) -> None:
    columns = max(len(r) for r in table.rows)
    grid = add_table(doc, len(table.rows), columns)
    set_table_style(grid, "Table Grid")
    grid.autofit = False
    section = doc.sections[-1]  # the pages the table is on: portrait or landscape
    usable = (section.page_width - section.left_margin - section.right_margin) / 12700
    cells = grid_cells(grid)
    rows = list(grid.rows)
    widths = column_widths(table, usable, body)
    if sum(widths) > usable + 0.5:  # the longest words do not fit: narrower cell margins
        widths = column_widths(table, usable, body, NARROW_PADDING)
        set_cell_margins(grid, NARROW_PADDING)
    for index, width in enumerate(widths):
        grid.columns[index].width = Pt(width)
        for row_cells in cells:
            row_cells[index].width = Pt(width)
    for r, row in enumerate(table.rows):
        keep_row_together(rows[r])
        writing = r > 0 and any(not cell.strip() for cell in row)
        if writing:
            rows[r].height = WRITING_ROW
            rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for c in range(columns):
            text = row[c] if c < len(row) else ""
            twin = _cell_text(table.twin, r, c) if table.twin else text
            header = look if r == 0 else None
            _cell(
                cells[r][c],
                text,
                header,
                table.lang,
                (twin, table.twin.lang) if twin != text else None,
            )
    mark_header_row(rows[0])
    add_paragraph(doc)


def _cell_text(table: Table, row: int, column: int) -> str:
    cells = table.rows[row] if row < len(table.rows) else ()
    return cells[column] if column < len(cells) else ""


def column_widths(
    table: Table, usable: float, size: float, padding: float = CELL_PADDING
) -> list[float]:
    """Return column widths in points that fit ``usable``: never narrower than a column's
    longest word (with ``padding`` points of cell margin each side), and sharing the rest
    in proportion to how much more text each holds (its twin's too, in a bilingual table).
    Their sum is more than ``usable`` only when the longest words alone are."""
    columns = max(len(r) for r in table.rows)
    tables = (table, table.twin) if table.twin else (table,)
    cells = [
        [(r[c] if c < len(r) else "", i == 0) for t in tables for i, r in enumerate(t.rows)]
        for c in range(columns)
    ]
    pad = 2 * padding + 2
    shortest = [
        max((text_width(w, size, bold) for t, bold in col for w in t.split()), default=0) + pad
        for col in cells
    ]
    longest = [max(text_width(t, size, bold) for t, bold in col) + pad for col in cells]
    for index, col in enumerate(cells):
        body = [t for t, header in col if not header]
        if body and all(t.strip() == TICK_BOX for t in body):
            shortest[index] = longest[index] = max(shortest[index], TICK_WIDTH)
        elif body and not any(t.strip() for t in body):
            # a column left empty for handwriting needs room to write in
            shortest[index] = max(shortest[index], WRITING_WIDTH)
            longest[index] = max(longest[index], 2 * WRITING_WIDTH)
    if sum(longest) <= usable:
        return [w * usable / sum(longest) for w in longest]
    spare = max(usable - sum(shortest), 0)
    extra = [b - a for a, b in zip(shortest, longest, strict=True)]
    return [a + spare * e / (sum(extra) or 1) for a, e in zip(shortest, extra, strict=True)]


def _cell(
    cell,
    text: str,
    header: _Look | None,
    lang: str = "",
    twin: tuple[str, str] | None = None,
) -> None:
    """Fill a table cell with ``text`` in language ``lang`` and, in a bilingual table, a
    paragraph with its ``twin`` (text, language) under it; a header cell (``header`` gives
    the look) is shaded."""
    paragraph = cell.paragraphs[0]
    if text.strip() == TICK_BOX:  # a box to tick: as large as a rating scale's, centred
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(paragraph, (Run(TICK_BOX),), size=TICK_SIZE)
        return
    colour = header.on_fill if header else None
    _runs(paragraph, (Run(text, lang=lang),), colour=colour, bold=bool(header))
    if twin:
        _runs(cell.add_paragraph(), (Run(twin[0], lang=twin[1]),), colour=colour, bold=bool(header))
    if header:
        set_cell_shading(cell, header.fill)


def _box(doc, block: Paragraph, look: _Look) -> None:
    """A one-cell form box with its label as the header row, e.g. a respondent code."""
    grid = add_table(doc, 2, 1)
    set_table_style(grid, "Table Grid")
    twin = (block.twin.text, block.twin.lang) if block.twin else None
    _cell(grid.cell(0, 0), block.text, look, block.lang, twin)
    grid.rows[1].height = WRITING_ROW
    grid.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    mark_header_row(grid.rows[0])
    add_paragraph(doc)


def _rating(doc, block: Paragraph, look: _Look) -> None:
    """A 1 to 5 scale of tick boxes; the header row numbers each point and gives the ends
    the labels the template wrote (``{.rating low=... high=...}``), if any."""
    labels = _scale(block)
    twins = (
        [block.twin.attr("low"), *labels[1:4], block.twin.attr("high")] if block.twin else labels
    )
    for said in (block, block.twin) if block.twin else (block,):
        intro = add_paragraph(doc)
        intro.paragraph_format.keep_with_next = True
        _runs(intro, said.runs, bold=True)
    grid = add_table(doc, 2, 5)
    set_table_style(grid, "Table Grid")
    cells = grid_cells(grid)
    for c, (label, twin) in enumerate(zip(labels, twins, strict=True)):
        other = (twin, block.twin.lang) if block.twin and twin != label else None
        _cell(cells[0][c], label, look, block.lang, other)
        for label_paragraph in cells[0][c].paragraphs:  # over its box, in both languages
            label_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        box = cells[1][c].paragraphs[0]
        box.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(box, (Run(TICK_BOX),), size=TICK_SIZE)
    mark_header_row(grid.rows[0])
    add_paragraph(doc)


def _scale(block: Paragraph) -> list[str]:
    """Return the labels over a rating scale's five boxes: its ends' as the template says."""
    low, high = block.attr("low"), block.attr("high")
    return [f"1 {low}".strip(), "2", "3", "4", f"5 {high}".strip()]


def _qr(doc, url: str, alt: str = QR_ALT) -> None:
    """Add the QR code of ``url`` (a paragraph ``{.qr}`` holding it), 30 mm across."""
    paragraph = add_paragraph(doc)
    paragraph.paragraph_format.keep_together = True
    picture = paragraph.add_run().add_picture(io.BytesIO(qr_png(url)), width=QR_WIDTH)
    set_picture_alt_text(picture, alt.replace("{url}", url))


def _lines(doc, count: int) -> None:
    """Add ``count`` ruled lines to write on, each 10 mm apart."""
    for index in range(count):
        paragraph = add_paragraph(doc)
        spacing = paragraph.paragraph_format
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = RULE_HEIGHT
        spacing.space_after = Pt(0)
        spacing.keep_with_next = index < count - 1
        underline_paragraph(paragraph, "9AA5B1")
