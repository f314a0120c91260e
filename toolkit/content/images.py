"""Pictures people give the toolkit (a partnership's logo): checked, and made small enough.

An image is refused when its file is over ``IMAGE_LIMIT`` bytes or it has more than
``MAX_PIXELS`` pixels, before it is decoded (a small file can hold a picture that would
take gigabytes of memory to open). A logo larger than ``MAX_SIDE`` pixels on its longer
side is scaled down before it goes into a file, so packs stay small.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from toolkit.content.sources import IMAGE_LIMIT, read_input, size_text
from toolkit.errors import ContentError, Problem

MAX_PIXELS = 40_000_000  # 8000 x 5000: far more than any logo needs
MAX_SIDE = 1600  # pixels on the longer side of an embedded picture: sharp at any print size
FORMATS = ("PNG", "JPEG")


@dataclass(frozen=True)
class Picture:
    """An image ready to embed: its bytes (scaled down if it was large) and size."""

    data: bytes
    width: int
    height: int


def check_image(path: Path, what: str = "logo") -> tuple[int, int]:
    """Return the ``(width, height)`` of the PNG or JPEG at ``path``, reading only as much
    of it as that needs.

    Raises ``ContentError`` naming the file and the limit it breaks: missing, not a file,
    over ``IMAGE_LIMIT`` bytes or ``MAX_PIXELS`` pixels, not a PNG or JPEG, or damaged.
    """
    return _checked(path, read_input(path, what, IMAGE_LIMIT), what)[1]


def prepared_image(path: Path, what: str = "logo") -> Picture:
    """Return the picture at ``path`` ready to embed: its own bytes when it is at most
    ``MAX_SIDE`` pixels each way, otherwise scaled down to that, in the same format.

    Raises ``ContentError`` as ``check_image`` does.
    """
    data = read_input(path, what, IMAGE_LIMIT)
    kind, (width, height) = _checked(path, data, what)
    if max(width, height) <= MAX_SIDE:
        return Picture(data, width, height)
    with _opened(path, data, what) as image:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format=kind)
        return Picture(buffer.getvalue(), image.width, image.height)


def _checked(path: Path, data: bytes, what: str) -> tuple[str, tuple[int, int]]:
    """Return the format and size of the image in ``data``, checked and fully decodable."""
    with _opened(path, data, what) as image:
        kind, size = image.format or "", image.size
        if kind not in FORMATS:
            raise _refuse(path, f"this is a {kind} image", "save it as a PNG or JPEG file")
        if size[0] * size[1] > MAX_PIXELS:
            raise _refuse(
                path,
                f"the image is {size[0]} x {size[1]} pixels; a {what} may have at most "
                f"{MAX_PIXELS // 1_000_000} million pixels (for example 8000 x 5000)",
                "make it smaller in an image editor: 1000 pixels across is plenty",
            )
        try:
            image.verify()
        except Exception as exc:  # Pillow's decoders raise many kinds of error
            raise _refuse(path, f"the image is damaged ({exc})", "save it again") from None
    return kind, size


def _opened(path: Path, data: bytes, what: str) -> Image.Image:
    """Return the image in ``data`` opened lazily (its pixels not yet decoded)."""
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, above its own limit; ours is lower, and said better.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _refuse(
            path,
            f"the image has far more than {MAX_PIXELS // 1_000_000} million pixels "
            f"(the file is {size_text(len(data))})",
            "make it smaller in an image editor: 1000 pixels across is plenty",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _refuse(path, "this is not an image", f"give the {what} as a PNG or JPEG") from None


def _refuse(path: Path, message: str, hint: str) -> ContentError:
    return ContentError([Problem(path, 0, message, hint)])
