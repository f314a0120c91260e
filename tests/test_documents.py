"""The participant worksheet and the facilitator's guide, read back with python-docx."""

from __future__ import annotations

from itertools import pairwise

import pytest
from click.testing import CliRunner
from deckinspect import load, straight, title_of
from docx import Document
from docx.oxml.ns import qn

from toolkit.api import BuildConfig, build, render_documents
from toolkit.cli import cli
from toolkit.model import Partnership, Session

MM = 36000  # EMU in a millimetre


def built(tmp_path, **options) -> dict[str, object]:
    """Return the pack's files by kind (deck, cards, worksheet, guide)."""
    files = build(BuildConfig(out=tmp_path, **options)).files
    kinds = {"deck.pptx": "deck", "cards.pptx": "cards", "worksheet.docx": "worksheet",
             "facilitator-guide.docx": "guide"}
    return {kind: f for f in files for end, kind in kinds.items() if f.name.endswith(end)}


@pytest.fixture(scope="module")
def board(default_pack):
    return default_pack


def headings(doc) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), straight(p.text)) for p in doc.paragraphs
            if p.style.name.startswith("Heading")]


def header_row(table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def is_header(row) -> bool:
    return row._tr.find(qn("w:trPr")) is not None and row._tr.find(
        qn("w:trPr")).find(qn("w:tblHeader")) is not None


def run_sheet(doc):
    return next(t for t in doc.tables if header_row(t)[:3] == ["Time", "Minutes", "Block"])


def test_every_pack_has_a_worksheet_and_a_guide(all_packs):
    files = all_packs.files
    for slug in ("partnership-board", "politicians", "senior-leaders", "managers", "frontline",
                 "residents"):
        names = {f.name for f in files if f"-{slug}-" in f.name}
        sheet = "rating-sheet" if slug == "politicians" else "worksheet"  # members' discussion
        assert f"partnership-innovation-{slug}-{sheet}.docx" in names
        assert f"partnership-innovation-{slug}-facilitator-guide.docx" in names


@pytest.mark.parametrize("audience", ["partnership-board", "frontline", "residents"])
def test_worksheet_has_one_heading_1_and_a_rated_question_per_plan_question(tmp_path,
                                                                             audience):
    from toolkit.planning.packs import plans_for

    plan = plans_for(BuildConfig(audiences=(audience,)))[0]
    doc = Document(built(tmp_path, audiences=(audience,))["worksheet"])
    levels = headings(doc)
    assert [level for level, _ in levels].count(1) == 1
    assert levels[0][0] == 1
    assert all(b - a <= 1 for (a, _), (b, _) in pairwise(levels))
    question_headings = [text for level, text in levels if level == 2 and text[:1] == "Q"]
    assert question_headings == [f"{q.label}. {q.text}" for q in plan.questions]
    ratings = [t for t in doc.tables if header_row(t)[0] == "1 Much more to do"]
    assert len(ratings) == len(plan.questions)
    for table in ratings:
        assert header_row(table) == ["1 Much more to do", "2", "3", "4", "5 Doing this well"]
        assert is_header(table.rows[0])
        assert [c.text for c in table.rows[1].cells] == ["\u2610"] * 5


def test_worksheet_asks_for_no_name_with_a_code_box_on_every_page(board):
    """It promises only what is done (no names, codes, small groups not shown apart), never
    anonymity: codes, audiences and comments can identify a person in a small group."""
    doc = Document(board["worksheet"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "anonymous" not in text.lower()
    assert "do not write your name" in text
    assert "groups of fewer than 3 people are not reported on their own" in text
    header = doc.sections[0].header  # on every page, so loose pages can be matched
    box = header.tables[0]
    assert [c.text for c in box.rows[0].cells] == ["Respondent code", ""]
    assert box.rows[0].height >= 8 * MM
    assert all(not s.header.is_linked_to_previous or i for i, s in enumerate(doc.sections))


def test_worksheet_prints_well(board):
    doc = Document(board["worksheet"])
    section = doc.sections[0]
    assert section.page_width == pytest.approx(210 * MM, abs=MM / 10)
    assert section.page_height == pytest.approx(297 * MM, abs=MM / 10)
    assert doc.styles["Normal"].font.name == "Arial"
    assert doc.styles["Normal"].font.size.pt >= 12
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[name].font.name == "Arial"
        assert doc.styles[name].paragraph_format.keep_with_next
    question_pages = [p for p in doc.paragraphs
                      if p.style.name == "Heading 2" and p.text[:1] == "Q"]
    assert all(p.paragraph_format.page_break_before for p in question_pages)
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert doc.core_properties.language == "en-GB"
    assert 'w:val="en-GB"' in doc.styles.element.xml
    for table in doc.tables:
        assert is_header(table.rows[0])
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.font.size is None or run.font.size.pt >= 12


def test_worksheet_on_letter_paper(tmp_path):
    doc = Document(built(tmp_path, paper="letter")["worksheet"])
    assert doc.sections[0].page_width == pytest.approx(215.9 * MM, abs=MM)


@pytest.mark.parametrize("minutes", [60, 90, 120, 180])
def test_run_sheet_adds_up_to_the_session_length(tmp_path, minutes):
    doc = Document(built(tmp_path, audiences=("frontline",), minutes=minutes)["guide"])
    rows = run_sheet(doc).rows[1:]
    durations = [int(r.cells[1].text) for r in rows]
    assert sum(durations) == minutes
    assert [r.cells[2].text for r in rows][-1] == "Close"  # no 'End' row with a total
    hours, rest = divmod(minutes, 60)
    said = "\n".join(p.text for p in doc.paragraphs)
    assert f"ending at {hours}:{rest:02d}." in said


def test_the_run_sheet_is_on_landscape_pages_and_fits_them(tmp_path):
    from docx.enum.section import WD_ORIENT

    partnership = Partnership(name="North", priorities=("Ageing well",), examples=("A hub",))
    pack = built(tmp_path, audiences=("frontline",), large_print=True, partnership=partnership)
    doc = Document(pack["guide"])
    said = "\n".join(p.text for p in doc.paragraphs)
    assert "{" not in said  # no layout mark left in the text
    assert "They come up with questions 1 and 2." in straight(said)
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = doc.sections[1]
    usable = landscape.page_width - landscape.left_margin - landscape.right_margin
    assert sum(c.width for c in run_sheet(doc).columns) <= usable + MM


def test_a_session_too_short_fails_with_the_minimum(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--audience", "frontline", "--minutes", "20",
                                      "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output == (
        "error: a 20-minute session is too short for the 4 questions of 'frontline' in any "
        "format; the shortest that works is a members' discussion of 30 minutes (--minutes 30 "
        "--format members-discussion)\n")
    assert not (tmp_path / "o").exists()
    result = CliRunner().invoke(cli, ["build", "--audience", "frontline", "--minutes", "60",
                                      "--format", "workshop", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output == (
        "error: a 60-minute session is shorter than a workshop takes (90 to 480 minutes); "
        "give at least 90 minutes, or choose another format (see 'toolkit formats')\n")
    assert not (tmp_path / "o").exists()


def test_run_sheet_uses_clock_times_and_deck_slide_numbers(tmp_path):
    session = Session("politicians", participants=20, time="18:00", format="workshop")
    pack = built(tmp_path, partnership=Partnership(name="Northshire", sessions=(session,)))
    rows = run_sheet(Document(pack["guide"])).rows[1:]
    assert [r.cells[0].text for r in rows][:3] == ["18:00", "18:10", "18:20"]
    titles = [title_of(s) for s in load(pack["deck"]).slides]
    q2 = next(r for r in rows if r.cells[2].text.startswith("Q2"))
    first, last = (int(n) for n in q2.cells[6].text.split("\u2013"))
    assert titles[first - 1] == ("Is the partnership's overall vision, and its priorities "
                                 "for innovation, clear?")
    assert titles[last - 1] == "Question 2: Rate where things are now"


LONG = """\
# Long

## All

- Is question one long?

## Questions

### 1. Is question one long?

{prompts}
"""


def test_slide_numbers_are_laid_out_before_the_guide_and_match_the_deck(tmp_path):
    """Prompts too long for one slide continue on more; the guide, rendered before any file
    is written, still gives the deck's real slide numbers (no writer feeds a template)."""
    prompt = "Do we learn from what went well and what did not, and share it widely? " * 3
    framework = tmp_path / "long.md"
    framework.write_text(LONG.format(prompts="\n".join(f"- {prompt}{n}" for n in range(9))),
                         encoding="utf-8")
    pack = built(tmp_path / "out", framework=framework)
    titles = [title_of(s) for s in load(pack["deck"]).slides]
    assert "Is question one long? (continued)" in titles
    rows = run_sheet(Document(pack["guide"])).rows[1:]
    q1 = next(r for r in rows if r.cells[2].text.startswith("Q1"))
    first, last = (int(n) for n in q1.cells[6].text.split("\u2013"))
    assert titles[first - 1] == "Is question one long?"
    assert titles[first] == "Is question one long? (continued)"
    assert titles[last - 1] == "Question 1: Rate where things are now"
    close = next(r for r in rows if r.cells[2].text == "Close")
    assert int(close.cells[6].text) == len(titles)
    guide = render_documents(BuildConfig(framework=framework))["guide"]  # nothing written
    assert f"| {first}\u2013{last} |" in guide


@pytest.mark.parametrize(("participants", "worksheets", "sets"), [(20, 22, 4), (6, 8, 1),
                                                                  (40, 44, 7)])
def test_print_counts_follow_the_participants(tmp_path, participants, worksheets, sets):
    session = Session("frontline", participants=participants, format="workshop")
    pack = built(tmp_path, partnership=Partnership(name="Counts", sessions=(session,)))
    doc = Document(pack["guide"])
    table = next(t for t in doc.tables if header_row(t) == ["Item", "How many", "Notes"])
    counts = {r.cells[0].text: int(r.cells[1].text) for r in table.rows[1:]}
    assert counts["Worksheets (one each, plus spares)"] == worksheets
    assert counts["Sets of discussion cards (one per table)"] == sets
    assert counts["Pens"] == participants
    cards = load(pack["cards"])
    fronts = sum(title_of(s).endswith("card fronts") for s in cards.slides)
    assert counts["Sheets of card stock or paper for the cards"] == sets * fronts


def test_guide_covers_activities_background_and_after_the_session(board):
    doc = Document(board["guide"])
    titles = [text for level, text in headings(doc) if level == 2]
    assert titles == ["The session at a glance", "Run sheet", "Room set-up",
                      "Materials and print list", "How to run each activity",
                      "After the session", "About the framework"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Table discussion" in text and "Silent reflection and rating" in text
    assert "19 focus groups with front line employees" in text
    assert "Q1, Q2, Q3, Q4, Q5, Q6, Q7" in text
    assert "joan.munro@btopenworld.com" in text


ACTIVITY = """\
---
name: Broken activity
purpose: For the tests.
use: question
minutes: 5
group_size: pairs
materials: [pens]
---

1. **Say:** "Hello."
2. Wave at everyone.
"""


def test_activity_errors_name_file_and_line(tmp_path):
    folder = tmp_path / "content" / "activities"
    folder.mkdir(parents=True)
    (folder / "broken.md").write_text(ACTIVITY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert (f"error: {folder / 'broken.md'}:11: a step must start with 'Do:' or 'Say:'"
            in result.output)


def test_unknown_activity_in_an_audience_names_file_and_line(tmp_path):
    from toolkit.content.audiences import audiences_dir

    folder = tmp_path / "content" / "audiences"
    folder.mkdir(parents=True)
    text = (audiences_dir() / "managers.md").read_text(encoding="utf-8")
    (folder / "managers.md").write_text(text.replace("one-two-four-all", "one-two-for-all"),
                                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert (f"error: {folder / 'managers.md'}:11: unknown activity 'one-two-for-all'\n"
            "       did you mean 'one-two-four-all'?") in result.output


def test_large_print_sets_printed_text_at_16pt_or_more(tmp_path):
    pack = built(tmp_path, audiences=("residents",), large_print=True)
    for kind in ("worksheet", "guide"):
        doc = Document(pack[kind])
        assert doc.styles["Normal"].font.size.pt >= 16
        for name in ("Heading 1", "Heading 2", "Heading 3"):
            assert doc.styles[name].font.size.pt >= 16
        for paragraph in doc.paragraphs:
            for run in paragraph.runs:
                assert run.font.size is None or run.font.size.pt >= 16
    for slide in load(pack["cards"]).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size.pt >= 16, (title_of(slide), run.text)


def test_what_each_person_is_given_comes_from_the_activities(tmp_path):
    folder = tmp_path / "content" / "activities"
    folder.mkdir(parents=True)
    given = ACTIVITY.replace("2. Wave at everyone.", "2. **Do:** wave.").replace(
        "materials: [pens]", "materials: [pens]\neach_person: {coloured pens: 2}"
    )
    (folder / "priorities.md").write_text(given.replace("use: question", "use: priorities"))
    session = Session("frontline", participants=10)
    pack = built(tmp_path, content=tmp_path / "content",
                 partnership=Partnership(name="Pens", sessions=(session,)))
    text = "\n".join(c.text for t in Document(pack["guide"]).tables for r in t.rows
                     for c in r.cells)
    assert "Coloured pens" in text and "Sticky dots" not in text
    (folder / "priorities.md").write_text(given.replace("coloured pens: 2", "coloured pens: lots"))
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert (f"error: {folder / 'priorities.md'}:1: each_person gives 'coloured pens' as "
            "'lots', not a positive whole number") in result.output


def test_large_print_worksheet_gives_each_question_two_facing_pages(tmp_path):
    """The question on a left-hand page, room to write on the right: an even page count,
    so double-sided printing stays in step (issue 14)."""
    doc = Document(built(tmp_path, audiences=("frontline",), large_print=True)["worksheet"])
    starts = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    titles = [p.text for p in starts]
    questions = [t for t in titles if t.startswith("Q")]
    assert len(questions) == 4
    assert titles.count("Evidence and examples") == len(questions)
    assert len(starts) + 1 == 2 * len(questions) + 2  # cover, 2 a question, priorities


def test_quotes_and_apostrophes_are_typographic_in_every_output(default_pack):
    """Curly quotes in what people read; the content files keep what the author typed."""
    from pptx import Presentation

    texts = []
    for kind in ("deck", "cards"):
        for slide in Presentation(str(default_pack[kind])).slides:
            texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    for kind in ("worksheet", "guide"):
        doc = Document(default_pack[kind])
        texts += [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    visible = "\n".join(texts)
    assert "partnership\u2019s" in visible and "\u201c" in visible and "\u201d" in visible
    assert "'" not in visible and '"' not in visible
    from toolkit.content.resources import default_framework

    assert "partnership's" in default_framework().read_text(encoding="utf-8")


def test_rating_labels_sit_centred_over_their_boxes(board):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document(board["worksheet"])
    scales = [t for t in doc.tables if straight(t.rows[0].cells[0].text).startswith("1 ")]
    assert scales
    for table in scales:
        for row in table.rows:
            assert {c.paragraphs[0].alignment for c in row.cells} == {WD_ALIGN_PARAGRAPH.CENTER}
