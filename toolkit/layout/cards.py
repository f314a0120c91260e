"""Where cards go on a printed sheet: exact physical sizes, in millimetres.

A pure function of paper and card size, shared by the cards template (for its words) and
the cards writer (for its geometry).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.config import CARD_SIZES, PAPERS
from toolkit.errors import ConfigError

SAFE_AREA = 5.0  # no text closer than this to a card's edge
MAX_GUTTER = 4.0  # space between cards, when the sheet has room for it


@dataclass(frozen=True)
class Sheet:
    """A sheet of cards: paper and card sizes (mm), the grid, gutter and margins."""

    paper: str
    paper_width: float
    paper_height: float
    card: str
    card_width: float
    card_height: float
    columns: int
    rows: int
    gutter: float
    margin_x: float
    margin_y: float

    @property
    def per_sheet(self) -> int:
        """Return how many cards one sheet holds."""
        return self.columns * self.rows

    def front(self, index: int) -> tuple[float, float]:
        """Return the (x, y) of the top-left corner of card ``index`` on a fronts sheet."""
        row, column = divmod(index % self.per_sheet, self.columns)
        return self._at(row, column)

    def back(self, index: int) -> tuple[float, float]:
        """Return where the back of card ``index`` goes: the same row, mirrored column.

        Printed double-sided with a long-edge flip, the sheet turns about its vertical
        axis, so column c of the fronts lies over column (columns - 1 - c) of the backs.
        """
        row, column = divmod(index % self.per_sheet, self.columns)
        return self._at(row, self.columns - 1 - column)

    def cut_lines(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Return the x positions and the y positions of every card edge."""
        xs = sorted(
            {
                x + d
                for c in range(self.columns)
                for x, d in ((self._at(0, c)[0], 0), (self._at(0, c)[0], self.card_width))
            }
        )
        ys = sorted(
            {
                y + d
                for r in range(self.rows)
                for y, d in ((self._at(r, 0)[1], 0), (self._at(r, 0)[1], self.card_height))
            }
        )
        return tuple(xs), tuple(ys)

    def _at(self, row: int, column: int) -> tuple[float, float]:
        x = self.margin_x + column * (self.card_width + self.gutter)
        y = self.margin_y + row * (self.card_height + self.gutter)
        return round(x, 3), round(y, 3)


def sheet_layout(paper: str = "a4", card: str = "a6") -> Sheet:
    """Return the layout that fits the most ``card`` cards on ``paper``.

    Cards turn on their side when that fits more (A7 on A4: 8 rather than 4). The gutter is
    up to 4 mm, as room allows; where cards fill the sheet exactly (A6 on A4) it is 0.
    Raises ``ConfigError`` for an unknown paper or card size.
    """
    paper_name, paper_w, paper_h = _lookup(PAPERS, paper, "paper")
    card_name, card_w, card_h = _lookup(CARD_SIZES, card, "card size")
    best = None
    for width, height in ((card_w, card_h), (card_h, card_w)):
        columns, rows = int(paper_w // width), int(paper_h // height)
        if best is None or columns * rows > best[0] * best[1]:
            best = (columns, rows, width, height)
    columns, rows, width, height = best
    if columns * rows == 0:
        raise ConfigError(f"{card_name} cards do not fit on {paper_name} paper")
    spare_x, spare_y = paper_w - columns * width, paper_h - rows * height
    # Leave each margin at least one and a half gutters wide, for the cut marks.
    gutter = min(MAX_GUTTER, spare_x / (columns + 2), spare_y / (rows + 2))
    gutter = round(max(gutter, 0.0), 2)
    return Sheet(
        paper=paper_name,
        paper_width=paper_w,
        paper_height=paper_h,
        card=card_name,
        card_width=width,
        card_height=height,
        columns=columns,
        rows=rows,
        gutter=gutter,
        margin_x=(spare_x - (columns - 1) * gutter) / 2,
        margin_y=(spare_y - (rows - 1) * gutter) / 2,
    )


def _lookup(table: dict, key: str, what: str) -> tuple:
    try:
        return table[key.strip().lower()]
    except KeyError:
        raise ConfigError(f"unknown {what} '{key}'; choose one of: {', '.join(table)}") from None
