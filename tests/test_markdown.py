"""``toolkit build --markdown``: every document's words as Markdown, beside its file, and
the wording tests that read them (milliseconds, no Office file opened)."""

from __future__ import annotations

import pytest
from conftest import markdown_of, seed_prompts

from toolkit.api import build
from toolkit.config import BuildConfig
from toolkit.content.audiences import load_audiences, select
from toolkit.content.framework import load_framework
from toolkit.content.resources import default_framework
from toolkit.layout.printing import print_settings
from toolkit.planning.packs import plans_for
from toolkit.render.document import Paragraph, parse_document
from toolkit.render.environment import environment, format_minutes
from toolkit.render.pack import PACK, render_output
from toolkit.writers.markdown import markdown_text
from toolkit.writers.pptx_deck import slide_numbers

AUDIENCES = [a.slug for a in load_audiences()]


def test_each_office_file_has_its_markdown_copy_listed_after_it(all_packs):
    names = [f.name for f in all_packs.files]
    office = [n for n in names if n.endswith((".pptx", ".docx"))]
    assert len(office) == 4 * len(AUDIENCES) - 1  # a members' discussion has no cards
    for name in office:
        copy = name.rsplit(".", 1)[0] + ".md"
        assert names[names.index(name) + 1] == copy
    for path in all_packs.files:
        if path.suffix == ".md":
            assert path.read_text(encoding="utf-8").startswith("---\ntitle: ")


def test_no_markdown_unless_asked(default_build):
    assert not [f for f in default_build.files if f.suffix == ".md"]


def _shape(blocks):
    """Return what Markdown keeps of each block: text or rows, style, whether notes."""
    kept = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                kept.append((block.text, block.style, block.notes))
        else:
            kept.append((block.rows, "table", block.notes))
    return kept


@pytest.mark.parametrize("audience", ["partnership-board", "residents"])
def test_the_markdown_reads_back_as_the_same_document(audience):
    """Headings keep their levels, lists their kind, notes stay notes, every word stays."""
    config = BuildConfig(audiences=(audience,))
    plan = plans_for(config)[0]
    env, settings = environment(None), print_settings(config)
    deck = render_output(PACK[0], plan, env, settings, {}, 60)
    slides = slide_numbers(deck.document)
    for output in PACK:
        document = render_output(output, plan, env, settings, slides, 60).document
        again = parse_document(markdown_text(document))
        assert _shape(again.blocks) == _shape(document.blocks), output.name


def test_audiences_get_their_own_questions_and_words(all_packs):
    framework = load_framework(default_framework())
    politicians = markdown_of(all_packs.files, "politicians", "deck")
    frontline = markdown_of(all_packs.files, "frontline", "deck")
    assert f"## {framework.question('q2').text}" in politicians
    assert ("## Are we, and the leaders and managers we work with, leading for "
            "innovation?") in politicians
    assert ("## In your experience, are the concerns of local residents and service users "
            "central to how we try new ways of working?") in frontline
    assert "Encourage you to find better ways of doing things?" in frontline
    glance = frontline.index("## The framework at a glance")
    after_glance = frontline[frontline.index("\n## ", glance + 1):]
    assert "Encourage employees to develop better ways of doing things?" not in after_glance
    assert ("Are we, as politicians and board members, prepared for experimentation, "
            "considered risk taking and necessary failures?") in politicians
    assert "Convincing communicators?" in politicians  # prompts not reworded keep their words


def test_each_audience_is_welcomed_with_its_intro_and_session_length(all_packs):
    for audience in load_audiences():
        deck = markdown_of(all_packs.files, audience.slug, "deck")
        why = deck[deck.index("## Why this matters to you"):]
        why = why[: why.index("\n## ", 1)]
        assert audience.intro.split("\n\n")[0].split(". ")[0] in why
        assert audience.name.lower() in deck[: deck.index("\n## ", deck.index("## "))]
        assert f"Total: {format_minutes(audience.minutes)}\n" in deck


def test_the_board_pack_gives_every_prompt_verbatim_in_every_document(all_packs):
    """The worksheet, cards and deck each carry the seed's prompts word for word."""
    for document in ("deck", "cards", "worksheet"):
        text = markdown_of(all_packs.files, "partnership-board", document)
        plain = text.replace("\\", "")
        for prompt in seed_prompts():
            assert prompt in plain, (document, prompt)


def test_the_audience_selection_is_the_one_in_content():
    assert [a.slug for a in select(["all"], load_audiences())] == AUDIENCES


def test_instructions_agree_across_the_pack(all_packs, tmp_path):
    """The deck asks for what the worksheet has (a box to tick), and cards printed without
    backs do not promise that the backs show the question (issue 15, point 6, in part)."""
    for audience in AUDIENCES:
        deck = markdown_of(all_packs.files, audience, "deck")
        kind = "rating sheet" if audience == "politicians" else "worksheet"
        worksheet = markdown_of(all_packs.files, audience, kind.replace(" ", "-"))
        assert "tick one box" in worksheet and f"tick one box on your {kind}" in deck
        assert "circle" not in deck
    fronts = build(BuildConfig(out=tmp_path, backs=False, markdown=True))
    cards = markdown_of(fronts.files, "partnership-board", "cards")
    assert "the back of every card" not in cards
    assert "band shows its grouping and ID" in cards
