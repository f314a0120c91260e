"""The manifest kept beside built files: what was built, from what, and its fingerprint.

A file that no longer matches its fingerprint was edited after it was built; the next build
leaves it alone unless told ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

NAME = ".toolkit-manifest.json"


def fingerprint(path: Path) -> str:
    """Return the SHA-256 of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs_fingerprint(paths: Iterable[Path]) -> dict[str, str]:
    """Return ``{path: SHA-256}`` for the input files that exist (content, profile...)."""
    return {str(p): fingerprint(p) for p in sorted(set(paths)) if p.is_file()}


def edited_files(targets: Iterable[Path]) -> list[Path]:
    """Return the ``targets`` that exist and differ from what the last build wrote."""
    edited = []
    manifests: dict[Path, dict] = {}  # each folder's manifest, read once
    for target in targets:
        if not target.is_file():
            continue
        if target.parent not in manifests:
            manifests[target.parent] = _read(target.parent)
        recorded = manifests[target.parent].get(target.name, {}).get("sha256")
        if recorded and recorded != fingerprint(target):
            edited.append(target)
    return edited


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
    try:
        return json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
