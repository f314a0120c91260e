"""House templates made for the tests, as a council's would be: their own style and
layout names, DejaVu fonts, non-default colours, Letter paper, a header; saved as
templates (.dotx, .potx) with their templates' content types."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt, RGBColor
from pptx import Presentation
from pptx.util import Pt as PptPt

from toolkit.writers.ooxml import scale_masters

WORD_FONT = "DejaVu Sans"
HEADING_FONT = "Liberation Sans"
HEADING_COLOUR = "7A1F5C"
HOUSE_HEADER = "Anytown Borough Council: OFFICIAL"
HOUSE_STYLE = "Anytown Body Note"  # a style of the template's own, not in Word's defaults
THEME_ACCENT = "006B5E"  # the slide theme's accent 1 (python-pptx's default is 4F81BD)


def word_template(path: Path, letter: bool = True) -> Path:
    """Write a Word template (``.dotx`` if ``path`` says so) and return its path."""
    doc = docx.Document()
    section = doc.sections[0]
    if letter:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    section.header.paragraphs[0].text = HOUSE_HEADER
    section.footer.paragraphs[0].text = "Anytown Borough Council, Town Hall, Anytown"
    normal = doc.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.name = HEADING_FONT
        style.font.color.rgb = RGBColor.from_string(HEADING_COLOUR)
    doc.styles.add_style(HOUSE_STYLE, WD_STYLE_TYPE.PARAGRAPH).font.italic = True
    doc.add_paragraph("Delete this text: the template's own example page.")
    return _save(doc, path, "wordprocessingml")


def _save(package, path: Path, kind: str) -> Path:
    buffer = io.BytesIO()
    package.save(buffer)
    data = buffer.getvalue()
    if path.suffix.lower() in (".dotx", ".potx"):
        main = {
            "wordprocessingml": b"wordprocessingml.document.main+xml",
            "presentationml": b"presentationml.presentation.main+xml",
        }[kind]
        data = _retype(
            data,
            main,
            main.replace(b".document.", b".template.").replace(
                b".presentation.main", b".template.main"
            ),
        )
    path.write_bytes(data)
    return path


def _retype(data: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert old in content
                content = content.replace(old, new)
            copy.writestr(item, content)
    return out.getvalue()


def slide_template(path: Path, wide: bool = True) -> Path:
    """Write a PowerPoint template, 16:9 (``wide``) or 4:3, and return its path: the
    default master renamed, its layouts renamed, DejaVu theme fonts, non-default theme
    colours, and one example slide that must not reach a deck built on it."""
    prs = Presentation()  # 4:3; a 16:9 template's master and layouts span the wider page
    if wide:
        scale_masters(prs, 960 / 720, 1.0)
    prs.slide_width = PptPt(960 if wide else 720)
    prs.slide_height = PptPt(540)
    for layout in prs.slide_layouts:
        layout.name = f"Anytown {layout.name}"
    prs.slide_master.name = "Anytown Master"
    theme = _theme_part(prs)
    xml = theme.blob.decode()
    major, minor = xml.index("<a:majorFont>"), xml.index("<a:minorFont>")
    heading, body = xml[major:minor], xml[minor:]
    heading = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{HEADING_FONT}"', heading)
    body = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{WORD_FONT}"', body, count=1)
    xml = xml[:major] + heading + body
    xml = xml.replace('<a:srgbClr val="4F81BD"/>', f'<a:srgbClr val="{THEME_ACCENT}"/>')
    theme._blob = xml.encode()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Example slide: not part of any pack"
    return _save(prs, path, "presentationml")


def _theme_part(prs):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return prs.slide_master.part.part_related_by(RT.THEME)
