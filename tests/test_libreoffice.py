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
from conftest import seed_prompts, to_pdf, to_pdfs
from deckinspect import load, pt, straight, title_of

pytestmark = pytest.mark.libreoffice


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
    rendered = straight(" ".join(w for page in pdf_words(deck_pdf) for w, *_box in page))
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


# --- cards ------------------------------------------------------------------------------

MM = 72 / 25.4
CARD_CASES = [("a4", "a6"), ("a4", "a7"), ("letter", "poker")]


@pytest.fixture(scope="module")
def card_pdfs(soffice, tmp_path_factory):
    """Return {(paper, size): PDF of the default audience's cards}, one LibreOffice run."""
    from toolkit.api import BuildConfig, build

    folder = tmp_path_factory.mktemp("cardpdfs")
    sources = {}
    for paper, size in CARD_CASES:
        files = build(BuildConfig(out=folder / f"{paper}-{size}", paper=paper,
                                  card_size=size)).files
        cards = next(f for f in files if f.name.endswith("-cards.pptx"))
        sources[(paper, size)] = cards.rename(folder / f"cards-{paper}-{size}.pptx")
    pdfs = to_pdfs(soffice, list(sources.values()), folder)
    return dict(zip(sources, pdfs, strict=True))


def _card_boxes(page, sheet):
    """Return the outlines of the cards on a PDF page, as (x0, top) in points."""
    width, height = sheet.card_width * MM, sheet.card_height * MM
    boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.curves + page.rects
             if c.get("stroke") and abs(c["x1"] - c["x0"] - width) < 1.5
             and abs(c["bottom"] - c["top"] - height) < 1.5]
    return sorted(set((round(x0, 1), round(top, 1), x1, bottom)
                      for x0, top, x1, bottom in boxes), key=lambda b: (b[1], b[0]))


def _card_of(word, boxes):
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        inside_x = x0 <= word["x0"] and word["x1"] <= x1
        if inside_x and top <= word["top"] and word["bottom"] <= bottom:
            return index
    return None


@pytest.mark.parametrize(("paper", "size"), CARD_CASES)
def test_card_pages_positions_and_mirrored_backs(card_pdfs, paper, size):
    import pdfplumber

    from toolkit.layout.cards import sheet_layout

    sheet = sheet_layout(paper, size)
    expected_size = {"a4": (595.28, 841.89), "letter": (612, 792)}[paper]
    with pdfplumber.open(card_pdfs[(paper, size)]) as pdf:
        pages = pdf.pages
        for page in pages:
            assert (page.width, page.height) == pytest.approx(expected_size, abs=1)
        checked = 0
        assert "blank on purpose" in pages[1].extract_text()
        for fronts, backs in zip(pages[2::2], pages[3::2], strict=True):
            front_boxes, back_boxes = _card_boxes(fronts, sheet), _card_boxes(backs, sheet)
            for index, box in enumerate(front_boxes):
                x, y = sheet.front(index)
                assert box[:2] == pytest.approx((x * MM, y * MM), abs=0.5 * MM)
            for word in fronts.extract_words():
                if not (word["text"].startswith("q") and "." in word["text"]):
                    continue
                index = _card_of(word, front_boxes)
                match = [w for w in backs.extract_words() if w["text"] == word["text"]]
                assert len(match) == 1, word["text"]
                row, column = divmod(index, sheet.columns)
                mirrored = sheet.front(row * sheet.columns + (sheet.columns - 1 - column))
                assert back_boxes[_card_of(match[0], back_boxes)][:2] == pytest.approx(
                    (mirrored[0] * MM, mirrored[1] * MM), abs=0.5 * MM)
                checked += 1
        assert checked == 34


def test_every_prompt_is_printed_on_the_cards(card_pdfs):
    import pdfplumber

    with pdfplumber.open(card_pdfs[("a4", "a6")]) as pdf:
        words = {straight(w["text"]) for page in pdf.pages for w in page.extract_words()}
    for prompt in seed_prompts():
        for word in prompt.split():  # LibreOffice may break a line after a hyphen
            parts = re.split(r"(?<=-)(?=.)", word)
            assert word in words or all(part in words for part in parts), word


# --- worksheet and guide -------------------------------------------------------------------


@pytest.fixture(scope="module")
def document_pdfs(soffice, tmp_path_factory):
    """Return {kind: PDF} for the default pack's worksheet and guide (one LibreOffice run)."""
    from toolkit.api import BuildConfig, build

    folder = tmp_path_factory.mktemp("docpdfs")
    files = build(BuildConfig(out=folder / "pack")).files
    sources = {kind: next(f for f in files if f.name.endswith(end))
               for kind, end in (("worksheet", "worksheet.docx"),
                                 ("guide", "facilitator-guide.docx"))}
    pdfs = to_pdfs(soffice, list(sources.values()), folder)
    return dict(zip(sources, pdfs, strict=True))


def test_worksheet_gives_each_question_its_own_page(document_pdfs):
    import pdfplumber

    with pdfplumber.open(document_pdfs["worksheet"]) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
    assert sizes == {(595, 842)}
    assert len(pages) == 1 + 7 + 1  # cover, one page per question, priorities
    assert all(page.lstrip().startswith("Respondent code\n") for page in pages)  # every page
    for number, page in enumerate(pages[1:8], start=1):
        assert page.lstrip().removeprefix("Respondent code\n").startswith(f"Q{number}.")
        assert "What more could we do?" in page
        assert f"Page {number + 1} of 9" in page


def test_guide_converts_with_its_run_sheet(document_pdfs):
    import pdfplumber

    with pdfplumber.open(document_pdfs["guide"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Run sheet" in text
    assert "Materials and print list" in text
    assert "How to run each activity" in text
