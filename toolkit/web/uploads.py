"""Files a browser sends, checked before they reach the toolkit: each is limited in size,
judged by its content (never by its name), and saved under a name the server chooses, in
the request's own folder. No name or path from the browser reaches the file system."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
REQUEST_LIMIT = 32 * MB  # the most one request may send, all files together


@dataclass(frozen=True)
class Kind:
    """What an upload field takes: the name it is saved under, what it must be (said in
    messages), the most it may hold, and what its content must be: UTF-8 ``text``, a
    ``picture`` (PNG or JPEG) or an ``office`` file (a zip, checked through by the reader
    of house templates)."""

    saved_as: str
    what: str
    limit: int
    content: str


KINDS = {
    "profile": Kind("profile.toml", "a partnership profile (.toml text)", 256 * 1024, "text"),
    "framework": Kind("framework.md", "a framework (Markdown text)", 2 * MB, "text"),
    "logo": Kind("logo.png", "a logo (PNG or JPEG picture)", 5 * MB, "picture"),
    "results": Kind("results.csv", "a results spreadsheet (.csv text)", 5 * MB, "text"),
    "pptx-template": Kind(
        "house-slides.pptx", "a PowerPoint template (.potx or .pptx)", 10 * MB, "office"
    ),
    "docx-template": Kind(
        "house-documents.docx", "a Word template (.dotx or .docx)", 10 * MB, "office"
    ),
}
_ZIP = b"PK\x03\x04"  # an Office file, or any zip: never a profile or a framework
_PICTURES = {b"\x89PNG\r\n\x1a\n": "logo.png", b"\xff\xd8\xff": "logo.jpg"}


class UploadError(ValueError):
    """An upload that is refused: the message says why and what to send instead."""


def save_upload(field: str, data: bytes, folder: Path, number: int = 0) -> Path | None:
    """Return where the upload of ``field`` (its bytes) is saved in ``folder``, or None if
    nothing was sent; the ``number``-th of several is saved as e.g. ``results-2.csv``.

    Raises ``UploadError`` for a file over its limit, a text file that is not UTF-8 text
    (a zip, a picture), a picture that is not a PNG or JPEG, or an Office file that is not
    a zip.
    """
    if not data:
        return None
    kind = KINDS[field]
    if len(data) > kind.limit:
        raise UploadError(
            f"the file is {len(data) / MB:.1f} MB; {kind.what} may be at most "
            f"{kind.limit / MB:.2g} MB"
        )
    name = {"text": _text_name, "picture": _picture_name, "office": _office_name}[kind.content](
        kind, data
    )
    path = folder / name
    if number:
        path = path.with_stem(f"{path.stem}-{number}")
    path.write_bytes(data)
    return path


def _text_name(kind: Kind, data: bytes) -> str:
    if data.startswith(_ZIP) or b"\x00" in data:
        raise UploadError(
            f"this is not text (it looks like a zip or other binary file); send {kind.what}"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadError(
            f"this is not UTF-8 text (byte {error.start + 1} cannot be read); save it as "
            f"UTF-8 and send it again"
        ) from None
    return kind.saved_as


def _office_name(kind: Kind, data: bytes) -> str:
    if not data.startswith(_ZIP):
        raise UploadError(f"this is not an Office file; send {kind.what}")
    return kind.saved_as


def _picture_name(kind: Kind, data: bytes) -> str:
    for magic, name in _PICTURES.items():
        if data.startswith(magic):
            return name
    raise UploadError(f"this is not a PNG or JPEG picture; send {kind.what}")
