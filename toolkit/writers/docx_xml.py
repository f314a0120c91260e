"""The raw WordprocessingML tweaks python-docx has no API for, kept in one place."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import _Cell


def set_style_font(style, name: str, size: float, colour: str, bold: bool = False) -> None:
    """Give ``style`` the font ``name`` for every script, overriding the theme's fonts."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold or None
    style.font.color.rgb = RGBColor.from_string(colour)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def set_document_language(doc, lang: str) -> None:
    """Mark the document's default text, and its theme fonts, as language ``lang``."""
    properties = doc.styles.element  # a house template may lack any of these: add them
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = properties.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            properties.insert(0, child)
        properties = child
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), lang)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), lang)
    for style in doc.styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:lang")) is not None:
            rpr.find(qn("w:lang")).set(qn("w:val"), lang)


@functools.cache
def style_id(name: str) -> str:
    """Return the ID of the built-in style ``name``, the same in every new document.

    Raises ``KeyError`` for a style python-docx's template lacks.
    """
    return docx.Document().styles[name].style_id


def set_paragraph_style(paragraph, name: str) -> None:
    """Give ``paragraph`` the built-in style ``name``, by ID: python-docx's lookup by name
    reads every style in the document, for every paragraph."""
    paragraph._p.style = style_id(name)


def style_id_of(paragraph) -> str:
    """Return the ID of ``paragraph``'s style ("" for Normal), without python-docx's slow
    lookup of the style by name."""
    return paragraph._p.style or ""


def set_table_style(table, name: str) -> None:
    """Give ``table`` the built-in table style ``name``, by ID."""
    table._tbl.tblStyle_val = style_id(name)


def grid_cells(table) -> list[list]:
    """Return a table's cells row by row, for a table without merged cells.

    python-docx's ``table.cell()`` and ``row.cells`` walk the whole table on every call,
    which makes filling a table quadratic in its size.
    """
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def mark_header_row(row) -> None:
    """Make ``row`` a table header row, repeated at the top of every page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # no value: on


def keep_row_together(row) -> None:
    """Stop ``row`` from breaking across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def set_cell_shading(cell, colour: str) -> None:
    """Fill a table cell with ``colour`` (hex, no ``#``)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


# What may follow w:pBdr in w:pPr (ECMA-376 Part 1, 17.3.1.26), in order.
_AFTER_BORDERS = tuple(
    f"w:{name}"
    for name in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)


def underline_paragraph(paragraph, colour: str) -> None:
    """Draw a line under ``paragraph``: a ruled line for handwriting."""
    borders = OxmlElement("w:pBdr")
    # Word and LibreOffice merge identical borders of neighbouring paragraphs into one box;
    # a "between" border keeps a line under every paragraph of the group.
    for edge in ("w:bottom", "w:between"):
        line = OxmlElement(edge)
        for attribute, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", colour),
        ):
            line.set(qn(attribute), value)
        borders.append(line)
    # in the place ECMA-376 gives it: Word repairs a file with pPr children out of order
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDERS)


def add_hyperlink(paragraph, url: str, text: str, colour: str, lang: str = "") -> None:
    """Add ``text`` to ``paragraph`` as an underlined link to ``url`` (in language ``lang``
    if given)."""
    relationship = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour_element = OxmlElement("w:color")
    colour_element.set(qn("w:val"), colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour_element)
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    if lang:
        set_run_language(run, lang)
    link.append(run)
    paragraph._p.append(link)


PAGE_LABEL = "Page {page} of {pages}"
_PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}


def add_page_number_field(paragraph, size: float, label: str = PAGE_LABEL, lang: str = "") -> None:
    """Add ``label`` ("Page N of M", its ``{page}`` and ``{pages}`` as fields Word and
    LibreOffice keep up to date) to ``paragraph``, marked as language ``lang`` if given."""
    pieces = re.split(r"\{(page|pages)\}", label)
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            if piece:
                run = paragraph.add_run(piece)
                run.font.size = Pt(size)
                if lang:
                    set_run_language(run._r, lang)
            continue
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), _PAGE_FIELDS[piece])
        field_run = OxmlElement("w:r")
        field_text = OxmlElement("w:t")
        field_text.text = "1"
        field_run.append(field_text)
        simple.append(field_run)
        paragraph._p.append(simple)


def set_picture_alt_text(picture, text: str, number: int = 0) -> None:
    """Give an inline picture (``run.add_picture``'s result) its alternative text, which
    screen readers read and Word shows under "Alt Text", and, when ``number`` is given,
    that drawing ID: a header's pictures are numbered apart from the body's, which
    python-docx numbers from 1 in each part (Word wants them unique in the file)."""
    picture._inline.docPr.set("descr", text)
    if number:
        picture._inline.docPr.set("id", str(number))


def clear_cell_borders(cell) -> None:
    """Draw no border around a table cell (a logo beside a form box), whatever the table's
    style says. ``w:tcBorders`` goes after the cell's width and span, before its shading."""
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties = cell._tc.get_or_add_tcPr()
    before = [child for child in properties if child.tag in (qn("w:tcW"), qn("w:gridSpan"))]
    if before:
        before[-1].addnext(borders)
    else:
        properties.insert(0, borders)


def add_missing_styles(doc, names: Iterable[str], donor) -> None:
    """Copy into ``doc`` each style of ``names`` it lacks, as defined in ``donor`` (the
    default document): a house template may define no "Table Grid" or "List Bullet", and
    the documents use them."""
    have = {style.get(qn("w:styleId")) for style in doc.styles.element.findall(qn("w:style"))}
    for name in names:
        wanted = style_id(name)
        if wanted in have:
            continue
        source = next(
            (
                s
                for s in donor.styles.element.findall(qn("w:style"))
                if s.get(qn("w:styleId")) == wanted
            ),
            None,
        )
        if source is not None:
            doc.styles.element.append(copy.deepcopy(source))


def clear_body(doc) -> None:
    """Remove the body's content, keeping its last section's page set-up (size, margins,
    headers and footers): a house template's own text is not part of the pack."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def add_paragraph(doc, style: str = ""):
    """Return a new empty paragraph at the end of ``doc``'s body, in the built-in style
    ``style`` if given, added in constant time (python-docx's own search for the body's
    closing section properties makes each addition slower than the last: a comments
    document of 100,000 ran for minutes)."""
    from docx.text.paragraph import Paragraph

    element = OxmlElement("w:p")
    if style:
        properties = OxmlElement("w:pPr")
        name = OxmlElement("w:pStyle")
        name.set(qn("w:val"), style_id(style))
        properties.append(name)
        element.append(properties)
    _before_end(doc.element.body, element)
    return Paragraph(element, doc._body)


_SPECIAL = frozenset("\t\n\r")


def add_plain_run(paragraph, text: str, bold: bool, italic: bool, lang: str = "") -> bool:
    """Append ``text`` to ``paragraph`` as one run, bold and italic as asked (and marked as
    language ``lang`` if given), written as XML as python-docx writes it, only faster;
    return False (adding nothing) for text with tabs or line breaks, which python-docx's
    own ``add_run`` turns into elements."""
    if _SPECIAL.intersection(text):
        return False
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")  # python-docx leaves it, empty, when nothing is set
    for on, tag in ((bold, "w:b"), (italic, "w:i")):
        if on:
            properties.append(OxmlElement(tag))
    run.append(properties)
    if lang:
        set_run_language(run, lang)
    if text:  # python-docx writes no text element for an empty run
        words = OxmlElement("w:t")
        words.text = text
        if len(text.strip()) < len(text):
            words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(words)
    paragraph._p.append(run)
    return True


def set_run_language(run, lang: str) -> None:
    """Mark the run element ``run`` (``w:r``) as language ``lang``, for spelling and for
    screen readers: in a bilingual document each run says which of the two it is."""
    properties = run.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), lang)
    properties.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def squeeze_section_break(doc) -> None:
    """Make the paragraph that ends the last section but one as small as a paragraph can
    be, and the empty one before it (a table's spacer) that paragraph: at the foot of a
    full page they would otherwise start a page of their own, blank but for the header."""
    body = doc.element.body
    last = body.xpath("./w:p[w:pPr/w:sectPr]")[-1]
    before = last.getprevious()
    if before is not None and before.tag == qn("w:p") and _empty(before):
        before.set_sectPr(last.pPr.sectPr)
        body.remove(last)
        last = before
    spacing = last.get_or_add_pPr().get_or_add_spacing()
    for key, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20")):
        spacing.set(qn(key), value)
    spacing.set(qn("w:lineRule"), "exact")


def _empty(paragraph) -> bool:
    """Return whether a ``w:p`` has no properties and no runs (text or pictures)."""
    return paragraph.pPr is None and not paragraph.xpath("./w:r|./w:hyperlink")


def add_table(doc, rows: int, cols: int):
    """Return a new table of ``rows`` x ``cols`` at the end of ``doc``'s body, as
    python-docx's ``add_table`` makes it, added in constant time."""
    from docx.oxml.table import CT_Tbl
    from docx.table import Table

    element = CT_Tbl.new_tbl(rows, cols, doc._block_width)
    _before_end(doc.element.body, element)
    return Table(element, doc._body)


def _before_end(body, element) -> None:
    try:
        last = body[-1]  # found from the end; len() would count every child
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)


def set_cell_margins(table, points: float) -> None:
    """Give every cell of ``table`` left and right margins of ``points`` (Word's default
    is 5.4), in the table's properties, where the schema puts them."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        edge = OxmlElement(side)
        edge.set(qn("w:w"), str(round(points * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    # CT_TblPr's children come in a fixed order: tblCellMar before tblLook and what follows.
    later = properties.find(qn("w:tblLook"))
    if later is not None:
        later.addprevious(margins)
    else:
        properties.append(margins)
