"""The pack's colours and the WCAG contrast rule they must meet."""

from __future__ import annotations

import math

INK = "1F2933"  # body text on white (16:1)
PAPER = "FFFFFF"
NAVY = "1F2A44"  # title slide background
# One colour per grouping, in framework order; each takes white text and sits on white.
GROUP_COLOURS = ("00625A", "1D4E89", "6B2C91", "8A3B12", "2F5D1E", "7A1F3D")
MIN_CONTRAST = 4.5


def group_colour(index: int) -> str:
    """Return the hex colour (no ``#``) of the grouping at ``index``, cycling if needed."""
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def tint(colour: str, amount: float = 0.88) -> str:
    """Return ``colour`` mixed with white; ``amount`` is the share of white (0 to 1)."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG 2 contrast ratio between two hex colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float, needed: float = MIN_CONTRAST) -> str:
    """Return a contrast ratio for a message, such as ``3.9:1``: rounded down, and to two
    places where one would reach ``needed``, so a failing ratio never reads as passing
    (#777777 on white is 4.48:1, not 4.5:1)."""
    for places in (1, 2):
        shown = math.floor(ratio * 10**places) / 10**places
        if shown < needed or ratio >= needed:
            return f"{shown:.{places}f}:1"
    return f"{ratio:.3f}:1"


def readable_text_colour(background: str) -> str | None:
    """Return white or ink, whichever reads on ``background`` at 4.5:1 or more, else None."""
    best = max((PAPER, INK), key=lambda text: contrast_ratio(text, background))
    return best if contrast_ratio(best, background) >= MIN_CONTRAST else None


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
