"""The workshop deck, read back with python-pptx."""

from __future__ import annotations

import hashlib

import pytest
from conftest import seed_prompts, seed_questions
from deckinspect import (
    deck_text,
    load,
    notes_of,
    pt,
    runs,
    slide_text,
    straight,
    text_frames,
    title_of,
)
from lxml import etree
from pptx.enum.dml import MSO_FILL
from pptx.util import Pt
from test_framework_reader import SECOND

from toolkit.api import BuildConfig, build
from toolkit.layout.colours import contrast_ratio
from toolkit.layout.textfit import LINE_HEIGHT, wrap
from toolkit.model import Partnership, Session
from toolkit.writers.pptx_common import BULLET_INDENT, INSET_X, INSET_Y, NUMBER_INDENT


def test_deck_is_16_by_9(default_deck):
    prs = load(default_deck)
    assert (prs.slide_width, prs.slide_height) == (Pt(960), Pt(540))


def test_deck_name_describes_itself(default_deck):
    assert default_deck.name == "partnership-innovation-partnership-board-deck.pptx"


def test_every_question_and_prompt_is_in_the_deck_verbatim(default_deck):
    text = deck_text(load(default_deck))
    for question, prompts in seed_questions().values():
        assert question in text
        for prompt in prompts:
            assert prompt in text
    assert len(seed_prompts()) == 34


def test_prompts_are_on_the_question_slides(default_deck):
    prs = load(default_deck)
    on_slides = "\n".join(slide_text(s) for s in prs.slides)
    for prompt in seed_prompts():
        assert prompt in on_slides


def test_every_slide_has_a_unique_title_and_notes(default_deck):
    prs = load(default_deck)
    titles = [title_of(s) for s in prs.slides]
    assert all(t.strip() for t in titles)
    assert len(titles) == len(set(titles))
    for slide in prs.slides:
        assert slide.shapes.title is not None
        assert len(notes_of(slide)) > 40, title_of(slide)
        assert "Say" in notes_of(slide) or "Do" in notes_of(slide), title_of(slide)
        assert "Time:" in notes_of(slide), title_of(slide)


def test_title_comes_first_in_reading_order(default_deck):
    for slide in load(default_deck).slides:
        text_shapes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        assert text_shapes[0].is_placeholder, title_of(slide)


def test_deck_follows_the_session_structure(default_deck):
    titles = [title_of(s) for s in load(default_deck).slides]
    assert titles[0] == "Partnership innovation review"
    assert titles[1:6] == [
        "Why we are here",
        "Why this matters to you",
        "How the session works",
        "Agenda",
        "The framework at a glance",
    ]
    for number, (question, _prompts) in seed_questions().items():
        at = titles.index(question)
        assert titles[at + 1] == f"Question {number}: Table discussion"
        assert titles[at + 2] == f"Question {number}: Rate where things are now"
    assert titles[-2:] == ["Priorities and next steps", "Thank you"]


def test_agenda_timings_add_up(default_deck):
    slide = next(s for s in load(default_deck).slides if title_of(s) == "Agenda")
    table = next(s for s in slide.shapes if s.has_table).table
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Time", "Item", "Length"]
    minutes = [_minutes(r[2]) for r in rows[1:]]
    starts = [_clock(r[0]) for r in rows[1:]]
    assert starts == [sum(minutes[:i]) for i in range(len(minutes))]
    assert f"Total: {sum(minutes) // 60} hours" in slide_text(slide)


def _minutes(text: str) -> int:
    number, unit = text.split()[:2]
    return int(number) * (60 if unit.startswith("hour") else 1)


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def test_framework_at_a_glance_is_native_editable_shapes(default_deck):
    slide = next(s for s in load(default_deck).slides if title_of(s) == "The framework at a glance")
    texts = [straight(s.text_frame.text) for s in slide.shapes if s.has_text_frame]
    for name in ("Central Focus", "Key Drivers", "Key Enablers"):
        assert name in texts
    for number, (question, _prompts) in seed_questions().items():
        assert f"{number}. {question}" in texts
    assert not any(s.shape_type == 13 for s in slide.shapes)  # no pictures


def test_rating_slides_show_a_labelled_scale(default_deck):
    slide = next(
        s for s in load(default_deck).slides
        if title_of(s) == "Question 3: Rate where things are now"
    )
    texts = [straight(s.text_frame.text) for s in slide.shapes if s.has_text_frame]
    for value in "12345":
        assert value in texts
    assert "1 = Much more to do" in texts
    assert "5 = Doing this well" in texts


def test_core_properties_and_language(default_deck):
    prs = load(default_deck)
    props = prs.core_properties
    assert props.title.startswith("Partnership innovation review")
    assert props.subject
    assert props.language == "en-GB"
    for slide in prs.slides:
        for _shape, run in runs(slide):
            assert run.font._rPr.get("lang") == "en-GB"
        for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
            for run in paragraph.runs:
                assert run.font._rPr.get("lang") == "en-GB"


def test_slide_text_is_arial_and_at_least_18pt(default_deck):
    for slide in load(default_deck).slides:
        for _shape, run in runs(slide):
            assert run.font.name == "Arial"
            assert run.font.size.pt >= 18, (title_of(slide), run.text)


def _background(slide, shape) -> str:
    fill = getattr(shape, "fill", None)
    if fill is not None and fill.type == 1:  # solid
        return str(fill.fore_color.rgb)
    if slide.background.fill.type == 1:
        return str(slide.background.fill.fore_color.rgb)
    return "FFFFFF"


def test_text_colours_meet_contrast(default_deck):
    for slide in load(default_deck).slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames = [(shape.text_frame, _background(slide, shape))]
            elif shape.has_table:
                frames = [
                    (c.text_frame, str(c.fill.fore_color.rgb))
                    for r in shape.table.rows
                    for c in r.cells
                ]
            for frame, background in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        ratio = contrast_ratio(str(run.font.color.rgb), background)
                        assert ratio >= 4.5, (title_of(slide), run.text, ratio)


def _needed_height(frame) -> float:
    """Height the text needs, measured with the same Arial metrics, bullets included."""
    width = pt(frame._parent.width) - 2 * INSET_X
    total = 2 * INSET_Y
    for paragraph in frame.paragraphs:
        text = "".join(r.text for r in paragraph.runs)
        if not paragraph.runs:
            continue
        size = paragraph.runs[0].font.size.pt
        bold = bool(paragraph.runs[0].font.bold)
        p_pr = paragraph._p.pPr
        indent = 0.0
        if p_pr is not None and p_pr.get("marL"):
            indent = int(p_pr.get("marL")) / 12700
            assert indent in (
                pytest.approx(size * BULLET_INDENT),
                pytest.approx(size * NUMBER_INDENT),
            )
        total += len(wrap(text, width - indent, size, bold)) * size * LINE_HEIGHT
    return total


def assert_fits(deck_path):
    """Assert that every text box holds its text and every shape is on the slide."""
    for slide in load(deck_path).slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                assert _needed_height(shape.text_frame) <= pt(shape.height) + 0.5, (
                    title_of(slide),
                    shape.name,
                    shape.text_frame.text[:40],
                )
            assert pt(shape.top + shape.height) <= 540.5, (title_of(slide), shape.name)
            assert pt(shape.left + shape.width) <= 960.5, (title_of(slide), shape.name)


def test_no_text_overflows_its_box(default_deck):
    assert_fits(default_deck)


def test_long_names_and_prompts_still_fit(stress_deck):
    assert_fits(stress_deck)
    deck = load(stress_deck)
    titles = [title_of(s) for s in deck.slides]
    assert titles[0].startswith("Partneriaeth Gwasanaethau Cyhoeddus Ynys Môn")
    assert any(t.endswith("(continued)") for t in titles)
    assert any(t.endswith("(continued, 2)") for t in titles)
    assert not any("(continued) (continued)" in t for t in titles)
    assert len(titles) == len(set(titles))
    for slide in deck.slides:
        for _shape, run in runs(slide):
            assert run.font.size.pt >= 18


def test_partnership_name_and_date_on_the_title_slide(tmp_path):
    session = Session("board", date="Tuesday 3 March 2026", venue="County Hall")
    partnership = Partnership(name="Northshire Together", sessions=(session,))
    result = build(BuildConfig(out=tmp_path, partnership=partnership))
    assert result.files[0] == (tmp_path / "northshire-together" / "partnership-board" /
                               "northshire-together-partnership-board-deck.pptx")
    first = load(result.files[0]).slides[0]
    assert title_of(first) == "Northshire Together"
    assert "Tuesday 3 March 2026, County Hall" in slide_text(first)


LONG_PROMPT = (
    "A long prompt that describes, at some length and with several clauses, how the "
    "partnership might bring together residents, staff and partners to design, test "
    "and learn from new ways of working across organisational boundaries? "
)


def test_long_question_continues_rather_than_shrinking(tmp_path, write_file):
    prompts = "".join(f"- {LONG_PROMPT}{n}\n" for n in range(1, 13))
    framework = write_file(
        "long.md", f"# Long\n\n## 1. Is this a long question?\n\nLead:\n\n{prompts}"
    )
    deck = load(build(BuildConfig(framework=framework, out=tmp_path / "out")).files[0])
    titles = [title_of(s) for s in deck.slides]
    assert "Is this a long question? (continued)" in titles
    text = deck_text(deck)
    for n in range(1, 13):
        assert f"{LONG_PROMPT}{n}" in text
    for slide in deck.slides:
        for _shape, run in runs(slide):
            assert run.font.size.pt >= 18
        for shape, frame in text_frames(slide):
            if shape.has_text_frame and frame.text:
                assert _needed_height(frame) <= pt(shape.height) + 0.5


def test_a_differently_shaped_framework_builds(tmp_path, write_file):
    framework = write_file("mon.md", SECOND)
    deck = load(build(BuildConfig(framework=framework, out=tmp_path / "out")).files[0])
    titles = [title_of(s) for s in deck.slides]
    assert "Ydy pobl ŵyr a wyresau'r ynys yn ganolog?" in titles
    assert "Question 5: Rate where things are now" in titles
    glance = deck.slides[titles.index("The framework at a glance")]
    assert "Arian" in slide_text(glance)
    assert "Is there a fund for ŷ experiments?" in deck_text(deck)
    assert len(titles) == len(set(titles))


def test_two_builds_are_byte_identical(tmp_path):
    first = build(BuildConfig(out=tmp_path / "a")).files[0].read_bytes()
    second = build(BuildConfig(out=tmp_path / "b")).files[0].read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    deck = load(build(BuildConfig(out=tmp_path)).files[0])
    assert deck.core_properties.modified.year == 2026
    assert deck.core_properties.created.isoformat().startswith("2026-01-01")


def test_each_grouping_has_one_colour_everywhere(default_deck):
    prs = load(default_deck)
    glance = next(s for s in prs.slides if title_of(s) == "The framework at a glance")
    header_fill = {
        s.text_frame.text: str(s.fill.fore_color.rgb)
        for s in glance.shapes
        if s.has_text_frame
        and s.text_frame.text in ("Central Focus", "Key Drivers", "Key Enablers")
    }
    assert len(set(header_fill.values())) == 3
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name == "Grouping":
                group = shape.text_frame.text.split(" · ")[0]
                assert str(shape.fill.fore_color.rgb) == header_fill[group], title_of(slide)


def test_notes_carry_the_background_and_further_reading(default_deck):
    prs = load(default_deck)
    notes = {title_of(s): notes_of(s) for s in prs.slides}
    assert "19 focus groups with front line employees" in notes["The framework at a glance"]
    assert "http://tinyurl.com/innovationcouncils1" in notes["Thank you"]


def test_slides_people_add_later_fit_the_16_by_9_page(default_deck):
    prs = load(default_deck)
    layout = prs.slide_layouts[1]  # Title and Content
    for shape in (*prs.slide_master.shapes, *layout.shapes):
        assert pt(shape.left + shape.width) <= 960.5
    assert pt(layout.placeholders[1].width) > 720  # stretched, not left at 4:3
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    fonts = etree.fromstring(theme.blob).xpath(
        "//a:fontScheme/*/a:latin/@typeface",
        namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main"})
    assert fonts == ["Arial", "Arial"]


def test_every_slide_shows_its_number_as_a_field(default_deck):
    """The guide cites "slides 7-9": each slide carries its number, as PowerPoint's slide
    number field, so the numbers stay right if slides are moved."""
    fld = "{http://schemas.openxmlformats.org/drawingml/2006/main}fld"
    for number, slide in enumerate(load(default_deck).slides, 1):
        box = next(s for s in slide.shapes if s.name == "Slide number")
        fields = list(box._element.iter(fld))
        assert [(f.get("type"), f.xpath("string(.)")) for f in fields] == [
            ("slidenum", str(number))
        ]


def test_questions_say_which_of_how_many_they_are(default_deck):
    text = "\n".join(slide_text(s) for s in load(default_deck).slides)
    assert "Central Focus · Question 1 of 7" in text
    assert "Key Enablers · Question 7 of 7" in text


def test_the_framework_at_a_glance_is_an_even_grid_marking_todays_questions(tmp_path):
    """Boxes line up across the columns, and a session that covers some questions shows
    which: bold and outlined (colour is never the only cue), with a label saying so."""
    result = build(BuildConfig(out=tmp_path, audiences=("politicians",), format="workshop"))
    deck = next(f for f in result.files if f.name.endswith("-deck.pptx"))
    slide = next(s for s in load(deck).slides if title_of(s) == "The framework at a glance")
    boxes = [s for s in slide.shapes if s.name == "Question"]
    assert len(boxes) == 7 and len({b.height for b in boxes}) == 1
    outlined = [b for b in boxes if b.line.fill.type == MSO_FILL.SOLID]
    numbers = sorted(b.text_frame.text.split(".")[0] for b in outlined)
    assert numbers == ["1", "2", "3", "4", "5"]  # the politicians' questions
    assert all(r.font.bold for b in outlined for p in b.text_frame.paragraphs for r in p.runs)
    assert "Today's questions are in bold, outlined" in slide_text(slide)


def test_discussion_slides_show_the_prompts_when_they_fit(default_deck):
    """The tables see the prompts while they talk; where nine prompts would need a second
    slide, the discussion slide keeps to its steps (the question slide has them all)."""
    slides = {title_of(s): slide_text(s) for s in load(default_deck).slides}
    assert "Understand service users' aspirations" in slides["Question 1: Table discussion"]
    assert "Bold, forward-looking and united?" not in slides["Question 3: Table discussion"]
    assert not any("(continued)" in title for title in slides)


def test_discussion_slides_cue_the_timer_in_the_templates_words(default_deck):
    slide = next(s for s in load(default_deck).slides
                 if title_of(s) == "Question 1: Table discussion")
    badge = next(s for s in slide.shapes if s.name == "Timing")
    assert badge.text_frame.text == "Start the timer: 8 minutes"


def test_the_priorities_slide_has_a_table_to_type_into(default_deck):
    slide = next(s for s in load(default_deck).slides if title_of(s) == "Priorities and next steps")
    table = next(s for s in slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == [
        "Priority", "First action", "Who will lead it", "By when"
    ]
    assert [r.cells[0].text for r in list(table.rows)[1:]] == ["1", "2", "3"]
