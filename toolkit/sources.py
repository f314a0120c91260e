"""Reading user-edited text files safely: UTF-8, no characters Office files cannot hold."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import ContentError, Problem

# XML 1.0 (and so every Office file) cannot hold the control characters (Unicode's
# category Cc: U+0000 to U+001F and U+007F to U+009F) other than tab, line feed and carriage
# return, nor the non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


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
    if not _FORBIDDEN.search(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        first = _FORBIDDEN.search(line)
        if first:
            problems.append(
                Problem(
                    path,
                    number,
                    f"column {first.start() + 1}: control character "
                    f"{forbidden_characters(line)} cannot go into Office files",
                    "delete it (it is often pasted in invisibly from another program)",
                )
            )
    return problems


def forbidden_characters(text: str) -> str:
    """Return the characters in ``text`` that Office files cannot store, named like
    ``U+001B, U+0080`` (empty when there are none)."""
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(_FORBIDDEN.findall(text)))
