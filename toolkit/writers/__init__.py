"""Writers turn a rendered document into a file (PowerPoint, Word, CSV, PDF); each owns
its geometry, and raw XML is touched only in ``ooxml`` and ``docx_xml``.

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``,
``toolkit.content``, ``toolkit.planning`` and ``toolkit.render``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.layout.cards import Sheet, sheet_layout


@dataclass(frozen=True)
class WriterOptions:
    """Print settings the writers need: card sheet (paper, card size), backs, large print."""

    sheet: Sheet = field(default_factory=sheet_layout)
    backs: bool = True
    large_print: bool = False

    @property
    def print_minimum(self) -> float:
        """Return the smallest text size for printed outputs: 16 pt in large print, else 12."""
        return 16.0 if self.large_print else 12.0


@dataclass
class WriteReport:
    """What a writer tells the build: warnings about text that could not be fitted."""

    warnings: list[str] = field(default_factory=list)
