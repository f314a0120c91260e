"""Writers turn a rendered document into a file (PowerPoint, Word, Markdown, CSV, PDF);
each owns its geometry; ``formats`` says which writes what. Raw XML is written only in
``ooxml`` (PowerPoint) and ``docx_xml`` (Word).

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``,
``toolkit.content``, ``toolkit.planning`` and ``toolkit.render``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class WriterNotes:
    """What a writer tells the build: warnings about text that could not be fitted."""

    warnings: list[str] = field(default_factory=list)


Writer = Callable[..., WriterNotes]  # (document, path, when, PrintSettings) -> WriterNotes
