"""Where the built-in content and templates are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

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
