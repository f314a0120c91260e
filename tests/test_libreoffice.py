"""The deck opened by a real client: LibreOffice converts it, and nothing spills out.

Skipped without LibreOffice, except where TOOLKIT_REQUIRE_LIBREOFFICE=1 (as in CI).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from conftest import seed_prompts
from deckinspect import load, pt, title_of

pytestmark = pytest.mark.libreoffice


def to_pdf(soffice: str, source: Path, workdir: Path) -> Path:
    """Return the PDF LibreOffice makes of ``source`` (isolated profile, with a timeout)."""
    profile = workdir / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return workdir / (source.stem + ".pdf")


@pytest.fixture(scope="module")
def deck_pdf(soffice, default_deck, tmp_path_factory) -> Path:
    return to_pdf(soffice, default_deck, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def stress_pdf(soffice, stress_deck, tmp_path_factory) -> Path:
    return to_pdf(soffice, stress_deck, tmp_path_factory.mktemp("pdf"))


def pdf_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Return, per page, each word with its box (x0, y0, x1, y1) in points."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF")
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
            r'yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        pages.append(
            [(unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in words]
        )
    return pages


def test_one_page_per_slide(deck_pdf, default_deck):
    pages = pdf_words(deck_pdf)
    assert len(pages) == len(load(default_deck).slides)


def test_every_prompt_is_rendered(deck_pdf):
    rendered = " ".join(w for page in pdf_words(deck_pdf) for w, *_box in page)
    for prompt in seed_prompts():
        for word in prompt.split():
            assert word in rendered


@pytest.mark.parametrize("which", ["default", "stress"])
def test_no_rendered_word_falls_outside_its_shapes(which, request):
    """Every word LibreOffice draws lies inside a text-bearing shape: no overflow."""
    prs = load(request.getfixturevalue(f"{which}_deck"))
    pdf = request.getfixturevalue("deck_pdf" if which == "default" else "stress_pdf")
    for slide, words in zip(prs.slides, pdf_words(pdf), strict=True):
        boxes = [
            (pt(s.left), pt(s.top), pt(s.left + s.width), pt(s.top + s.height))
            for s in slide.shapes
            if s.has_text_frame or s.has_table
        ]
        for word, x0, y0, x1, y1 in words:
            # pdftotext's word box is the font's whole bounding box; the baseline sits about
            # a sixth of it above the bottom, and that is what must stay inside the shape.
            baseline, cap = y1 - (y1 - y0) / 6, y0 + (y1 - y0) / 6
            inside = any(
                x0 >= bx0 - 1 and x1 <= bx1 + 1 and cap >= by0 - 1 and baseline <= by1
                for bx0, by0, bx1, by1 in boxes
            )
            assert inside, (title_of(slide), word, (x0, y0, x1, y1))
