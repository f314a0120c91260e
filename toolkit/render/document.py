"""The rendered document: what a template produces, parsed into slides (or cards, pages).

Dialect (close to pandoc's slide Markdown): front matter for document properties, ``#`` for a
section, ``##`` for a slide, ``{.class key=value}`` on the line before a heading for its
layout, ``###`` for a sub-heading inside a slide, and a ``::: notes`` block for speaker notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from markdown_it.token import Token

from toolkit.content.frontmatter import LOADER, pure_python_error
from toolkit.content.markdown import closing_index, parser, plain_text
from toolkit.errors import TemplateError


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` is ``p``, ``bullet``, ``number`` or ``heading``."""

    runs: tuple[Run, ...]
    style: str = "p"
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(r.text for r in self.runs)

    def attr(self, key: str, default: str = "") -> str:
        """Return the attribute ``key`` given in ``{key=value}`` before it, or ``default``."""
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True)
class Table:
    """A table whose first row is its header row."""

    rows: tuple[tuple[str, ...], ...]


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
    notes: tuple[Paragraph, ...] = ()

    @property
    def layout(self) -> str:
        """Return the slide's layout: its first class, or ``content``."""
        return self.classes[0] if self.classes else "content"

    def attr(self, key: str, default: str = "") -> str:
        """Return the attribute ``key`` given in ``{... key=value}``, or ``default``."""
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True)
class Document:
    """A rendered document: its properties and its slides."""

    meta: dict = field(default_factory=dict)
    slides: tuple[Slide, ...] = ()


@dataclass
class _SlideBuilder:
    title: str
    line: int
    section: str
    attrs: dict
    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def build(self) -> Slide:
        attrs = dict(self.attrs)
        classes = tuple(attrs.pop("class", "").split())
        attrs.pop("id", None)
        return Slide(
            self.title,
            self.line,
            self.section,
            classes,
            tuple(sorted(attrs.items())),
            tuple(self.blocks),
            tuple(self.notes),
        )


def parse_document(text: str, name: str = "<document>") -> Document:
    """Return the document written in ``text``.

    Raises ``TemplateError`` naming ``name`` and the line when the text is not in the
    dialect (content outside a slide, bad front matter).
    """
    tokens = parser().parse(text)
    meta: dict = {}
    slides: list[_SlideBuilder] = []
    section = ""
    in_notes = False
    list_style: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            meta = _meta(token, name)
        elif token.type == "heading_open" and token.level == 0 and token.tag in ("h1", "h2"):
            title = plain_text(tokens[i + 1])
            if token.tag == "h1":
                section = title
            else:
                slides.append(_SlideBuilder(title, token.map[0] + 1, section, dict(token.attrs)))
            i += 3
            continue
        elif token.type == "container_notes_open":
            in_notes = True
        elif token.type == "container_notes_close":
            in_notes = False
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_style.append("bullet" if token.type == "bullet_list_open" else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_style.pop()
        elif token.type == "table_open":
            end = closing_index(tokens, i)
            _target(slides, in_notes, token, name).append(_table(tokens[i:end]))
            i = end + 1
            continue
        elif token.type == "inline":
            paragraph = _paragraph(token, tokens[i - 1], list_style, "heading", name)
            _target(slides, in_notes, token, name).append(paragraph)
        i += 1
    return Document(meta, tuple(s.build() for s in slides))


def _paragraph(
    inline: Token, opener: Token, list_style: list[str], heading_style: str, name: str
) -> Paragraph:
    """Return the paragraph of an inline token, with the style and attributes of its opener.

    ``heading_style`` is the style given to a heading's text.
    """
    style = list_style[-1] if list_style else "p"
    if opener.type == "heading_open":
        style = heading_style
    _refuse_unread_attributes(inline, opener, name)
    attrs = {str(k): str(v) for k, v in opener.attrs.items()}
    classes = tuple(attrs.pop("class", "").split())
    return Paragraph(_runs(inline), style, classes, tuple(sorted(attrs.items())))


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


def _target(slides: list[_SlideBuilder], in_notes: bool, token: Token, name: str) -> list:
    if not slides:
        line = token.map[0] + 1 if token.map else 0
        raise TemplateError(
            f"{name}:{line}: text before the first '##' slide heading; "
            "start each slide with '## Title'"
        )
    return slides[-1].notes if in_notes else slides[-1].blocks


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


def _table(tokens: list[Token]) -> Table:
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(plain_text(token))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
    return Table(tuple(rows))


@dataclass(frozen=True)
class FlowDocument:
    """A rendered document for a word processor: its properties and a flow of blocks.

    Headings are paragraphs with style ``h1`` to ``h6``.
    """

    meta: dict = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()


def parse_flow(text: str, name: str = "<document>") -> FlowDocument:
    """Return the flowing document (worksheet, guide) written in ``text``.

    Raises ``TemplateError`` naming ``name`` and the line for unreadable attributes or
    front matter.
    """
    tokens = parser().parse(text)
    meta: dict = {}
    blocks: list[Block] = []
    list_style: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            meta = _meta(token, name)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_style.append("bullet" if token.type == "bullet_list_open" else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_style.pop()
        elif token.type == "table_open":
            end = closing_index(tokens, i)
            blocks.append(_table(tokens[i:end]))
            i = end
        elif token.type == "inline":
            heading = tokens[i - 1].tag  # h1 ... h6: the flow keeps heading levels
            blocks.append(_paragraph(token, tokens[i - 1], list_style, heading, name))
        i += 1
    return FlowDocument(meta, tuple(blocks))
