"""Session formats (issue 15): a members' discussion, a focus group and a workshop, each
shaping the plan, the documents and the instructions; lengths that fit real meetings."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner
from conftest import markdown_of
from docx import Document

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.audiences import load_audiences
from toolkit.content.formats import load_formats
from toolkit.errors import ConfigError
from toolkit.planning.packs import plans_for

AUDIENCES = [a.slug for a in load_audiences()]
FORMATS = [f.slug for f in load_formats()]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_sheet_minutes(guide):
    """Return the run sheet's (start, minutes) rows, read back from the Word file."""
    doc = Document(guide)
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [
        "Time", "Minutes"])
    rows = []
    for row in table.rows[1:]:
        hours, minutes = row.cells[0].text.split(":")
        rows.append((int(hours) * 60 + int(minutes), int(row.cells[1].text)))
    return rows


def assert_sums_exactly(guide, minutes):
    rows = run_sheet_minutes(guide)
    assert sum(m for _start, m in rows) == minutes
    for (start, length), (following, _) in itertools.pairwise(rows):
        assert start + length == following
    assert rows[0][0] == 0 and rows[-1][0] + rows[-1][1] == minutes


def test_the_formats_are_listed_with_their_lengths():
    assert FORMATS == ["members-discussion", "focus-group", "workshop"]
    result = run("formats")
    assert result.exit_code == 0, result.output
    assert "members-discussion: Members' discussion (30 to 75 minutes, usually 45)" in result.output
    assert "focus-group: Focus group (45 to 120 minutes, usually 75)" in result.output
    assert "workshop: Workshop (90 to 480 minutes, usually 120)" in result.output
    assert "makes: deck, rating-sheet, guide" in result.output


def test_each_audience_has_its_usual_format():
    usual = {a.slug: a.format for a in load_audiences()}
    assert usual == {
        "partnership-board": "workshop", "politicians": "members-discussion",
        "senior-leaders": "workshop", "managers": "workshop", "frontline": "focus-group",
        "residents": "focus-group",
    }


def test_a_thirty_minute_members_discussion_of_five_questions(tmp_path):
    result = run("build", "--minutes", "30", "--audience", "politicians", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output  # its usual format
    guide = tmp_path / "partnership-innovation-politicians-facilitator-guide.docx"
    assert_sums_exactly(guide, 30)
    rows = run_sheet_minutes(guide)
    assert len(rows) == 1 + 5 + 3  # welcome, five questions, rating, priorities, close
    assert not list(tmp_path.glob("*-cards.pptx")) and not list(tmp_path.glob("*-worksheet.*"))
    assert (tmp_path / "partnership-innovation-politicians-rating-sheet.docx").exists()


def test_every_audience_fits_in_45_minutes(tmp_path):
    result = build(BuildConfig(out=tmp_path, audiences=("all",), minutes=45))
    for slug in AUDIENCES:
        guide = next(f for f in result.files if f.name.endswith(f"-{slug}-facilitator-guide.docx"))
        assert_sums_exactly(guide, 45)
    # Those whose usual format cannot take 45 minutes are planned in one that can, and told.
    assert result.notes == (
        "partnership-board: a 45-minute session of 7 questions does not suit a workshop, the "
        "usual format for 'partnership-board' (90 to 480 minutes), so it is planned as a "
        "members' discussion (--format members-discussion)",
        "senior-leaders: a 45-minute session of 7 questions does not suit a workshop, the "
        "usual format for 'senior-leaders' (90 to 480 minutes), so it is planned as a "
        "members' discussion (--format members-discussion)",
        "managers: a 45-minute session of 6 questions does not suit a workshop, the usual "
        "format for 'managers' (90 to 480 minutes), so it is planned as a members' "
        "discussion (--format members-discussion)",
    )


def test_a_60_minute_default_pack_is_a_focus_group_and_says_so(tmp_path):
    result = run("build", "--minutes", "60", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert ("note: partnership-board: a 60-minute session of 7 questions does not suit a "
            "workshop") in result.output
    assert "so it is planned as a focus group (--format focus-group)" in result.output
    guide = tmp_path / "partnership-innovation-partnership-board-facilitator-guide.docx"
    assert_sums_exactly(guide, 60)


def test_too_short_for_every_format_says_what_would_fit(tmp_path):
    result = run("build", "--minutes", "20", "--audience", "partnership-board", "--out",
                 tmp_path / "o")
    assert result.exit_code == 1
    assert result.output == (
        "error: a 20-minute session is too short for the 7 questions of 'partnership-board' "
        "in any format; the shortest that works is a members' discussion of 33 minutes "
        "(--minutes 33 --format members-discussion)\n")
    assert not (tmp_path / "o").exists()
    result = run("build", "--minutes", "31", "--audience", "partnership-board", "--out",
                 tmp_path / "o")
    assert result.exit_code == 1
    assert result.output.endswith(
        "members' discussion of 33 minutes (--minutes 33 --format members-discussion), or "
        "focus it on 6 questions (--questions, or a profile session's questions)\n")


def test_an_unknown_format_is_refused_with_the_nearest(tmp_path):
    result = run("build", "--format", "focus-groups", "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert result.output == (
        "error: unknown format 'focus-groups'; did you mean 'focus-group'? choose one of: "
        "members-discussion, focus-group, workshop (see 'toolkit formats')\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_audience_builds_in_every_format_on_two_questions(tmp_path, fmt):
    minutes = {"members-discussion": 30, "focus-group": 45, "workshop": 90}[fmt]
    result = build(BuildConfig(out=tmp_path, audiences=("all",), format=fmt, questions=("2", "5"),
                               minutes=minutes, markdown=True))
    chosen = next(f for f in load_formats() if f.slug == fmt)
    assert result.notes == ()
    plans = {p.audience.slug: p for p in plans_for(BuildConfig(
        audiences=("all",), format=fmt, questions=("2", "5"), minutes=minutes))}
    for slug in AUDIENCES:
        names = {f.name.removeprefix(f"partnership-innovation-{slug}-") for f in result.files
                 if f"-{slug}-" in f.name and f.suffix in (".pptx", ".docx")}
        expected = {"deck.pptx", "facilitator-guide.docx"} | {
            {"cards": "cards.pptx"}.get(o, f"{o}.docx") for o in chosen.outputs
            if o not in ("deck", "guide")}
        assert names == expected, (fmt, slug)
        guide = markdown_of(result.files, slug, "facilitator-guide")
        length = f"{chosen.min_minutes} to {chosen.max_minutes} minutes"
        assert f"| Format | {chosen.name} ({length}) |" in guide.replace("\u2019", "'")
        for line in chosen.setup:
            assert line in guide.replace("\u2019", "'")
        deck = markdown_of(result.files, slug, "deck")
        if not chosen.cards:
            assert "card" not in guide.split("## How to run each activity")[0].lower()
            assert "card" not in deck.lower()
        activities = {b.activity.name for b in plans[slug].question_blocks}
        for name in activities:  # the format's activities (or the audience's that suit it)
            assert f"## Question 2: {name}" in deck or f"## Question 5: {name}" in deck
            assert f"### {name}" in guide
            assert plans[slug].format.slug == fmt
        assert_sums_exactly(next(f for f in result.files
                                 if f.name.endswith(f"-{slug}-facilitator-guide.docx")), minutes)


def test_a_profile_session_chooses_its_format_and_a_wrong_one_names_the_line(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('name = "P"\n\n[[sessions]]\naudience = "frontline"\nformat = "workshop"\n'
                       'minutes = 90\n', encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    guide = tmp_path / "out" / "p" / "frontline" / "p-frontline-facilitator-guide.docx"
    assert "Workshop (90 to 480 minutes)" in "\n".join(
        c.text for t in Document(guide).tables for r in t.rows for c in r.cells)
    profile.write_text('name = "P"\n\n[[sessions]]\naudience = "frontline"\nformat = "worksop"\n',
                       encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out2")
    assert result.exit_code == 1
    assert (f"error: {profile}:5: unknown format 'worksop'; did you mean 'workshop'?"
            in result.output)


FORMAT = """\
---
name: Broken
description: For the tests.
shortest: 60
minutes: 45
longest: 90
together: round the table
table_size: 6
participants: 8
outputs: [deck, guide, slides]
activities: [table-discusion]
timing: {{welcome: 2, discus: 3}}
---

# Room set-up

- A room.
"""


def test_format_file_errors_name_the_file_and_line(tmp_path):
    folder = tmp_path / "content" / "formats"
    folder.mkdir(parents=True)
    (folder / "broken.md").write_text(FORMAT.format(), encoding="utf-8")
    result = run("check", "--content", tmp_path / "content")
    assert result.exit_code == 1
    path = folder / "broken.md"
    for expected in (
        f"{path}:5: shortest (60), minutes (45) and longest (90) must each be at least the one "
        "before",
        f"{path}:10: unknown output 'slides'",
        f"{path}:12: timing has an unknown part 'discus'",
        f"{path}:12: timing must give 'discuss' at least 1 minute",
        f"{path}:11: unknown activity 'table-discusion'",
    ):
        assert expected in result.output, expected


def test_plans_refuse_a_format_that_cannot_take_the_length():
    from toolkit.content.framework import load_framework
    from toolkit.content.resources import default_framework
    from toolkit.model import Session
    from toolkit.planning.plan import plan_workshop

    members = next(f for f in load_formats() if f.slug == "members-discussion")
    with pytest.raises(ConfigError, match="longer than a members' discussion takes"):
        plan_workshop(load_framework(default_framework()), session=Session(minutes=90),
                      fmt=members)


def test_a_profile_session_too_long_for_its_format_is_planned_in_another_and_says_so(tmp_path):
    """An existing profile asking 90 minutes of the politicians (usually a members'
    discussion, at most 75) still builds, as the nearest format that takes it."""
    profile = tmp_path / "p.toml"
    profile.write_text('name = "P"\n\n[[sessions]]\naudience = "politicians"\nminutes = 90\n',
                       encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert ("note: politicians: a 90-minute session of 5 questions does not suit a members' "
            "discussion, the usual format for 'politicians' (30 to 75 minutes), so it is "
            "planned as a focus group (--format focus-group)") in result.output
    assert (tmp_path / "out" / "p" / "politicians" / "p-politicians-cards.pptx").exists()


def test_a_framework_of_many_questions_fits_a_whole_day_workshop():
    """The benchmark's 50-question framework needs seven hours: a workshop takes a day."""
    from toolkit.content.framework import parse_framework
    from toolkit.model import Session
    from toolkit.planning.plan import plan_workshop

    text = "# Big\n\n" + "".join(f"## {n}. Question {n}?\n\n- A prompt\n\n" for n in range(1, 51))
    framework = parse_framework(text, "big.md")
    workshop = next(f for f in load_formats() if f.slug == "workshop")
    plan = plan_workshop(framework, session=Session(minutes=420), fmt=workshop)
    assert plan.minutes == 420 and len(plan.questions) == 50
