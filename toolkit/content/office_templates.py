"""House templates: a partnership's own Word template (.dotx or .docx) and PowerPoint
template (.potx or .pptx), read and checked.

python-docx and python-pptx open documents, not templates; a template differs only in its
main part's content type, so it is read into memory with that one word changed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from toolkit.content.sources import binary_kind, read_input, unpacked_size
from toolkit.errors import ContentError, Problem

TEMPLATE_LIMIT = 20_000_000  # bytes: a house template, with its logos
UNPACKED_LIMIT = 200_000_000  # bytes: what a house template may hold once unzipped


@dataclass(frozen=True)
class _Kind:
    """What a kind of house template is: its names, main part, and how to make one."""

    what: str  # "Word template"
    suffixes: tuple[str, ...]
    main: str  # the main part inside the package
    template_type: bytes
    document_type: bytes
    how: str


WORD = _Kind(
    "Word template",
    (".docx", ".dotx", ".docm", ".dotm"),
    "word/document.xml",
    b"wordprocessingml.template.main+xml",
    b"wordprocessingml.document.main+xml",
    "give a .dotx or .docx file saved by Word (File > Save As > Word Template)",
)
POWERPOINT = _Kind(
    "PowerPoint template",
    (".pptx", ".potx", ".pptm", ".potm"),
    "ppt/presentation.xml",
    b"presentationml.template.main+xml",
    b"presentationml.presentation.main+xml",
    "give a .potx or .pptx file saved by PowerPoint (File > Save As > PowerPoint Template)",
)


def read_word_template(path: Path) -> bytes:
    """Return the Word template at ``path`` as the bytes of a .docx that python-docx opens.

    Raises ``ContentError`` naming the file when it is missing, too big, or not a Word
    document or template (a PowerPoint file, an old .dot, a zip of something else).
    """
    return read_template(path, WORD)


def read_slide_template(path: Path) -> bytes:
    """Return the PowerPoint template at ``path`` as the bytes of a .pptx that python-pptx
    opens. Raises ``ContentError`` naming the file when it is not one."""
    return read_template(path, POWERPOINT)


def read_template(path: Path, kind: _Kind) -> bytes:
    """Return the template at ``path`` of ``kind``, as a document's bytes; raise
    ``ContentError`` naming the file when it is missing, too big or not such a file.

    Read once while the file is unchanged: a pack opens it for every deck, card set and
    document, and a batch for every pack."""
    try:
        found = Path(path).stat()
        stamp = (found.st_mtime_ns, found.st_size)
    except OSError:
        stamp = None  # read_input says what is wrong
    return _read_template(Path(path), kind, stamp)


@lru_cache(maxsize=8)
def _read_template(path: Path, kind: _Kind, _stamp: tuple[int, int] | None) -> bytes:
    data = read_input(path, kind.what, TEMPLATE_LIMIT)
    if Path(path).suffix.lower() not in kind.suffixes:
        why = f"its name ends {Path(path).suffix or 'with no extension'}"
        raise _not_a_template(path, kind, why)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = package.namelist()
        types = package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        found = binary_kind(data)
        why = f"it is {found[0]}" if found else "it is not an Office file"
        raise _not_a_template(path, kind, why) from None
    unpacked = unpacked_size(package)
    if unpacked > UNPACKED_LIMIT:
        raise ContentError(
            [
                Problem(
                    path,
                    0,
                    f"this {kind.what} would unpack to {unpacked // 1_000_000:,} MB; "
                    f"a {kind.what} may unpack to at most {UNPACKED_LIMIT // 1_000_000} MB",
                    "check that this is the right file (a house template is usually far "
                    "smaller); save it again from Word or PowerPoint",
                )
            ]
        )
    if kind.main not in names:
        found = binary_kind(data)
        why = f"it is {found[0]}" if found else f"it holds no {kind.what.split()[0]} file"
        raise _not_a_template(path, kind, why)
    if kind.template_type not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in package.infolist():
            content = package.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(kind.template_type, kind.document_type)
            copy.writestr(item, content)
    return out.getvalue()


def _not_a_template(path: Path, kind: _Kind, why: str) -> ContentError:
    return ContentError([Problem(path, 0, f"this is not a {kind.what}: {why}", kind.how)])


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def word_style_font(doc, name: str) -> str:
    """Return the font family text in style ``name`` of ``doc`` is set in: the style's own
    (or the one it is based on), else the document's default, resolving theme fonts
    (``minorHAnsi``) through the document's theme; "" if none is named anywhere."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        style = doc.styles[name]
    except KeyError:
        style = None
    chain = []
    while style is not None:
        chain.append(style.element)
        style = style.base_style
    defaults = doc.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    if defaults is not None:
        chain.append(defaults)
    for element in chain:
        fonts = element.find(f"{_W}rFonts") if element.tag.endswith("rPr") else None
        if fonts is None:
            fonts = element.find(f"{_W}rPr/{_W}rFonts")
        if fonts is None:
            continue
        if fonts.get(f"{_W}ascii"):
            return fonts.get(f"{_W}ascii")
        theme = fonts.get(f"{_W}asciiTheme")
        if theme:
            try:
                part = doc.part.part_related_by(RT.THEME)
            except KeyError:
                return ""
            return theme_font(part.blob, "major" if theme.startswith("major") else "minor")
    return ""


def theme_font(theme_xml: bytes, which: str) -> str:
    """Return the Latin typeface of a theme's ``major`` (headings) or ``minor`` (body)
    font, "" if it names none."""
    from lxml import etree

    root = etree.fromstring(theme_xml)
    latin = root.find(f".//{_A}fontScheme/{_A}{which}Font/{_A}latin")
    return latin.get("typeface", "") if latin is not None else ""


def word_template_font(path: Path) -> str:
    """Return the font of the Word template's body text (its Normal style), "" if it
    names none. Raises ``ContentError`` when the file is not a Word template."""
    import docx

    return word_style_font(docx.Document(io.BytesIO(read_word_template(path))), "Normal")
