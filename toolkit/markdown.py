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
