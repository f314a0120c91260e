"""Writers turn a rendered document into a file; each owns its geometry."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.cardlayout import Sheet, sheet_layout


@dataclass(frozen=True)
class WriterOptions:
    """Print settings the writers need: the card sheet (paper and card size) and backs."""

    sheet: Sheet = field(default_factory=sheet_layout)
    backs: bool = True
