"""The content a build reads besides the framework: audiences, activities and formats,
read together so that every problem in them is reported in one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.content.activities import read_activities
from toolkit.content.audiences import (
    check_activities,
    check_audience,
    for_framework,
    read_audiences,
)
from toolkit.content.formats import check_format_activities, read_formats
from toolkit.content.sources import files_in
from toolkit.content.translated import Untranslated
from toolkit.errors import ContentError, Problem
from toolkit.model import Activity, Audience, Format, Framework

FOLDERS = ("audiences", "activities", "formats")


@dataclass(frozen=True)
class Content:
    """Every activity, audience and format; ``usable`` holds every audience as it is used
    with the framework (see ``audiences.for_framework``)."""

    activities: tuple[Activity, ...]
    audiences: tuple[Audience, ...]
    usable: tuple[Audience, ...]
    formats: tuple[Format, ...] = ()
    untranslated: tuple[Problem, ...] = ()  # files with no translation into the language


def load_content(framework: Framework, folder: Path | None = None, language: str = "en") -> Content:
    """Return the built-in audiences, activities and formats with those in ``folder`` (a
    ``--content`` folder holding ``audiences/``, ``activities/`` or ``formats/``), in the
    words of their ``language`` translations unless it is English (files with none are
    kept in English, and listed in ``untranslated``: a pack that uses one refuses it).

    Raises ``ContentError`` listing every problem at once: in the files themselves, and
    in how the audiences fit the framework (question IDs, rewordings, activities).
    """
    problems = folder_problems(folder)
    activities, found = read_activities(folder, language)
    audiences, more = read_audiences(folder, language)
    formats, other = read_formats(folder, language)
    problems += found + more + other
    problems += [p for a in audiences for p in check_audience(a, framework)]
    problems += [p for a in audiences for p in check_activities(a, activities)]
    problems += _unknown_audiences(framework, audiences)
    usable = tuple(for_framework(a, framework) for a in audiences)
    problems += [p for a in audiences for p in _format_problems(a, formats)]
    problems += check_format_activities(formats, activities)
    untranslated = tuple(p for p in problems if isinstance(p, Untranslated))
    problems = [p for p in problems if not isinstance(p, Untranslated)]
    if problems:
        raise ContentError(problems)
    return Content(activities, audiences, usable, formats, untranslated)


def _unknown_audiences(framework: Framework, audiences: tuple[Audience, ...]) -> list[Problem]:
    """Return a problem for each audience the framework's front matter chooses questions
    for that does not exist."""
    known = [a.slug for a in audiences]
    return [
        Problem(
            framework.path,
            framework.line_of("audiences"),
            f"the front matter's audiences names '{slug}', which is not an audience",
            f"the audiences are: {', '.join(known)} (see 'toolkit audiences')",
        )
        for slug, _ids in framework.audience_questions
        if slug not in known
    ]


def _format_problems(audience: Audience, formats: tuple[Format, ...]) -> list[Problem]:
    """Return a problem if the audience's format is unknown or does not take its minutes."""
    fmt = next((f for f in formats if f.slug == audience.format), None)
    if fmt is None:
        known = ", ".join(f.slug for f in formats)
        return [
            Problem(
                audience.path,
                audience.line_of("format"),
                f"unknown format '{audience.format}'",
                f"choose one of: {known} (see 'toolkit formats')",
            )
        ]
    if fmt.min_minutes <= audience.minutes <= fmt.max_minutes:
        return []
    return [
        Problem(
            audience.path,
            audience.line_of("minutes"),
            f"minutes: {audience.minutes} does not suit its format '{fmt.slug}', which takes "
            f"{fmt.min_minutes} to {fmt.max_minutes} minutes",
            "give minutes in that range, or another format",
        )
    ]


def file_problems(folder: Path | None = None) -> list[Problem]:
    """Return the problems in the audience and activity files alone (for when the
    framework they would be checked against cannot be read)."""
    _activities, problems = read_activities(folder)
    _audiences, more = read_audiences(folder)
    _formats, other = read_formats(folder)
    return folder_problems(folder) + problems + more + other


def folder_problems(folder: Path | None) -> list[Problem]:
    """Return a problem if ``folder`` holds no audience, activity or format files where the
    toolkit looks for them (so that nothing in it would be used, silently)."""
    if folder is None or any(files_in(folder / name, [".md"]) for name in FOLDERS):
        return []
    loose = files_in(folder, [".md"])
    seen = f" (it holds {len(loose)} .md file(s) directly, which are not read)" if loose else ""
    return [
        Problem(
            folder,
            0,
            f"no audience, activity or format files found in {folder / 'audiences'}, "
            f"{folder / 'activities'} or {folder / 'formats'}{seen}",
            f"put audience files in {folder / 'audiences'}, activity files in "
            f"{folder / 'activities'} and format files in {folder / 'formats'}",
        )
    ]
