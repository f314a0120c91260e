"""Helpers for reading decks back with python-pptx in the tests."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def straight(text: str) -> str:
    """Return ``text`` with typographic quotes made straight again, to compare the words of
    an output with the framework's as typed (outputs set quotes typographically)."""
    return text.translate(_STRAIGHT)


def load(path: Path):
    return Presentation(str(path))


def title_of(slide) -> str:
    title = slide.shapes.title
    return straight(title.text_frame.text) if title is not None else ""


def notes_of(slide) -> str:
    if not slide.has_notes_slide:
        return ""
    return straight(slide.notes_slide.notes_text_frame.text)


def text_frames(slide):
    """Yield (shape, text_frame) for every text on the slide, table cells included."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape, shape.text_frame
        elif shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield shape, cell.text_frame


def slide_text(slide) -> str:
    return straight("\n".join(frame.text for _shape, frame in text_frames(slide)))


def deck_text(prs) -> str:
    return "\n".join(slide_text(s) + "\n" + notes_of(s) for s in prs.slides)


def runs(slide):
    for shape, frame in text_frames(slide):
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                yield shape, run


def pt(length: int) -> float:
    return Emu(length).pt
