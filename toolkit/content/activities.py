"""Read activity files (``content/activities/*.md``): workshop methods as content.

Front matter: name, purpose, use (question, rating or priorities), minutes, group_size,
materials, and optionally each_person (what every participant is given), formats (those
it suits) and together (how people discuss, e.g. "in pairs"). Body: a numbered
list of steps, each starting ``Do:`` or ``Say:``.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it.token import Token

from toolkit.content.frontmatter import parse_front_matter
from toolkit.content.markdown import (
    lost_markup_problems,
    parser,
    plain_text,
    slugify,
    unclosed_front_matter,
)
from toolkit.content.resources import read_builtin_then_yours
from toolkit.content.sources import read_text
from toolkit.errors import ContentError, Problem
from toolkit.model import Activity, Step

FRONT_MATTER_SCHEMA = {
    "name": str,
    "purpose": str,
    "use": str,
    "minutes": int,
    "group_size": str,
    "materials": list,
    "each_person": dict,  # optional: what each participant is given, e.g. {sticky dots: 3}
    "formats": list,  # optional: the formats it suits (default: every format)
    "together": str,  # optional: how people discuss, e.g. "in pairs"
}
_OPTIONAL = ("each_person", "formats", "together")
USES = ("question", "rating", "priorities")
KINDS = {"do": "do", "say": "say"}


def load_activities(content: Path | None = None) -> tuple[Activity, ...]:
    """Return the built-in activities and those in ``content/activities``, by file name.

    A file in ``content/activities`` replaces the built-in one of the same name. Raises
    ``ContentError`` listing every problem in every file.
    """
    activities, problems = read_activities(content)
    if problems:
        raise ContentError(problems)
    return activities


def read_activities(
    content: Path | None = None, language: str = "en"
) -> tuple[tuple[Activity, ...], list[Problem]]:
    """Return the activities (as ``load_activities``) and every problem in their files,
    without raising."""
    activities, problems = read_builtin_then_yours("activities", content, _read, language)
    return tuple(activities), problems


def _read(path: Path) -> tuple[Activity, list[Problem]]:
    text = read_text(path, "activity")
    tokens = parser().parse(text)
    problems: list[Problem] = lost_markup_problems(path, tokens, text)
    read, line = _meta(path, tokens, problems, unclosed_front_matter(tokens, text))
    meta = read or {}
    for key in FRONT_MATTER_SCHEMA if read is not None else ():  # unreadable: said already
        if key not in meta and key not in _OPTIONAL:
            problems.append(
                Problem(
                    path,
                    line,
                    f"front matter has no '{key}'",
                    f"add a line '{key}: ...' between the --- lines",
                )
            )
    use = meta.get("use", "question")
    if use not in USES:
        problems.append(
            Problem(
                path,
                line,
                f"use must be one of {', '.join(USES)}, not '{use}'",
                "say which part of a session the activity serves",
            )
        )
    if meta.get("minutes", 1) <= 0:
        problems.append(Problem(path, line, "minutes must be a positive whole number"))
    steps = _steps(path, tokens, problems)
    activity = Activity(
        slug=slugify(path.stem),
        name=str(meta.get("name", path.stem)),
        purpose=str(meta.get("purpose", "")),
        use=str(use),
        minutes=meta.get("minutes", 1),
        group_size=str(meta.get("group_size", "")),
        materials=tuple(str(m) for m in meta.get("materials", [])),
        each_person=_each_person(path, meta.get("each_person", {}), line, problems),
        steps=steps,
        formats=tuple(slugify(str(f)) for f in meta.get("formats", [])),
        together=str(meta.get("together", "")),
        path=str(path),
    )
    return activity, problems


def _each_person(
    path: Path, given: dict, line: int, problems: list[Problem]
) -> tuple[tuple[str, int], ...]:
    """Return ``(material, how many)`` for each thing every participant is given."""
    each = []
    for material, count in given.items():
        if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
            problems.append(
                Problem(
                    path,
                    line,
                    f"each_person gives '{material}' as '{count}', not a positive whole number",
                    "write how many each person is given, e.g. 'each_person: {sticky dots: 3}'",
                )
            )
            continue
        each.append((str(material), count))
    return tuple(each)


def _meta(
    path: Path, tokens: list[Token], problems: list[Problem], unclosed: bool
) -> tuple[dict | None, int]:
    """Return the front matter's values (``None`` if it is missing or unreadable, which
    is noted in ``problems``) and its first line."""
    for token in tokens:
        if token.type == "front_matter":
            first = token.map[0] + 1
            values, found = parse_front_matter(path, token.content, first, FRONT_MATTER_SCHEMA)
            problems += found
            return (values if values or not found else None), first
    if not unclosed:  # an unclosed one is reported with the file's other lost markup
        problems.append(
            Problem(
                path,
                1,
                "the activity file has no front matter",
                "start it with --- lines holding name, purpose, use and minutes",
            )
        )
    return None, 1


def _steps(path: Path, tokens: list[Token], problems: list[Problem]) -> tuple[Step, ...]:
    steps = []
    for token in tokens:
        if token.type == "bullet_list_open" and token.level == 0:
            problems.append(
                Problem(
                    path,
                    token.map[0] + 1,
                    "steps must be numbered (1., 2., ...)",
                    "write each step as '1. **Say:** ...' or '1. **Do:** ...'",
                )
            )
        if token.type != "inline" or token.level != 3:
            continue
        kind, _sep, text = plain_text(token).partition(":")
        if kind.strip().lower() not in KINDS or not text.strip():
            problems.append(
                Problem(
                    path,
                    token.map[0] + 1,
                    "a step must start with 'Do:' or 'Say:'",
                    "say whether the facilitator does this or says it",
                )
            )
            continue
        steps.append(Step(KINDS[kind.strip().lower()], text.strip()))
    if not steps and not problems:
        problems.append(
            Problem(
                path,
                1,
                "the activity has no steps",
                "add numbered steps: '1. **Say:** ...', '2. **Do:** ...'",
            )
        )
    return tuple(steps)
