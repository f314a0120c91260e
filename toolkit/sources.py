"""Reading user-edited text files safely: UTF-8, no characters Office files cannot hold."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from toolkit.errors import ContentError, Problem

# XML 1.0 (and so every Office file) cannot hold C0 control characters other than
# tab, line feed and carriage return.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def read_text(path: Path) -> str:
    """Return the file's text with line endings normalised and any BOM removed.

    Raises ``ContentError`` when the file is missing, is not UTF-8, or holds control
    characters; each problem names the line.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([Problem(path, 0, "file not found", "check the path")]) from None
    except OSError as exc:
        raise ContentError([Problem(path, 0, f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read)",
                    "save it as UTF-8: in most editors, 'Save as' then 'Encoding: UTF-8'",
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = control_character_problems(path, text)
    if problems:
        raise ContentError(problems)
    return text


def control_character_problems(path: Path | str, text: str) -> list[Problem]:
    """Return a problem for each line holding characters Office files cannot store."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        names = forbidden_characters(line)
        if names:
            column = next(i for i, c in enumerate(line, start=1) if _is_forbidden(c))
            problems.append(
                Problem(
                    path,
                    number,
                    f"column {column}: control character {names} cannot go into Office files",
                    "delete it (it is often pasted in invisibly from another program)",
                )
            )
    return problems


def forbidden_characters(text: str) -> str:
    """Return the characters in ``text`` that Office files cannot store, named like
    ``U+001B, U+0080`` (empty when there are none)."""
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(c for c in text if _is_forbidden(c)))


def _is_forbidden(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) == "Cc" or char in "\ufffe\uffff"
