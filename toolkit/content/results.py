"""Ratings typed in from worksheets: the results template, and reading it back robustly.

A results file is a CSV with one row per returned worksheet: respondent code, audience,
a rating (1 to 5) per question (``Q1`` ...) and optional comments (``Q1 comments``).
Spreadsheets' habits are accepted: a byte-order mark or none, commas or semicolons, CRLF,
blank rows, stray spaces, ratings typed as ``4``, ``4.0`` or `` 4 ``, and the apostrophe
the toolkit puts before a cell that a spreadsheet would take as a formula (``'=x`` is ``=x``).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.content.audiences import select
from toolkit.content.slugs import nearest
from toolkit.content.sources import RESULTS_LIMIT, SAVE_AS_CSV, files_in, read_text
from toolkit.errors import ConfigError, ContentError, Problem, ResultsError
from toolkit.model import Audience, Framework

RESPONDENT = "Respondent code"
AUDIENCE = "Audience"
COMMENT = " comments"
_UNTYPED = "the file has no ratings or comments yet"
# A cell starting with one of these is a formula to a spreadsheet: the toolkit writes it
# after an apostrophe (OWASP's advice), and reads it back without one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Response:
    """One returned worksheet: its audience, ratings by question ID, comments by ID."""

    audience: str
    respondent: str
    ratings: dict[str, int] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def template_columns(labels: Sequence[str]) -> list[str]:
    """Return the results template's header: code, audience, ratings, then comments."""
    return [RESPONDENT, AUDIENCE, *labels, *(f"{label}{COMMENT}" for label in labels)]


def results_files(paths: Sequence[Path]) -> tuple[list[Path], list[Path], list[str]]:
    """Return the results spreadsheets named by ``paths``, those of them found in folders,
    and a note for each CSV skipped.

    A file is taken as it is; a folder is searched, with its subfolders, for CSV files whose
    first row is a results header (a pack's summary CSV, say, is skipped with a note).
    Raises ``ResultsError`` for a folder that holds no results spreadsheet.
    """
    files: list[Path] = []
    in_folders: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = []
        for candidate in files_in(path, [".csv"], recursive=True):
            if _looks_like_results(candidate):
                found.append(candidate)
            else:
                notes.append(f"{candidate}: skipped, it is not a results spreadsheet")
        if not found:
            raise ResultsError(
                [
                    Problem(
                        path,
                        0,
                        "this folder holds no results spreadsheet",
                        "give the ...-results.csv files with the ratings typed in, "
                        "or the folder that holds them",
                    )
                ]
            )
        files += found
        in_folders += found
    return files, in_folders, notes


def _looks_like_results(path: Path) -> bool:
    """Return whether the CSV's first row names a respondent code column (or whether it
    cannot be read, so that the reader says why)."""
    if not path.is_file():
        return True
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return True
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    return bool(first) and "respondent" in first[0].casefold()


def read_results(
    paths: Sequence[Path],
    framework: Framework,
    audiences: Sequence[Audience],
    untyped_ok: Collection[Path] = (),
) -> list[Response]:
    """Return every response in ``paths`` (see ``iter_results``)."""
    return list(iter_results(paths, framework, audiences, untyped_ok))


def iter_results(
    paths: Sequence[Path],
    framework: Framework,
    audiences: Sequence[Audience],
    untyped_ok: Collection[Path] = (),
) -> Iterator[Response]:
    """Yield every response in ``paths``, row by row, so that a large file is summed as it
    is read rather than held; when all are read, raise ``ResultsError`` listing every
    problem found, each as FILE:ROW:COLUMN (so use nothing until the end).

    A file in ``untyped_ok`` (one found in a folder) may hold no ratings yet; any other
    such file is a problem.
    """
    labels = {q.label.casefold(): q for q in framework.questions}
    problems: list[Problem] = []
    for path in paths:
        trouble: list[Problem] = []
        yield from _read_file(path, labels, audiences, trouble)
        if path in untyped_ok and [p.message for p in trouble] == [_UNTYPED]:
            continue
        problems += trouble
    if problems:
        raise ResultsError(problems)


def _read_file(
    path: Path, labels: dict, audiences: Sequence[Audience], problems: list[Problem]
) -> Iterator[Response]:
    """Yield the responses in the results file at ``path``, adding what is wrong with it
    to ``problems``."""
    try:
        text = read_text(path, "results", RESULTS_LIMIT, SAVE_AS_CSV)
    except ContentError as error:  # not a CSV file, not UTF-8, control characters...
        problems += error.problems
        return
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(_lines(text), delimiter=delimiter)
    header = next(rows, None)
    if header is None:
        problems.append(Problem(path, 0, "the file is empty", "use the results template"))
        return
    columns, trouble = _columns(path, header, labels)
    problems += trouble
    seen: dict[tuple[str, str], int] = {}
    found = 0
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        response = _row(path, number, row, columns, audiences, problems)
        if response is None or not (response.ratings or response.comments):
            continue  # a template row with only its code and audience: not returned
        key = (response.audience, response.respondent)
        if response.respondent and key in seen:
            problems.append(
                Problem(
                    path,
                    number,
                    f"respondent code '{response.respondent}' is "
                    f"used twice for {response.audience} (first in row "
                    f"{seen[key]})",
                    "give each worksheet its own code",
                    column=columns[RESPONDENT] + 1,
                )
            )
        seen.setdefault(key, number)
        found += 1
        yield response
    if not found and not problems:
        problems.append(Problem(path, 0, _UNTYPED, "type one row for each returned worksheet"))


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of ``text`` with their endings, one at a time: a copy of a large
    file in a ``StringIO`` would take four bytes a character."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def _columns(path: Path, header: list[str], labels: dict) -> tuple[dict, list[Problem]]:
    """Return {column name: index} (ratings and comments keyed by question ID)."""
    known = {
        RESPONDENT.casefold(): RESPONDENT,
        "respondent": RESPONDENT,
        AUDIENCE.casefold(): AUDIENCE,
    }
    for label, question in labels.items():
        known[label] = question.id
        known[f"{label}{COMMENT}"] = f"{question.id}{COMMENT}"
        known[f"{label} comment"] = f"{question.id}{COMMENT}"
    columns: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        key = " ".join(name.split()).casefold()
        if " / " in key:  # a pack in another language: "Cod ymatebydd / Respondent code"
            key = next((part for part in key.split(" / ") if part in known), key)
        if not key:
            continue
        if key not in known:
            close = nearest(key, known)
            hint = (
                f"did you mean '{_display(close, labels)}'?"
                if close
                else ("use the column names of the results template")
            )
            problems.append(
                Problem(path, 1, f"unknown column '{name.strip()}'", hint, column=index + 1)
            )
            continue
        columns[known[key]] = index
    for needed in (RESPONDENT, AUDIENCE):
        if needed not in columns:
            problems.append(
                Problem(
                    path,
                    1,
                    f"there is no '{needed}' column",
                    "use the results template's first row",
                )
            )
    return columns, problems


def _display(key: str, labels: dict) -> str:
    return key.upper() if key.casefold() in labels else key.capitalize()


def _row(
    path: Path,
    number: int,
    row: list[str],
    columns: dict,
    audiences: Sequence[Audience],
    problems: list[Problem],
) -> Response | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return unquoted(row[index].strip()) if index is not None and index < len(row) else ""

    audience_name = cell(AUDIENCE)
    try:
        audience = select([audience_name], audiences)[0].slug if audience_name else ""
    except ConfigError as error:
        problems.append(Problem(path, number, error.format_message(), column=columns[AUDIENCE] + 1))
        return None
    if not audience:
        problems.append(
            Problem(
                path,
                number,
                "the audience is empty",
                "say whose worksheet this is, e.g. frontline",
                column=columns.get(AUDIENCE, 0) + 1,
            )
        )
        return None
    ratings, comments = {}, {}
    for name, index in columns.items():
        if name in (RESPONDENT, AUDIENCE):
            continue
        value = cell(name)
        if name.endswith(COMMENT):
            if value:
                comments[name.removesuffix(COMMENT)] = value
        elif value:
            rating = _rating(value)
            if rating is None:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"the rating '{value}' is not a whole number from 1 to 5",
                        "leave it blank if unanswered",
                        column=index + 1,
                    )
                )
            else:
                ratings[name] = rating
    return Response(audience, cell(RESPONDENT), ratings, comments)


def unquoted(cell: str) -> str:
    """Return ``cell`` without the apostrophe written before a would-be formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _rating(value: str) -> int | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None
