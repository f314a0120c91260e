"""The few raw-XML tweaks python-pptx has no API for, kept in one place."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Collection
from datetime import datetime

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.text.text import _Paragraph

from toolkit.config import LANGUAGE

_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
_LANG_TAGS = (qn("a:rPr"), qn("a:endParaRPr"), qn("a:defRPr"))
_BULLET_TAGS = ("a:buNone", "a:buAutoNum", "a:buChar", "a:buFont")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_FILLS = {
    f"{_A}{n}" for n in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
}
_BEFORE_FILL = {f"{_A}xfrm", f"{_A}custGeom", f"{_A}prstGeom"}


def set_bullet(paragraph: _Paragraph, style: str, indent_emu: int) -> None:
    """Give ``paragraph`` a hanging bullet (``bullet``) or number (``number``)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(indent_emu))
    p_pr.set("indent", str(-indent_emu))
    for tag in _BULLET_TAGS:
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    font = etree.SubElement(p_pr, qn("a:buFont"))
    font.set("typeface", "Arial")
    if style == "number":
        etree.SubElement(p_pr, qn("a:buAutoNum")).set("type", "arabicPeriod")
    else:
        etree.SubElement(p_pr, qn("a:buChar")).set("char", "\u2022")


def set_fill_and_outline(shape, fill: str, line: str, line_emu: int) -> None:
    """Fill ``shape`` (``""`` for no fill) and outline it ``line_emu`` wide (``""`` for no
    outline), in the order the schema wants (geometry, fill, outline).

    Written as XML: python-pptx's fill and line objects are the slowest part of drawing a
    sheet of cards.
    """
    properties = shape._element.spPr
    position = 0
    for index, child in enumerate(list(properties)):
        if child.tag in _FILLS or child.tag == f"{_A}ln":
            properties.remove(child)
        elif child.tag in _BEFORE_FILL:
            position = index + 1
    outline = etree.Element(f"{_A}ln")
    if line:
        outline.set("w", str(line_emu))
        outline.append(_solid_fill(line))
    else:
        etree.SubElement(outline, f"{_A}noFill")
    properties.insert(position, _solid_fill(fill) if fill else etree.Element(f"{_A}noFill"))
    properties.insert(position + 1, outline)


def _solid_fill(colour: str):
    fill = etree.Element(f"{_A}solidFill")
    etree.SubElement(fill, f"{_A}srgbClr", val=str(RGBColor.from_string(colour)))
    return fill


def set_run_format(
    run,
    size: float,
    bold: bool,
    italic: bool,
    colour: str,
    typeface: str = "Arial",
    lang: str = "",
) -> None:
    """Set ``run`` in ``typeface`` at ``size`` points in ``colour`` (and mark it as language
    ``lang``, if given).

    Written as XML: python-pptx's font setters cost more than the rest of a deck's writing.
    """
    properties = run._r.get_or_add_rPr()
    if lang:
        properties.set("lang", lang)
    properties.set("sz", str(round(size * 100)))
    properties.set("b", "1" if bold else "0")
    if italic:
        properties.set("i", "1")
    if colour:  # "" keeps the colour the layout gives (a house template's title slide)
        fill = etree.SubElement(properties, f"{_A}solidFill")
        etree.SubElement(fill, f"{_A}srgbClr", val=str(RGBColor.from_string(colour)))
    etree.SubElement(properties, f"{_A}latin", typeface=typeface)


SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed: builds reproduce


def as_slide_number(run) -> None:
    """Turn ``run`` (its text the slide's number) into PowerPoint's slide-number field,
    which renumbers itself when slides are moved."""
    element = run._r
    element.tag = qn("a:fld")
    element.set("id", SLIDE_NUMBER_FIELD)
    element.set("type", "slidenum")


def remove_theme_style(shape) -> None:
    """Drop an autoshape's theme style reference, which brings a shadow in some clients."""
    for style in shape._element.findall(qn("p:style")):
        shape._element.remove(style)


def set_theme_font(prs, typeface: str) -> None:
    """Make ``typeface`` the theme's heading and body font, so text people add matches."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", namespaces=_NS):
        latin.set("typeface", typeface)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_theme_colours(prs, colours: dict[str, str]) -> None:
    """Set theme colour slots (``accent1``, ``dk2`` ...) to hex colours, for the palette."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for slot, colour in colours.items():
        for node in root.iterfind(f".//a:clrScheme/a:{slot}", namespaces=_NS):
            for child in list(node):
                node.remove(child)
            etree.SubElement(node, qn("a:srgbClr")).set("val", colour)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_alt_text(shape, text: str) -> None:
    """Give a picture or shape the alternative text screen readers announce."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def scale_masters(prs, across: float, down: float) -> None:
    """Stretch the master's and layouts' own shapes by ``across`` and ``down``.

    python-pptx's template is 4:3; without this, a slide a person adds in PowerPoint would
    have its placeholders bunched in a corner of a page of another shape.
    """
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in owner.shapes:
            if shape._element.xpath("./p:spPr/a:xfrm"):
                shape.left, shape.width = int(shape.left * across), int(shape.width * across)
                shape.top, shape.height = int(shape.top * down), int(shape.height * down)


def set_language(package, lang: str, keep: Collection[str] = ()) -> None:
    """Mark every run and default run style in every XML part as language ``lang``, but
    those already marked as one of ``keep`` (the two languages of a bilingual file)."""
    for part in package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for node in element.iter(*_LANG_TAGS):
            if node.get("lang") not in keep:
                node.set("lang", lang)


def mark_unmarked(element, lang: str) -> None:
    """Mark every run in ``element`` (a slide) not yet marked with a language as ``lang``."""
    for node in element.iter(*_LANG_TAGS):
        if node.get("lang") is None:
            node.set("lang", lang)


def property_language(meta: dict) -> str:
    """Return the language property of a file with front matter ``meta``: its language's
    tag, or a bilingual file's two (``cy-GB, en-GB``), the first first."""
    tags = [str(tag) for tag in meta.get("languages") or () if tag]
    return ", ".join(tags) if tags else str(meta.get("language") or LANGUAGE)


PROPERTY_LIMIT = 255  # characters in a document property (title, subject, keywords)


def property_text(value: object) -> str:
    """Return ``value`` as a document property: Office keeps at most 255 characters, so a
    longer one (a very long partnership name in a title) ends in an ellipsis."""
    text = str(value)
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "\u2026"


def fix_zip_times(data: bytes, when: datetime) -> bytes:
    """Return the zip ``data`` with every entry stamped ``when`` and readable by its owner
    only, for reproducibility.

    The stamps are patched into the local and central headers in place; the entries are not
    decompressed and compressed again (that was a tenth of writing a document).
    """
    year = max(when.year, 1980)  # the earliest a zip can say
    time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    day = ((year - 1980) << 9) | (when.month << 5) | when.day
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        offset = archive.start_dir
    for entry in entries:
        struct.pack_into("<HH", patched, entry.header_offset + 10, time, day)
    for _entry in entries:  # the central directory: one record per entry, in order
        if patched[offset : offset + 4] != b"PK\x01\x02":
            raise ValueError("not a zip central directory record")
        struct.pack_into("<HH", patched, offset + 12, time, day)
        struct.pack_into("<I", patched, offset + 38, 0o600 << 16)
        names, extra, comment = struct.unpack_from("<HHH", patched, offset + 28)
        offset += 46 + names + extra + comment
    return bytes(patched)
