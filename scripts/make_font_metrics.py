"""Write toolkit/data/arial-metrics.json: advance widths of Arial's glyphs.

Liberation Sans has the same advance widths as Arial by design, so its TrueType files stand
in for Arial. Run once (needs fontTools and fonts-liberation) and commit the JSON:

    python scripts/make_font_metrics.py
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
FACES = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}
# Latin-1, Latin Extended-A and -B (Welsh, Irish, Polish...), general punctuation, currency.
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2130)]
OUT = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "arial-metrics.json"


def widths(font_file: Path) -> tuple[int, dict[str, int]]:
    """Return ``(units per em, {codepoint: advance width in font units})``."""
    font = TTFont(font_file)
    cmap = font.getBestCmap()
    advances = font["hmtx"].metrics
    table = {
        str(code): advances[cmap[code]][0]
        for start, stop in RANGES
        for code in range(start, stop)
        if code in cmap
    }
    return font["head"].unitsPerEm, table


def main() -> None:
    measured = {face: widths(FONT_DIR / name) for face, name in FACES.items()}
    data = {
        "font": "Arial (measured from Liberation Sans, metric-compatible)",
        "units_per_em": measured["regular"][0],
        "faces": {face: table for face, (_units, table) in measured.items()},
    }
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {OUT} ({sum(len(f) for f in data['faces'].values())} glyphs)")


if __name__ == "__main__":
    main()
