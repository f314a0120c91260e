"""``toolkit check --outputs DIR --render``: each rule proved on a small file that shows its
defect (made here with python-pptx and python-docx), and quiet on a file without one."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_BREAK
from docx.shared import Mm
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Pt

from toolkit.checks.render import RULES, check_rendering
from toolkit.cli import cli

pytestmark = pytest.mark.libreoffice


def _deck(path):
    """A 16:9 deck: text off the slide, two boxes over each other, 12 pt text."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    off = slide.shapes.add_textbox(Pt(880), Pt(40), Pt(300), Pt(60))
    off.text_frame.text = "Running off the slide"
    off.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    for y in (200, 206):
        box = slide.shapes.add_textbox(Pt(100), Pt(y), Pt(500), Pt(60))
        box.text_frame.text = "Overlapping words here" if y == 200 else "Covering words there"
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    small = slide.shapes.add_textbox(Pt(100), Pt(400), Pt(500), Pt(40))
    small.text_frame.text = "Too small to read from the back"
    small.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    prs.save(path)


def _cards(path):
    """An A4 sheet: a coloured band at the paper's edge, a word too long for its box,
    text running out of its card into the next."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Mm(210), Mm(297)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Mm(210), Mm(12))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor(0x1D, 0x4E, 0x89)
    narrow = slide.shapes.add_textbox(Mm(30), Mm(40), Mm(40), Mm(40))
    narrow.text_frame.word_wrap = True
    narrow.text_frame.text = "Convincing communicators?"
    narrow.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    for top in (120, 160):
        card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Mm(30), Mm(top), Mm(60), Mm(38))
        card.fill.background()
        card.line.color.rgb = RGBColor(0, 0, 0)
    spill = slide.shapes.add_textbox(Mm(32), Mm(122), Mm(56), Mm(10))
    spill.text_frame.word_wrap = True
    spill.text_frame.text = " ".join(["words that go on and on past the card"] * 4)
    spill.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    prs.save(path)


def _document(path):
    """A Word file: a table wider than the page's text area, a heading stranded at the
    foot of a page, a blank page, and a last page holding two lines."""
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    for column in table.columns:
        for cell in column.cells:
            cell.width = Mm(80)
            cell.text = "Wide"
    doc.add_paragraph("Words before the heading.")
    heading = doc.add_heading("Stranded heading", level=2)
    heading.paragraph_format.keep_with_next = False
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("The heading's text, on the next page.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # a page left blank
    doc.add_paragraph("A spilled line.")
    doc.save(path)


def _clean(path):
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_heading("A heading with its text", level=1)
    for n in range(8):
        doc.add_paragraph(f"Paragraph {n}: plain text that fits the page with room to spare.")
    doc.save(path)


@pytest.fixture(scope="module")
def findings(tmp_path_factory, soffice):
    folder = tmp_path_factory.mktemp("defects")
    for name, make in (("deck.pptx", _deck), ("cards.pptx", _cards), ("doc.docx", _document),
                       ("clean.docx", _clean)):
        make(folder / name)
    found = check_rendering(sorted(folder.iterdir()), soffice)
    return {(f.path.name, f.rule) for f in found}, found, folder


def test_every_rule_is_proved_on_a_file_showing_its_defect(findings):
    rules, found, _folder = findings
    expected = {
        ("deck.pptx", "edge"),
        ("deck.pptx", "overlap"),
        ("deck.pptx", "small-text"),
        ("cards.pptx", "edge"),
        ("cards.pptx", "broken-word"),
        ("cards.pptx", "box"),
        ("doc.docx", "wide-table"),
        ("doc.docx", "stranded-heading"),
        ("doc.docx", "spill"),
        ("doc.docx", "blank-page"),
    }
    assert expected <= rules, [str(f) for f in found]
    assert {rule for _name, rule in expected} == set(RULES)  # every rule has its proof
    assert not [f for f in found if f.path.name == "clean.docx"]


def test_findings_name_the_page_and_the_rule(findings):
    _rules, found, _folder = findings
    broken = next(f for f in found if f.rule == "broken-word")
    assert broken.where == "page 1"
    assert broken.message == "'Convincing' is broken as 'Convinc' / 'ing' (broken-word)"


def test_the_command_reports_them_and_exits_1(findings):
    _rules, _found, folder = findings
    result = CliRunner().invoke(cli, ["check", "--outputs", str(folder), "--render"])
    assert result.exit_code == 1
    assert "doc.docx: page 3: nothing is on this page but its header and footer" in result.output
    assert "doc.docx: page 4: only 1 line(s) of text on this page" in result.output
    assert "accessibility or render finding(s) in 4 files" in result.output


def test_render_needs_outputs():
    result = CliRunner().invoke(cli, ["check", "--render"])
    assert result.exit_code == 2
    assert "--render and --large-print go with --outputs DIR" in result.output


def test_files_that_are_not_what_they_say_are_named_not_a_traceback(findings, tmp_path):
    _rules, _found, folder = findings
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.pptx").write_text("plain text, not a deck", encoding="utf-8")
    (mixed / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (mixed / "clean.docx").write_bytes((folder / "clean.docx").read_bytes())
    result = CliRunner().invoke(cli, ["check", "--outputs", str(mixed), "--render"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "notes.pptx: the file: not a PowerPoint file" in result.output
    assert "broken.docx: the file: not a Word file" in result.output
    assert "accessibility or render finding(s) in 3 files" in result.output
