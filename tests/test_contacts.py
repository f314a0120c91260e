"""Contacts that belong to the session, a feedback QR code that scans, and an honest
privacy line (issue 16, points 3 and 4)."""

from __future__ import annotations

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import markdown_of, to_pdfs

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.profile import load_profile

FEEDBACK = "https://www.northshire.gov.uk/review-feedback?session=3"
PROFILE = f"""\
name = "Northshire Together"
feedback_url = "{FEEDBACK}"

[contact]
name = "Sam Patel"
role = "Partnership manager"
organisation = "Northshire County Council"
email = "sam.patel@northshire.gov.uk"
phone = "01234 567890"

[privacy]
controller = "Northshire County Council"
purpose = "review how the partnership works and plan improvements"
retention = "12 months"
notice_url = "https://www.northshire.gov.uk/privacy/review"

[[sessions]]
audience = "frontline"

[[sessions]]
audience = "politicians"
"""
AUTHOR_EMAIL, AUTHOR_PHONE = "joan.munro@btopenworld.com", "0779 2952 498"


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contacts")
    (folder / "p.toml").write_text(PROFILE, encoding="utf-8")
    partnership = load_profile(folder / "p.toml")
    return build(BuildConfig(out=folder / "out", partnership=partnership, markdown=True))


def test_the_closing_slide_worksheet_and_guide_give_the_sessions_contact(branded):
    deck = markdown_of(branded.files, "frontline", "deck")
    close = deck[deck.index("## Thank you"):]
    assert ("### Contact\n\nSam Patel, Partnership manager, Northshire County Council\n\n"
            "sam.patel@northshire.gov.uk · 01234 567890") in close
    assert "### What happens next" in close
    assert FEEDBACK in close
    worksheet = markdown_of(branded.files, "frontline", "worksheet")
    assert "sam.patel@northshire.gov.uk" in worksheet.split("## Q")[0]
    guide = markdown_of(branded.files, "frontline", "facilitator-guide")
    assert "**Contact for participants:** Sam Patel, Partnership manager" in guide
    for text in (deck, worksheet, guide.split("## About the framework")[0]):
        assert AUTHOR_EMAIL not in text and AUTHOR_PHONE not in text


def test_the_privacy_notice_says_who_why_how_long_and_where(branded):
    for audience, sheet in (("frontline", "worksheet"), ("politicians", "rating-sheet")):
        cover = markdown_of(branded.files, audience, sheet)
        assert ("Northshire County Council collects them to review how the partnership works "
                "and plan improvements. They are kept for 12 months.") in cover
        assert "https://www.northshire.gov.uk/privacy/review" in cover
        assert "anonymous" not in cover.lower()


def test_without_a_contact_or_privacy_no_one_is_named_and_nothing_is_promised(all_packs):
    for path in all_packs.files:
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        if path.name.endswith("-facilitator-guide.md"):
            text = text.split("## About the framework")[0]  # the author is credited there
        assert AUTHOR_EMAIL not in text and AUTHOR_PHONE not in text, path.name
        assert "anonymous" not in text.lower(), path.name


@pytest.mark.libreoffice
def test_the_feedback_qr_code_scans_at_print_size(branded, soffice, tmp_path):
    """Drawn by LibreOffice and read back at 150 dpi, as a printer or phone would see it."""
    import zxingcpp

    sources = [f for f in branded.files if f.name.endswith(
        ("frontline-deck.pptx", "frontline-worksheet.docx"))]
    pdfs = to_pdfs(soffice, sources, tmp_path)
    for pdf, page_number in ((pdfs[0], -1), (pdfs[1], 0)):  # the closing slide; the cover
        with pdfplumber.open(pdf) as document:
            image = document.pages[page_number].to_image(resolution=150).original
        found = [result.text for result in zxingcpp.read_barcodes(image)]
        assert found == [FEEDBACK], pdf.name


@pytest.mark.parametrize(("line", "message"), [
    ('email = "sam at northshire"', "email 'sam at northshire' is not an email address"),
    ('phone = 1234', "phone must be text in double quotes"),
])
def test_a_wrong_contact_names_the_line(tmp_path, line, message):
    profile = tmp_path / "p.toml"
    profile.write_text(f'name = "P"\n\n[contact]\nname = "Sam"\n{line}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(profile), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{profile}:5: {message}" in result.output


def test_a_feedback_address_must_be_a_web_address(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('name = "P"\nfeedback_url = "www.example.org"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(profile), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{profile}:2: feedback_url 'www.example.org' is not a web address" in result.output


# --- Branding without a template (issue 16, point 2, in part) -------------------------------


@pytest.fixture(scope="module")
def logo_pack(tmp_path_factory):
    """A profile with a logo, brand colours and a session date, and its report."""
    from PIL import Image

    from toolkit.api import ReportConfig, report

    folder = tmp_path_factory.mktemp("brand")
    Image.new("RGB", (300, 100), (122, 31, 61)).save(folder / "logo.png")
    (folder / "p.toml").write_text(
        'name = "Northshire Together"\nlogo = "logo.png"\n[colours]\nprimary = "#7A1F3D"\n'
        '[[sessions]]\naudience = "partnership-board"\ndate = 2027-03-14\n', encoding="utf-8")
    partnership = load_profile(folder / "p.toml")
    pack = build(BuildConfig(out=folder / "out", partnership=partnership))
    results = next(f for f in pack.files if f.name.endswith("results.csv"))
    results.write_text(results.read_text("utf-8-sig") + "".join(
        f"R{n},partnership-board,3,4,2,5,3,4,2,,,,,,,\n" for n in range(4)), encoding="utf-8")
    plan = report(ReportConfig(results=(results,), out=folder / "report",
                               partnership=partnership))
    return {f.name.rsplit("-", 1)[-1]: f for f in (*pack.files, *plan.files)}


def test_every_content_slide_has_the_footer_logo_and_number(logo_pack):
    from deckinspect import load

    deck = load(logo_pack["deck.pptx"])
    for number, slide in enumerate(deck.slides, 1):
        names = {shape.name: shape for shape in slide.shapes}
        assert names["Slide number"].text_frame.text == str(number)
        if number == 1:
            continue  # the title slide has the name, date and logo in large
        assert names["Footer"].text_frame.text == "Northshire Together · Sunday 14 March 2027"
        assert "Footer logo" in names


def test_the_word_documents_show_the_logo_and_the_brand_colour(logo_pack):
    from docx import Document

    for name in ("worksheet.docx", "guide.docx", "plan.docx"):
        doc = Document(logo_pack[name])
        header = doc.sections[0].header._element
        pictures = header.xpath(".//pic:pic")
        assert len(pictures) == 1, name
        described = header.xpath(".//wp:docPr/@descr")
        assert described == ["Northshire Together logo"], name
        assert str(doc.styles["Heading 1"].font.color.rgb) == "7A1F3D", name


def test_every_card_back_shows_the_logo(logo_pack):
    from deckinspect import load, title_of

    cards = load(logo_pack["cards.pptx"])
    backs = [s for s in cards.slides if title_of(s).endswith("card backs")]
    assert backs
    for slide in backs:
        cards_on_it = [s for s in slide.shapes if s.name.startswith("Back of card")]
        logos = [s for s in slide.shapes if s.name == "Logo"]
        assert len(logos) == len(cards_on_it) > 0
