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
from toolkit.errors import Problem, ResultsError, ToolkitError
from toolkit.model import Audience, Framework, Question
from toolkit.web.forms import display_name, shown
from toolkit.web.uploads import UploadError, save_upload
from toolkit.writers.spreadsheet import write_csv

STATE = "results"  # the hidden field that carries the results so far
SOURCE = "framework-text"  # ... and the framework they are for (empty: the built-in one)
SOURCE_NAME = "framework-name"  # ... and its file's name as it was sent
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
    label), for ``framework`` and its ``audiences``; ``source`` is the text of the
    framework uploaded (empty for the built-in one) and ``source_name`` its file's name."""

    framework: Framework
    audiences: tuple[Audience, ...]
    rows: list[list[str]] = field(default_factory=list)
    source: str = ""
    source_name: str = ""

    def framework_file(self, folder: Path) -> Path | None:
        """Return the uploaded framework written in ``folder``, or None for the built-in."""
        if not self.source:
            return None
        path = folder / "framework.md"
        path.write_text(self.source, encoding="utf-8")
        return path

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


def carried(form: Mapping[str, str], folder: Path) -> Results:
    """Return the results a page sent back, for the framework it carries (the built-in
    one if none), which is written in ``folder`` to be read.

    Raises ``StateError`` if either cannot be read back.
    """
    results = Results(*framework_of(None), source=form.get(SOURCE, ""))
    results.source_name = display_name(form.get(SOURCE_NAME, "")) or "framework.md"
    if results.source:
        try:
            results.framework, results.audiences = framework_of(results.framework_file(folder))
        except ToolkitError:
            raise StateError(_UNREADABLE) from None
    results.rows = _rows(form.get(STATE, ""), results)
    return results


def use_framework(results: Results, sent: tuple[str, bytes] | None, folder: Path) -> dict[str, str]:
    """Type results in for the framework uploaded (``sent``: its name as sent, its
    bytes), or for the built-in one if none was; return the problem instead, in the
    words ``toolkit check`` uses (FILE:LINE), against the field ``framework``."""
    if results.rows:
        return {
            "framework": "the results here are for the framework in use: download them and "
            "remove them before typing in results for another"
        }
    name, data = sent or ("", b"")
    try:
        saved = save_upload("framework", data, folder)
    except UploadError as error:
        return {"framework": str(error)}
    shown_as = display_name(name) or "framework.md"
    try:
        framework, audiences = framework_of(saved)
    except ToolkitError as error:
        return {"framework": shown(error.format_message(), folder, {"framework.md": shown_as})}
    results.framework, results.audiences = framework, tuple(audiences)
    results.source = data.decode("utf-8") if saved else ""
    results.source_name = shown_as if saved else ""
    return {}


def framework_of(path: Path | None) -> tuple[Framework, tuple[Audience, ...]]:
    """Return the framework at ``path`` (the built-in one if None) and its audiences.

    Raises ``ToolkitError`` (``ContentError``: every problem as FILE:LINE) if it cannot
    be used.
    """
    from toolkit.api import usable_audiences
    from toolkit.content.framework import load_framework
    from toolkit.content.resources import default_framework

    framework = load_framework(path or default_framework())
    return framework, tuple(usable_audiences(framework))


_UNREADABLE = (
    "the results this page held could not be read back (the page was changed, or "
    "is from another framework). Upload the results spreadsheet you downloaded"
)


def _rows(text: str, results: Results) -> list[list[str]]:
    """Return the rows a page sent back in its hidden field (none if it is empty).

    Raises ``StateError`` if they are not rows of the results template of ``results``'s
    framework, each naming one of its audiences.
    """
    if not text.strip():
        return []
    try:
        rows = json.loads(text)
    except ValueError:
        rows = None
    slugs = {a.slug for a in results.audiences}
    if not isinstance(rows, list) or not all(
        isinstance(row, list)
        and len(row) == len(results.header)
        and all(isinstance(cell, str) for cell in row)
        and row[1] in slugs
        for row in rows
    ):
        raise StateError(_UNREADABLE)
    return rows


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


def act(
    action: str, results: Results, form: Mapping[str, str], sent: Mapping, folder: Path
) -> tuple[dict[str, str], dict[str, str], str]:
    """Do what a form of the results page asks (``action``: add a typed worksheet, upload
    spreadsheets, remove a worksheet, choose the framework) to ``results``, with the files
    ``sent`` (field: name as sent and bytes, a list of them for the spreadsheets); return
    the values to show again, each problem by field, and what was done."""
    keep = {GROUP: form.get(GROUP, "")}  # after a change: the same audience's form, empty
    if action == "add":
        errors = add_typed(results, form, folder)
        return (dict(form) if errors else keep), errors, "" if errors else _added(results)
    if action == "upload":
        count = len(results.rows)
        errors = add_uploaded(results, sent.get(UPLOADS, []), folder)
        return keep, errors, "" if errors else f"{len(results.rows) - count} worksheets added"
    if action == "remove":
        remove(results, form.get("row", ""))
        return keep, {}, "the worksheet was removed"
    if action == "framework":
        errors = use_framework(results, sent.get("framework"), folder)
        return {}, errors, "" if errors else f"typing in results for {results.framework.title}"
    return dict(form), {}, ""  # "choose": the chosen audience's form


def _added(results: Results) -> str:
    """Return what the page says when a typed-in worksheet was added."""
    code, slug = results.rows[-1][:2]
    audience = results.audience(slug)
    return f"worksheet {code or '(no code)'} for {audience.name if audience else slug} added"


def remove(results: Results, index: str) -> None:
    """Remove row number ``index`` (from 1) if there is one."""
    if index.isdigit() and 1 <= int(index) <= len(results.rows):
        del results.rows[int(index) - 1]
