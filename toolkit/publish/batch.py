"""Build many packs (profiles x sessions) in parallel; one failure never stops the others."""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.config import BuildConfig
from toolkit.content.audiences import load_audiences, select, wants_all
from toolkit.content.formats import load_formats
from toolkit.content.profile import load_profile
from toolkit.content.slugs import safe_slug
from toolkit.content.sources import files_in
from toolkit.errors import ConfigError, ToolkitError
from toolkit.model import Partnership
from toolkit.publish.signals import STOPS, blocked_signals, die_with_parent, undo_on_interrupt

Builder = Callable[[BuildConfig], Any]  # toolkit.api.build, given by the caller


@dataclass(frozen=True)
class Job:
    """One pack to build: a partnership's session (or an audience asked for by name)."""

    label: str
    config: BuildConfig


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the files written, or why it failed."""

    label: str
    files: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    kept: tuple[tuple[Path, Path], ...] = ()
    notes: tuple[str, ...] = ()


def profile_paths(arguments: Iterable[Path]) -> list[Path]:
    """Return the profiles named, each once: files as given, folders expanded to their
    ``*.toml`` files."""
    paths: list[Path] = []
    for argument in arguments:
        paths += files_in(argument, [".toml"]) if argument.is_dir() else [argument]
    return list({path.resolve(): path for path in reversed(paths)}.values())[::-1]


def plan_jobs(profiles: Iterable[Path], base: BuildConfig) -> tuple[list[Job], list[Outcome]]:
    """Return the jobs for ``profiles``, and a failed outcome for each unreadable profile.

    Raises ``ContentError`` if the audience files themselves are wrong, and ``ConfigError``
    (before anything is built) for an unknown audience, or for two profiles whose packs
    would go into the same folder.
    """
    audiences = load_audiences(base.content)
    formats = load_formats(base.content)
    asked = base.audiences and not wants_all(base.audiences)
    names = select(base.audiences, audiences) if asked else ()
    jobs: list[Job] = []
    failures: list[Outcome] = []
    owners: dict[str, tuple[Path, str]] = {}
    for path in profiles:
        try:
            partnership = load_profile(path, audiences, formats)
        except ToolkitError as error:
            failures.append(Outcome(str(path), errors=_messages(error, str(path))))
            continue
        _one_folder_each(path, partnership, owners, base.out)
        jobs += _jobs_for(partnership, base, tuple(a.slug for a in names))
    return jobs, failures


def _one_folder_each(
    path: Path, partnership: Partnership, owners: dict[str, tuple[Path, str]], out: Path
) -> None:
    """Raise ``ConfigError`` if another profile's packs go into this profile's folder."""
    owner = safe_slug(partnership.name)
    if owner in owners:
        other, name = owners[owner]
        raise ConfigError(
            f"{other} ('{name}') and {path} ('{partnership.name}') would both be built "
            f"into {out / owner}, and one would replace the other; nothing was built. "
            "Give one of the partnerships another name, or build them into different "
            "--out folders"
        )
    owners[owner] = (path, partnership.name)


def _jobs_for(partnership: Partnership, base: BuildConfig, slugs: tuple[str, ...]) -> list[Job]:
    """Return one job per audience asked for (``slugs``), else one per session in the
    profile."""
    owner = safe_slug(partnership.name)
    names = base.audiences
    if slugs:
        return [
            Job(f"{owner}/{slug}", replace(base, partnership=partnership, audiences=(slug,)))
            for slug in slugs
        ]
    if names or not partnership.sessions:
        return [
            Job(f"{owner}/{'all' if names else 'default'}", replace(base, partnership=partnership))
        ]
    return [
        Job(
            f"{owner}/{session.audience}",
            replace(base, partnership=replace(partnership, sessions=(session,))),
        )
        for session in partnership.sessions
    ]


def run_jobs(
    jobs: list[Job],
    build: Builder,
    workers: int,
    on_done: Callable[[Outcome], None],
    debug: bool = False,
) -> list[Outcome]:
    """Build every job with ``build`` (``toolkit.api.build``), ``workers`` at a time,
    calling ``on_done`` as each finishes.

    Returns the outcomes in the order of ``jobs``.
    """
    if workers <= 1 or len(jobs) <= 1:
        outcomes = []
        for job in jobs:
            outcomes.append(run_job(job, build, debug))
            on_done(outcomes[-1])
        return outcomes
    results: dict[int, Outcome] = {}
    with undo_on_interrupt():
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            with blocked_signals():  # until every worker started is known to the pool
                futures = {pool.submit(run_job, job, build, debug): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                on_done(results[futures[future]])
            pool.shutdown()
        except BaseException:  # Ctrl-C: packs being built finish (each whole), no more
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [results[i] for i in range(len(jobs))]


def _start_worker(parent: int) -> None:
    """Make a worker process ignore Ctrl-C, which reaches every process of the terminal:
    the main process stops the batch, and a pack being built finishes whole. The worker
    dies with the main process if that is killed outright."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # forked while they were blocked
    die_with_parent(parent)


def run_job(job: Job, build: Builder, debug: bool = False) -> Outcome:
    """Build one job with ``build``; return its outcome, never raising for a pack that
    fails."""
    try:
        result = build(job.config)
    except ToolkitError as error:
        messages = _messages(error, job.label)
        if debug:
            messages += (traceback.format_exc(),)
        return Outcome(job.label, errors=messages)
    except Exception as error:  # a bug must not stop the other packs; report it
        detail = traceback.format_exc() if debug else f"{type(error).__name__}: {error}"
        return Outcome(
            job.label, errors=(f"{job.label}: unexpected error (please report it): {detail}",)
        )
    return Outcome(job.label, result.files, result.warnings, kept=result.kept, notes=result.notes)


def _messages(error: ToolkitError, label: str) -> tuple[str, ...]:
    """Return one line per problem; problems already name their file and line."""
    problems = getattr(error, "problems", ())
    if problems:
        return tuple(str(p) for p in problems)
    return (f"{label}: {error.format_message()}",)
