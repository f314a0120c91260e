"""The content a build reads besides the framework: audiences and activities, read
together so that every problem in them is reported in one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.content.activities import read_activities
from toolkit.content.audiences import check_activities, check_audience, fits, read_audiences
from toolkit.content.sources import files_in
from toolkit.errors import ContentError, Problem
from toolkit.model import Activity, Audience, Framework

FOLDERS = ("audiences", "activities")


@dataclass(frozen=True)
class Content:
    """Every activity and audience, and the audiences written for the framework."""

    activities: tuple[Activity, ...]
    audiences: tuple[Audience, ...]
    usable: tuple[Audience, ...]


def load_content(framework: Framework, folder: Path | None = None) -> Content:
    """Return the built-in audiences and activities with those in ``folder`` (a
    ``--content`` folder holding ``audiences/`` and ``activities/``).

    Raises ``ContentError`` listing every problem at once: in the files themselves, and
    in how the audiences fit the framework (question IDs, rewordings, activities).
    """
    problems = folder_problems(folder)
    activities, found = read_activities(folder)
    audiences, more = read_audiences(folder)
    problems += found + more
    usable = tuple(a for a in audiences if fits(a, framework))
    problems += [p for a in usable for p in check_audience(a, framework)]
    problems += [p for a in usable for p in check_activities(a, activities)]
    if problems:
        raise ContentError(problems)
    return Content(activities, audiences, usable)


def file_problems(folder: Path | None = None) -> list[Problem]:
    """Return the problems in the audience and activity files alone (for when the
    framework they would be checked against cannot be read)."""
    _activities, problems = read_activities(folder)
    _audiences, more = read_audiences(folder)
    return folder_problems(folder) + problems + more


def folder_problems(folder: Path | None) -> list[Problem]:
    """Return a problem if ``folder`` holds no audience or activity files where the
    toolkit looks for them (so that nothing in it would be used, silently)."""
    if folder is None or any(files_in(folder / name, [".md"]) for name in FOLDERS):
        return []
    loose = files_in(folder, [".md"])
    seen = f" (it holds {len(loose)} .md file(s) directly, which are not read)" if loose else ""
    return [
        Problem(
            folder,
            0,
            f"no audience or activity files found in {folder / 'audiences'} or "
            f"{folder / 'activities'}{seen}",
            f"put audience files in {folder / 'audiences'} and activity files in "
            f"{folder / 'activities'}",
        )
    ]
