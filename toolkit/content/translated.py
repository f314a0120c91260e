"""Translations of audiences, activities and formats: a file beside the original, named for
its language (``frontline.cy.md`` beside ``frontline.md``), that changes its words and
nothing else.

A translation is read with the original's own reader, so it is written the same way (a
copy of the original with its words translated). What it may change is listed in
``WORDS_OF``; everything else (minutes, question IDs, activities, timing) must be as the
original says, and its lists of words must match the original's item for item, so that a
bilingual page can pair every line with its twin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import TypeVar

from toolkit.content.sources import LANGUAGE_CODE
from toolkit.errors import ContentError, Problem
from toolkit.model import Activity, Audience, Format

T = TypeVar("T")
LANGUAGES = {"cy": "Welsh", "en": "English"}  # names of the languages the toolkit knows

# The fields of each kind that hold words; keyed lists (rewordings, words) and lists
# (steps, materials) must hold the same keys, or as many items, as the original's.
WORDS_OF: dict[type, tuple[str, ...]] = {
    Audience: ("name", "description", "intro", "participants", "rewordings", "words"),
    Activity: ("name", "purpose", "group_size", "materials", "steps", "each_person", "together"),
    Format: ("name", "description", "together", "setup"),
}
_NOT_COMPARED = {"slug", "path", "lines"}  # the slug comes from the file name
# Fields whose front-matter key has another name, for finding its line.
_KEYS = {"min_minutes": "shortest", "max_minutes": "longest", "question_ids": "questions"}


class Untranslated(Problem):
    """A file with no translation into the language asked for: a problem only for the
    packs that use what it holds (``untranslated_in``)."""


def untranslated_in(problems: Iterable[Problem], used: Iterable[object]) -> list[Problem]:
    """Return the ``Untranslated`` problems among ``problems`` of the files ``used`` (items
    with a ``path``: an audience, its activities, its format)."""
    paths = {str(getattr(item, "path", "")) for item in used}
    return [p for p in problems if isinstance(p, Untranslated) and str(p.path) in paths]


def language_name(code: str) -> str:
    """Return the name of language ``code`` ("Welsh"), or the code itself if unknown."""
    return LANGUAGES.get(code, code)


def translation_of(original: Path, language: str, yours: Path | None = None) -> Path | None:
    """Return the file translating ``original`` into ``language``: one in ``yours`` (a
    ``--content`` kind folder) first, else one beside the original; None if there is none."""
    if not LANGUAGE_CODE.match(language):
        return None
    name = f"{original.stem}.{language}.md"
    for folder in (yours, original.parent):
        if folder is not None and (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def read_translated(
    original: T,
    path: Path,
    language: str,
    read: Callable[[Path], tuple[T, list[Problem]]],
    yours: Path | None = None,
) -> tuple[T, list[Problem]]:
    """Return ``original`` in the words of its translation, and every problem: in the
    translation file itself, or where it changes more than words.

    ``path`` is the original's file, ``read`` its reader, ``yours`` a folder whose
    translation wins. A missing translation is a problem that says which file to write.
    """
    found = translation_of(path, language, yours)
    if found is None:
        return original, [
            Untranslated(
                path,
                1,
                f"there is no {language_name(language)} translation of this file",
                f"write {path.stem}.{language}.md beside it: a copy with its words "
                "translated and everything else as it is",
            )
        ]
    try:
        translation, problems = read(found)
    except ContentError as error:
        return original, error.problems
    problems = problems + differences(original, translation, found)
    words = {name: getattr(translation, name) for name in WORDS_OF[type(original)]}
    return replace(original, **words), problems


def differences(original: object, translation: object, path: Path) -> list[Problem]:
    """Return a problem for each thing ``translation`` changes besides words, and each
    list of words that does not match the original's item for item."""
    kind = type(original)
    words = WORDS_OF[kind]

    def line_of(name: str) -> int:
        found = getattr(translation, "line_of", lambda _key: 0)(name)
        return found or _key_line(path, _KEYS.get(name, name))

    source = getattr(original, "path", "") or "the original"
    problems = []
    for field in fields(kind):
        name = field.name
        if name in _NOT_COMPARED:
            continue
        ours, theirs = getattr(original, name), getattr(translation, name)
        if name not in words:
            if ours != theirs:
                problems.append(_problem(path, line_of(name), name, ours, theirs, source))
            continue
        shape, their_shape = _shape(ours), _shape(theirs)
        if shape != their_shape:
            problems.append(
                Problem(
                    path,
                    line_of(name) or 1,
                    f"its {name.replace('_', ' ')} do not match the original's ({source}): "
                    f"{_describe(shape)} there, {_describe(their_shape)} here",
                    "translate each item of the original, in its order, and add none",
                )
            )
    return problems


def _key_line(path: Path, key: str) -> int:
    """Return the line of the file at ``path`` that sets front-matter ``key`` (0 if none
    does); read only when a problem needs its line."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 0


def _problem(path: Path, line: int, name: str, ours, theirs, source) -> Problem:
    return Problem(
        path,
        line or 1,
        f"{name.replace('_', ' ')} is {_show(theirs)} here but {_show(ours)} in the original "
        f"({source}); a translation changes only words",
        f"write {name} as the original does",
    )


def _shape(value: object) -> object:
    """Return what must match between a list of words and its translation: the keys of
    ``(key, words)`` pairs, the kinds of steps and counts of materials, or how many."""
    if not isinstance(value, tuple):
        return None
    shape = []
    for item in value:
        if isinstance(item, tuple) and len(item) == 2:
            shape.append(item[0] if isinstance(item[0], str) else None)
            if isinstance(item[1], int):  # (material, how many): the count must match
                shape[-1] = item[1]
        elif hasattr(item, "kind"):
            shape.append(item.kind)
        else:
            shape.append("item")
    return tuple(shape)


def _describe(shape: object) -> str:
    if not isinstance(shape, tuple):
        return "none"
    keys = [str(s) for s in shape if s not in ("item", None)]
    return f"{len(shape)} ({', '.join(keys)})" if keys else str(len(shape))


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)
