"""Translations beside a framework, item by item (issue 18, point 1): every question, lead-in
and prompt of the original and no other, each problem with FILE:LINE; any language."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.content.framework import load_framework
from toolkit.content.resources import builtin_dir, default_framework
from toolkit.content.translations import load_translation, translation_files

WELSH = builtin_dir("content") / "frameworks" / "partnership-innovation.cy.md"
DATA = Path(__file__).parent / "data"


def test_the_built_in_welsh_draft_has_every_item_and_says_it_is_a_draft():
    original = load_framework(default_framework())
    assert translation_files(default_framework()) == [("cy", WELSH)]
    welsh = load_translation(original, WELSH)
    assert welsh.slug == original.slug and welsh.translation == "draft"
    assert [len(q.prompts) for q in welsh.questions] == [len(q.prompts) for q in original.questions]
    assert "ŵ" in WELSH.read_text(encoding="utf-8") or "â" in WELSH.read_text(encoding="utf-8")


def _copy(tmp_path, edit):
    """Copy the built-in framework and its Welsh translation into ``tmp_path``, changing
    the translation's text with ``edit``; return the original's path."""
    original = tmp_path / "partnership-innovation.md"
    shutil.copy(default_framework(), original)
    text = WELSH.read_text(encoding="utf-8")
    (tmp_path / WELSH.name).write_text(edit(text), encoding="utf-8")
    return original


def _line(path, starting):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(starting))


def test_check_reports_a_missing_and_an_extra_welsh_prompt_with_file_and_line(tmp_path):
    missing = "- Dathlu arloesedd?\n"  # q5.6, the last prompt of question 5
    extra = "- Ddull syml o werthuso a dysgu o arloesedd llwyddiannus ac aflwyddiannus?\n"  # q7.3

    def edit(text):
        return text.replace(missing, "").replace(extra, extra + "- Rhywbeth arall?\n")

    original = _copy(tmp_path, edit)
    welsh = tmp_path / WELSH.name
    result = CliRunner().invoke(cli, ["check", "--framework", str(original)])
    assert result.exit_code == 1
    q5 = _line(welsh, "### 5.")
    assert (
        f"{welsh}:{q5}: prompt q5.6 is not translated: question 5 has 6 prompts in the "
        f"original and 5 here (the missing one is at {original}:"
        f"{_line(original, '- Celebrating innovations?')}: 'Celebrating innovations?')"
    ) in result.output
    added = _line(welsh, "- Rhywbeth arall?")
    assert f"{welsh}:{added}: prompt q7.4 is not in the original: question 7 has 3" in result.output
    assert "Traceback" not in result.output


def test_a_missing_question_and_lead_in_are_named(tmp_path):
    def edit(text):
        start = text.index("### 6.")
        end = text.index("### 7.")
        text = text[:start] + text[end:]
        text = text.replace(
            "- A yw gweithwyr wedi'u cymell ac yn meddu ar y sgiliau i arloesi?\n", ""
        )
        return text.replace("Er enghraifft, a yw arweinwyr a rheolwyr:\n\n", "")

    original = _copy(tmp_path, edit)
    result = CliRunner().invoke(cli, ["check", "--framework", str(original)])
    assert result.exit_code == 1
    assert "question 6 is not translated (the original's is at" in result.output
    assert "the lead-in of question 3 is not translated" in result.output


def test_a_third_language_works_the_same_way(tmp_path):
    original = tmp_path / "digital-inclusion.md"
    shutil.copy(DATA / "digital-inclusion.md", original)
    shutil.copy(DATA / "digital-inclusion.fr.md", tmp_path)
    result = CliRunner().invoke(cli, ["check", "--framework", str(original)])
    assert result.exit_code == 0, result.output
    assert "translations: fr (fr)" in result.output
    french = load_translation(load_framework(original), tmp_path / "digital-inclusion.fr.md")
    assert french.questions[0].text.startswith("Toute personne qui veut se connecter")


def test_a_translated_audience_file_is_not_read_as_an_audience_of_its_own(tmp_path):
    audiences = tmp_path / "content" / "audiences"
    audiences.mkdir(parents=True)
    builtin = builtin_dir("content") / "audiences" / "frontline.md"
    (audiences / "frontline.cy.md").write_text(builtin.read_text(encoding="utf-8"), "utf-8")
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    assert (
        "6 audiences: partnership-board, politicians, senior-leaders, managers, frontline, "
        "residents"
    ) in result.output
