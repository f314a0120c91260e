"""Read audience files (``content/audiences/*.md``) and choose audiences by name.

An audience file has YAML front matter (name, description, aliases, questions, minutes,
participants, activities, framework, format, default) and two Markdown sections: ``# Why this
matters to you`` (paragraphs) and ``# Rewordings``: bullets of the form ``q3.4: new words``,
where the ID is a question (``q3``), a prompt (``q3.4``), a lead-in (``q3.lead-in``) or the
framework's purpose (``intro``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from toolkit.config import MAX_MINUTES
from toolkit.content import markdown
from toolkit.content.frontmatter import read_meta
from toolkit.content.resources import builtin_dir, read_builtin_then_yours
from toolkit.content.slugs import nearest
from toolkit.content.sources import read_text
from toolkit.errors import ConfigError, ContentError, Problem
from toolkit.model import WORDS, Activity, Audience, Framework

FRONT_MATTER_SCHEMA = {
    "name": str,
    "description": str,
    "aliases": list,
    "questions": object,
    "minutes": int,
    "participants": str,
    "activities": list,
    "framework": str,
    "format": str,
    "words": dict,
    "default": bool,
    "order": int,
}
REQUIRED = ("name", "description", "questions")
SECTIONS = {"why this matters to you": "intro", "rewordings": "rewordings"}
LEAD_IN = "lead-in"


def audiences_dir() -> Path:
    """Return the folder of built-in audience files."""
    return builtin_dir("content") / "audiences"


def load_audiences(content: Path | None = None) -> tuple[Audience, ...]:
    """Return the built-in audiences and those in ``content/audiences``, default first.

    A file in ``content/audiences`` replaces the built-in audience of the same file name.
    Raises ``ContentError`` listing every problem in every file.
    """
    audiences, problems = read_audiences(content)
    if problems:
        raise ContentError(problems)
    return audiences


def read_audiences(
    content: Path | None = None, language: str = "en"
) -> tuple[tuple[Audience, ...], list[Problem]]:
    """Return the audiences (as ``load_audiences``) and every problem in their files,
    without raising, so that later checks can report theirs at the same time."""
    audiences, problems = read_builtin_then_yours("audiences", content, _read, language)
    problems += _clashes(audiences)
    return tuple(sorted(audiences, key=lambda a: (not a.default, a.order, a.slug))), problems


def check_audience(audience: Audience, framework: Framework) -> list[Problem]:
    """Return the problems of using ``audience`` with ``framework``: unknown IDs and so on."""
    if not fits(audience, framework):
        return []
    path = audience.path
    known = {q.id for q in framework.questions}
    items = known | {p.id for p in framework.prompts} | {f"{q}.{LEAD_IN}" for q in known}
    items.add("intro")
    where = f"in the framework '{framework.slug}'"
    listed = [
        ("questions", qid, known, f"question '{qid}' is not {where}")
        for qid in audience.question_ids
    ]
    listed += [
        ("rewording", item, items, f"rewording for '{item}', which is not {where}")
        for item, _text in audience.rewordings
    ]
    return [
        Problem(path, audience.line_of(f"{key}:{item}"), message, _nearest(item, ids))
        for key, item, ids, message in listed
        if item not in ids
    ]


def check_activities(audience: Audience, activities: Sequence[Activity]) -> list[Problem]:
    """Return a problem for each activity the audience names that does not exist."""
    known = sorted(a.slug for a in activities)
    listed = f"the activities are: {', '.join(known)} (see 'toolkit activities')"
    return [
        Problem(
            audience.path,
            audience.line_of("activities"),
            f"unknown activity '{slug}'",
            f"{_nearest(slug, known, '')} {listed}".strip(),
        )
        for slug in audience.activities
        if slug not in known
    ]


def for_framework(audience: Audience, framework: Framework) -> Audience:
    """Return ``audience`` as it is used with ``framework``.

    An audience written for the framework (or for any framework) keeps its questions and
    words; with another framework it takes the questions the framework chooses for it
    (else all of them) in the framework's own words, since its rewordings are of
    another framework's questions.
    """
    chosen = framework.questions_for(audience.slug)
    if fits(audience, framework):
        return replace(audience, question_ids=audience.question_ids or chosen)
    return replace(audience, question_ids=chosen, rewordings=())


def fits(audience: Audience, framework: Framework) -> bool:
    """Return whether ``audience`` is written for ``framework`` (or for any framework)."""
    if not audience.framework:
        return True
    wanted = markdown.match_key(audience.framework)
    return wanted in (markdown.match_key(framework.slug), markdown.match_key(framework.title))


def select(names: Sequence[str], audiences: Sequence[Audience]) -> tuple[Audience, ...]:
    """Return the audiences called ``names`` (slugs or aliases; ``all`` for every one).

    With no names, return the default audience. Raises ``ConfigError`` for an unknown name,
    listing the audiences and suggesting the nearest.
    """
    if not names:
        return (next((a for a in audiences if a.default), audiences[0]),)
    if wants_all(names):
        return tuple(audiences)
    by_name = {n: a for a in audiences for n in a.names}
    chosen: list[Audience] = []
    for name in names:
        audience = by_name.get(markdown.slugify(name))
        if audience is None:
            raise ConfigError(_unknown(name, audiences))
        if audience not in chosen:
            chosen.append(audience)
    return tuple(chosen)


def wants_all(names: Sequence[str]) -> bool:
    """Return whether ``names`` asks for every audience (``all``, in any case)."""
    return any(n.strip().lower() == "all" for n in names)


def _unknown(name: str, audiences: Sequence[Audience]) -> str:
    close = nearest(markdown.slugify(name), (n for a in audiences for n in a.names))
    hint = f"did you mean '{close}'? " if close else ""
    listed = ", ".join(a.slug for a in audiences)
    return f"unknown audience '{name}'; {hint}choose one of: {listed} (or 'all')"


def _nearest(
    value: str,
    choices: Iterable[str],
    otherwise: str = "use the IDs that 'toolkit audiences' lists",
) -> str:
    close = nearest(value, sorted(choices))
    return f"did you mean '{close}'?" if close else otherwise


@dataclass
class _Sections:
    intro: list[str] = field(default_factory=list)
    rewordings: list[tuple[str, str, int]] = field(default_factory=list)


def _read(path: Path) -> tuple[Audience, list[Problem]]:
    text = read_text(path, "audience")
    tokens = markdown.parser().parse(text)
    problems: list[Problem] = markdown.lost_markup_problems(path, tokens, text)
    read, meta_line, key_lines = _meta(
        path, tokens, problems, markdown.unclosed_front_matter(tokens, text)
    )
    meta = read or {}
    sections = _sections(path, tokens, problems)
    for key in REQUIRED if read is not None else ():  # unreadable: said once already
        if key not in meta:
            problems.append(
                Problem(
                    path,
                    meta_line,
                    f"front matter has no '{key}'",
                    f"add a line '{key}: ...' between the --- lines",
                )
            )
    question_ids = _question_ids(path, meta.get("questions", "all"), key_lines, problems)
    lines = {f"rewording:{i}": line for i, _t, line in sections.rewordings}
    lines.update({f"questions:{q}": key_lines.get("questions", meta_line) for q in question_ids})
    lines["activities"] = key_lines.get("activities", meta_line)
    lines["format"] = key_lines.get("format", meta_line)
    lines["minutes"] = key_lines.get("minutes", meta_line)
    minutes = meta.get("minutes", 120)
    if not 0 < minutes <= MAX_MINUTES:
        problems.append(
            Problem(
                path,
                key_lines.get("minutes", meta_line),
                f"minutes must be a whole number from 1 to {MAX_MINUTES} (8 hours), not {minutes}",
            )
        )
    audience = Audience(
        slug=markdown.slugify(path.stem),
        name=str(meta.get("name", path.stem)),
        description=str(meta.get("description", "")),
        aliases=tuple(markdown.slugify(str(a)) for a in meta.get("aliases", [])),
        question_ids=question_ids,
        rewordings=tuple((i, t) for i, t, _line in sections.rewordings),
        intro="\n\n".join(sections.intro),
        minutes=minutes,
        participants=str(meta.get("participants", "participants")),
        activities=tuple(str(a) for a in meta.get("activities", [])),
        framework=str(meta.get("framework", "")),
        format=markdown.slugify(str(meta.get("format", "workshop"))),
        words=_words(path, meta.get("words", {}), key_lines.get("words", meta_line), problems),
        default=bool(meta.get("default", False)),
        order=meta.get("order", 0),
        path=str(path),
        lines=tuple(sorted(lines.items())),
    )
    return audience, problems


def _meta(
    path: Path, tokens: list[Token], problems: list[Problem], unclosed: bool
) -> tuple[dict | None, int, dict[str, int]]:
    """Return the front matter (see ``frontmatter.read_meta``)."""
    missing = (
        "the audience file has no front matter",
        "start it with --- lines holding name, description and questions",
    )
    return read_meta(path, tokens, problems, FRONT_MATTER_SCHEMA, missing, unclosed)


def _words(
    path: Path, given: dict, line: int, problems: list[Problem]
) -> tuple[tuple[str, str], ...]:
    """Return the audience's own phrases (those of ``WORDS`` it rewords)."""
    for key, value in given.items():
        if key not in WORDS:
            close = nearest(str(key), WORDS)
            hint = f"did you mean '{close}'? " if close else ""
            problems.append(
                Problem(
                    path,
                    line,
                    f"words has an unknown phrase '{key}'",
                    f"{hint}the phrases are: {', '.join(WORDS)}",
                )
            )
        elif not isinstance(value, str) and value is not None:
            problems.append(Problem(path, line, f"words gives '{key}' as '{value}', not text"))
    return tuple((key, str(value or "")) for key, value in given.items() if key in WORDS)


def _question_ids(
    path: Path, value: object, key_lines: dict[str, int], problems: list[Problem]
) -> tuple[str, ...]:
    line = key_lines.get("questions", 1)
    if value == "all":
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(
            Problem(
                path,
                line,
                "questions must be 'all' or a list of question IDs",
                "for example: questions: [q2, q3, q1]",
            )
        )
        return ()
    if not value:
        problems.append(
            Problem(
                path,
                line,
                "the question set is empty",
                "list at least one question ID, or write 'questions: all'",
            )
        )
        return ()
    duplicates = sorted({v for v in value if value.count(v) > 1})
    if duplicates:
        problems.append(
            Problem(
                path,
                line,
                f"questions lists {', '.join(duplicates)} twice",
                "list each question once, in the order you want them",
            )
        )
    return tuple(dict.fromkeys(value))


def _sections(path: Path, tokens: list[Token], problems: list[Problem]) -> _Sections:
    sections = _Sections()
    current = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open":
            title = markdown.plain_text(tokens[i + 1])
            current = SECTIONS.get(markdown.match_key(title))
            if current is None:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"unknown section '{title}'",
                        "use '# Why this matters to you' and '# Rewordings'",
                    )
                )
            i += 3
            continue
        end = markdown.closing_index(tokens, i)
        if token.type == "paragraph_open" and current == "intro":
            sections.intro.append(markdown.plain_text(tokens[i + 1]))
        elif token.type == "bullet_list_open" and current == "rewordings":
            sections.rewordings += _rewordings(path, tokens[i:end], problems)
        elif token.type not in ("front_matter", "html_block") and token.nesting != -1 and current:
            problems.append(
                Problem(
                    path,
                    line,
                    f"this does not belong under '{current}'",
                    "write paragraphs under 'Why this matters to you' and "
                    "'- q1: new words' bullets under 'Rewordings'",
                )
            )
        i = end + 1
    return sections


def _rewordings(
    path: Path, tokens: list[Token], problems: list[Problem]
) -> list[tuple[str, str, int]]:
    found = []
    seen: dict[str, int] = {}
    for token in tokens:
        if token.type != "inline" or token.level != 3:
            continue
        line = token.map[0] + 1
        item_id, sep, words = markdown.plain_text(token).partition(":")
        item_id, words = item_id.strip().lower(), markdown.squash(words)
        if not sep or not words or " " in item_id:
            problems.append(
                Problem(
                    path,
                    line,
                    "a rewording must look like 'q3.4: new words'",
                    "start the bullet with the question or prompt ID and a colon",
                )
            )
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    f"'{item_id}' is reworded twice (first at line {seen[item_id]})",
                    "keep one of them",
                )
            )
            continue
        seen[item_id] = line
        found.append((item_id, words, line))
    return found


def _clashes(audiences: Iterable[Audience]) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    defaults = []
    for audience in audiences:
        if audience.default:
            defaults.append(audience)
        for name in audience.names:
            if name in owner and owner[name] != audience.slug:
                problems.append(
                    Problem(
                        audience.path,
                        0,
                        f"the name '{name}' is also used by the audience '{owner[name]}'",
                        "give each audience its own aliases",
                    )
                )
            owner.setdefault(name, audience.slug)
    if len(defaults) > 1:
        problems.append(
            Problem(
                defaults[1].path,
                0,
                "more than one audience says "
                f"'default: true' ({', '.join(a.slug for a in defaults)})",
                "keep 'default: true' in one audience file only",
            )
        )
    return problems
