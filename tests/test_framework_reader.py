"""The framework reader: the built-in content, the raw seed, other shapes, and problems."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import seed_path, seed_prompts, seed_questions
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.content.framework import load_framework, parse_framework
from toolkit.errors import ContentError

SECOND = """\
---
title: Fframwaith Arloesi Môn
short_title: Arloesi Môn
version: 2
---

# Fframwaith Arloesi Môn

A short framework used by the tests, shaped differently from the built-in one.

## Pobl

- Ydy pobl ŵyr a wyresau'r ynys yn ganolog?
- Do we listen to young people in Môn?

## Ffyrdd o weithio

- Is our data shared well?

## Adnoddau

- Do we have the money to try things?

## Arian

- Is there a fund for ŷ experiments?

## Questions

{#people}
### 1. Ydy pobl ŵyr a wyresau'r ynys yn ganolog?

A lead-in:

- One prompt only, which is rather long and goes on to describe in some detail a situation that a partnership might find itself in when trying to innovate across organisational boundaries with limited money?

### 2. Do we listen to young people in Môn?

- A prompt with no lead-in above it

### 3. Is our data shared well?

Lead-in:

- A
- B
- C
- D
- E
- F
- G
- H
- I
- J
- K

### 4. Do we have the money to try things?

Lead-in:

- Money?

### 5. Is there a fund for ŷ experiments?

Lead-in:

- Fund?

## Cefndir

Some background with a [link](https://example.org).
"""


def problems(text, write_file, name="framework.md"):
    path = write_file(name, text)
    with pytest.raises(ContentError) as caught:
        load_framework(path)
    return path, [str(p) for p in caught.value.problems]


def test_builtin_framework_has_the_seed_shape(builtin_framework):
    framework = load_framework(builtin_framework)
    assert framework.summary() == "partnership-innovation: 3 groups, 7 questions, 34 prompts"
    assert [g.name for g in framework.groups] == ["Central Focus", "Key Drivers", "Key Enablers"]
    assert [len(g.question_ids) for g in framework.groups] == [1, 3, 3]
    assert framework.title == "Public Service Partnerships' Innovation Framework"


def test_builtin_framework_is_verbatim(builtin_framework):
    framework = load_framework(builtin_framework)
    expected = seed_questions()
    assert [q.text for q in framework.questions] == [q for q, _p in expected.values()]
    assert [p.text for p in framework.prompts] == seed_prompts()
    assert len(seed_prompts()) == 34
    assert framework.questions[0].lead_in == (
        "For example, in the innovation priority areas, could the partnership do more to:"
    )
    assert framework.questions[3].lead_in == "For example, does the partnership have:"
    assert framework.intro.startswith("Leaders of partnerships can use this Framework")


def test_ids_come_from_numbering(builtin_framework):
    framework = load_framework(builtin_framework)
    question = framework.question("q3")
    assert question.prompts[3].id == "q3.4"
    assert question.prompts[3].text.startswith("Involving all key stakeholders")
    assert framework.group("key-drivers").question_ids == ("q2", "q3", "q4")


def test_raw_seed_gives_the_same_model(builtin_framework):
    cleaned = load_framework(builtin_framework)
    raw = load_framework(seed_path())
    assert raw.summary().endswith("3 groups, 7 questions, 34 prompts")
    for name in ("intro", "groups", "questions", "sections"):
        assert getattr(raw, name) == getattr(cleaned, name), name


def test_free_sections_keep_their_links(builtin_framework):
    framework = load_framework(builtin_framework)
    assert [s.title for s in framework.sections] == [
        "Background to the Framework",
        "Other materials about innovation in local government",
        "More Details",
    ]
    other = framework.find_section("other materials about innovation in local government")
    assert "<http://tinyurl.com/innovationcouncils1>" in other.markdown
    contact = framework.find_section("More Details")
    assert "(mailto:joan.munro@btopenworld.com)" in contact.markdown
    assert "0779 2952 498" in contact.markdown


def test_a_differently_shaped_framework(write_file):
    framework = load_framework(write_file("môn.md", SECOND))
    assert framework.summary() == "mon: 4 groups, 5 questions, 15 prompts"
    assert framework.title == "Fframwaith Arloesi Môn"
    assert framework.short_title == "Arloesi Môn"
    assert framework.questions[0].id == "people"
    assert framework.questions[0].prompts[0].id == "people.1"
    assert framework.questions[0].text == "Ydy pobl ŵyr a wyresau'r ynys yn ganolog?"
    assert framework.questions[1].lead_in == ""
    assert framework.group("pobl").question_ids == ("people", "q2")
    assert framework.questions[4].group_id == "arian"
    assert framework.sections[0].markdown == "Some background with a [link](https://example.org)."


def test_frameworks_are_immutable(builtin_framework):
    framework = load_framework(builtin_framework)
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.title = "x"


def test_empty_file(write_file):
    path, found = problems("  \n\n", write_file)
    assert found == [
        f"{path}:1: the file is empty\n       write a title, groupings and "
        "numbered questions; see content/frameworks/partnership-innovation.md "
        "for the expected shape"
    ]


def test_no_questions(write_file):
    path, found = problems("# Title\n\nJust an intro.\n", write_file)
    assert found[0].startswith(f"{path}:1: the framework has no questions")


def test_question_without_prompts(write_file):
    text = "# T\n\n## G\n\n- One?\n- Two?\n\n## 1. One?\n\nLead:\n\n- a\n\n## 2. Two?\n\nLead.\n"
    path, found = problems(text, write_file)
    assert found == [
        f'{path}:14: question 2 has no prompts\n       add at least one bullet under "2. Two?"'
    ]


def test_duplicate_question_number(write_file):
    text = "# T\n\n## 1. One?\n\n- a\n\n## 1. Again?\n\n- b\n"
    path, found = problems(text, write_file)
    assert found[0].startswith(f"{path}:7: question number 1 is used twice (first at line 3)")


def test_duplicate_explicit_id(write_file):
    text = "# T\n\n{#same}\n## 1. One?\n\n- a\n\n{#same}\n## 2. Two?\n\n- b\n"
    path, found = problems(text, write_file)
    assert found[0].startswith(f"{path}:9: question ID 'same' is used twice (first at line 4)")


def test_grouping_item_that_matches_no_question(write_file):
    text = "# T\n\n## G\n\n- Is the vision clear\n\n## 1. Is the vision clear?\n\n- a\n"
    path, found = problems(text, write_file)
    assert found[0] == (
        f"{path}:5: grouping 'G' lists a question that does not exist: "
        '"Is the vision clear"\n       did you mean "Is the vision clear?" '
        "(question 1)?"
    )
    assert found[1].startswith(f"{path}:7: question 1 is in no grouping")


def test_invalid_front_matter_names_its_line(write_file):
    text = "---\ntitle: ok\nversion: [unclosed\n---\n\n# T\n\n## 1. Q?\n\n- a\n"
    path, found = problems(text, write_file)
    assert found[0].startswith(f"{path}:3: front matter is not valid YAML")


def test_unknown_front_matter_key_is_suggested(write_file):
    text = "---\ntitle: ok\nlicense: CC\n---\n\n# T\n\n## 1. Q?\n\n- a\n"
    path, found = problems(text, write_file)
    assert found == [
        f"{path}:3: unknown front matter key 'license'\n       did you mean "
        "'licence'? Allowed keys: title, short_title, source, subject, headline, sections, "
        "audiences, priority_questions, version, licence, translation"
    ]


def test_not_utf8_names_the_line(write_file):
    path, found = problems("# T\n\n## 1. Caf\xe9?\n".encode("latin-1"), write_file)
    assert found[0].startswith(f"{path}:3: the file is not UTF-8 (byte 0xe9 cannot be read)")


def test_control_character_names_line_and_column(write_file):
    path, found = problems("# T\n\n## 1. Q?\n\n- a\x0bb\n", write_file)
    assert found == [
        f"{path}:5: column 4: control character U+000B cannot go into Office "
        "files\n       delete it (it is often pasted in invisibly from another "
        "program)"
    ]


def test_nested_bullets_are_reported(write_file):
    path, found = problems("# T\n\n## 1. Q?\n\n- a\n  - b\n", write_file)
    assert found[0].startswith(f"{path}:6: bullets inside bullets are not supported")


def test_every_problem_is_reported_at_once(write_file):
    text = "# T\n\n## G\n\n- Nope\n\n## 1. A?\n\n## 1. B?\n\n- b\n"
    _path, found = problems(text, write_file)
    assert len(found) == 5  # unknown item, no prompts, duplicate, two questions ungrouped


def test_parse_framework_from_text():
    framework = parse_framework("# T\n\n## 1. Q?\n\n- a *b* c\n", "inline.md")
    assert framework.prompts[0].text == "a b c"
    assert framework.groups[0].question_ids == ("q1",)


PIECES = ["# Title", "## Group", "## 1. Question one?", "### 2. Two?", "## 1. Again?",
          "- a prompt", "- 1. Question one?", "  - nested", "Lead-in:", "{#id}", "---",
          "title: x", "", "```", "> quote", "| a | b |", "1. ordered", "## **3. Bold?**",
          "## Background", "[link](http://x)", "\t", "ŵ ŷ Môn"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_any_text_gives_a_framework_or_content_error(lines):
    try:
        framework = parse_framework("\n".join(lines), "fuzz.md")
    except ContentError as error:
        assert error.problems
        assert all(str(p).startswith("fuzz.md") for p in error.problems)
    else:
        assert framework.questions
        assert all(q.prompts for q in framework.questions)


def test_priority_questions_are_named_in_the_front_matter(builtin_framework):
    assert load_framework(builtin_framework).priority_questions == ("q1", "q2")
    assert parse_framework(SECOND).priority_questions == ()  # none unless listed
    text = SECOND.replace("version: 2\n", "version: 2\npriority_questions: [q2, q9]\n")
    with pytest.raises(ContentError) as caught:
        parse_framework(text, "môn.md")
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (
        5, "priority_questions lists 'q9', which is not a question ID"
    )


def test_the_guide_says_where_priorities_come_up_only_when_the_framework_says(
    tmp_path, builtin_framework
):
    from toolkit.api import BuildConfig, render_documents
    from toolkit.model import Partnership

    partnership = Partnership(name="North", priorities=("Ageing well",))
    guide = render_documents(BuildConfig(partnership=partnership))["guide"]
    assert "Ageing well. They come up with questions 1 and 2." in guide
    text = builtin_framework.read_text(encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text(text.replace("priority_questions: [q1, q2]", "priority_questions: [q3]"))
    guide = render_documents(BuildConfig(partnership=partnership, framework=other))["guide"]
    assert "Ageing well. They come up with question 3." in guide
    other.write_text(text.replace("priority_questions: [q1, q2]\n", ""), encoding="utf-8")
    guide = render_documents(BuildConfig(partnership=partnership, framework=other))["guide"]
    assert "priority areas: Ageing well.\n" in guide
