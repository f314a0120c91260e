"""Names: safe, stable names for folders and files made from people's names, and the
nearest known name to a mistyped one (every "did you mean" the toolkit says)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from toolkit.content.markdown import slugify

MAX_LENGTH = 60
# Names Windows refuses for files and folders, whatever the extension.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_slug(name: str, fallback: str = "partnership") -> str:
    """Return a lower-case ASCII slug of ``name`` that is safe as a file or folder name.

    No separators or dots, never empty, never a name Windows reserves, at most 60
    characters, and the same for the same name every time.
    """
    slug = slugify(name) if name.strip() else ""
    if slug == "item" and not any(c.isalnum() for c in name):
        slug = ""
    slug = slug[:MAX_LENGTH].rstrip("-") or fallback
    if slug in _RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def nearest(value: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return the name in ``known`` most like ``value`` (``None`` if none is like it at
    least ``cutoff``, from 0 to 1)."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None
