"""Accessibility checks of generated files, as the UK accessibility regulations expect.

Each finding names the file, where in it (slide, page part, shape or paragraph) and what to
fix. The same checks run at the end of every build (as warnings) and on any folder with
``toolkit check --outputs DIR``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn as wqn
from lxml import etree
from pptx import Presentation

from toolkit.config import LANGUAGE
from toolkit.content.office_templates import UNPACKED_LIMIT
from toolkit.content.sources import binary_kind, files_in, unpacked_size
from toolkit.layout.colours import contrast_ratio, format_ratio

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


_KINDS = {".pptx": ("PowerPoint", "ppt/presentation.xml"), ".docx": ("Word", "word/document.xml")}


def check_files(paths: Iterable[Path]) -> list[Finding]:
    """Return every finding in the .pptx and .docx files among ``paths``.

    A file that is not what its name says (plain text, a damaged download, another kind of
    Office file) is itself a finding; the other files are still checked.
    """
    findings: list[Finding] = []
    for path in sorted(paths):
        suffix = path.suffix.lower()
        if suffix not in _KINDS:
            continue
        unreadable = _unreadable(path, *_KINDS[suffix])
        if unreadable:
            findings.append(unreadable)
            continue
        try:
            findings += check_presentation(path) if suffix == ".pptx" else check_word(path)
        except Exception as exc:  # a damaged file can fail anywhere inside the libraries
            findings.append(_not_openable(path, _KINDS[suffix][0], type(exc).__name__))
    return findings


def openable(path: Path) -> bool:
    """Return whether ``path`` is a .pptx or .docx file that is what its name says
    (``check_files`` reports the ones that are not)."""
    kind = _KINDS.get(path.suffix.lower())
    return kind is not None and _unreadable(path, *kind) is None


def office_files(folder: Path) -> list[Path]:
    """Return the .pptx and .docx files anywhere under ``folder``, leaving out Office's
    lock files (``~$deck.pptx``) and hidden folders."""
    return files_in(folder, _KINDS, recursive=True)


def _unreadable(path: Path, kind: str, main_part: str) -> Finding | None:
    """Return a finding if ``path`` is not a readable zip holding ``main_part``."""
    if not path.is_file():
        return Finding(path, "the file", "file", "not a regular file (a pipe, device or link)")
    try:
        with zipfile.ZipFile(path) as package:
            if unpacked_size(package) > UNPACKED_LIMIT:
                return Finding(
                    path,
                    "the file",
                    "file",
                    f"would unpack to more than {UNPACKED_LIMIT // 1_000_000} MB, far more "
                    f"than any {kind} file the toolkit writes; build it again",
                )
            if main_part in package.namelist():
                return None
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    try:
        with path.open("rb") as file:
            other = binary_kind(file.read(1 << 20))
    except OSError as exc:
        return Finding(path, "the file", "file", f"cannot be read ({exc.strerror})")
    if other and other[0] != "a zip file":
        return _not_openable(path, kind, other[0])
    return _not_openable(path, kind, "")


def _not_openable(path: Path, kind: str, seen: str) -> Finding:
    detail = f": it is {seen}" if seen.startswith(("a ", "an ")) else ""
    if seen and not detail:
        detail = f" (it is damaged: {seen})"
    return Finding(
        path,
        "the file",
        "file",
        f"not a {kind} file{detail}; build it again, or remove it from this folder",
    )


# --- PowerPoint ------------------------------------------------------------------------
# Read from the slide XML directly: python-pptx's shape objects cost more than the whole
# rest of a build on a sheet of cards.

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LANGUAGE_TAGS = etree.XPath(
    "descendant-or-self::*/@lang | descendant-or-self::w:lang/@w:val", namespaces={"w": _W}
)
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_SHAPES = {f"{_P}sp", f"{_P}pic", f"{_P}graphicFrame", f"{_P}grpSp", f"{_P}cxnSp"}


@dataclass(frozen=True)
class _Shape:
    """What the checks need of one top-level shape on a slide."""

    element: object
    shape_id: int
    name: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in EMU
    fill: str  # solid RGB fill, or ""


def check_presentation(path: Path) -> list[Finding]:
    """Return the findings in a deck or a cards file (print rules when the page is paper)."""
    prs = Presentation(str(path))
    is_slides = prs.slide_width > prs.slide_height
    minimum = SLIDE_MINIMUM if is_slides else PRINT_MINIMUM
    props = prs.core_properties
    findings = list(_properties(path, props))
    values = _lang_values(part._element for part in _parts(prs))
    findings += _languages(path, "the file", values, props.language)
    titles: dict[str, int] = {}
    for number, slide in enumerate(prs.slides, start=1):
        where = f"slide {number}"
        shapes = _slide_shapes(slide)
        findings += _slide_title(path, where, shapes, titles)
        background = _slide_fill(slide.element)
        for shape in shapes:
            findings += _shape(
                path, f"{where}, shape '{shape.name}'", slide, shape, shapes, background, minimum
            )
    return findings


def _parts(prs) -> Iterator:
    for part in prs.part.package.iter_parts():
        if getattr(part, "_element", None) is not None:
            yield part


def _slide_shapes(slide) -> list[_Shape]:
    """Return the slide's top-level shapes, back to front."""
    shapes = []
    for element in slide.shapes._spTree.iterchildren():
        if element.tag not in _SHAPES:
            continue
        properties = element[0][0]  # p:nvSpPr (or nvPicPr, ...) / p:cNvPr
        shape_id = int(properties.get("id", "0"))
        shapes.append(
            _Shape(
                element,
                shape_id,
                properties.get("name", ""),
                _box(element, slide, shape_id),
                _solid(element.find(f"{_P}spPr")) if element.tag == f"{_P}sp" else "",
            )
        )
    return shapes


def _box(element, slide, shape_id: int) -> tuple[int, int, int, int]:
    """Return the shape's edges; a placeholder without its own position takes its layout's."""
    offset = element.find(f".//{_A}off")
    extent = element.find(f".//{_A}ext")
    if offset is not None and extent is not None:
        left, top = int(offset.get("x", 0)), int(offset.get("y", 0))
        return left, top, left + int(extent.get("cx", 0)), top + int(extent.get("cy", 0))
    proxy = next(s for s in slide.shapes if s.shape_id == shape_id)
    left, top = proxy.left or 0, proxy.top or 0
    return left, top, left + (proxy.width or 0), top + (proxy.height or 0)


def _solid(properties) -> str:
    """Return the RGB of a solid fill under ``properties`` (spPr, tcPr, bgPr), else ""."""
    if properties is None:
        return ""
    colour = properties.find(f"{_A}solidFill/{_A}srgbClr")
    return colour.get("val", "").upper() if colour is not None else ""


def _slide_fill(slide) -> str:
    return _solid(slide.find(f"{_P}cSld/{_P}bg/{_P}bgPr")) or "FFFFFF"


def _text(body) -> str:
    """Return a text body's text as python-pptx gives it: paragraphs joined by newlines."""
    paragraphs = []
    for paragraph in body.iterchildren(f"{_A}p"):
        pieces = []
        for child in paragraph.iterchildren(f"{_A}r", f"{_A}fld", f"{_A}br"):
            if child.tag == f"{_A}br":
                pieces.append("\v")
            else:
                pieces += [t.text or "" for t in child.iterchildren(f"{_A}t")]
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs)


def _shape_text(shape: _Shape) -> str:
    body = shape.element.find(f"{_P}txBody")
    return _text(body) if body is not None else ""


def _is_title(shape: _Shape) -> bool:
    placeholder = shape.element[0].find(f"{_P}nvPr/{_P}ph")
    return placeholder is not None and placeholder.get("idx", "0") == "0"


def _slide_title(
    path: Path, where: str, shapes: list[_Shape], titles: dict[str, int]
) -> list[Finding]:
    title = next((s for s in shapes if _is_title(s)), None)
    text = _shape_text(title).strip() if title is not None else ""
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
    first = next((s for s in shapes if s.element.tag == f"{_P}sp" and _shape_text(s).strip()), None)
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


def _shape(
    path: Path,
    where: str,
    slide,
    shape: _Shape,
    shapes: list[_Shape],
    slide_fill: str,
    minimum: float,
) -> list[Finding]:
    element = shape.element
    findings = []
    chart = element.find(f"{_A}graphic/{_A}graphicData[@uri='{_CHART_URI}']")
    if element.tag == f"{_P}pic" or chart is not None:
        findings += _alt_text(path, where, element[0][0])
    bodies = []
    if element.tag == f"{_P}sp":
        body = element.find(f"{_P}txBody")
        if body is not None:
            bodies.append((body, _background(shape, shapes, slide_fill)))
    for cell in element.iter(f"{_A}tc"):
        body = cell.find(f"{_A}txBody")
        if body is not None:
            bodies.append((body, _solid(cell.find(f"{_A}tcPr")) or "FFFFFF"))
    for body, background in bodies:
        for paragraph in body.iterchildren(f"{_A}p"):
            alignment = paragraph.find(f"{_A}pPr")
            if alignment is not None and alignment.get("algn") == "just":
                findings.append(
                    Finding(
                        path, where, "justified", "justified text is hard to read; align it left"
                    )
                )
            for run in paragraph.iterchildren(f"{_A}r"):
                findings += _pptx_run(path, where, slide, run, background, minimum)
    return findings


def _pptx_run(path: Path, where: str, slide, run, background: str, minimum: float) -> list[Finding]:
    text = "".join(t.text or "" for t in run.iterchildren(f"{_A}t"))
    properties = run.find(f"{_A}rPr")
    if properties is None:
        return _run_text(path, where, text, None, None, "", False, background, minimum)
    size = int(properties.get("sz")) / 100 if properties.get("sz") else None
    latin = properties.find(f"{_A}latin")
    findings = _run_text(
        path,
        where,
        text,
        size,
        latin.get("typeface") if latin is not None else None,
        _solid(properties),
        properties.get("b") in ("1", "true"),
        background,
        minimum,
    )
    link = properties.find(f"{_A}hlinkClick")
    relationship = link.get(_R_ID) if link is not None else None
    if text.strip() and relationship and slide.part.target_ref(relationship):
        findings += _link(path, where, text.strip())
    return findings


def _background(shape: _Shape, shapes: list[_Shape], slide_fill: str) -> str:
    """Return the colour behind ``shape``'s text: its own fill, else the topmost filled
    shape under its centre, else the slide's background."""
    left, top, right, bottom = shape.box
    x, y = left + (right - left) // 2, top + (bottom - top) // 2
    below = slide_fill
    for other in shapes:
        if other.shape_id == shape.shape_id:
            return other.fill or below
        left, top, right, bottom = other.box
        if other.fill and left <= x <= right and top <= y <= bottom:
            below = other.fill
    return below


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
    language = doc.core_properties.language
    parts = [doc.element, doc.styles.element, doc.settings.element]
    findings += _languages(path, "the document", _lang_values(parts), language)
    names = _style_names(doc)
    findings += _headings(path, doc, names)
    findings += _tables(path, doc)
    findings += _word_styles(path, doc, names)
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


def _headings(path: Path, doc, names: list[str]) -> list[Finding]:
    levels = []
    texts = [p.text for p in doc.paragraphs]
    for name, text in zip(names, texts, strict=True):
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


def _word_styles(path: Path, doc, names: list[str]) -> list[Finding]:
    findings = []
    used = {"Normal", *names}
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
            run.text,
            run.font.size.pt if run.font.size is not None else None,
            run.font.name,
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
    path: Path,
    where: str,
    text: str,
    size: float | None,
    font: str | None,
    colour: str,
    bold: bool,
    background: str,
    minimum: float,
) -> list[Finding]:
    """Return the size, font and contrast findings of a run of text (PowerPoint or Word)."""
    text = text.strip()
    if not text:
        return []
    findings = []
    if size is not None and size < minimum:
        findings.append(
            Finding(
                path,
                where,
                "text-size",
                f"'{_short(text)}' is {size:g} pt; use at least {minimum:g} pt",
            )
        )
    findings += _font(path, where, font, text)
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
    if not (props.language or "").strip():
        findings.append(
            Finding(
                path,
                "document properties",
                "language",
                f"the document's language is not set; set it (for English, {LANGUAGE})",
            )
        )
    return findings


def _lang_values(elements: Iterable) -> set[str]:
    """Return every language tag in ``elements``: DrawingML ``lang`` and Word ``w:lang``."""
    values = set()
    for element in elements:
        values.update(str(value) for value in _LANGUAGE_TAGS(element))
    return values


def _languages(path: Path, where: str, values: set[str], language: str | None) -> list[Finding]:
    """Return a finding if text is marked as a language other than the document's (or a
    bilingual document's two: ``cy-GB, en-GB``)."""
    expected = language or LANGUAGE
    tags = {tag.strip() for tag in expected.split(",")}
    other = sorted(v for v in values if v and v not in tags)
    if other:
        return [
            Finding(
                path,
                where,
                "language",
                f"text is marked as {', '.join(other)}; mark it all as {expected}, the "
                "document's language",
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
                f"#{background}) has a contrast of {format_ratio(ratio, needed)}; at least "
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
