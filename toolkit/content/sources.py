"""Reading the files people give the toolkit, safely.

Every input (framework, audience, activity, profile, template, results spreadsheet, logo)
is read through ``read_input``: it must be a regular file (never a folder, device or pipe,
which could hang a build or fill memory), no larger than its limit, checked before reading,
and not a file of another kind saved under the wrong name (a Word file, a PDF). Text must be
UTF-8 without the control characters Office files cannot hold.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from toolkit.errors import ContentError, Problem

TEXT_LIMIT = 2_000_000  # bytes: a framework, audience, activity, profile or template
RESULTS_LIMIT = 100_000_000  # bytes: a results spreadsheet
IMAGE_LIMIT = 20_000_000  # bytes: a logo or other picture

# XML 1.0 (and so every Office file) cannot hold the control characters (Unicode's
# category Cc: U+0000 to U+001F and U+007F to U+009F) other than tab, line feed and carriage
# return, nor the non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)  # opening a pipe must not wait for a writer
_BINARY = getattr(os, "O_BINARY", 0)
SAVE_AS_UTF8 = "save it as UTF-8: in most editors, 'Save as' then 'Encoding: UTF-8'"
SAVE_AS_CSV = "for a spreadsheet, in Excel or Calc choose 'Save as' then 'CSV UTF-8'"


def read_input(path: Path, what: str, limit: int) -> bytes:
    """Return the bytes of the input file at ``path`` (``what`` names it in messages, e.g.
    "framework").

    Raises ``ContentError`` naming the file when it is missing, unreadable, not a regular
    file, or larger than ``limit`` bytes; the size is checked before anything is read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | _NON_BLOCKING | _BINARY)
    except FileNotFoundError:
        raise _refuse(path, f"{what} file not found", "check the path") from None
    except IsADirectoryError:
        raise _refuse(path, "this is a folder, not a file", f"give the {what} file") from None
    except OSError as exc:
        raise _refuse(path, f"cannot read the {what} file: {exc.strerror}") from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(path, "this is a folder, not a file", f"give the {what} file")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(
                path,
                "this is not a regular file (it is a device, pipe or socket)",
                f"give a {what} file saved on disk",
            )
        if info.st_size > limit:
            raise _too_big(path, what, info.st_size, limit)
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise _too_big(path, what, len(data), limit)
    return data


def read_text(
    path: Path, what: str = "content", limit: int = TEXT_LIMIT, save_as: str = SAVE_AS_UTF8
) -> str:
    """Return the text file's text with line endings normalised and any BOM removed.

    Raises ``ContentError`` when the file cannot be read (see ``read_input``), is a file of
    another kind (Word, RTF, PDF...), is not UTF-8 (``save_as`` says how to save it so), or
    holds control characters; each problem names the file and, where it can, the line.
    """
    data = read_input(path, what, limit)
    kind = binary_kind(data)
    if kind:
        name, fix = kind
        raise _refuse(path, f"this is {name}, not plain text", fix)
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
                    save_as,
                )
            ]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = control_character_problems(path, text)
    if problems:
        raise ContentError(problems)
    return text


_SAVE_AS_TEXT = "open it and save it as plain text (a .md, .txt or .toml file, UTF-8)"


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """Return ``(what the file is, how to fix it)`` when ``data`` is a file of a kind people
    save under a text file's name by mistake (Word, RTF, PDF, a spreadsheet, an image...),
    recognised by its first bytes; ``None`` when it may be text."""
    head = data[:8]
    if head.startswith(b"{\\rtf"):
        return "a rich text (RTF) file", _SAVE_AS_TEXT
    if head.startswith(b"%PDF-"):
        return "a PDF", "copy its text into a plain-text file (.md or .txt, UTF-8)"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an old-style Office file (.doc, .xls or .ppt)", _SAVE_AS_TEXT
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a UTF-16 ('Unicode') file", "save it as UTF-8 instead; " + SAVE_AS_CSV
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return f"{name} image", "give the text file instead"
    if head.startswith(b"\x1f\x8b"):
        return "a compressed (gzip) file", "uncompress it first"
    return None


_IMAGES = ((b"\x89PNG", "a PNG"), (b"\xff\xd8\xff", "a JPEG"), (b"GIF8", "a GIF"))
_ZIPPED = (
    ("word/", "a Word document", _SAVE_AS_TEXT),
    ("xl/", "an Excel workbook", SAVE_AS_CSV),
    ("ppt/", "a PowerPoint file", _SAVE_AS_TEXT),
)


def _zip_kind(data: bytes) -> tuple[str, str]:
    """Return what a zip file is: a Word, Excel or PowerPoint file, an OpenDocument file,
    or a plain zip (by the names inside it)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        names = []
    for prefix, name, fix in _ZIPPED:
        if any(n.startswith(prefix) for n in names):
            return name, fix
    if "mimetype" in names:
        return "an OpenDocument (LibreOffice) file", _SAVE_AS_TEXT
    return "a zip file", "unzip it and give the file inside"


def unpacked_size(package: zipfile.ZipFile) -> int:
    """Return how many bytes ``package`` holds once unzipped, by its own directory (which
    bounds what reading it yields: zipfile stops each member at its stated size)."""
    return sum(item.file_size for item in package.infolist())


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


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")  # the language of a translation: cy, fr, ...


def is_translation(path: Path) -> bool:
    """Return whether ``path`` is named as a translation of a content file
    (``<stem>.<code>.md``, such as ``frontline.cy.md``): read with its original, not as
    a file of its own."""
    parts = path.name.split(".")
    return len(parts) == 3 and parts[-1] == "md" and bool(LANGUAGE_CODE.match(parts[1]))


def files_in(folder: Path, suffixes: Iterable[str], recursive: bool = False) -> list[Path]:
    """Return what is in ``folder`` (not folders) whose names end in one of ``suffixes``,
    sorted, leaving out hidden files and the lock files Office and LibreOffice keep beside
    an open document (``~$deck.pptx``, ``.~lock.deck.pptx#``).

    Pipes, devices and broken links are included, so that reading them gives a message
    rather than silence: read them with ``read_input``, never ``open``.
    """
    ends = tuple(s.lower() for s in suffixes)
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(
        p
        for p in found
        if p.name.lower().endswith(ends)
        and not is_hidden_or_lock(p.relative_to(folder))
        and not p.is_dir()
    )


def is_hidden_or_lock(path: Path) -> bool:
    """Return whether any part of ``path`` is hidden (``.name``) or an Office lock file."""
    return any(part.startswith((".", "~$")) for part in path.parts)


def size_text(size: int) -> str:
    """Return a number of bytes for people: ``512 KB``, ``2 MB``, ``3.4 MB``."""
    if size < 1_000_000:
        return f"{max(size // 1000, 1)} KB"
    megabytes = size / 1_000_000
    return f"{megabytes:.0f} MB" if megabytes.is_integer() else f"{megabytes:.1f} MB"


def _too_big(path: Path, what: str, size: int, limit: int) -> ContentError:
    shown = size_text(size)
    if round(size / 1_000_000, 1) <= limit / 1_000_000:  # never "2.0 MB; at most 2 MB"
        shown = f"{size:,} bytes"
    return _refuse(
        path,
        f"the file is {shown}; a {what} file may be at most {size_text(limit)}",
        f"check that this is the right file (a {what} file is usually far smaller)",
    )


def _refuse(path: Path, message: str, hint: str = "") -> ContentError:
    return ContentError([Problem(path, 0, message, hint)])
