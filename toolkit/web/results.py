"""The results page's work: returned worksheets typed in one at a time and results
spreadsheets uploaded, each read by the reader ``toolkit report`` uses, in its words.

The results so far travel with the page, in a hidden field holding them as rows of the
results template (JSON), and come back with every form: the server keeps nothing between
requests, and the results spreadsheet downloaded from the page is the user's copy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.content.results import (
    AUDIENCE,
    COMMENT,
    RESPONDENT,
    Response,
    read_results,
    template_columns,
)
from toolkit.errors import Problem, ResultsError
from toolkit.model import Audience, Framework, Question
from toolkit.web.forms import display_name, shown
from toolkit.web.uploads import UploadError, save_upload
from toolkit.writers.spreadsheet import write_csv

STATE = "results"  # the hidden field that carries the results so far
CODE = "respondent"  # the typed worksheet's fields: its code, its audience ...
GROUP = "audience"
RATING = "rating-"  # ... "rating-Q1", and "comments-Q1"
COMMENTS = "comments-"


class StateError(ValueError):
    """The results a page sent back cannot be read (it was changed, or is from another
    framework)."""


@dataclass
class Results:
    """The results so far (rows of the results template, ratings and comments by question
    label), for ``framework`` and its ``audiences``."""

    framework: Framework
    audiences: tuple[Audience, ...]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [q.label for q in self.framework.questions]

    @property
    def header(self) -> list[str]:
        return template_columns(self.labels)

    def state(self) -> str:
        """Return the rows as the page carries them."""
        return json.dumps(self.rows, ensure_ascii=False, separators=(",", ":"))

    def write(self, path: Path) -> Path:
        """Write the results spreadsheet (the pack's template, every row filled in) and
        return its path."""
        write_csv(path, [self.header, *self.rows])
        return path

    def audience(self, slug: str) -> Audience | None:
        return next((a for a in self.audiences if a.slug == slug), None)

    def counts(self) -> list[tuple[Audience, int]]:
        """Return each audience with results, and how many worksheets it has."""
        found = [(a, sum(row[1] == a.slug for row in self.rows)) for a in self.audiences]
        return [(a, n) for a, n in found if n]

    def worksheet(self, audience: Audience) -> list[tuple[Question, str]]:
        """Return the questions on ``audience``'s worksheet, each in its words."""
        ids = audience.question_ids or tuple(q.id for q in self.framework.questions)
        asked = [self.framework.question(i) for i in ids]
        return [(q, audience.reworded(q.id, q.text)) for q in asked]

    def next_code(self, audience: str) -> str:
        """Return a respondent code not yet used for ``audience``: ``R`` and the number
        after the highest used (``R01`` first)."""
        numbers = [
            int(match.group(1))
            for row in self.rows
            if row[1] == audience and (match := re.fullmatch(r"[Rr](\d+)", row[0]))
        ]
        return f"R{max(numbers, default=0) + 1:02d}"


def read_state(text: str, framework: Framework, audiences: Sequence[Audience]) -> Results:
    """Return the results a page sent back in its hidden field (empty if none).

    Raises ``StateError`` if they are not rows of this framework's results template.
    """
    results = Results(framework, tuple(audiences))
    if not text.strip():
        return results
    try:
        rows = json.loads(text)
    except ValueError:
        rows = None
    width = len(results.header)
    slugs = {a.slug for a in audiences}
    if not isinstance(rows, list) or not all(
        isinstance(row, list)
        and len(row) == width
        and all(isinstance(cell, str) for cell in row)
        and row[1] in slugs
        for row in rows
    ):
        raise StateError(
            "the results this page held could not be read back (the page was changed, or "
            "is from another framework). Upload the results spreadsheet you downloaded"
        )
    results.rows = rows
    return results


def add_typed(results: Results, form: Mapping[str, str], folder: Path) -> dict[str, str]:
    """Add the worksheet typed into ``form`` to ``results``, checked by the results reader
    with the rows already there; return each field's problem instead (nothing added)."""
    audience = results.audience(form.get(GROUP, ""))
    if audience is None:
        return {GROUP: "choose whose worksheet this is"}
    ratings = [form.get(f"{RATING}{label}", "").strip() for label in results.labels]
    comments = [form.get(f"{COMMENTS}{label}", "").strip() for label in results.labels]
    if not any(ratings) and not any(comments):
        first = results.worksheet(audience)[0][0].label
        return {f"{RATING}{first}": "nothing is typed in: give the worksheet's ratings or comments"}
    row = [form.get(CODE, "").strip(), audience.slug, *ratings, *comments]
    trial = Results(results.framework, results.audiences, [*results.rows, row])
    try:
        read_results([trial.write(folder / "typed.csv")], results.framework, results.audiences)
    except ResultsError as error:
        return _typed_problems(error.problems, len(trial.rows) + 1, results.header)
    results.rows.append(row)
    return {}


def _typed_problems(problems: Sequence[Problem], row: int, header: list[str]) -> dict[str, str]:
    """Return the reader's problems with the typed row, each against its field."""
    fields = {RESPONDENT: CODE, AUDIENCE: GROUP}
    for label in header[2:]:
        comment = label.removesuffix(COMMENT)
        fields[label] = f"{COMMENTS}{comment}" if label.endswith(COMMENT) else f"{RATING}{label}"
    found: dict[str, str] = {}
    for problem in problems:
        name = fields.get(header[problem.column - 1], CODE) if problem.column else CODE
        said = re.sub(r" \(first in row \d+\)", "", problem.message)  # a row of the page's
        if problem.line == row:
            found[name] = "\n".join(filter(None, (said, problem.hint)))
        else:
            found.setdefault("summary", str(problem))
    return found


def add_uploaded(
    results: Results, files: Sequence[tuple[str, bytes]], folder: Path
) -> dict[str, str]:
    """Add the results spreadsheets uploaded (name as sent, bytes) to ``results``; return
    their problems instead, FILE:ROW:COLUMN as ``toolkit report`` says them (nothing
    added), against the field ``results-files``."""
    saved: dict[str, str] = {}
    paths: list[Path] = []
    problems: list[str] = []
    for number, (sent_as, data) in enumerate(files, start=1):
        name = display_name(sent_as) or f"results-{number}.csv"
        try:
            path = save_upload("results", data, folder, number)
        except UploadError as error:
            problems.append(f"{name}: {error}")
            continue
        if path is not None:
            paths.append(path)
            saved[path.name] = name
    if not paths and not problems:
        problems.append("choose one or more results spreadsheets (.csv) to upload")
    if problems:
        return {UPLOADS: "\n".join(problems)}
    try:
        responses = read_results(paths, results.framework, results.audiences)
    except ResultsError as error:
        return {UPLOADS: shown(error.format_message(), folder, saved)}
    rows = [_row(response, results.framework) for response in responses]
    twice = _used_twice(results.rows, rows, results)
    if twice:
        return {UPLOADS: "\n".join(twice)}
    results.rows += rows
    return {}


UPLOADS = "results-files"


def _row(response: Response, framework: Framework) -> list[str]:
    """Return a response read from a spreadsheet as a row of the results template."""
    ratings = [str(response.ratings.get(q.id, "")) for q in framework.questions]
    comments = [response.comments.get(q.id, "") for q in framework.questions]
    return [response.respondent, response.audience, *ratings, *comments]


def _used_twice(old: Sequence[list[str]], new: Sequence[list[str]], results: Results) -> list[str]:
    """Return a problem for each audience whose respondent codes are used twice (in the
    results here and those uploaded, or twice in those uploaded)."""
    seen = {(row[1], row[0]) for row in old if row[0]}
    twice: dict[str, list[str]] = {}
    for row in new:
        if row[0] and (row[1], row[0]) in seen:
            twice.setdefault(row[1], []).append(row[0])
        seen.add((row[1], row[0]))
    return [
        f"respondent code{'s' if len(codes) > 1 else ''} {', '.join(codes)} "
        f"{'are' if len(codes) > 1 else 'is'} used twice for {slug}\n"
        "give each worksheet its own code, or remove those already among the results here"
        for slug, codes in twice.items()
    ]


def remove(results: Results, index: str) -> None:
    """Remove row number ``index`` (from 1) if there is one."""
    if index.isdigit() and 1 <= int(index) <= len(results.rows):
        del results.rows[int(index) - 1]
