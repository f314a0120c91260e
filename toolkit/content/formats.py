"""Read session format files (``content/formats/*.md``): how a session is run, as content.

Front matter: name, description, shortest, longest and minutes (the usual length),
together (how people discuss: "at your table"), table_size (0: the whole group together),
participants (the usual number), outputs (the pack's documents), activities (used where an
audience's own do not suit the format), timing (minutes of each part of the session) and
order. Body: ``# Room set-up``, a bulleted list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markdown_it.token import Token

from toolkit.config import MAX_MINUTES, OUTPUTS
from toolkit.content import markdown
from toolkit.content.frontmatter import read_meta
from toolkit.content.resources import read_builtin_then_yours
from toolkit.content.slugs import nearest
from toolkit.content.sources import read_text
from toolkit.errors import ConfigError, ContentError, Problem
from toolkit.model import TIMED_PARTS, Activity, Format

FRONT_MATTER_SCHEMA = {
    "name": str,
    "description": str,
    "shortest": int,
    "longest": int,
    "minutes": int,
    "together": str,
    "table_size": int,
    "participants": int,
    "outputs": list,
    "activities": list,
    "timing": dict,
    "order": int,
}
SETUP = "room set-up"


def load_formats(content: Path | None = None) -> tuple[Format, ...]:
    """Return the built-in formats and those in ``content/formats``, in their order.

    Raises ``ContentError`` listing every problem in every file.
    """
    formats, problems = read_formats(content)
    if problems:
        raise ContentError(problems)
    return formats


def read_formats(
    content: Path | None = None, language: str = "en"
) -> tuple[tuple[Format, ...], list[Problem]]:
    """Return the formats (as ``load_formats``) and every problem in their files."""
    formats, problems = read_builtin_then_yours("formats", content, _read, language)
    return tuple(sorted(formats, key=lambda f: (f.order, f.slug))), problems


def check_format_activities(
    formats: Sequence[Format], activities: Sequence[Activity]
) -> list[Problem]:
    """Return a problem for each activity a format names that does not exist, and for
    each use (question, rating, priorities) a format has no activity for."""
    known = {a.slug: a for a in activities}
    problems = []
    for fmt in formats:
        for slug in fmt.activities:
            if slug not in known:
                close = nearest(slug, sorted(known))
                hint = f"did you mean '{close}'? " if close else ""
                problems.append(
                    Problem(
                        fmt.path,
                        fmt.line_of("activities"),
                        f"unknown activity '{slug}'",
                        f"{hint}the activities are: {', '.join(sorted(known))}",
                    )
                )
    return problems


def select_format(name: str, formats: Sequence[Format]) -> Format:
    """Return the format called ``name`` (its file name, in any case).

    Raises ``ConfigError`` naming the formats there are and the nearest.
    """
    slug = markdown.slugify(name)
    for fmt in formats:
        if fmt.slug == slug:
            return fmt
    close = nearest(slug, [f.slug for f in formats])
    hint = f"did you mean '{close}'? " if close else ""
    listed = ", ".join(f.slug for f in formats)
    raise ConfigError(
        f"unknown format '{name}'; {hint}choose one of: {listed} (see 'toolkit formats')"
    )


def _read(path: Path) -> tuple[Format, list[Problem]]:
    text = read_text(path, "format")
    tokens = markdown.parser().parse(text)
    problems: list[Problem] = markdown.lost_markup_problems(path, tokens, text)
    meta, first, lines = _meta(path, tokens, problems, markdown.unclosed_front_matter(tokens, text))

    def problem(key: str, message: str, hint: str = "") -> None:
        problems.append(Problem(path, lines.get(key, first), message, hint))

    for key in FRONT_MATTER_SCHEMA if meta is not None else ():
        if key not in meta and key != "order":
            problem(key, f"front matter has no '{key}'", f"add a line '{key}: ...'")
    meta = meta or {}
    shortest, longest = meta.get("shortest", 1), meta.get("longest", MAX_MINUTES)
    usual = meta.get("minutes", shortest)
    if not 0 < shortest <= usual <= longest <= MAX_MINUTES:
        problem(
            "minutes",
            f"shortest ({shortest}), minutes ({usual}) and longest ({longest}) must each be "
            f"at least the one before, from 1 to {MAX_MINUTES}",
            "for example: shortest: 30, minutes: 45, longest: 75",
        )
    outputs = tuple(str(o) for o in meta.get("outputs", ["deck", "guide"]))
    for name in outputs:
        if name not in OUTPUTS:
            problem("outputs", f"unknown output '{name}'", f"choose from: {', '.join(OUTPUTS)}")
    if "deck" not in outputs or "guide" not in outputs:
        problem("outputs", "outputs must include the deck and the guide", "add deck and guide")
    timing = _timing(meta.get("timing", {}), lambda m, h="": problem("timing", m, h))
    for key in ("table_size", "participants"):
        if meta.get(key, 1) < 0:
            problem(key, f"{key} must be 0 or more")
    fmt = Format(
        slug=markdown.slugify(path.stem),
        name=str(meta.get("name", path.stem)),
        description=str(meta.get("description", "")),
        min_minutes=shortest,
        max_minutes=longest,
        minutes=usual,
        together=str(meta.get("together", "")),
        table_size=meta.get("table_size", 0),
        participants=meta.get("participants", 0) or 12,
        outputs=tuple(o for o in OUTPUTS if o in outputs),
        activities=tuple(str(a) for a in meta.get("activities", [])),
        timing=timing,
        setup=_setup(path, tokens, problems),
        order=meta.get("order", 0),
        path=str(path),
        lines=tuple(sorted(lines.items())),
    )
    return fmt, problems


def _timing(given: dict, problem) -> tuple[tuple[str, int], ...]:
    """Return the minutes of every timed part (0 for those not given), in session order."""
    for key, value in given.items():
        if key not in TIMED_PARTS:
            close = nearest(str(key), TIMED_PARTS)
            hint = f"did you mean '{close}'? " if close else ""
            problem(f"timing has an unknown part '{key}'", f"{hint}parts: {', '.join(TIMED_PARTS)}")
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problem(f"timing gives '{key}' as '{value}'", "give whole minutes, 0 or more")
    timing = {k: v for k, v in given.items() if k in TIMED_PARTS and isinstance(v, int)}
    if timing.get("discuss", 0) < 1:
        problem("timing must give 'discuss' at least 1 minute", "for example: discuss: 3")
    if timing.get("rate", 0) and timing.get("rating", 0):
        problem(
            "timing gives both 'rate' (after each question) and 'rating' (all at the end)",
            "keep one of them",
        )
    return tuple((part, max(0, timing.get(part, 0))) for part in TIMED_PARTS)


def _setup(path: Path, tokens: list[Token], problems: list[Problem]) -> tuple[str, ...]:
    """Return the bullets under ``# Room set-up``."""
    lines: list[str] = []
    current = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = markdown.plain_text(tokens[index + 1])
            current = markdown.match_key(title)
            if current != SETUP:
                problems.append(
                    Problem(
                        path, token.map[0] + 1, f"unknown section '{title}'", "use '# Room set-up'"
                    )
                )
        elif token.type == "inline" and token.level == 3 and current == SETUP:
            lines.append(markdown.squash(markdown.plain_text(token)))
    return tuple(lines)


def _meta(
    path: Path, tokens: list[Token], problems: list[Problem], unclosed: bool
) -> tuple[dict | None, int, dict[str, int]]:
    """Return the front matter (see ``frontmatter.read_meta``)."""
    missing = (
        "the format file has no front matter",
        "start it with --- lines holding name, description, minutes and timing",
    )
    return read_meta(path, tokens, problems, FRONT_MATTER_SCHEMA, missing, unclosed)
