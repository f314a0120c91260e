"""Small pieces: escaping, measuring, colours, the plan, packaging."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from toolkit.content.framework import load_framework
from toolkit.content.markdown import escape
from toolkit.content.resources import builtin_dir
from toolkit.errors import TemplateError
from toolkit.layout.colours import GROUP_COLOURS, INK, NAVY, PAPER, contrast_ratio, tint
from toolkit.layout.textfit import text_width, wrap
from toolkit.planning.plan import plan_workshop
from toolkit.render.document import parse_document, slide_document, typographic
from toolkit.render.environment import format_minutes

printable = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=60,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@given(printable)
def test_escaped_text_reads_back_unchanged(text):
    document = parse_document(f"## Slide\n\n- {escape(text)}\n\n{escape(text)}\n")
    blocks = document.slides[0].blocks
    assert [b.text for b in blocks] == [typographic(text)] * 2  # quotes set typographically


def test_escape_markdown_that_would_change_meaning():
    for text in [
        "1. not a list",
        "# not a heading",
        "*not* emphasis",
        "[not](a link)",
        "- not a bullet",
        "a & b &amp; c",
        "::: not notes",
        "{.not attrs}",
    ]:
        document = parse_document(f"## S\n\n{escape(text)}\n")
        assert document.slides[0].blocks[0].text == text


DECK = """\
# Part one

{.question group=1}
## First slide

### A sub-heading

- a point

::: notes
Say this.
:::

## Second slide

| A | B |
|---|---|
| 1 | 2 |
"""


def test_one_document_reads_as_a_flow_and_as_slides():
    document = parse_document(DECK, "deck.md.j2")
    assert [getattr(b, "style", "table") for b in document.blocks] == [
        "h1", "h2", "h3", "bullet", "p", "h2", "table",
    ]
    first, second = slide_document(document, "deck.md.j2").slides
    assert (first.title, first.line, first.section, first.classes, first.attrs) == (
        "First slide", 4, "Part one", ("question",), (("group", "1"),),
    )
    blocks = [(b.text, b.style) for b in first.blocks]
    assert blocks == [("A sub-heading", "heading"), ("a point", "bullet")]
    assert [n.text for n in first.notes] == ["Say this."]
    assert second.blocks[0].rows == (("A", "B"), ("1", "2"))


def test_text_before_the_first_slide_is_refused_with_its_line():
    document = parse_document("# Section\n\nstray words\n\n## Slide\n", "cards.md.j2")
    with pytest.raises(TemplateError, match=r"cards\.md\.j2:3: text before the first '##' slide"):
        slide_document(document, "cards.md.j2")
    with pytest.raises(TemplateError, match="produced no slides"):
        slide_document(parse_document("# Only a section\n", "x.md.j2"), "x.md.j2")


def test_text_width_uses_real_metrics():
    assert text_width("iiii", 20) < text_width("MMMM", 20)
    assert text_width("Môn ŵ ŷ", 18) > 0
    assert text_width("Bold", 18, bold=True) > text_width("Bold", 18)


def test_wrap_breaks_at_spaces_and_never_exceeds_the_width():
    text = "Involving all key stakeholders, including middle managers, in discussing"
    lines = wrap(text, 300, 24)
    assert " ".join(lines) == text
    assert all(text_width(line, 24) <= 300 for line in lines)
    long_word = wrap("x" * 200, 100, 18)
    assert "".join(long_word) == "x" * 200
    assert all(text_width(line, 18) <= 100 for line in long_word)


def test_colours_meet_contrast():
    assert contrast_ratio(INK, PAPER) >= 4.5
    assert contrast_ratio(PAPER, NAVY) >= 4.5
    for colour in GROUP_COLOURS:
        assert contrast_ratio(PAPER, colour) >= 4.5, colour
        assert contrast_ratio(INK, tint(colour)) >= 4.5, colour
        assert contrast_ratio(INK, tint(colour, 0.85)) >= 4.5, colour
    assert round(contrast_ratio("000000", "FFFFFF"), 1) == 21.0


def test_plan_adds_up(builtin_framework):
    plan = plan_workshop(load_framework(builtin_framework))
    assert plan.minutes == 120
    assert [b.start for b in plan.blocks] == [
        sum(x.minutes for x in plan.blocks[:i]) for i in range(len(plan.blocks))
    ]
    assert sum(item.minutes for item in plan.agenda()) == plan.minutes
    assert [str(i.title) for i in plan.agenda()][2:5] == [
        "Central Focus: question 1",
        "Key Drivers: questions 2 to 4",
        "Key Enablers: questions 5 to 7",
    ]
    for block in plan.blocks:
        if block.question:
            assert sum(m for _s, m in block.steps) == block.minutes


def test_format_minutes():
    assert [format_minutes(m) for m in (1, 12, 60, 90, 120)] == [
        "1 minute",
        "12 minutes",
        "1 hour",
        "1 hour 30 minutes",
        "2 hours",
    ]


def test_builtin_content_and_templates_are_found():
    assert (builtin_dir("content") / "frameworks" / "partnership-innovation.md").is_file()
    assert (builtin_dir("templates") / "deck.md.j2").is_file()


def test_wheel_ships_content_and_templates(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "toolkit/_builtin/content/frameworks/partnership-innovation.md" in names
    assert "toolkit/_builtin/templates/deck.md.j2" in names
    assert "toolkit/data/arial-metrics.json" in names


def test_readme_quick_start_has_two_commands_that_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [block.split("\n", 1)[1].strip() for block in quick_start.split("```sh")[1:]]
    commands = [c.split("```")[0].strip() for c in commands]
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert "\n" not in command
        assert command in ci
