"""Print settings every printed output follows: paper and card sheet, backs, large print."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.config import BuildConfig
from toolkit.layout.cards import Sheet, sheet_layout


@dataclass(frozen=True)
class PrintSettings:
    """How a pack is printed: card sheet (paper, card size), backs, large print, and the
    house templates, if any, with the deck's choice of layouts."""

    sheet: Sheet = field(default_factory=sheet_layout)
    backs: bool = True
    large_print: bool = False
    docx_template: str = ""  # a house Word template's path: its page set-up and fonts
    pptx_template: str = ""  # a house PowerPoint template's path: layouts, theme
    layouts: tuple[tuple[str, str], ...] = ()  # (kind of slide, layout name), the profile's

    @property
    def print_minimum(self) -> float:
        """Return the smallest text size for printed outputs: 16 pt in large print, else 12."""
        return 16.0 if self.large_print else 12.0


def print_settings(config: BuildConfig) -> PrintSettings:
    """Return a build's print settings: paper from the option, else the profile, else A4.

    Raises ``ConfigError`` for an unknown paper or card size.
    """
    paper = config.paper or config.partnership.paper or "a4"
    template = config.docx_template or config.partnership.docx_template
    slides = config.pptx_template or config.partnership.pptx_template
    return PrintSettings(
        sheet_layout(paper, config.card_size),
        config.backs,
        config.large_print,
        str(template or ""),
        str(slides or ""),
        config.partnership.layouts,
    )
