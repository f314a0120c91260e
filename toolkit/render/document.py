"""The rendered document: what a template produces, parsed into one type for every output.

Dialect (close to pandoc's slide Markdown): front matter for document properties, headings
``#`` to ``######``, ``{.class key=value}`` on the line before a block for its layout, and
``::: notes`` blocks for speaker notes. A document is a flow of blocks (a worksheet or a
guide as it stands); ``Document.slides`` reads the same flow as slides (a deck, cards):
``#`` starts a section, ``##`` a slide, deeper headings are sub-headings inside it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

import yaml
from markdown_it.token import Token

from toolkit.content.frontmatter import LOADER, pure_python_error
from toolkit.content.markdown import closing_index, parser, plain_text, squash
from toolkit.errors import TemplateError


@dataclass(frozen=True, slots=True)  # a comments document holds 100,000
class Run:
    """A stretch of text with one formatting; ``lang`` is its language's tag (``cy-GB``)
    where a document holds two languages, else "" (the document's language)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""
    lang: str = ""


@dataclass(frozen=True, slots=True)  # a comments document holds 100,000
class Paragraph:
    """A paragraph; ``style`` is ``p``, ``bullet``, ``number``, ``h1`` to ``h6`` in the flow,
    or ``heading`` for a sub-heading inside a slide. ``notes``: part of speaker notes.
    ``twin``: the same paragraph in a second language, for a block that shows both in one
    place (a rating scale's labels, a box's label) in a bilingual document."""

    runs: tuple[Run, ...]
    style: str = "p"
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    line: int = field(default=0, compare=False)
    notes: bool = False
    twin: Paragraph | None = None

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(r.text for r in self.runs)

    @property
    def lang(self) -> str:
        """Return the language tag of its first run ("" for the document's language)."""
        return self.runs[0].lang if self.runs else ""

    def attr(self, key: str, default: str = "") -> str:
        """Return the attribute ``key`` given in ``{key=value}`` before it, or ``default``."""
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True, slots=True)  # a comments document holds 100,000
class Table:
    """A table whose first row is its header row. In a bilingual document ``lang`` is the
    language of its cells and ``twin`` the same table in the second language, each cell
    shown under its twin where the two differ."""

    rows: tuple[tuple[str, ...], ...]
    line: int = field(default=0, compare=False)
    notes: bool = False
    lang: str = ""
    twin: Table | None = None


Block = Paragraph | Table


@dataclass(frozen=True)
class Slide:
    """One ``##`` unit: a slide in a deck (a card or page in other outputs)."""

    title: str
    line: int
    section: str = ""
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    lang: str = ""  # its language's tag in a bilingual deck, else ""

    @property
    def layout(self) -> str:
        """Return the slide's layout: its first class, or ``content``."""
        return self.classes[0] if self.classes else "content"

    def attr(self, key: str, default: str = "") -> str:
        """Return the attribute ``key`` given in ``{... key=value}``, or ``default``."""
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True)
class Document:
    """A rendered document: its properties and its flow of blocks."""

    meta: dict = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    @cached_property
    def slides(self) -> tuple[Slide, ...]:
        """Return the flow read as slides (blocks before the first ``##`` are left out;
        ``slide_document`` refuses them)."""
        slides: list[Slide] = []
        section = ""
        for block in self.blocks:
            if _starts(block, "h1"):
                section = squash(block.text)
            elif _starts(block, "h2"):
                attrs = tuple((k, v) for k, v in block.attrs if k != "id")
                title = squash(block.text)
                slides.append(
                    Slide(title, block.line, section, block.classes, attrs, lang=block.lang)
                )
            elif slides:
                slides[-1] = _with(slides[-1], block)
        return tuple(slides)


def _starts(block: Block, style: str) -> bool:
    return isinstance(block, Paragraph) and block.style == style and not block.notes


def _with(slide: Slide, block: Block) -> Slide:
    """Return ``slide`` with ``block`` added to its body or its notes."""
    if isinstance(block, Paragraph) and block.style[:1] == "h":
        block = replace(block, style="heading")
    if block.notes:
        return replace(slide, notes=(*slide.notes, block))
    return replace(slide, blocks=(*slide.blocks, block))


def parse_document(text: str, name: str = "<document>") -> Document:
    """Return the document written in ``text``.

    Raises ``TemplateError`` naming ``name`` and the line for unreadable attributes or
    front matter.
    """
    meta: dict = {}
    blocks: list[Block] = []
    for offset, chunk in _sections(text):
        found, chunk_meta = _blocks(chunk, offset, name)
        blocks += found
        meta = chunk_meta if chunk_meta is not None else meta
    return Document(meta, tuple(blocks))


_HEADING = re.compile(r"#{1,6} ")


def _sections(text: str) -> list[tuple[int, str]]:
    """Return ``text`` cut before each heading (and the ``{...}`` line that dresses it)
    outside front matter, ``:::`` containers and code fences, with the number of lines
    before each piece. Parsed piece by piece, a document of 100,000 comments never holds
    all its tokens at once."""
    lines = text.splitlines(keepends=True)
    cuts = [0]
    start = 0
    if lines and lines[0].strip() == "---":  # front matter: its '#' lines are YAML comments
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    inside = fenced = False
    for i in range(start, len(lines)):
        line = lines[i]
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith(":::"):
            inside = line.strip() != ":::"
        elif not (inside or fenced) and _HEADING.match(line):
            dressed = i > 0 and lines[i - 1].startswith("{") and lines[i - 1].rstrip().endswith("}")
            cut = i - 1 if dressed else i
            if cut > cuts[-1]:
                cuts.append(cut)
    cuts.append(len(lines))
    return [(a, "".join(lines[a:b])) for a, b in itertools.pairwise(cuts) if b > a]


def _blocks(text: str, offset: int, name: str) -> tuple[list[Block], dict | None]:
    """Return the blocks of one piece of a document (line numbers ``offset`` on), and
    its front matter if it has some."""
    tokens = parser().parse(text)
    if offset:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + offset, token.map[1] + offset]
    meta: dict | None = None
    blocks: list[Block] = []
    list_style: list[str] = []
    notes = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            meta = _meta(token, name)
        elif token.type in ("container_notes_open", "container_notes_close"):
            notes = token.type == "container_notes_open"
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_style.append("bullet" if token.type == "bullet_list_open" else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_style.pop()
        elif token.type == "table_open":
            end = closing_index(tokens, i)
            blocks.append(_table(tokens[i:end], _line(token), notes))
            i = end
        elif token.type == "inline":
            blocks.append(_paragraph(token, tokens[i - 1], list_style, notes, name))
        i += 1
    return blocks, meta


def slide_document(document: Document, name: str) -> Document:
    """Return ``document`` if it reads as slides.

    Raises ``TemplateError`` naming ``name`` and the line for text before the first ``##``
    slide heading, or for a document with no slides.
    """
    for block in document.blocks:
        if _starts(block, "h2"):
            break
        if not _starts(block, "h1"):
            raise TemplateError(
                f"{name}:{block.line}: text before the first '##' slide heading; "
                "start each slide with '## Title'"
            )
    if not document.slides:
        raise TemplateError(
            f"{name}: the template produced no slides; start each slide with a '## Title' line"
        )
    return document


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _paragraph(
    inline: Token, opener: Token, list_style: list[str], notes: bool, name: str
) -> Paragraph:
    """Return the paragraph of an inline token, with the style and attributes of its opener."""
    style = list_style[-1] if list_style else "p"
    if opener.type == "heading_open":
        style = opener.tag  # h1 ... h6
    _refuse_unread_attributes(inline, opener, name)
    attrs = {str(k): str(v) for k, v in opener.attrs.items()}
    classes = tuple(attrs.pop("class", "").split())
    line = _line(opener) or _line(inline)
    runs = _typographic_runs(_runs(inline))
    return Paragraph(runs, style, classes, tuple(sorted(attrs.items())), line, notes)


def _refuse_unread_attributes(inline: Token, opener: Token, name: str) -> None:
    """Raise ``TemplateError`` for a ``{...}`` line the attribute syntax could not read.

    Without this, a mistake such as ``{.card id=q1.1}`` (unquoted dot) would silently become
    a paragraph of text.
    """
    text = inline.content.strip()
    if (
        opener.type == "paragraph_open"
        and text.startswith("{")
        and text.split("\n")[0].endswith("}")
    ):
        line = inline.map[0] + 1 if inline.map else 0
        raise TemplateError(
            f"{name}:{line}: cannot read the attributes "
            f"'{text.splitlines()[0]}'; quote values that hold dots or "
            'spaces, e.g. id="q1.1"'
        )


def _meta(token: Token, name: str) -> dict:
    try:
        meta = yaml.load(token.content, Loader=LOADER) or {}
    except yaml.YAMLError as exc:
        exc = pure_python_error(token.content) or exc
        raise TemplateError(f"{name}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise TemplateError(f"{name}: front matter must be 'key: value' lines")
    return meta


def _runs(inline: Token) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False
    href = ""
    for child in inline.children or ():
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = ""
        elif kind in ("text", "code_inline", "html_inline", "softbreak", "hardbreak"):
            text = child.content if kind not in ("softbreak", "hardbreak") else " "
            if not text:
                continue
            if runs and (runs[-1].bold, runs[-1].italic, runs[-1].href) == (bold, italic, href):
                runs[-1] = Run(runs[-1].text + text, bold, italic, href)
            else:
                runs.append(Run(text, bold, italic, href))
    return tuple(runs)


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_OPENING = re.compile(r"(^|[\s(\[{\u2014\u2013/-])(['\"])")


def typographic(text: str) -> str:
    """Return ``text`` with typewriter quotes and apostrophes made typographic: U+2019
    inside a word and closing, U+2018 and U+201C opening, U+201D closing. One character for
    one, so run lengths hold."""
    text = _APOSTROPHE.sub("\u2019", text)
    text = _OPENING.sub(lambda m: m.group(1) + ("\u2018" if m.group(2) == "'" else "\u201c"), text)
    return text.replace("'", "\u2019").replace('"', "\u201d")


def _typographic_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Return ``runs`` made typographic as one text, so a quote at a run's edge is read in
    its context (``**word**'s``)."""
    whole = typographic("".join(r.text for r in runs))
    made, start = [], 0
    for run in runs:
        made.append(replace(run, text=whole[start : start + len(run.text)]))
        start += len(run.text)
    return tuple(made)


def _table(tokens: list[Token], line: int, notes: bool) -> Table:
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(typographic(plain_text(token)))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
    return Table(tuple(rows), line, notes)
