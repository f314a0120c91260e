"""Measure and wrap text with a font's real advance widths: Arial's built-in table (see
scripts/make_font_metrics.py), or a house template's font read from its file (``fonts``).

All lengths are in points. Measurements err on the wide side so that text which fits here
also fits in PowerPoint and LibreOffice. The font measured is the one set with
``measuring``: Arial unless a writer working for a house template says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from toolkit.layout.fonts import FontMetrics, builtin_metrics, metrics_for

LINE_HEIGHT = 1.2  # Arial's ascent + descent + line gap is 1.15 em; keep a little spare
WIDTH_SAFETY = 1.04  # kerning and hinting differ a little between Office and LibreOffice
_UNKNOWN_EM = 0.75  # characters missing from the table are measured generously
_FONT: ContextVar[FontMetrics | None] = ContextVar("toolkit_font", default=None)


@contextmanager
def measuring(family: str) -> Iterator[FontMetrics]:
    """Measure text in ``family`` (and set it in that font) within the block; yield its
    metrics, whose ``missing`` says Arial's widths stand in for a font not installed."""
    metrics = metrics_for(family) if family else builtin_metrics()
    token = _FONT.set(metrics)
    try:
        yield metrics
    finally:
        _FONT.reset(token)


def font() -> FontMetrics:
    """Return the metrics of the font text is measured and set in now."""
    return _FONT.get() or builtin_metrics()


def font_family() -> str:
    """Return the name of the font text is set in now ("Arial" by default)."""
    return font().family


def line_height() -> float:
    """Return a line's height, as a share of the font size, in the font measured now."""
    return font().line_height


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of ``text`` set in the current font at ``size`` points."""
    return _points(_units(text, bold), size)


def _units(text: str, bold: bool) -> int:
    """Return the advance width of ``text`` in font units (whole numbers, so sums are exact)."""
    metrics = font()
    table = metrics.bold if bold else metrics.regular
    fallback = round(_UNKNOWN_EM * metrics.units_per_em)
    return sum(table.get(ord(c), fallback) for c in text)


def _points(units: int, size: float) -> float:
    return units / font().units_per_em * size * WIDTH_SAFETY


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` points, breaking at spaces.

    A word wider than the line is broken between characters, as Office does.
    """
    return list(_wrap(text, width, size, bold, font().family))


@lru_cache(maxsize=8192)
def _wrap(text: str, width: float, size: float, bold: bool, family: str) -> tuple[str, ...]:
    # Cached: the deck tries each text at several sizes, and a batch repeats the same texts;
    # ``family`` keys the cache, the measuring uses the current font.
    space = _units(" ", bold)
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        units = _word_units(word, bold, family)
        candidate = used + space + units if current else units
        if _points(candidate, size) <= width:
            current, used = (f"{current} {word}" if current else word), candidate
            continue
        if current:
            lines.append(current)
        current, used = word, units
        while _points(used, size) > width and len(current) > 1:
            cut = _longest_prefix(current, width, size, bold)
            lines.append(current[:cut])
            current = current[cut:]
            used = _units(current, bold)
    if current or not lines:
        lines.append(current)
    return tuple(lines)


@lru_cache(maxsize=65536)
def _word_units(word: str, bold: bool, family: str) -> int:
    return _units(word, bold)


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size, bold) <= width:
        cut += 1
    return cut
