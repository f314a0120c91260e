"""Read a framework written in Markdown, the way the published framework is written.

Shape: optional YAML front matter; a title heading and an intro; grouping headings each
followed by a bullet list of their questions; numbered question headings (``1. Are ...?``)
each with a lead-in sentence and bullet prompts; then free sections. Heading levels do not
matter, and ``{#my-id}`` on the line before a question heading gives it an explicit ID.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from toolkit.content.frontmatter import key_lines, parse_front_matter
from toolkit.content.markdown import (
    closing_index,
    lookalike_bullets,
    lost_markup_problems,
    match_key,
    parser,
    plain_text,
    slugify,
    squash,
)
from toolkit.content.slugs import nearest
from toolkit.content.sources import read_text
from toolkit.errors import ContentError, Problem
from toolkit.model import Framework, Group, Prompt, Question, Section

FRONT_MATTER_SCHEMA = {
    "title": str,
    "short_title": str,
    "source": str,
    "subject": str,  # what the framework reviews, e.g. "innovation": named in every pack
    "headline": str,  # the review's question, e.g. "How well does our partnership innovate?"
    "sections": dict,  # role (background, further reading, contact) -> a section's title
    "audiences": dict,  # audience -> the IDs of its questions, in its order
    "priority_questions": list,  # IDs of the questions that show a partnership's priorities
    "version": str,  # kept for people reading the file; not printed
    "licence": str,  # likewise
    "translation": str,  # "draft": a translation still to be checked by a translator
}
SECTION_ROLES = ("background", "further reading", "contact")  # parts a free section plays
_LISTS = ("ul", "ol", "code")  # "ol" and "code" are lists written the wrong way
_IGNORED = ("hr", "html_block")  # a rule is decoration; raw HTML is reported on its own
_BLOCK_NAMES = {
    "table_open": "a table",
    "blockquote_open": "a quotation",
    "fence": "a fenced code block",
}
_NUMBERED = re.compile(r"^(\d+)\s*[.):]\s*(\S.*)$")
_HINT_EXAMPLE = "see content/frameworks/partnership-innovation.md for the expected shape"


def load_framework(path: Path) -> Framework:
    """Return the framework in the Markdown file at ``path``.

    Raises ``ContentError`` listing every problem found, each with its line.
    """
    return parse_framework(read_text(path, "framework"), path)


def parse_framework(text: str, path: Path | str = "<framework>") -> Framework:
    """Return the framework written in ``text``; ``path`` is used in problem messages.

    Raises ``ContentError`` listing every problem found, each with its line.
    """
    reader = _Reader(Path(path), text)
    framework = reader.read()
    if reader.problems:
        raise ContentError(sorted(reader.problems, key=lambda p: p.line))
    return framework


@dataclass
class _Block:
    """A top-level block: a paragraph, a bullet list (its items) or anything else."""

    kind: str
    line: int
    end_line: int
    text: str = ""
    items: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class _Part:
    """A heading and the top-level blocks up to the next heading."""

    level: int
    text: str
    line: int
    attrs: dict
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Reader:
    path: Path
    text: str
    problems: list[Problem] = field(default_factory=list)
    items: dict[str, int] = field(default_factory=dict)  # "item:q3.4" -> its line

    def problem(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def read(self) -> Framework:
        if not self.text.strip():
            self.problem(
                1,
                "the file is empty",
                "write a title, groupings and numbered questions; " + _HINT_EXAMPLE,
            )
            return _empty(self.path)
        tokens = parser().parse(self.text)
        self.problems += lost_markup_problems(self.path, tokens, self.text)
        meta = self._front_matter(tokens)
        parts, preamble = self._parts(tokens)
        if not parts:
            self.problem(
                1,
                "the framework has no headings",
                "start with a title heading such as '# My framework'; " + _HINT_EXAMPLE,
            )
            return _empty(self.path)
        title_part, rest = parts[0], parts[1:]
        questions = self._questions(rest)
        if not questions:
            self.problem(
                title_part.line,
                "the framework has no questions",
                "add numbered question headings such as '## 1. Is the vision clear?'",
            )
        groups = self._groups(rest, questions)
        sections = self._sections(rest)
        self._check_roles(meta.get("sections", {}), sections, tokens)
        return Framework(
            slug=slugify(self.path.stem),
            title=str(meta.get("title") or title_part.text),
            intro="\n\n".join(b.text for b in preamble + title_part.blocks if b.kind == "p"),
            groups=groups,
            questions=tuple(q for q, _line in questions),
            sections=sections,
            short_title=str(meta.get("short_title", "")),
            source=str(meta.get("source", "")),
            priority_questions=self._id_list(
                meta.get("priority_questions", []), "priority_questions", tokens, questions
            ),
            subject=str(meta.get("subject", "")),
            headline=str(meta.get("headline", "")),
            translation=str(meta.get("translation", "")),
            section_roles=tuple((str(k), str(v)) for k, v in meta.get("sections", {}).items()),
            audience_questions=tuple(
                (slugify(str(slug)), self._id_list(ids, "audiences", tokens, questions))
                for slug, ids in meta.get("audiences", {}).items()
            ),
            path=str(self.path),
            lines=tuple(sorted({**self._key_lines(tokens), **self.items}.items())),
        )

    def _id_list(
        self, listed: object, key: str, tokens: list[Token], questions: list[tuple[Question, int]]
    ) -> tuple[str, ...]:
        """Return the question IDs ``listed`` under the front matter's ``key``, each checked."""
        line = self._key_lines(tokens).get(key, 1)
        known = [q.id for q, _line in questions]
        if not isinstance(listed, list):
            self.problem(line, f"{key} must list question IDs", "for example: [q1, q3]")
            return ()
        chosen = []
        for item in listed:
            if str(item) in known:
                chosen.append(str(item))
            else:
                self.problem(
                    line,
                    f"{key} lists '{item}', which is not a question ID",
                    f"use IDs such as {', '.join(known[:2]) or 'q1'} (question 1 is q1)",
                )
        return tuple(chosen)

    def _check_roles(self, roles: dict, sections: tuple[Section, ...], tokens: list[Token]) -> None:
        """Note a problem for a role in the front matter's ``sections`` that is not one of
        ``SECTION_ROLES``, or that names a section the framework does not have."""
        line = self._key_lines(tokens).get("sections", 1)
        titles = [s.title for s in sections]
        for role, title in roles.items():
            if role not in SECTION_ROLES:
                self.problem(
                    line,
                    f"sections gives a part '{role}' that nothing uses",
                    f"the parts are: {', '.join(SECTION_ROLES)}",
                )
            elif str(title).casefold() not in {t.casefold() for t in titles}:
                close = nearest(str(title), titles)
                hint = f"did you mean '{close}'? " if close else ""
                self.problem(
                    line,
                    f"sections names '{title}' as the {role}, but there is no section so titled",
                    f"{hint}the sections are: {', '.join(titles) or 'none'}",
                )

    def _key_lines(self, tokens: list[Token]) -> dict[str, int]:
        """Return the file line of each front matter key."""
        fence = next((t for t in tokens if t.type == "front_matter"), None)
        return key_lines(fence.content, fence.map[0] + 1) if fence else {}

    def _front_matter(self, tokens: list[Token]) -> dict:
        for token in tokens:
            if token.type == "front_matter":
                values, problems = parse_front_matter(
                    self.path, token.content, token.map[0] + 1, FRONT_MATTER_SCHEMA
                )
                self.problems.extend(problems)
                return values
        return {}

    def _parts(self, tokens: list[Token]) -> tuple[list[_Part], list[_Block]]:
        """Return the heading parts and any blocks that come before the first heading."""
        parts: list[_Part] = []
        preamble: list[_Block] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open":
                parts.append(
                    _Part(
                        int(token.tag[1]),
                        plain_text(tokens[i + 1]),
                        token.map[0] + 1,
                        dict(token.attrs),
                    )
                )
                i += 3
                continue
            block, i = self._block(tokens, i)
            if block:
                (parts[-1].blocks if parts else preamble).append(block)
        return parts, preamble

    def _block(self, tokens: list[Token], i: int) -> tuple[_Block | None, int]:
        """Return the top-level block starting at ``tokens[i]`` and the index after it."""
        token = tokens[i]
        if token.type == "front_matter" or token.nesting == -1:
            return None, i + 1
        end = closing_index(tokens, i)
        first, last = token.map if token.map else (0, 0)
        block = _Block(token.type, first + 1, last)
        lookalikes = lookalike_bullets(tokens[i + 1]) if token.type == "paragraph_open" else []
        if lookalikes:
            block.kind, block.items = "ul", lookalikes
            self.problem(
                block.line,
                f"'{tokens[i + 1].content[0]}' is not a Markdown bullet, so these lines are "
                "not read as a list",
                "start each line with '- ' (a hyphen and a space) instead",
            )
        elif token.type == "paragraph_open":
            block.kind, block.text = "p", plain_text(tokens[i + 1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind = "ul" if token.type == "bullet_list_open" else "ol"
            block.kind, block.items = kind, self._items(tokens[i + 1 : end])
        elif token.type == "code_block":
            block.kind, block.items = "code", _indented_items(token)
        return block, end + 1

    def _items(self, tokens: list[Token]) -> list[tuple[str, int]]:
        items = []
        for token in tokens:
            if token.type == "list_item_open" and token.level == 1:
                items.append(("", token.map[0] + 1))
            elif token.type == "inline" and token.level == 3 and items:
                text, line = items[-1]
                items[-1] = (squash(f"{text} {plain_text(token)}"), line)
            elif token.type in ("bullet_list_open", "ordered_list_open") and token.level > 0:
                self.problem(
                    token.map[0] + 1,
                    "bullets inside bullets are not supported",
                    "make each prompt a single bullet at the left margin",
                )
        return items

    def _questions(self, parts: list[_Part]) -> list[tuple[Question, int]]:
        questions: list[tuple[Question, int]] = []
        seen_numbers: dict[int, int] = {}
        seen_ids: dict[str, int] = {}
        for part in parts:
            match = _NUMBERED.match(part.text)
            if not match:
                continue
            number = int(match.group(1))
            qid = part.attrs.get("id") or f"q{number}"
            if number in seen_numbers:
                self.problem(
                    part.line,
                    f"question number {number} is used twice "
                    f"(first at line {seen_numbers[number]})",
                    "number the questions 1, 2, 3, ... with each number once",
                )
            elif qid in seen_ids:
                self.problem(
                    part.line,
                    f"question ID '{qid}' is used twice (first at line {seen_ids[qid]})",
                    "give each question its own {#id}, or remove the explicit IDs",
                )
            seen_numbers.setdefault(number, part.line)
            seen_ids.setdefault(qid, part.line)
            self.items.setdefault(f"item:{qid}", part.line)
            questions.append((self._question(part, number, qid, match.group(2)), part.line))
        return questions

    def _question(self, part: _Part, number: int, qid: str, text: str) -> Question:
        lead_in: list[str] = []
        prompts: list[str] = []
        for block in part.blocks:
            if block.kind in _IGNORED:
                continue
            if block.kind == "p" and not prompts:
                lead_in.append(block.text)
                self.items.setdefault(f"item:{qid}.lead-in", block.line)
            elif block.kind in _LISTS and not prompts:
                self._not_bullets(block, "prompts")
                prompts = [item for item, _line in block.items]
                for n, (_item, line) in enumerate(block.items, 1):
                    self.items[f"item:{qid}.{n}"] = line
            elif not prompts:
                self.problem(
                    block.line,
                    f"question {number}'s lead-in can only be sentences; this is "
                    f"{_BLOCK_NAMES.get(block.kind, 'something else')}",
                    "write the lead-in as a sentence above the bullets",
                )
            else:
                self.problem(
                    block.line,
                    f"question {number} has text after its prompts",
                    "move it into the lead-in above the bullets, or delete it",
                )
        if not prompts and not any(b.kind in _LISTS for b in part.blocks):
            self.problem(
                part.line,
                f"question {number} has no prompts",
                f'add at least one bullet under "{part.text}"',
            )
        return Question(
            id=qid,
            number=number,
            text=squash(text),
            lead_in=" ".join(lead_in),
            prompts=tuple(Prompt(f"{qid}.{n}", n, t) for n, t in enumerate(prompts, 1)),
            group_id="",
        )

    def _groups(
        self, parts: list[_Part], questions: list[tuple[Question, int]]
    ) -> tuple[Group, ...]:
        """Return the groups, and give each question its group (in ``questions`` in place)."""
        first_question = next((line for _q, line in questions), None)
        group_parts = [p for p in parts if _is_group(p, first_question)]
        by_text = {match_key(q.text): q for q, _line in questions}
        by_text.update({match_key(f"{q.number}. {q.text}"): q for q, _line in questions})
        owner: dict[str, str] = {}
        groups = []
        for index, part in enumerate(group_parts):
            self._not_bullets(part.blocks[0], "a grouping's questions")
            gid = part.attrs.get("id") or slugify(part.text)
            members = []
            for item, line in part.blocks[0].items:
                question = by_text.get(match_key(item))
                if question is None:
                    self.problem(
                        line,
                        f"grouping '{part.text}' lists a question that does not exist: \"{item}\"",
                        _closest(item, by_text),
                    )
                elif question.id in owner:
                    self.problem(
                        line,
                        f"question {question.number} is in two groupings "
                        f"('{owner[question.id]}' and '{part.text}')",
                        "list each question under one grouping only",
                    )
                else:
                    owner[question.id] = part.text
                    members.append(question.id)
            groups.append(Group(gid, part.text, index, tuple(members)))
        if not group_parts and questions:
            groups = [Group("questions", "Questions", 0, tuple(q.id for q, _ in questions))]
            owner = {q.id: "Questions" for q, _ in questions}
        for question, line in questions:
            if question.id not in owner:
                self.problem(
                    line,
                    f"question {question.number} is in no grouping",
                    "list its text as a bullet under one of the grouping headings",
                )
        gid_of = {qid: g.id for g in groups for qid in g.question_ids}
        questions[:] = [(_with_group(q, gid_of.get(q.id, "")), line) for q, line in questions]
        return tuple(groups)

    def _not_bullets(self, block: _Block, what: str) -> None:
        """Note a problem if ``block`` is a list written other than with '- ' bullets."""
        if block.kind == "ol":
            self.problem(
                block.line,
                f"{what} must be bullets starting with '- '; this is a numbered list",
                "write '- ' in place of '1. ', '2. ' and so on",
            )
        elif block.kind == "code":
            self.problem(
                block.line,
                f"{what} must be bullets starting with '- ' at the left margin; these lines "
                "are indented by four spaces or more, which makes them a code block",
                "remove the spaces before each '- '",
            )

    def _sections(self, parts: list[_Part]) -> tuple[Section, ...]:
        last_question = max(
            (i for i, p in enumerate(parts) if _NUMBERED.match(p.text)), default=len(parts)
        )
        lines = self.text.split("\n")
        sections = []
        for part in parts[last_question + 1 :]:
            body = ""
            if part.blocks:
                body = "\n".join(lines[part.blocks[0].line - 1 : part.blocks[-1].end_line])
            sections.append(Section(slugify(part.text), part.text, part.level, body.strip()))
        return tuple(sections)


def _with_group(question: Question, group_id: str) -> Question:
    return replace(question, group_id=group_id)


def _is_group(part: _Part, first_question_line: int | None) -> bool:
    before_questions = first_question_line is None or part.line < first_question_line
    return (
        before_questions
        and not _NUMBERED.match(part.text)
        and len(part.blocks) == 1
        and part.blocks[0].kind in _LISTS
        and bool(part.blocks[0].items)
    )


def _indented_items(code: Token) -> list[tuple[str, int]]:
    """Return the bullets of an indented (code) block that was meant as a list."""
    first = code.map[0] + 1 if code.map else 0
    return [
        (squash(line.strip()[2:]), first + number)
        for number, line in enumerate(code.content.split("\n"))
        if line.strip()[:2] in ("- ", "* ", "+ ")
    ]


def _closest(item: str, by_text: dict[str, Question]) -> str:
    close = nearest(match_key(item), by_text, cutoff=0.5)
    if close:
        question = by_text[close]
        return f'did you mean "{question.text}" (question {question.number})?'
    return "copy the question's wording exactly from its numbered heading"


def _empty(path: Path) -> Framework:
    return Framework(slug=slugify(path.stem), title="", intro="", groups=(), questions=())
