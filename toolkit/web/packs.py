"""A built pack as the page offers it: each file with what it is, its size, and, where
LibreOffice is installed, a small picture of its first page."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ToolkitError

PICTURED = (".pptx", ".docx")  # documents with a first page to picture
PICTURE_WIDTH = 360  # pixels: twice the width shown, for sharp screens
# What each file is, by how its name ends before its suffix, in the order they are offered.
WHAT = (
    ("-deck", "Slides for the session, with speaker notes that script the facilitator"),
    ("-cards", "Discussion cards to print and cut, a set for each table"),
    ("-worksheet", "A worksheet for each participant"),
    ("-rating-sheet", "A one-page rating sheet for each person"),
    ("-facilitator-guide", "The facilitator's guide: run sheet, room, print list"),
    ("-results", "The spreadsheet to type the ratings into (or use the results page)"),
)


@dataclass(frozen=True)
class Offered:
    """One file of a pack: its name (its path in the pack), what it is, its size in
    bytes, the name of its first page's picture (empty if there is none), and its PDF
    (None if there is none)."""

    name: str
    what: str
    size: int
    picture: str = ""
    pdf: Offered | None = None

    @property
    def filename(self) -> str:
        """Return the file's name without its folders."""
        return self.name.rsplit("/", 1)[-1]

    @property
    def size_said(self) -> str:
        """Return the size as people say it (``84 KB``, ``1.2 MB``)."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"


def offered(files: Sequence[Path], folder: Path, pictures: Path) -> list[Offered]:
    """Return the pack's ``files`` (in ``folder``) as the page offers them: each document
    with its PDF, if any, and the picture of its first page from ``pictures``, if any."""
    pdfs = {p.with_suffix(""): p for p in files if p.suffix == ".pdf"}
    documents = {p.with_suffix("") for p in files if p.suffix != ".pdf"}
    found = []
    for path in sorted(files, key=_order):
        if path.suffix == ".pdf" and path.with_suffix("") in documents:
            continue  # offered with its document
        pdf = pdfs.get(path.with_suffix("")) if path.suffix != ".pdf" else None
        found.append(_offered(path, folder, pictures, _offered(pdf, folder) if pdf else None))
    return found


def _offered(path: Path, folder: Path, pictures: Path | None = None, pdf=None) -> Offered:
    name = path.relative_to(folder).as_posix()
    what = next((said for ending, said in WHAT if path.stem.endswith(ending)), "")
    picture = _picture_name(name)
    drawn = pictures is not None and (pictures / picture).is_file()
    return Offered(name, what, path.stat().st_size, picture if drawn else "", pdf)


def _order(path: Path) -> tuple:
    """Return where ``path`` comes in the pack's list: by what it is."""
    kind = next((n for n, (ending, _) in enumerate(WHAT) if path.stem.endswith(ending)), 99)
    return (kind, path.parent.as_posix(), path.stem, path.suffix)


def draw_first_pages(files: Sequence[Path], folder: Path, pictures: Path) -> bool:
    """Draw a small picture of the first page of each document in ``files`` (in
    ``folder``) into ``pictures``, with one LibreOffice run; return whether it could (not
    without LibreOffice, nor if it fails: the pack is offered without pictures)."""
    from PIL import Image

    from toolkit.writers.pdf import convert, find_soffice

    documents = [p for p in files if p.suffix in PICTURED]
    if not documents:
        return False
    try:
        soffice = find_soffice("pictures of first pages")
        with tempfile.TemporaryDirectory(prefix="toolkit-pictures-") as work:
            drawn = convert(documents, soffice, Path(work), to="png")
            pictures.mkdir(parents=True, exist_ok=True)
            for document, png in zip(documents, drawn, strict=True):
                with Image.open(png) as image:
                    image.thumbnail((PICTURE_WIDTH, PICTURE_WIDTH * 2))
                    image.save(pictures / _picture_name(document.relative_to(folder).as_posix()))
    except ToolkitError:
        return False
    return True


def _picture_name(name: str) -> str:
    """Return the name of the picture of the file ``name`` (a path in the pack)."""
    return name.replace("/", "--") + ".png"
