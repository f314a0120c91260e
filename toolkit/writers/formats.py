"""Which writer writes each format: the one place a document kind meets its file type."""

from __future__ import annotations

from toolkit.writers import Writer
from toolkit.writers.docx_document import write_document
from toolkit.writers.markdown import write_markdown
from toolkit.writers.pptx_cards import write_cards
from toolkit.writers.pptx_deck import write_deck

WRITERS: dict[str, Writer] = {
    "pptx-deck": write_deck,
    "pptx-cards": write_cards,
    "docx": write_document,
    "markdown": write_markdown,
}
