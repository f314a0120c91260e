"""The language of each stretch of text in the PDF of a bilingual deck or set of cards.

LibreOffice marks the language of each span in a Word file's PDF, but not in a slide
file's. So the toolkit marks it afterwards, on the PDF's structure elements, from the
languages the slides' runs are marked with: paragraph by paragraph where the PDF's text
boxes match the slide's one for one (cards, which hold both languages), else slide by
slide where all of a slide is in one language (a deck's parallel slides). Screen readers
then change voice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class SlideText:
    """The languages on one slide: the whole slide's ("" if it holds more than one), and
    each text box's paragraphs' (those with text), in the slide's order."""

    language: str
    boxes: tuple[tuple[str, ...], ...]


def slide_texts(office_file: Path) -> list[SlideText]:
    """Return the languages of each slide of ``office_file`` (a .pptx)."""
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(office_file)).slides:
        found = {node.get("lang") for node in slide._element.iter(f"{_DRAWING}rPr")}
        boxes = tuple(
            tuple(_language(p) for p in shape.text_frame.paragraphs if p.text.strip())
            for shape in slide.shapes
            if shape.has_text_frame and shape.text_frame.text.strip()
        )
        slides.append(SlideText(found.pop() if len(found) == 1 else "", boxes))
    return slides


def _language(paragraph) -> str:
    found = {node.get("lang") for node in paragraph._p.iter(f"{_DRAWING}rPr")}
    return found.pop() if len(found) == 1 else ""


@dataclass
class _Page:
    """A PDF page's structure elements: all of them, and its text boxes' paragraphs."""

    elements: list[DictionaryObject] = field(default_factory=list)
    boxes: list[list[DictionaryObject]] = field(default_factory=list)


def mark_languages(writer: PdfWriter, slides: Sequence[SlideText], language: str) -> None:
    """Give the structure elements of each page of ``writer`` the languages of its slide
    in ``slides``, where they are not the document's ``language``."""
    pages = _pages(writer)
    for page, slide in zip(writer.pages, slides, strict=False):
        found = pages.get(page.indirect_reference.idnum, _Page())
        boxes = _matching(slide.boxes, [len(b) for b in found.boxes])
        if boxes is not None:
            for paragraphs, languages in zip(found.boxes, boxes, strict=True):
                for element, lang in zip(paragraphs, languages, strict=True):
                    _mark(element, lang, language)
        else:
            for element in found.elements:
                _mark(element, slide.language, language)


def _matching(boxes: Sequence[tuple[str, ...]], counts: list[int]):
    """Return the slide's text boxes that the PDF's match paragraph for paragraph (all of
    them, or all but the first: a title kept off the page), else None."""
    for candidate in (boxes, boxes[1:]):
        if counts and [len(b) for b in candidate] == counts:
            return candidate
    return None


def _mark(element: DictionaryObject, lang: str, language: str) -> None:
    if lang and lang != language:
        element[NameObject("/Lang")] = TextStringObject(lang)


def _pages(writer: PdfWriter) -> dict[int, _Page]:
    """Return each page's structure elements (by the page's object number)."""
    pages: dict[int, _Page] = {}
    tree = writer._root_object.get("/StructTreeRoot")
    queue = [tree] if tree is not None else []
    while queue:
        node = queue.pop(0).get_object()
        if isinstance(node, ArrayObject):
            queue[:0] = list(node)  # in document order
            continue
        if not isinstance(node, DictionaryObject):
            continue
        page = node.get("/Pg")
        if page is not None:
            found = pages.setdefault(page.idnum, _Page())
            found.elements.append(node)
            if node.get("/S") == "/Div":
                kids = node.get("/K")
                kids = kids.get_object() if kids is not None else []
                kids = kids if isinstance(kids, ArrayObject) else [kids]
                found.boxes.append([k.get_object() for k in kids if _is_paragraph(k.get_object())])
        if "/K" in node:
            queue.insert(0, node["/K"])
    return pages


def _is_paragraph(node) -> bool:
    return isinstance(node, DictionaryObject) and node.get("/S") == "/P"
