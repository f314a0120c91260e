"""CSV files the toolkit writes, safe to open in Excel or LibreOffice Calc.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
taken as a formula by a spreadsheet (formula injection: text from a framework or a comment
could run ``=HYPERLINK(...)`` or worse). Such cells get a leading apostrophe, as OWASP
recommends, so they show as the text they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from toolkit.content.results import FORMULA_STARTS, template_columns
from toolkit.model import Phrase
from toolkit.planning.figures import ReportData
from toolkit.planning.materials import worksheets_needed
from toolkit.planning.plan import WorkshopPlan
from toolkit.render.words import Words


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


# The results spreadsheet's column names, put into the pack's language where it is not
# English (each then followed by " / " and the English, which the report reads).
_NAMES = (Phrase("Respondent code"), Phrase("Audience"), Phrase("{label} comments"))


def write_template(
    path: Path, labels: Sequence[str], audience: str, rows: int, words: Words | None = None
) -> None:
    """Write an empty results file (UTF-8 with BOM, for Excel) with ``rows`` numbered rows;
    its column names in the language of ``words`` as well as English, if not English."""
    blanks = [""] * (2 * len(labels))
    body = ([f"R{number:02d}", audience, *blanks] for number in range(1, rows + 1))
    header = template_columns(labels)
    if words is not None and words.language != "en":
        respondent, group = (words.plain(name) for name in _NAMES[:2])
        said = [respondent, group, *labels]
        said += [words.plain(_NAMES[2], label=label) for label in labels]
        header = [
            f"{ours} / {english}" if ours != english else english
            for ours, english in zip(said, header, strict=True)
        ]
    write_csv(path, [header, *body])


def write_results_sheet(plan: WorkshopPlan, path: Path, words: Words | None = None) -> None:
    """Write the pack's empty results spreadsheet at ``path``, a row per worksheet printed,
    its column names in the language of ``words`` too."""
    labels = [q.label for q in plan.questions]
    write_template(path, labels, plan.audience.slug, worksheets_needed(plan), words)


_SUMMARY = (
    Phrase("Question"),
    Phrase("Question as this group saw it"),
    Phrase("Group"),
    Phrase("Ratings"),
    Phrase("Mean"),
)


def write_summary(
    data: ReportData, names: dict[str, str], path: Path, words: Words | None = None
) -> None:
    """Write the report's figures as CSV (UTF-8 with BOM): a row per question for everyone
    who rated it and one per audience shown for it; the same figures as the report, with
    the same groups held back, means to one decimal place; its words in the language of
    ``words`` (English if none)."""
    say = (words or Words("en")).plain
    header = [say(name) for name in _SUMMARY]
    rated = [say(Phrase("Rated {number}", number=n)) for n in range(1, 6)]
    rows = [[*header, *rated, say(Phrase("Gap between audiences"))]]
    everyone = say(Phrase("Everyone"))
    for result in data.questions:
        q = result.question
        gap = f"{result.gap.size:.1f}" if result.gap else ""
        rows.append([q.label, q.text, everyone, *_figure(result.everyone), gap])
        for slug, figure in result.audiences:
            group = names.get(slug, slug)
            rows.append([q.label, result.wording(slug), group, *_figure(figure), ""])
    write_csv(path, rows)


def _figure(figure) -> list[object]:
    return [figure.count, f"{figure.shown:.1f}", *figure.spread]
