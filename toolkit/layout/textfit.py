"""Measure and wrap text with Arial's real advance widths (see scripts/make_font_metrics.py).

All lengths are in points. Measurements err on the wide side so that text which fits here
also fits in PowerPoint and LibreOffice.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources

LINE_HEIGHT = 1.2  # Arial's ascent + descent + line gap is 1.15 em; keep a little spare
WIDTH_SAFETY = 1.04  # kerning and hinting differ a little between Office and LibreOffice
_UNKNOWN_EM = 0.75  # characters missing from the table are measured generously


@cache
def _metrics() -> tuple[int, dict[str, dict[int, int]]]:
    raw = json.loads(resources.files("toolkit").joinpath("data/arial-metrics.json").read_text())
    faces = {face: {int(k): v for k, v in table.items()} for face, table in raw["faces"].items()}
    return raw["units_per_em"], faces


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of ``text`` set in Arial at ``size`` points."""
    return _points(_units(text, bold), size)


def _units(text: str, bold: bool) -> int:
    """Return the advance width of ``text`` in font units (whole numbers, so sums are exact)."""
    units_per_em, faces = _metrics()
    table = faces["bold" if bold else "regular"]
    fallback = round(_UNKNOWN_EM * units_per_em)
    return sum(table.get(ord(c), fallback) for c in text)


def _points(units: int, size: float) -> float:
    return units / _metrics()[0] * size * WIDTH_SAFETY


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` points, breaking at spaces.

    A word wider than the line is broken between characters, as Office does.
    """
    return list(_wrap(text, width, size, bold))


@lru_cache(maxsize=8192)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    # Cached: the deck tries each text at several sizes, and a batch repeats the same texts.
    space = _units(" ", bold)
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        units = _word_units(word, bold)
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
def _word_units(word: str, bold: bool) -> int:
    return _units(word, bold)


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size, bold) <= width:
        cut += 1
    return cut
