"""Shared python-pptx helpers: presentations at any page size, shapes, text, saving."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from toolkit.config import AUTHOR, LANGUAGE
from toolkit.layout.colours import INK
from toolkit.layout.textfit import font_family
from toolkit.render.document import Paragraph, Run
from toolkit.writers.ooxml import (
    fix_zip_times,
    property_language,
    property_text,
    remove_theme_style,
    scale_masters,
    set_bullet,
    set_fill_and_outline,
    set_language,
    set_run_format,
    set_theme_colours,
    set_theme_font,
)

INSET_X, INSET_Y = 7.2, 3.6  # text box insets in points, as PowerPoint's defaults
SPACE_AFTER = 0.45  # paragraph spacing, as a share of the font size
BULLET_INDENT = 1.0  # hanging indent of bullets, as a share of the font size
NUMBER_INDENT = 1.5  # numbers ("10.") need more room than bullets
TITLE_ONLY_LAYOUT = 5  # "Title Only" in python-pptx's default template


def new_presentation(
    width: float, height: float, primary: str, accent: str = "", font: str = "Arial"
):
    """Return an empty presentation ``width`` x ``height`` points, its theme in ``font``
    and these colours.

    The master and layouts are stretched to the page, so slides people add match it.
    """
    prs = Presentation()
    scale_masters(prs, Pt(width) / prs.slide_width, Pt(height) / prs.slide_height)
    prs.slide_width, prs.slide_height = Pt(width), Pt(height)
    set_theme_font(prs, font)
    set_theme_colours(prs, {"dk2": primary, "accent1": primary, "accent2": accent or primary})
    return prs


def save(prs, meta: dict, path: Path, when: datetime) -> None:
    """Set the document properties and language, and write ``path`` reproducibly."""
    set_properties(prs, meta, when)
    keep = [str(tag) for tag in meta.get("languages") or ()]  # a bilingual file's runs
    set_language(prs.part.package, str(meta.get("language") or LANGUAGE), keep)
    buffer = io.BytesIO()
    prs.save(buffer)
    path.write_bytes(fix_zip_times(buffer.getvalue(), when))


def set_properties(prs, meta: dict, when: datetime) -> None:
    props = prs.core_properties
    props.title = property_text(meta.get("title", ""))
    props.subject = property_text(meta.get("subject", ""))
    props.author = str(meta.get("author", AUTHOR))
    props.keywords = property_text(meta.get("keywords", ""))
    props.language = property_language(meta)
    props.last_modified_by = props.author
    props.revision = 1
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)


def place(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top, shape.width, shape.height = Pt(left), Pt(top), Pt(width), Pt(height)


def add_rect(slide, left: float, top: float, width: float, height: float, colour: str, name: str):
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(height))
    shape.name = name
    style_shape(shape, colour)
    return shape


def style_shape(shape, fill: str, line: str = "", line_width: float = 2.5) -> None:
    """Fill ``shape`` (``""`` for no fill) and outline it (``""`` for no outline).

    Written as XML, in the order the schema wants (geometry, fill, outline): python-pptx's
    fill and line objects are the slowest part of drawing a sheet of cards.
    """
    remove_theme_style(shape)
    set_fill_and_outline(shape, fill, line, int(Pt(line_width)))


def indent(style: str, size: float) -> float:
    share = {"bullet": BULLET_INDENT, "number": NUMBER_INDENT}.get(style, 0.0)
    return share * size


def fill_text(
    frame,
    paragraphs: Sequence[Paragraph],
    size: float,
    colour: str,
    bold: bool = False,
    anchor=MSO_ANCHOR.TOP,
    align=PP_ALIGN.LEFT,
    autofit: bool = True,
    inset: tuple[float, float] = (INSET_X, INSET_Y),
) -> None:
    """Write ``paragraphs`` into a text frame with the toolkit's fonts and spacing.

    ``inset`` is the (left and right, top and bottom) space inside the frame, in points.
    """
    frame.word_wrap = True
    if autofit:
        frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Pt(inset[0])
    frame.margin_top = frame.margin_bottom = Pt(inset[1])
    for index, paragraph in enumerate(paragraphs):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        target.alignment = align
        if len(paragraphs) > 1:
            target.space_after = Pt(size * SPACE_AFTER)
        if paragraph.style in ("bullet", "number"):
            set_bullet(target, paragraph.style, int(Pt(indent(paragraph.style, size))))
        for run in paragraph.runs:
            add_run(target, run, size, colour, bold or paragraph.style == "heading")


def add_run(paragraph, run: Run, size: float, colour: str, bold: bool) -> None:
    """Append ``run`` to ``paragraph`` in the current font (``textfit.measuring``; Arial
    unless a house template says otherwise) at ``size`` points in ``colour``.

    The run properties are written as XML: python-pptx's font setters cost more than the
    rest of a deck's writing.
    """
    target = paragraph.add_run()
    target.text = run.text
    set_run_format(target, size, bold or run.bold, run.italic, colour, font_family(), run.lang)
    if run.href:
        target.hyperlink.address = run.href
        target.font.underline = True


def write_notes(slide, notes: Sequence[Paragraph]) -> None:
    frame = slide.notes_slide.notes_text_frame
    numbers = 0
    for index, paragraph in enumerate(notes):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        numbers = numbers + 1 if paragraph.style == "number" else 0
        prefix = {"bullet": "\u2022 ", "number": f"{numbers}. "}.get(paragraph.style, "")
        runs = paragraph.runs
        if prefix:
            runs = (Run(prefix), *runs)
        for run in runs:
            add_run(target, run, 12.0, INK, bold=paragraph.style == "heading")
