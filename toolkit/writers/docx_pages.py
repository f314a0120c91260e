"""How much of a Word page each block takes, estimated in the font being measured, so that
the worksheet's writing space can be fitted to a house template's page.

The templates count ruled lines for the toolkit's own page (A4 or Letter, 20 mm margins,
Arial). A house template's page may hold less: wider margins, a taller header, a wider
font. Each page (from one ``{.new-page}`` to the next) is estimated here, and its ruled
lines are cut, the longest run first, until it fits; a page of flowing text longer than a
page is left as it is, since its writing space falls wherever the text ends.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Mm

from toolkit.layout.textfit import line_height, wrap
from toolkit.render.document import Block, Paragraph, Table

# The measures the Word writer lays pages out with (docx_document takes them from here).
RULE_HEIGHT = Mm(10)  # ruled lines: room for handwriting
WRITING_ROW = Mm(16)  # empty table rows people write in
CELL_PADDING = 5.4  # points: Word's default cell margins, each side of a cell
TICK_SIZE = 24.0  # points: a box to tick, big enough to tick with a pen
HEADING_SCALE = {"Heading 1": 1.8, "Heading 2": 1.35, "Heading 3": 1.1}  # of the body size
PARAGRAPH_SPACE = 6.0  # points after each paragraph, as the styles set it
BULLET_INDENT = 18.0  # points: Word's List Bullet indent
_RULE = RULE_HEIGHT.pt
_WRITING = WRITING_ROW.pt
_TICK_ROW = TICK_SIZE * 1.3 + 2 * CELL_PADDING  # a row of tick boxes
SAFETY = 0.95  # of the page: estimates are estimates


def fitted_rules(
    blocks: Sequence[Block], height: float, width: float, size: float
) -> dict[int, int]:
    """Return the count of ruled lines for each ``{.lines}`` block (by index in ``blocks``)
    so that no page is taller than ``height`` points; text ``width`` points wide, body text
    ``size`` points."""
    counts = {
        i: int(b.attr("count", "4") or 4)
        for i, b in enumerate(blocks)
        if isinstance(b, Paragraph) and "lines" in b.classes
    }
    for page in _pages(blocks):
        text = sum(_height(blocks[i], width, size) for i in page if i not in counts)
        rules = [i for i in page if i in counts]
        if not rules or text > height * SAFETY:
            continue
        over = text + _RULE * sum(counts[i] for i in rules) - height * SAFETY
        while over > 0 and any(counts[i] > 1 for i in rules):
            longest = max(rules, key=lambda i: counts[i])
            counts[longest] -= 1
            over -= _RULE
    return counts


def _pages(blocks: Sequence[Block]) -> list[list[int]]:
    """Return the blocks' indexes, page by page: a heading marked ``{.new-page}`` starts one."""
    pages: list[list[int]] = [[]]
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and "new-page" in block.classes and pages[-1]:
            pages.append([])
        pages[-1].append(index)
    return pages


def _height(block: Block, width: float, size: float) -> float:
    """Return the points ``block`` takes on the page, erring tall."""
    line = size * line_height()
    if isinstance(block, Table):
        columns = max(len(r) for r in block.rows)
        cell = width / columns - 2 * CELL_PADDING
        total = 0.0
        for row in block.rows:
            lines = max(len(wrap(c, cell, size, bold=True)) for c in row) if row else 1
            empty = any(not c.strip() for c in row)
            total += max(lines * line + 2 * CELL_PADDING, _WRITING if empty else 0)
        return total + line + PARAGRAPH_SPACE  # and the empty paragraph after it
    if "rating" in block.classes:
        label = width / 5 - 2 * CELL_PADDING
        high = len(wrap(f"5 {block.attr('high')}", label, size, bold=True))
        return (
            _lines_of(block.text, width, size, True) * line
            + PARAGRAPH_SPACE
            + high * line
            + 2 * CELL_PADDING
            + _TICK_ROW
            + line
            + PARAGRAPH_SPACE
        )
    if "box" in block.classes:
        return line + 2 * CELL_PADDING + _WRITING + line + PARAGRAPH_SPACE
    if "qr" in block.classes:
        return 85.0 + PARAGRAPH_SPACE  # a 30 mm QR code
    heading = block.style in ("h1", "h2", "h3")
    scale = HEADING_SCALE[f"Heading {block.style[1]}"] if heading else 1.0
    indent = BULLET_INDENT if block.style in ("bullet", "number") else 0.0
    lines = _lines_of(block.text, width - indent, size * scale, heading)
    before = size * scale * 0.8 if heading else 0.0
    return before + lines * size * scale * line_height() + PARAGRAPH_SPACE


def _lines_of(text: str, width: float, size: float, bold: bool) -> int:
    return len(wrap(text, width, size, bold))
