"""The fonts text is measured in: Arial's built-in table, or a house template's font read
from its file on this machine (fontTools).

Office and LibreOffice lay text out with the font's own advance widths, so a house
template's font (a council's Gill Sans, a trust's Frutiger) must be measured in that font,
not in Arial's, or lines wrap where the writer did not expect and text spills its box.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

DEFAULT_FAMILY = "Arial"
# Liberation Sans is drawn to Arial's widths: the built-in table measures both exactly.
_ARIAL_ALIKES = {"arial", "liberation sans", "arimo", "helvetica"}
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_BOLD_WEIGHT = 600  # OS/2 usWeightClass from which a face counts as bold


@dataclass(frozen=True)
class FontMetrics:
    """One font family's advance widths (in font units, per character) and line height.

    ``family`` is the name text is set in; ``measured_from`` the file the widths came
    from ("" for the built-in Arial table); ``missing`` is True when ``family`` was asked
    for but is not installed here, so Arial's widths stand in for it.
    """

    family: str
    units_per_em: int
    regular: dict[int, int]
    bold: dict[int, int]
    line_height: float  # a line's height as a share of the font size
    measured_from: str = ""
    missing: bool = False


@cache
def builtin_metrics() -> FontMetrics:
    """Return Arial's metrics, from the table shipped with the toolkit."""
    raw = json.loads(resources.files("toolkit").joinpath("data/arial-metrics.json").read_text())
    faces = {face: {int(k): v for k, v in table.items()} for face, table in raw["faces"].items()}
    # Arial's ascent + descent + line gap is 1.15 em; 1.2 keeps a little spare.
    return FontMetrics(DEFAULT_FAMILY, raw["units_per_em"], faces["regular"], faces["bold"], 1.2)


@cache
def metrics_for(family: str) -> FontMetrics:
    """Return the metrics of ``family``: Arial's table for Arial and fonts drawn to its
    widths; the installed font's own widths otherwise; Arial's table, marked ``missing``,
    when the font is not installed (say so to the user: lines may wrap differently)."""
    name = family.strip()
    if not name or name.lower() in _ARIAL_ALIKES:
        base = builtin_metrics()
        return base if not name else FontMetrics(**{**base.__dict__, "family": name})
    files = _installed().get(name.lower())
    if files:
        try:
            return _read_metrics(name, files)
        except Exception:  # a damaged font file is measured as Arial, like a missing one
            pass
    base = builtin_metrics()
    return FontMetrics(**{**base.__dict__, "family": name, "missing": True})


def _read_metrics(family: str, files: dict[str, Path]) -> FontMetrics:
    from fontTools.ttLib import TTFont  # only a house template's font needs it

    tables = {}
    units = 1000
    height = 1.2
    for face in ("regular", "bold"):
        path = files.get(face) or files["regular"]
        with TTFont(path, lazy=True, fontNumber=0) as font:
            units = font["head"].unitsPerEm
            widths = font["hmtx"].metrics
            cmap = font.getBestCmap() or {}
            tables[face] = {code: widths[glyph][0] for code, glyph in cmap.items()}
            if face == "regular":
                hhea = font["hhea"]
                natural = (hhea.ascent - hhea.descent + hhea.lineGap) / units
                height = max(1.2, round(natural * 1.04, 3))
    return FontMetrics(
        family, units, tables["regular"], tables["bold"], height, str(files["regular"])
    )


def font_folders() -> list[Path]:
    """Return the folders fonts are installed in on this kind of machine."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data / "fonts",
        home / ".fonts",
    ]


def _font_files() -> Iterator[Path]:
    for folder in font_folders():
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() in _FONT_SUFFIXES and path.is_file():
                    yield path


@cache
def _installed() -> dict[str, dict[str, Path]]:
    """Return every installed family (lower-cased name) with its upright regular and
    bold faces' files."""
    from fontTools.ttLib import TTFont

    families: dict[str, dict[str, Path]] = {}
    for path in _font_files():
        try:
            with TTFont(path, lazy=True, fontNumber=0) as font:
                names = font["name"]
                family = names.getDebugName(16) or names.getDebugName(1)
                weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
                width = font["OS/2"].usWidthClass if "OS/2" in font else 5
                italic = bool(font["head"].macStyle & 2)
                style = (names.getDebugName(17) or names.getDebugName(2) or "").lower()
        except Exception:  # not a font we can read: not one a template could use either
            continue
        if not family or italic or width != 5 or "italic" in style or "oblique" in style:
            continue  # the family's upright faces of normal width are the ones text uses
        face = "bold" if weight >= _BOLD_WEIGHT else "regular"
        if face == "regular" and not (300 < weight < 500):
            continue  # a light or medium face is not the family's regular
        families.setdefault(family.lower(), {}).setdefault(face, path)
    return {name: faces for name, faces in families.items() if "regular" in faces}
