"""``--questions`` (and a profile session's ``questions``): a session focused on some of the
framework's questions, numbered as the framework numbers them everywhere."""

from __future__ import annotations

import csv

from click.testing import CliRunner
from conftest import markdown_of

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.audiences import load_audiences
from toolkit.content.profile import load_profile


def test_every_audience_builds_focused_on_two_questions(tmp_path):
    result = build(BuildConfig(out=tmp_path, audiences=("all",), questions=("2", "q5"),
                               minutes=60, markdown=True))
    for audience in load_audiences():
        deck = markdown_of(result.files, audience.slug, "deck")
        assert "Question 2 of 7" in deck or "Q2. " in deck
        assert "Question 1 of 7" not in deck and "Question 7 of 7" not in deck
        if audience.slug == "politicians":  # a members' discussion: a one-page rating sheet
            sheet = markdown_of(result.files, audience.slug, "rating-sheet")
            starts = [line[:5] for line in sheet.splitlines() if line.startswith("| Q")][1:]
            assert starts == ["| Q2.", "| Q5."]
            continue
        worksheet = markdown_of(result.files, audience.slug, "worksheet")
        assert [line[:5] for line in worksheet.splitlines() if line.startswith("## Q")] == [
            "## Q2", "## Q5"
        ]
        sheet = next(f for f in result.files if f.name.endswith(f"-{audience.slug}-results.csv"))
        header = next(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
        assert header[2:4] == ["Q2", "Q5"]


def test_the_order_given_is_the_sessions_order(tmp_path):
    result = build(BuildConfig(out=tmp_path, audiences=("frontline",), questions=("5", "2"),
                               minutes=60, markdown=True))
    deck = markdown_of(result.files, "frontline", "deck")
    assert deck.index("Question 5 of 7") < deck.index("Question 2 of 7")


def test_a_question_the_framework_lacks_is_refused_with_the_choices(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--questions", "2,9", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output == ("error: the framework 'partnership-innovation' has no question 9; "
                             "its questions are 1, 2, 3, 4, 5, 6, 7\n")
    assert not (tmp_path / "o").exists()


def test_a_profile_session_names_its_questions(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('name = "North"\n[[sessions]]\naudience = "frontline"\n'
                       "minutes = 60\nquestions = [1, 6]\n", encoding="utf-8")
    partnership = load_profile(profile)
    assert partnership.sessions[0].questions == ("1", "6")
    result = build(BuildConfig(out=tmp_path / "o", partnership=partnership, markdown=True))
    deck = markdown_of(result.files, "frontline", "deck")
    assert "Question 1 of 7" in deck and "Question 6 of 7" in deck
    assert "Question 5 of 7" not in deck
    profile.write_text('[[sessions]]\naudience = "frontline"\nquestions = [true]\n',
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(profile), "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert f"{profile}:3: questions must be a list of question numbers" in result.output


def test_a_session_too_short_says_how_many_questions_would_fit(tmp_path):
    from toolkit.content.formats import load_formats
    from toolkit.planning.plan import minimum_minutes

    focus = next(f for f in load_formats() if f.slug == "focus-group")
    minutes = minimum_minutes(7, focus) - 1  # the board has 7 questions
    fits = max(n for n in range(1, 7) if minimum_minutes(n, focus) <= minutes)
    asked = ["build", "--audience", "board", "--format", "focus-group", "--minutes", str(minutes)]
    result = CliRunner().invoke(cli, [*asked, "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert (f"too short for the 7 questions of 'partnership-board' as a focus group; it needs "
            f"at least {minimum_minutes(7, focus)} minutes, or focus it on {fits} questions "
            "(--questions, or a profile session's questions)") in result.output
    result = CliRunner().invoke(cli, [*asked, "--questions", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
