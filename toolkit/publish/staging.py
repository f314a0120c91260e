"""Putting built files into the output folder: staged first, then moved in all at once.

Nothing people made is lost on the way: a file in the way that the folder's manifest does
not vouch for (edited since it was built, or never built by the toolkit) stops the build
unless ``--force``, and a results spreadsheet with ratings typed in is never replaced, even
with ``--force``: it is moved to a dated copy beside it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ConfigError, OutputError
from toolkit.publish.manifest import files_in_the_way, write_manifests
from toolkit.publish.signals import held_signals, undo_on_interrupt

STAGE_PREFIX = ".toolkit-build-"  # then the building process's ID


@dataclass
class Stage:
    """A staging folder, and what moving its files into place kept aside.

    ``typed_in`` are the paths (relative to the output folder) of files people type into;
    ``kept`` lists ``(file, copy)`` for each such file that was moved to a dated copy.
    """

    path: Path
    typed_in: Collection[str] = ()
    kept: list[tuple[Path, Path]] = field(default_factory=list)


@contextmanager
def staged(
    out: Path,
    force: bool = False,
    inputs: dict[str, str] | None = None,
    typed_in: Collection[str] = (),
) -> Iterator[Stage]:
    """Yield an empty staging folder; when the block succeeds, move its files into ``out``.

    The staging folder sits inside ``out`` so the moves stay on one file system. A file in
    ``out`` that the manifest does not vouch for is not replaced unless ``force``:
    ``OutputError`` names it and nothing is moved. Files named in ``typed_in`` that differ
    from the new ones are kept as dated copies even then. The manifest records what was
    written, from what. On any failure the folder is left as it was.
    """
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder; choose another --out")
    new_folders = _missing_folders(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_stages(out)
        stage = Stage(
            Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=out)), typed_in
        )
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    try:
        with undo_on_interrupt():
            yield stage
            _publish(stage, out, force, inputs or {})
    except OSError as exc:
        _remove_empty(stage.path, new_folders)
        raise OutputError(
            f"{exc.filename or out}: cannot write ({exc.strerror}); "
            "nothing in the output folder was changed. If the file is open (in PowerPoint "
            "or Word, say), close it and build again"
        ) from None
    except BaseException:
        _remove_empty(stage.path, new_folders)
        raise
    shutil.rmtree(stage.path, ignore_errors=True)


def _publish(stage: Stage, out: Path, force: bool, inputs: dict[str, str]) -> None:
    """Move the staged files into ``out`` with their manifests, guarding what is there."""
    items = sorted(p for p in stage.path.rglob("*") if p.is_file())
    targets = {out / item.relative_to(stage.path): item for item in items}
    in_the_way = files_in_the_way(targets)
    if in_the_way and not force:
        raise OutputError(_refusal(in_the_way))
    keep = {
        target
        for target, _why in in_the_way
        if target.relative_to(out).as_posix() in stage.typed_in
        and not _same(target, targets[target])
    }
    items = sorted([*items, *write_manifests(stage.path, out, items, inputs)])
    with held_signals():  # stopping half-way through the moves would mix two packs
        stage.kept += _move_into_place(stage.path, out, items, keep)


def _refusal(in_the_way: Sequence[tuple[Path, str]]) -> str:
    """Return the message refusing to replace the files ``in_the_way``."""
    listed = "\n       ".join(f"{path}: {why}" for path, why in in_the_way)
    if len(in_the_way) == 1:
        return (
            f"{listed}; it was left as it is, and nothing was written. Move it elsewhere, "
            "or run again with --force to replace it (typed-in ratings are always kept)"
        )
    return (
        f"{listed}\n       these were left as they are, and nothing was written. Move them "
        "elsewhere, or run again with --force to replace them (typed-in ratings are "
        "always kept)"
    )


def _same(target: Path, new: Path) -> bool:
    """Return whether the file in the way holds exactly what would replace it."""
    try:
        return target.is_file() and filecmp.cmp(target, new, shallow=False)
    except OSError:
        return False


def _move_into_place(
    stage: Path, out: Path, items: Sequence[Path], keep: Collection[Path] = ()
) -> list[tuple[Path, Path]]:
    """Move the staged ``items`` to the same places under ``out``, all or none; return
    ``(file, copy)`` for each file of ``keep`` moved to a dated copy beside it.

    Each other file it replaces is first set aside inside the staging folder. Raises
    ``OSError`` if a move fails (a file open in another program, say) after putting back
    everything already moved.
    """
    aside = Path(tempfile.mkdtemp(prefix="replaced-", dir=stage))
    done: list[tuple[Path, Path]] = []  # (from, to) of every move so far, to undo
    kept = []
    try:
        for number, item in enumerate(items):
            target = out / item.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(target):
                away = _kept_copy(target) if target in keep else aside / str(number)
                os.replace(target, away)
                done.append((target, away))
                if target in keep:
                    kept.append((target, away))
            os.replace(item, target)
            done.append((item, target))
    except OSError:
        for source, destination in reversed(done):
            with suppress(OSError):
                os.replace(destination, source)
        raise
    return kept


def _kept_copy(path: Path) -> Path:
    """Return a free name for a dated copy of ``path``: ``x-results-kept-2027-03-14.csv``,
    then ``...-2.csv`` and so on."""
    stem = f"{path.stem}-kept-{dt.date.today().isoformat()}"
    candidate = path.with_name(f"{stem}{path.suffix}")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{stem}-{number}{path.suffix}")
    return candidate


def _missing_folders(out: Path) -> list[Path]:
    """Return the folders that making ``out`` would create, deepest first."""
    missing = []
    for folder in (out, *out.parents):
        if folder.exists():
            break
        missing.append(folder)
    return missing


def _remove_empty(stage: Path, folders: Sequence[Path]) -> None:
    """Remove the staging folder, then ``folders`` (made by this build) where empty, so a
    failed build leaves no trace."""
    shutil.rmtree(stage, ignore_errors=True)
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty (something else was put there), or gone
            return


def _remove_abandoned_stages(out: Path) -> None:
    """Delete staging folders left in ``out`` by builds that were killed outright (a kill
    that Python cannot catch); those of builds still running are left alone."""
    if os.name != "posix":  # no safe way there to ask whether a process is alive
        return
    for stage in out.glob(f"{STAGE_PREFIX}*"):
        owner = stage.name[len(STAGE_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(stage, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
