"""Where the built-in content and templates are, installed or in a source checkout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from toolkit.content.sources import files_in, is_translation
from toolkit.content.translated import read_translated
from toolkit.errors import ContentError, Problem

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent.parent  # the toolkit package


def builtin_dir(name: str) -> Path:
    """Return the built-in ``content`` or ``templates`` folder.

    A wheel carries them inside the package (``toolkit/_builtin``); a source checkout or an
    editable install uses the folders at the top of the repository, where people edit them.
    """
    packaged = _PACKAGE / "_builtin" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def default_framework() -> Path:
    """Return the path of the built-in framework file."""
    return builtin_dir("content") / "frameworks" / "partnership-innovation.md"


def read_builtin_then_yours(
    kind: str,
    folder: Path | None,
    read: Callable[[Path], tuple[T, list[Problem]]],
    language: str = "en",
) -> tuple[list[T], list[Problem]]:
    """Return what ``read`` makes of each ``kind`` file (``audiences``, ``activities``):
    the built-in ones, each replaced by a file of the same name in ``folder/kind``, with
    yours added, in order of file name; and every problem in them, without raising.

    For a ``language`` other than English, each is in the words of its translation (see
    ``toolkit.content.translated``), yours winning over the built-in one."""
    files = {p.name: p for p in files_in(builtin_dir("content") / kind, [".md"])}
    if folder is not None:
        files.update({p.name: p for p in files_in(folder / kind, [".md"])})
    files = {name: p for name, p in files.items() if not is_translation(p)}
    made, problems = [], []
    for name in sorted(files):
        try:
            item, found = read(files[name])
        except ContentError as error:
            problems += error.problems
            continue
        if language != "en":
            yours = folder / kind if folder is not None else None
            item, more = read_translated(item, files[name], language, read, yours)
            found = found + more
        made.append(item)
        problems += found
    return made, problems
