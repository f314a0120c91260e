"""The manifest kept beside built files: what was built, from what, and its fingerprint.

A file that no longer matches its fingerprint was edited after it was built; the next build
leaves it alone unless told ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from toolkit.config import BuildConfig
from toolkit.content.resources import builtin_dir
from toolkit.content.sources import files_in

NAME = ".toolkit-manifest.json"


def fingerprint(path: Path) -> str:
    """Return the SHA-256 of the file at ``path`` (read a piece at a time)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def inputs_fingerprint(paths: Iterable[Path]) -> dict[str, str]:
    """Return ``{path: SHA-256}`` for the input files that exist (content, profile...)."""
    return {str(p): fingerprint(p) for p in sorted(set(paths)) if p.is_file()}


def build_inputs(config: BuildConfig) -> dict[str, str]:
    """Return the fingerprints of everything a build reads: content, templates, profile,
    and the framework (the built-in one only when no other is given)."""
    folders = [builtin_dir("content"), builtin_dir("templates")]
    folders += [f for f in (config.content, config.templates) if f is not None]
    files = [p for folder in folders for p in files_in(folder, [""], recursive=True)]
    frameworks = builtin_dir("content") / "frameworks"
    if config.framework is not None:
        files = [p for p in files if not p.is_relative_to(frameworks)]
    given = (config.framework, config.partnership.path, config.docx_template)
    house = (
        config.pptx_template,
        config.partnership.docx_template,
        config.partnership.pptx_template,
    )
    files += [Path(p) for p in (*given, *house) if p]
    return inputs_fingerprint(files)


EDITED = "changed since it was built"
UNKNOWN = "not made by the toolkit (the folder's manifest does not list it)"


def files_in_the_way(targets: Iterable[Path]) -> list[tuple[Path, str]]:
    """Return ``(target, why)`` for each of ``targets`` that exists and that the manifest
    does not vouch for: ``EDITED`` since the last build wrote it, or ``UNKNOWN`` (never
    written by the toolkit, or its manifest was lost). Such files must not be replaced
    silently."""
    found = []
    manifests: dict[Path, dict] = {}  # each folder's manifest, read once
    for target in targets:
        if target.name == NAME or not os.path.lexists(target):
            continue
        if target.parent not in manifests:
            manifests[target.parent] = _read(target.parent)
        recorded = manifests[target.parent].get(target.name, {}).get("sha256")
        if not recorded or not target.is_file() or target.is_symlink():
            found.append((target, UNKNOWN))
        elif recorded != fingerprint(target):
            found.append((target, EDITED))
    return found


def edited_files(targets: Iterable[Path]) -> list[Path]:
    """Return the ``targets`` that exist and that the manifest does not vouch for."""
    return [target for target, _why in files_in_the_way(targets)]


def write_manifests(
    stage: Path, out: Path, files: Iterable[Path], inputs: dict[str, str]
) -> list[Path]:
    """Write, into the staging folder, the manifest each output folder will have once the
    staged ``files`` are moved from ``stage`` into ``out``: its old entries, updated with
    each new file's fingerprint and the inputs it was built from. Return the manifests."""
    by_folder: dict[Path, list[Path]] = {}
    for file in files:
        by_folder.setdefault(file.parent, []).append(file)
    for folder, staged in by_folder.items():
        entries = _read(out / folder.relative_to(stage))
        for file in staged:
            entries[file.name] = {"sha256": fingerprint(file), "built_from": inputs}
        (folder / NAME).write_text(
            json.dumps(entries, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return [folder / NAME for folder in by_folder]


def _read(folder: Path) -> dict:
    """Return the folder's manifest (empty when it is missing or damaged: then no file in
    the folder is vouched for)."""
    try:
        entries = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(v, dict)}
