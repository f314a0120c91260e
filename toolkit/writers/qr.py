"""QR codes: a web address as a PNG to place in a deck or a Word document."""

from __future__ import annotations

import io

import segno

QUIET_ZONE = 4  # modules of white border: what scanners need around the code


def qr_png(url: str) -> bytes:
    """Return a black-on-white PNG of a QR code for ``url`` (error correction M, so a
    smudged print still scans), drawn at 10 pixels a module. The same URL gives the same
    bytes, so builds stay reproducible."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=10, border=QUIET_ZONE)
    return buffer.getvalue()
