"""Words that fit the framework and the audience, and instructions from one source
(issue 15): another subject's framework names no other subject; residents are never asked
to judge a partnership as if they ran it; deck, cards, worksheet and guide agree with the
plan in every format and card option."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from toolkit.api import build
from toolkit.config import BuildConfig
from toolkit.content.audiences import load_audiences
from toolkit.content.formats import load_formats
from toolkit.layout.printing import print_settings
from toolkit.planning.packs import plans_for
from toolkit.render.environment import environment, format_minutes_range
from toolkit.render.pack import PACK, render_output
from toolkit.writers.markdown import markdown_text
from toolkit.writers.pptx_deck import slide_numbers

DATA = Path(__file__).parent / "data"
AUDIENCES = [a.slug for a in load_audiences()]
FORMATS = {f.slug: f for f in load_formats()}
SHORTEST = {"members-discussion": 45, "focus-group": 75, "workshop": 120}


def packs(**settings) -> dict[str, tuple[object, dict[str, str]]]:
    """Return, for each audience, its plan and its documents' words (notes included) as
    Markdown, rendered as a build would render them, without writing a file."""
    config = BuildConfig(audiences=("all",), **settings)
    env, printing = environment(None), print_settings(config)
    found = {}
    for plan in plans_for(config):
        deck = render_output(PACK[0], plan, env, printing, {}, 60)
        slides = slide_numbers(deck.document)
        texts = {
            output.name: markdown_text(
                render_output(output, plan, env, printing, slides, 60).document
            ).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
            for output in PACK
            if output.name in plan.format.outputs
        }
        found[plan.audience.slug] = (plan, texts)
    return found


def test_a_framework_about_another_subject_names_only_its_own(tmp_path):
    """Every built-in audience builds with it; no file, property, note or manifest names
    the built-in framework's subject."""
    result = build(BuildConfig(framework=DATA / "digital-inclusion.md", audiences=("all",),
                               out=tmp_path, markdown=True))
    built = {f.name.split("-")[2] for f in result.files if f.name.endswith("-guide.docx")}
    assert len([f for f in result.files if f.name.endswith("-deck.pptx")]) == len(AUDIENCES)
    assert built  # every audience's pack, under the framework's own name
    assert all(f.name.startswith("digital-inclusion-") for f in result.files)
    found = []
    for path in tmp_path.rglob("*"):
        if path.suffix in (".pptx", ".docx"):
            with zipfile.ZipFile(path) as package:
                parts = {n: package.read(n).decode("utf-8", "replace") for n in package.namelist()
                         if n.endswith((".xml", ".rels"))}
        elif path.is_file():
            parts = {"": path.read_text(encoding="utf-8-sig")}
        else:
            continue
        found += [f"{path.name}:{part}" for part, text in parts.items()
                  if re.search("innovat", text, re.IGNORECASE)]
    assert found == []
    deck = (tmp_path / "digital-inclusion-partnership-board-deck.md").read_text("utf-8")
    assert "How well does our partnership help everyone get online?" in deck
    assert "one example of digital inclusion they are proud of" in deck


# Phrases each audience must never be asked (or told), in any format: residents and
# service users are asked about services in their area and their own experience.
NEVER_ASKED = {
    "residents": ["our partnership", "the partnership", "who will lead it", "a lead",
                  "organisation and", "where we are", "how each partner", "innovation priority",
                  "could we do", "we do this well"],
    "frontline": ["how each partner", "circle"],
    "politicians": ["circle", "worksheet", "card"],
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_audience_is_asked_what_it_should_not_be(fmt):
    for slug, (plan, texts) in packs(format=fmt, minutes=SHORTEST[fmt]).items():
        never = list(NEVER_ASKED.get(slug, ["circle"]))
        if slug == "politicians" and fmt != "members-discussion":
            never = ["circle"]
        for name, text in texts.items():
            if name == "guide" and slug == "residents":
                text = text.split("## About the framework")[0]  # the framework's own words
            for phrase in never:
                allowed = _framework_words(plan)
                hits = [line for line in text.splitlines()
                        if phrase in line.lower() and not any(w in line for w in allowed)]
                assert not hits, (slug, fmt, name, phrase, hits[:2])


def _framework_words(plan) -> list[str]:
    """Return the framework's own words shown to the audience (its questions and prompts,
    in the audience's words where it rewords them), which are quoted, not ours."""
    words = []
    for question in plan.framework.questions:
        shown = plan.tailored(question)
        words += [shown.text, *(p.text for p in shown.prompts)]
        if shown.lead_in:
            words.append(shown.lead_in)
    return [w for w in words if w]


@pytest.mark.parametrize("backs", [True, False])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_instructions_agree_with_the_plan(fmt, backs):
    """The rating verb, who discusses with whom, every quoted number of minutes and what
    the card backs show come from the plan, so no two documents disagree."""
    for slug, (plan, texts) in packs(format=fmt, minutes=SHORTEST[fmt], backs=backs).items():
        where = (slug, fmt, backs)
        deck, guide = texts["deck"], texts["guide"]
        sheet = plan.format.sheet
        sheet_text = texts["worksheet" if sheet == "worksheet" else "rating-sheet"]
        # Rating: tick a box, on the sheet the pack has.
        assert "tick one box" in sheet_text, where
        assert f"tick one box on your {sheet}" in deck, where
        assert "circle" not in deck.lower() and "circle" not in guide.lower(), where
        other = "rating sheet" if sheet == "worksheet" else "worksheet"
        assert other not in deck.lower(), where
        # Who discusses with whom: as the activities (else the format) say.
        ways = list(dict.fromkeys(
            (b.activity.together if b.activity else "") or plan.format.together
            for b in plan.question_blocks))
        assert f"You discuss it {', or '.join(ways)} (" in deck, where
        if not plan.format.table_size:
            assert "your table" not in deck and "each table" not in deck, where
        # Minutes: the how-it-works slide, the timer badges and every slide's notes.
        how = deck[deck.index("## How the session works"):]
        how = how[: how.index("\n## ", 1)]
        for step in ("present", "discuss", "rate"):
            minutes = plan.step_range(step)
            if minutes[-1]:
                assert f"({format_minutes_range(minutes)})" in how, (where, step)
        for block in plan.question_blocks:
            discuss = format_minutes_range([block.step_minutes("discuss")])
            assert f"**Time:** {discuss}." in deck, where
        for activity in plan.activities:  # the guide's "how to run" gives the plan's time
            section = guide[guide.index(f"### {activity.name}"):]
            given = format_minutes_range(plan.minutes_for(activity))
            assert f"Time in this session: {given}" in section[:section.index("\n1. ")], where
        rows = re.findall(r"^\| \d+:\d\d \| (\d+) \|", guide, re.MULTILINE)
        assert [int(n) for n in rows] == [b.minutes for b in plan.blocks], where
        assert sum(int(n) for n in rows) == plan.minutes, where
        # Cards: listed only where the format uses them; backs promised only when printed.
        if plan.format.cards:
            cards = texts["cards"]
            assert ("the back of every card shows its question" in cards) == backs, where
            assert "Sets of discussion cards" in guide, where
        else:
            assert "cards" not in texts and "discussion cards" not in guide.lower(), where


def test_residents_see_the_framework_at_a_glance_in_their_words():
    _plan, texts = packs(format="focus-group")["residents"]
    glance = texts["deck"][texts["deck"].index("## The framework at a glance"):]
    glance = glance[: glance.index("\n# ")]
    assert "**1\\. Do local services listen to people like you when they try new ways of " \
        "doing things?**" in glance  # today's, in bold, in their words
    assert "Are local residents' and service users' concerns central" not in glance
    assert "Today's questions are in bold, outlined" in glance


def test_an_unknown_phrase_in_an_audiences_words_names_its_line(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli

    folder = tmp_path / "content" / "audiences"
    folder.mkdir(parents=True)
    (folder / "mine.md").write_text(
        "---\nname: Mine\ndescription: For the tests.\nquestions: all\n"
        "words: {rate: our services}\n---\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert (f"error: {folder / 'mine.md'}:5: words has an unknown phrase 'rate'\n"
            "       did you mean 'rated'?") in result.output


def test_no_template_audience_activity_or_format_names_the_subject():
    """Only the framework says what it is about; rewordings of its questions (applied with
    it alone) and the name of the framework an audience is written for are its words."""
    root = Path(__file__).parent.parent
    files = [*(root / "templates").glob("*.j2"), *(root / "content" / "activities").glob("*.md"),
             *(root / "content" / "formats").glob("*.md")]
    found = [f.name for f in files if "innovat" in f.read_text("utf-8").lower()]
    for audience in (root / "content" / "audiences").glob("*.md"):
        text = audience.read_text("utf-8").split("# Rewordings")[0]
        ours = [line for line in text.splitlines() if not line.startswith("framework:")]
        found += [audience.name for line in ours if "innovat" in line.lower()]
    assert found == []
