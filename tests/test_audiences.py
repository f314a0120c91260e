"""Audiences: content files that choose, order and reword the questions."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from deckinspect import deck_text, load, title_of

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.audiences import audiences_dir, load_audiences, select
from toolkit.content.formats import load_formats
from toolkit.content.framework import load_framework
from toolkit.errors import ConfigError, ContentError
from toolkit.model import Session
from toolkit.planning.plan import plan_workshop

SIX = ["partnership-board", "politicians", "senior-leaders", "managers", "frontline",
       "residents"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def decks(all_packs):
    return {f.name.removeprefix("partnership-innovation-").removesuffix("-deck.pptx"): f
            for f in all_packs.files if f.name.endswith("-deck.pptx")}


def test_six_audiences_are_built_in():
    assert [a.slug for a in load_audiences()] == SIX
    result = run("audiences")
    assert result.exit_code == 0
    for slug in SIX:
        assert f"\n{slug}" in "\n" + result.output
    assert "partnership-board (default): The partnership board" in result.output
    assert "also called: members, councillors, board-members" in result.output
    assert "questions 1, 5, 6, 7; focus-group, 75 minutes" in result.output
    assert "questions 2, 3, 1, 4, 5; members-discussion, 45 minutes" in result.output


@pytest.mark.parametrize(("name", "slug"), [
    ("councillors", "politicians"), ("members", "politicians"), ("staff", "frontline"),
    ("Board", "partnership-board"), ("service-users", "residents"), ("executives",
                                                                      "senior-leaders"),
])
def test_aliases_choose_the_audience(name, slug):
    assert select([name], load_audiences())[0].slug == slug


def test_audience_councillors_builds_the_politicians_pack(tmp_path):
    result = run("build", "--audience", "councillors", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == "".join(
        f"wrote {tmp_path}/partnership-innovation-politicians-{name}\n"
        for name in ("deck.pptx", "rating-sheet.docx", "facilitator-guide.docx", "results.csv"))


def test_unknown_audience_suggests_the_nearest(tmp_path):
    result = run("build", "--audience", "frontlne", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.output == (
        "error: unknown audience 'frontlne'; did you mean 'frontline'? choose one of: "
        "partnership-board, politicians, senior-leaders, managers, frontline, residents "
        "(or 'all')\n")
    assert not (tmp_path / "o").exists()


def test_audience_all_builds_every_pack(decks):
    assert sorted(decks) == sorted(SIX)


def test_the_default_audience_is_verbatim(decks):
    from conftest import seed_prompts

    text = deck_text(load(decks["partnership-board"]))
    for prompt in seed_prompts():
        assert prompt in text


def test_a_rewording_edited_in_content_shows_in_the_next_build(tmp_path):
    mine = tmp_path / "content" / "audiences"
    mine.mkdir(parents=True)
    source = (audiences_dir() / "frontline.md").read_text(encoding="utf-8")
    edited = source.replace("- q6.2: Encourage you to find better ways of doing things?",
                            "- q6.2: Does your manager ask for your ideas?")
    assert edited != source
    (mine / "frontline.md").write_text(edited, encoding="utf-8")
    result = run("build", "--content", str(tmp_path / "content"), "--audience", "staff",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = deck_text(load(next((tmp_path / "out").glob("*-deck.pptx"))))
    assert "Does your manager ask for your ideas?" in text
    assert "Encourage you to find better ways of doing things?" not in text


def test_minutes_reshape_the_plan():
    framework = load_framework(audiences_dir().parent / "frameworks" / "partnership-innovation.md")
    politicians = select(["politicians"], load_audiences())[0]
    formats = {f.slug: f for f in load_formats()}
    members, workshop = formats["members-discussion"], formats["workshop"]
    plan = plan_workshop(framework, politicians, fmt=members)
    assert plan.minutes == 45
    assert [q.id for q in plan.questions] == ["q2", "q3", "q1", "q4", "q5"]
    longer = plan_workshop(
        framework, politicians, session=Session("politicians", minutes=61), fmt=members
    )
    assert longer.minutes == 61
    assert plan_workshop(framework, politicians, fmt=workshop).minutes == 120  # its usual
    with pytest.raises(ConfigError) as caught:
        plan_workshop(framework, politicians, session=Session("politicians", minutes=45),
                      fmt=workshop)
    assert str(caught.value.message) == (
        "a 45-minute session is shorter than a workshop takes (90 to 480 minutes); give at "
        "least 90 minutes, or choose another format (see 'toolkit formats')")
    everything = Session("politicians", minutes=30, questions=tuple(f"q{n}" for n in range(1, 8)))
    with pytest.raises(ConfigError) as caught:
        plan_workshop(framework, politicians, session=everything, fmt=members)
    assert str(caught.value.message) == (
        "a 30-minute session is too short for the 7 questions of 'politicians' as a members' "
        "discussion; it needs at least 33 minutes, or focus it on 6 questions (--questions, "
        "or a profile session's questions)")


AUDIENCE = """\
---
name: Test audience
description: For the tests.
{extra}questions: {questions}
---

# Why this matters to you

Because.

# Rewordings

{rewordings}
"""


def check_audience_file(tmp_path, text):
    folder = tmp_path / "content" / "audiences"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "test.md"
    path.write_text(text, encoding="utf-8")
    result = run("check", "--content", str(tmp_path / "content"))
    return path, result


def test_check_reports_unknown_front_matter_key(tmp_path):
    path, result = check_audience_file(tmp_path, AUDIENCE.format(
        extra="minuets: 60\n", questions="[q1]", rewordings="- q1.1: Hello?"))
    assert result.exit_code == 1
    assert (f"error: {path}:4: unknown front matter key 'minuets'\n       did you mean "
            "'minutes'?") in result.output


def test_check_reports_unknown_question_and_prompt_ids(tmp_path):
    path, result = check_audience_file(tmp_path, AUDIENCE.format(
        extra="", questions="[q1, q9]", rewordings="- q1.1: Hello?\n- q3.12: Nope?"))
    assert result.exit_code == 1
    assert f"error: {path}:4: question 'q9' is not in the framework" in result.output
    assert (f"error: {path}:14: rewording for 'q3.12', which is not in the framework"
            in result.output)


def test_check_reports_an_empty_question_set(tmp_path):
    path, result = check_audience_file(tmp_path, AUDIENCE.format(
        extra="", questions="[]", rewordings="- q1: Hello?"))
    assert result.exit_code == 1
    assert f"error: {path}:4: the question set is empty" in result.output


def test_check_reports_a_malformed_rewording(tmp_path):
    path, result = check_audience_file(tmp_path, AUDIENCE.format(
        extra="", questions="all", rewordings="- just some words"))
    assert result.exit_code == 1
    assert f"error: {path}:13: a rewording must look like 'q3.4: new words'" in result.output


def test_check_reports_a_clashing_alias(tmp_path):
    _path, result = check_audience_file(tmp_path, AUDIENCE.format(
        extra="aliases: [staff]\n", questions="all", rewordings="- q1: Hi?"))
    assert result.exit_code == 1
    assert "the name 'staff' is also used by the audience" in result.output


def test_an_audience_works_with_another_framework_in_its_words(tmp_path, write_file):
    """Politicians' questions and rewordings are of the built-in framework: with another,
    they take every question (or the framework's choice for them), in its own words."""
    framework = write_file("f.md", "# T\n\n## 1. Q one?\n\n- a\n\n## 2. Q two?\n\n- b\n")
    result = build(BuildConfig(framework=framework, audiences=("politicians",), out=tmp_path / "o",
                               markdown=True))
    deck = next(f for f in result.files if f.name.endswith("-deck.md")).read_text("utf-8")
    assert "## Q one?" in deck and "## Q two?" in deck
    chosen = write_file("g.md", "---\naudiences: {politicians: [q2]}\n---\n\n# T\n\n"
                        "## 1. Q one?\n\n- a\n\n## 2. Q two?\n\n- b\n")
    result = build(BuildConfig(framework=chosen, audiences=("politicians",), out=tmp_path / "p",
                               markdown=True))
    deck = next(f for f in result.files if f.name.endswith("-deck.md")).read_text("utf-8")
    assert "## Q two?" in deck and "## Q one?" not in deck
    wrong = write_file("h.md", "---\naudiences: {politician: [q1]}\n---\n\n# T\n\n"
                       "## 1. Q one?\n\n- a\n")
    result = run("build", "--framework", str(wrong), "--out", str(tmp_path / "q"))
    assert result.exit_code == 1
    assert (f"error: {wrong}:2: the front matter's audiences names 'politician', which is not "
            "an audience") in result.output


def test_broken_builtin_copy_is_reported_with_its_line(tmp_path):
    folder = tmp_path / "content" / "audiences"
    folder.mkdir(parents=True)
    shutil.copy(audiences_dir() / "residents.md", folder / "residents.md")
    path = folder / "residents.md"
    path.write_text(path.read_text().replace("- q7.2:", "- q7.9:"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(BuildConfig(content=tmp_path / "content", out=tmp_path / "o"))
    assert any(str(p).startswith(f"{path}:") and "'q7.9'" in str(p)
               for p in caught.value.problems)


def test_every_audience_deck_fits_and_has_unique_titles(decks):
    from test_deck import assert_fits

    for path in decks.values():
        assert_fits(path)
        titles = [title_of(s) for s in load(path).slides]
        assert len(titles) == len(set(titles))
