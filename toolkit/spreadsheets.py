"""CSV files the toolkit writes, safe to open in Excel or LibreOffice Calc.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
taken as a formula by a spreadsheet (formula injection: text from a framework or a comment
could run ``=HYPERLINK(...)`` or worse). Such cells get a leading apostrophe, as OWASP
recommends, so they show as the text they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Return ``value`` as CSV cell text that no spreadsheet will read as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, rows: Iterable[Iterable[object]]) -> None:
    """Write ``rows`` to ``path`` as CSV for spreadsheets: UTF-8 with a byte-order mark
    (so Excel reads it as UTF-8), CRLF line ends, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
