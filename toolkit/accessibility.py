"""Accessibility checks of generated files, as the UK accessibility regulations expect.

Each finding names the file, where in it (slide, page part, shape or paragraph) and what to
fix. The same checks run at the end of every build (as warnings) and on any folder with
``toolkit check --outputs DIR``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn as wqn
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN

from toolkit.colours import contrast_ratio

LANGUAGE = "en-GB"
SLIDE_MINIMUM = 18.0
PRINT_MINIMUM = 12.0
SANS_SERIF = {
    "arial",
    "liberation sans",
    "helvetica",
    "verdana",
    "tahoma",
    "calibri",
    "segoe ui",
    "open sans",
    "dejavu sans",
    "noto sans",
    "roboto",
    "source sans pro",
}
VAGUE_LINKS = {"click here", "here", "this link", "link", "read more", "more", "this page"}
_FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|bmp|svg|emf|wmf|tiff?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One accessibility problem in one file."""

    path: Path
    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.where}: {self.message}"


def check_files(paths: Iterable[Path]) -> list[Finding]:
    """Return every finding in the .pptx and .docx files among ``paths``."""
    findings: list[Finding] = []
    for path in sorted(paths):
        if path.suffix == ".pptx":
            findings += check_presentation(path)
        elif path.suffix == ".docx":
            findings += check_word(path)
    return findings


def check_folder(folder: Path) -> list[Finding]:
    """Return every finding in the Office files anywhere under ``folder``."""
    return check_files(p for p in folder.rglob("*") if p.suffix in (".pptx", ".docx"))


# --- PowerPoint ------------------------------------------------------------------------


def check_presentation(path: Path) -> list[Finding]:
    """Return the findings in a deck or a cards file (print rules when the page is paper)."""
    prs = Presentation(str(path))
    is_slides = prs.slide_width > prs.slide_height
    minimum = SLIDE_MINIMUM if is_slides else PRINT_MINIMUM
    findings = list(_properties(path, prs.core_properties))
    findings += _languages(path, "the file", _lang_values(part._element for part in _parts(prs)))
    titles: dict[str, int] = {}
    for number, slide in enumerate(prs.slides, start=1):
        where = f"slide {number}"
        findings += _slide_title(path, where, slide, titles)
        layers = _layers(slide)
        for shape in slide.shapes:
            findings += _shape(
                path, f"{where}, shape '{shape.name}'", slide, shape, minimum, layers
            )
    return findings


def _parts(prs) -> Iterator:
    for part in prs.part.package.iter_parts():
        if getattr(part, "_element", None) is not None:
            yield part


def _slide_title(path: Path, where: str, slide, titles: dict[str, int]) -> list[Finding]:
    title = slide.shapes.title
    text = title.text_frame.text.strip() if title is not None else ""
    if not text:
        return [
            Finding(
                path,
                where,
                "slide-title",
                "the slide has no title in a title placeholder; give every slide a title",
            )
        ]
    findings = []
    if text in titles:
        findings.append(
            Finding(
                path,
                where,
                "slide-title",
                f"the title '{text}' is also the "
                f"title of slide {titles[text]}; make every title unique",
            )
        )
    titles.setdefault(text, int(where.split()[-1]))
    first = next((s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()), None)
    if first is not None and first.shape_id != title.shape_id:
        findings.append(
            Finding(
                path,
                where,
                "reading-order",
                "the title is not first in "
                "reading order; move it to the back of the selection pane",
            )
        )
    return findings


def _shape(path: Path, where: str, slide, shape, minimum: float, layers: list) -> list[Finding]:
    findings = []
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(shape, "has_chart", False):
        findings += _alt_text(path, where, shape._element.xpath("./*[1]/p:cNvPr")[0])
    frames = []
    if shape.has_text_frame:
        frames.append((shape.text_frame, _background(slide, shape, layers)))
    elif getattr(shape, "has_table", False) and shape.has_table:
        frames += [
            (cell.text_frame, _cell_fill(cell)) for row in shape.table.rows for cell in row.cells
        ]
    for frame, background in frames:
        for paragraph in frame.paragraphs:
            if paragraph.alignment == PP_ALIGN.JUSTIFY:
                findings.append(
                    Finding(
                        path, where, "justified", "justified text is hard to read; align it left"
                    )
                )
            for run in paragraph.runs:
                findings += _pptx_run(path, where, run, background, minimum)
    return findings


def _pptx_run(path: Path, where: str, run, background: str, minimum: float) -> list[Finding]:
    findings = _run_text(
        path, where, run, _pptx_colour(run), bool(run.font.bold), background, minimum
    )
    if run.text.strip() and run.hyperlink.address:
        findings += _link(path, where, run.text.strip())
    return findings


def _pptx_colour(run) -> str:
    try:
        return str(run.font.color.rgb) if run.font.color.type is not None else ""
    except AttributeError:
        return ""


def _layers(slide) -> list[tuple[int, int, int, int, int, str]]:
    """Return (shape ID, left, top, right, bottom, colour) for every filled shape, in
    z-order (back to front), measured once per slide."""
    layers = []
    for shape in slide.shapes:
        colour = _solid_fill(shape)
        if colour:
            layers.append(
                (
                    shape.shape_id,
                    shape.left,
                    shape.top,
                    shape.left + shape.width,
                    shape.top + shape.height,
                    colour,
                )
            )
    return layers


def _background(slide, shape, layers) -> str:
    """Return the colour behind ``shape``'s text: its own fill, else the topmost filled
    shape under its centre, else the slide's background, else white."""
    x, y = shape.left + shape.width // 2, shape.top + shape.height // 2
    below = []
    for shape_id, left, top, right, bottom, colour in layers:
        if shape_id == shape.shape_id:
            return colour
        if left <= x <= right and top <= y <= bottom:
            below.append(colour)
    if below:
        return below[-1]
    if slide.background.fill.type == 1:
        return str(slide.background.fill.fore_color.rgb)
    return "FFFFFF"


def _solid_fill(shape) -> str:
    fill = getattr(shape, "fill", None)
    try:
        return str(fill.fore_color.rgb) if fill is not None and fill.type == 1 else ""
    except (AttributeError, TypeError):
        return ""


def _cell_fill(cell) -> str:
    return str(cell.fill.fore_color.rgb) if cell.fill.type == 1 else "FFFFFF"


def _alt_text(path: Path, where: str, properties) -> list[Finding]:
    decorative = properties.xpath(".//*[local-name()='decorative' and @val='1']")
    description = (properties.get("descr") or "").strip()
    if decorative:
        return []
    if not description or _FILE_NAME.match(description):
        return [
            Finding(
                path,
                where,
                "alt-text",
                "the picture has no alternative text (or "
                "only a file name); describe it, or mark it as decorative",
            )
        ]
    return []


# --- Word ------------------------------------------------------------------------------


def check_word(path: Path) -> list[Finding]:
    """Return the findings in a Word document (print rules)."""
    doc = docx.Document(str(path))
    findings = list(_properties(path, doc.core_properties))
    parts = [doc.element, doc.styles.element, doc.settings.element]
    findings += _languages(path, "the document", _lang_values(parts))
    findings += _headings(path, doc)
    findings += _tables(path, doc)
    findings += _word_styles(path, doc)
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        findings += _word_paragraph(path, f"paragraph {number}", paragraph)
    for shape in doc.element.body.iter(wqn("wp:docPr")):
        findings += _alt_text(path, f"picture '{shape.get('name')}'", shape)
    return findings


def _style_names(doc) -> list[str]:
    """Return each body paragraph's style name (read from the XML: python-docx is slow)."""
    names = {style.style_id: style.name for style in doc.styles}
    default = doc.styles.default(1).name if doc.styles.default(1) is not None else "Normal"
    body = doc.element.body.iterchildren(wqn("w:p"))
    ids = [p.pPr.style if p.pPr is not None else None for p in body]
    return [names.get(i, default) if i else default for i in ids]


def _headings(path: Path, doc) -> list[Finding]:
    levels = []
    texts = [p.text for p in doc.paragraphs]
    for name, text in zip(_style_names(doc), texts, strict=True):
        if name.startswith("Heading ") and name[8:].isdigit():
            levels.append((int(name[8:]), text))
        elif name == "Title":
            levels.append((1, text))
    findings = []
    ones = [text for level, text in levels if level == 1]
    if len(ones) != 1:
        findings.append(
            Finding(
                path,
                "headings",
                "headings",
                f"the document has {len(ones)} Heading 1s; use exactly one, for its title",
            )
        )
    previous = 0
    for level, text in levels:
        if level > previous + 1:
            findings.append(
                Finding(
                    path,
                    f"heading '{_short(text)}'",
                    "headings",
                    f"Heading {level} follows Heading {previous}; do not skip heading levels",
                )
            )
        previous = level
    return findings


def _tables(path: Path, doc) -> list[Finding]:
    findings = []
    for number, table in enumerate(doc.tables, start=1):
        where = f"table {number}"
        first = table.rows[0]._tr
        if (
            first.find(wqn("w:trPr")) is None
            or first.find(wqn("w:trPr")).find(wqn("w:tblHeader")) is None
        ):
            findings.append(
                Finding(
                    path,
                    where,
                    "table-header",
                    "the table has no header row; mark its first row as a header row that repeats",
                )
            )
        if table._tbl.xpath(".//w:gridSpan | .//w:vMerge"):
            findings.append(
                Finding(
                    path,
                    where,
                    "merged-cells",
                    "the table has merged cells, which screen readers cannot follow; split them",
                )
            )
        for row in table.rows:
            for cell in row.cells:
                background = _shading(cell)
                for paragraph in cell.paragraphs:
                    findings += _word_paragraph(path, where, paragraph, background)
    return findings


def _shading(cell) -> str:
    shading = cell._tc.find(f"{wqn('w:tcPr')}/{wqn('w:shd')}")
    fill = shading.get(wqn("w:fill")) if shading is not None else None
    return fill.upper() if fill and fill.lower() != "auto" else "FFFFFF"


def _word_styles(path: Path, doc) -> list[Finding]:
    findings = []
    used = {"Normal", *_style_names(doc)}
    for style in doc.styles:
        if style.type != 1 or style.name not in used or style.name == "Title":
            continue
        size = style.font.size.pt if style.font.size is not None else None
        where = f"style '{style.name}'"
        if size is not None and size < PRINT_MINIMUM:
            findings.append(
                Finding(
                    path,
                    where,
                    "text-size",
                    f"the style is {size:g} pt; use at least {PRINT_MINIMUM:g} pt",
                )
            )
        findings += _font(path, where, style.font.name, style.name)
    return findings


def _word_paragraph(path: Path, where: str, paragraph, background: str = "FFFFFF") -> list[Finding]:
    findings = []
    if paragraph.alignment is not None and int(paragraph.alignment) == 3:  # JUSTIFY
        findings.append(
            Finding(path, where, "justified", "justified text is hard to read; align it left")
        )
    for run in paragraph.runs:
        colour = run.font.color.rgb if run.font.color and run.font.color.type else None
        findings += _run_text(
            path,
            where,
            run,
            str(colour) if colour else "",
            bool(run.bold),
            background,
            PRINT_MINIMUM,
        )
    for link in paragraph._p.iter(wqn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(wqn("w:t")))
        findings += _link(path, where, text)
    return findings


# --- shared ------------------------------------------------------------------------------


def _run_text(
    path: Path, where: str, run, colour: str, bold: bool, background: str, minimum: float
) -> list[Finding]:
    """Return the size, font and contrast findings of a run (PowerPoint or Word)."""
    text = run.text.strip()
    if not text:
        return []
    findings = []
    size = run.font.size.pt if run.font.size is not None else None
    if size is not None and size < minimum:
        findings.append(
            Finding(
                path,
                where,
                "text-size",
                f"'{_short(text)}' is {size:g} pt; use at least {minimum:g} pt",
            )
        )
    findings += _font(path, where, run.font.name, text)
    if colour:
        findings += _contrast(path, where, text, colour, background, size or minimum, bold)
    return findings


def _properties(path: Path, props) -> list[Finding]:
    findings = []
    if not (props.title or "").strip():
        findings.append(
            Finding(
                path,
                "document properties",
                "title",
                "the document has no title; set one in its properties",
            )
        )
    if (props.language or "") != LANGUAGE:
        findings.append(
            Finding(
                path,
                "document properties",
                "language",
                f"the language is '{props.language or 'not set'}'; set it to {LANGUAGE}",
            )
        )
    return findings


def _lang_values(elements: Iterable) -> set[str]:
    """Return every language tag in ``elements``: DrawingML ``lang`` and Word ``w:lang``."""
    values = set()
    for element in elements:
        for node in element.iter():
            if node.get("lang"):
                values.add(node.get("lang"))
            if node.tag == wqn("w:lang") and node.get(wqn("w:val")):
                values.add(node.get(wqn("w:val")))
    return values


def _languages(path: Path, where: str, values: set[str]) -> list[Finding]:
    other = sorted(v for v in values if v and v != LANGUAGE)
    if other:
        return [
            Finding(
                path,
                where,
                "language",
                f"text is marked as {', '.join(other)}; mark it all as {LANGUAGE}",
            )
        ]
    return []


def _font(path: Path, where: str, name: str | None, text: str) -> list[Finding]:
    if name and name.strip().lower() not in SANS_SERIF:
        return [
            Finding(
                path,
                where,
                "font",
                f"'{_short(text)}' is set in {name}; use a sans-serif font such as Arial",
            )
        ]
    return []


def _contrast(
    path: Path, where: str, text: str, colour: str, background: str, size: float, bold: bool
) -> list[Finding]:
    large = size >= 18 or (bold and size >= 14)
    needed = 3.0 if large else 4.5
    ratio = contrast_ratio(colour, background)
    if ratio < needed:
        return [
            Finding(
                path,
                where,
                "contrast",
                f"'{_short(text)}' (#{colour} on "
                f"#{background}) has a contrast of {ratio:.1f}:1; at least "
                f"{needed:g}:1 is needed",
            )
        ]
    return []


def _link(path: Path, where: str, text: str) -> list[Finding]:
    if text.strip().lower().strip(".:!") in VAGUE_LINKS:
        return [
            Finding(
                path,
                where,
                "link-text",
                f"the link text '{text.strip()}' does not "
                "say where it goes; describe the destination",
            )
        ]
    return []


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
