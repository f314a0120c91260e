"""The one Markdown dialect the toolkit reads: CommonMark plus front matter, tables,
``{.class key=value}`` attribute lines and ``::: notes`` containers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from toolkit.errors import Problem


@cache
def parser() -> MarkdownIt:
    """Return the shared markdown-it parser for content and rendered documents."""
    md = MarkdownIt("commonmark").enable("table")
    md.use(front_matter_plugin).use(attrs_block_plugin)
    md.use(container_plugin, name="notes")
    return md


def plain_text(inline: Token) -> str:
    """Return the visible text of an inline token: emphasis dropped, breaks as spaces."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return squash("".join(parts))


def closing_index(tokens: list[Token], start: int) -> int:
    """Return the index of the token closing ``tokens[start]`` (itself if it is not open)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def squash(text: str) -> str:
    """Return ``text`` with runs of whitespace collapsed to single spaces and trimmed."""
    return " ".join(text.split())


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def match_key(text: str) -> str:
    """Return a form of ``text`` for loose matching: case, quotes and spacing ignored."""
    return squash(unicodedata.normalize("NFC", text).translate(_QUOTES)).casefold()


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug such as ``key-drivers`` (``item`` if nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "item"


_ESCAPE_ANYWHERE = set("\\`*_[]<>|{}~&!")
_LINE_START = re.compile(r"^(\s*)([#>+=:-]|\d+[.)])")


def escape(text: str) -> str:
    """Return plain ``text`` escaped so the Markdown parser reads it back unchanged.

    Newlines become spaces: a value is always one paragraph or one list item.
    """
    flat = " ".join(str(text).splitlines())
    escaped = "".join("\\" + c if c in _ESCAPE_ANYWHERE else c for c in flat)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)
_TAG = re.compile(r"<[^>\n]{0,40}>?")
# Characters people type (or paste from Word) as bullets, which Markdown does not read so.
LOOKALIKE_BULLETS = "\u2022\u25e6\u25aa\u25cf\u2023\u2043\u2219\u00b7\u25a0\u25a1\u2013\u2014"
_LOOKALIKE = re.compile(f"^[{LOOKALIKE_BULLETS}](?=\\s)")


def lost_markup_problems(path, tokens: list[Token], text: str) -> list[Problem]:
    """Return a problem for everything in a content file that Markdown reads but the
    toolkit could not show, so that nothing the author wrote vanishes: raw HTML (except a
    comment on a line of its own), images, and front matter that is never closed."""
    problems = []
    if unclosed_front_matter(tokens, text):
        problems.append(
            Problem(
                path,
                1,
                "the front matter opened on line 1 is never closed",
                "add a line holding only --- after its last 'key: value' line",
            )
        )
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type == "html_block" and not (token.level == 0 and _COMMENT.match(token.content)):
            problems.append(_html_problem(path, line, token.content))
        children = token.children or ()
        html = next((c.content for c in children if c.type == "html_inline"), None)
        if html is not None:  # once for the line, not once for each tag
            problems.append(_html_problem(path, line, html))
        for child in children:
            if child.type == "image":
                problems.append(
                    Problem(
                        path,
                        line,
                        f"a picture ({_shown(child)}) cannot be shown here, and its words "
                        "would be lost",
                        f'write its words as text instead: "{plain_text(child)}"',
                    )
                )
    return problems


def unclosed_front_matter(tokens: list[Token], text: str) -> bool:
    """Return whether ``text`` opens front matter with ``---`` and never closes it."""
    return text.startswith("---\n") and not any(t.type == "front_matter" for t in tokens)


def lookalike_bullets(inline: Token) -> list[tuple[str, int]]:
    """Return ``(text, line)`` for each line of a paragraph written with bullet-like
    characters (``•``, an en dash...) that Markdown does not read as a list; empty unless every
    line starts with one."""
    lines = inline.content.split("\n")
    if not lines or not all(_LOOKALIKE.match(line) for line in lines):
        return []
    first = inline.map[0] + 1 if inline.map else 0
    return [(squash(line[1:]), first + number) for number, line in enumerate(lines)]


def _html_problem(path, line: int, html: str) -> Problem:
    if html.lstrip().startswith("<!--"):
        return Problem(
            path,
            line,
            "an HTML comment here hides the words after it",
            "put the comment on a line of its own, or delete it",
        )
    tag = _TAG.search(html)
    return Problem(
        path,
        line,
        f"raw HTML ('{tag.group(0) if tag else html.strip()[:20]}') is not read, so its "
        "words would be lost",
        "write plain text instead (Markdown such as **bold** is fine)",
    )


def _shown(image: Token) -> str:
    return f"![{plain_text(image)}]({image.attrs.get('src', '')})"
