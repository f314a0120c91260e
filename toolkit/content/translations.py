"""Translations of a framework: a file beside the original with the same questions, named
for its language (``partnership-innovation.cy.md`` beside ``partnership-innovation.md``),
checked item by item against the original.

Items are matched by ID: questions by their number (or ``{#id}``), prompts by their place
under their question (``q3.4``), lead-ins by their question. A translation must have every
item of the original and no other, so that a bilingual page pairs each line with its twin.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from toolkit.content.framework import load_framework
from toolkit.content.sources import LANGUAGE_CODE
from toolkit.errors import ContentError, Problem
from toolkit.model import Framework


def translation_files(original: Path) -> list[tuple[str, Path]]:
    """Return ``(language code, path)`` for each translation beside the framework file
    ``original`` (``<stem>.<code>.md``), in order of code."""
    folder, stem = original.parent, original.stem
    found = []
    for path in sorted(folder.glob(f"{stem}.*.md")):
        code = path.name[len(stem) + 1 : -len(".md")]
        if LANGUAGE_CODE.match(code):
            found.append((code, path))
    return found


def load_translation(original: Framework, path: Path) -> Framework:
    """Return the translation of ``original`` at ``path``, under the original's slug.

    Raises ``ContentError`` listing every problem: in the file itself, and every item
    missing from it or not in the original, each with FILE:LINE.
    """
    translated = replace(load_framework(path), slug=original.slug)
    problems = translation_problems(original, translated)
    if problems:
        raise ContentError(problems)
    return translated


def translation_problems(original: Framework, translated: Framework) -> list[Problem]:
    """Return a problem for each item of ``original`` missing from ``translated`` and for
    each item of ``translated`` that ``original`` does not have."""
    here, there = Path(translated.path), Path(original.path)
    theirs = {q.id: q for q in translated.questions}
    ours = {q.id: q for q in original.questions}
    problems: list[Problem] = []
    for qid, question in ours.items():
        twin = theirs.get(qid)
        if twin is None:
            problems.append(
                Problem(
                    here,
                    _nearest_line(translated, question.number),
                    f"question {question.number} is not translated (the original's is at "
                    f"{there}:{original.line_of(f'item:{qid}')}: '{_short(question.text)}')",
                    f"add '### {question.number}. ...' with its lead-in and prompts",
                )
            )
            continue
        problems += _prompt_problems(original, translated, question, twin)
        if question.lead_in and not twin.lead_in:
            problems.append(
                Problem(
                    here,
                    translated.line_of(f"item:{qid}"),
                    f"the lead-in of question {question.number} is not translated (the "
                    f"original's is at {there}:{original.line_of(f'item:{qid}.lead-in')})",
                    "add the sentence above the prompts",
                )
            )
    for qid, twin in theirs.items():
        if qid not in ours:
            problems.append(
                Problem(
                    here,
                    translated.line_of(f"item:{qid}"),
                    f"question {twin.number} is not in the original ({there})",
                    "remove it, or number it as the original numbers its twin",
                )
            )
    if [len(g.question_ids) for g in original.groups] != [
        len(g.question_ids) for g in translated.groups
    ]:
        problems.append(
            Problem(
                here,
                1,
                "the groupings differ from the original's: "
                + ", ".join(f"{g.name} ({len(g.question_ids)})" for g in original.groups),
                "list the same questions under each grouping, in the same order",
            )
        )
    return problems


def _prompt_problems(original: Framework, translated: Framework, question, twin) -> list:
    here, there = Path(translated.path), Path(original.path)
    problems = []
    for prompt in question.prompts[len(twin.prompts) :]:
        problems.append(
            Problem(
                here,
                translated.line_of(f"item:{twin.id}") or 1,
                f"prompt {prompt.id} is not translated: question {question.number} has "
                f"{len(question.prompts)} prompts in the original and {len(twin.prompts)} "
                f"here (the missing one is at {there}:{original.line_of(f'item:{prompt.id}')}: "
                f"'{_short(prompt.text)}')",
                "translate every prompt, in the original's order",
            )
        )
    for prompt in twin.prompts[len(question.prompts) :]:
        problems.append(
            Problem(
                here,
                translated.line_of(f"item:{prompt.id}") or 1,
                f"prompt {prompt.id} is not in the original: question {question.number} "
                f"has {len(question.prompts)} prompts there ({there}:"
                f"{original.line_of(f'item:{question.id}')})",
                "remove it, or join it to the prompt it translates",
            )
        )
    return problems


def _nearest_line(framework: Framework, number: int) -> int:
    """Return the line of the question before ``number`` in ``framework`` (or line 1)."""
    before = [q for q in framework.questions if q.number < number]
    return framework.line_of(f"item:{before[-1].id}") if before else 1


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"
