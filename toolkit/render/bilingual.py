"""A bilingual document: the same document rendered in two languages, paired in one of the
Welsh Language Commissioner's bilingual layouts, never both languages in one block of text.

- A flow (worksheet, rating sheet, guide) is paired **block by block**: each paragraph is
  followed by its twin (a heading holds both, one under the other); a block both
  languages share (a rating scale, a table, a labelled box) shows each label over its
  twin; ruled lines and QR codes appear once.
- A deck is paired as **parallel slides**: each slide is followed by its twin, at the same
  size; the speaker notes are in one language (the notes language), on the first twin.
- Cards are paired **top and bottom**: both languages on the front of one card (and on its
  back), the first language above.

Every run is marked with its language, so that Office and screen readers read it as it is.
The first language comes first everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from babel import Locale

from toolkit.errors import TemplateError
from toolkit.render.document import Block, Document, Paragraph, Run, Table

LINE_BREAK = "\n"  # between the two languages of a title, each on its own line
SEPARATOR = " / "  # between the two languages of a short label (a card's band)
_JOINED = ("title", "subject", "logo_alt")  # properties both languages share
_TWINNED = ("header_box", "page")  # labels a writer shows in both languages, one under the other
_ONCE = frozenset({"lines", "qr"})  # blocks shown once: ruled lines, a QR code
_SHARED = frozenset({"rating", "box"})  # blocks that show both languages in one place


LAYOUTS = ("slides", "cards", "flow")  # parallel slides, top and bottom, block by block
TWIN_NOTES = "The same slide in the other language."  # unless the deck's front matter says


def paired(first: Document, second: Document, layout: str, name: str, notes: str = "") -> Document:
    """Return ``first`` and ``second`` (one template rendered in two languages, each
    marked with its language in its front matter) as one bilingual document in ``layout``
    (one of ``LAYOUTS``), every run marked; a deck's speaker notes in the language tagged
    ``notes`` (default: the first's).

    Raises ``TemplateError`` naming ``name`` if the two differ in structure.
    """
    one, two = (marked(d, str(d.meta.get("language", ""))) for d in (first, second))
    if layout == "slides":
        spoken = two if notes and notes == two.meta.get("language") else one
        twin_notes = str(spoken.meta.get("twin_notes") or TWIN_NOTES)
        return paired_slides(one, two, spoken, name, twin_notes)
    if layout == "cards":
        return paired_cards(one, two, name)
    return paired_flow(one, two, name)


def marked(document: Document, tag: str) -> Document:
    """Return ``document`` with every run and table marked as language ``tag``."""
    return replace(document, blocks=tuple(_marked(b, tag) for b in document.blocks))


def _marked(block: Block, tag: str) -> Block:
    if isinstance(block, Table):
        return replace(block, lang=tag)
    return replace(block, runs=tuple(replace(r, lang=tag) for r in block.runs))


def paired_meta(first: Document, second: Document) -> dict:
    """Return the first document's properties with its title, subject and alternative text
    followed by the second's where they differ, labels shown in both languages with their
    twins (``header_box_twin``: text and language), and ``languages``: the two tags."""
    meta = dict(first.meta)
    for key in _JOINED:
        one, two = str(first.meta.get(key) or ""), str(second.meta.get(key) or "")
        if one and two and one != two:
            meta[key] = f"{one}{SEPARATOR}{two}"
    for key in _TWINNED:
        if second.meta.get(key) and second.meta.get(key) != first.meta.get(key):
            meta[f"{key}_twin"] = [second.meta[key], second.meta.get("language", "")]
    meta["languages"] = [first.meta.get("language", ""), second.meta.get("language", "")]
    return meta


def paired_flow(first: Document, second: Document, name: str) -> Document:
    """Return ``first`` and ``second`` (marked, the same template in two languages) block
    by block. Raises ``TemplateError`` naming ``name`` if they differ in structure."""
    _same_structure(first.blocks, second.blocks, name)
    blocks: list[Block] = []
    for one, two in zip(first.blocks, second.blocks, strict=True):
        blocks += _pair(one, two)
    return Document(paired_meta(first, second), tuple(blocks))


def _pair(one: Block, two: Block) -> list[Block]:
    """Return the blocks ``one`` and its twin ``two`` become."""
    if _same_words(one, two):
        return [one]
    if isinstance(one, Table):
        return [replace(one, twin=two)]
    if _ONCE & set(one.classes):
        return [one]
    if _SHARED & set(one.classes):
        return [replace(one, twin=two)]
    if one.style[:1] == "h":  # a heading holds both, one under the other: one entry in
        # the document's outline, and kept with what follows as one paragraph is
        return [replace(one, runs=(*one.runs, Run(LINE_BREAK, lang=one.lang), *two.runs))]
    twin = replace(two, classes=(*(c for c in two.classes if c != "new-page"), "twin"))
    return [one, twin]


def _same_words(one: Block, two: Block) -> bool:
    if isinstance(one, Table) or isinstance(two, Table):
        return isinstance(one, Table) and isinstance(two, Table) and one.rows == two.rows
    return one.text == two.text and one.attrs == two.attrs


def _same_structure(one: Sequence[Block], two: Sequence[Block], name: str) -> None:
    """Raise ``TemplateError`` unless ``one`` and ``two`` hold the same kinds of block in
    the same order (a template that writes more in one language cannot be paired)."""
    for a, b in zip(one, two, strict=False):
        if _kind(a) != _kind(b):
            raise TemplateError(
                f"{name}:{a.line}: its two languages differ here (line {b.line} in the "
                "second): a bilingual pack pairs them block by block, so the template must "
                "write the same blocks in every language"
            )
    if len(one) != len(two):
        raise TemplateError(
            f"{name}: its two languages have {len(one)} and {len(two)} blocks: a bilingual "
            "pack pairs them block by block, so the template must write the same blocks in "
            "every language"
        )


def _kind(block: Block) -> tuple:
    if isinstance(block, Table):
        return ("table", len(block.rows), block.notes)
    return (block.style, block.classes, block.notes)


def paired_slides(
    first: Document, second: Document, notes: Document, name: str, twin_notes: str
) -> Document:
    """Return ``first`` and ``second`` (marked decks) as parallel slides: each slide then
    its twin. The first twin carries the notes of ``notes`` (one of the two); the second,
    ``twin_notes``, in the same language. Raises ``TemplateError`` naming ``name`` if the
    two decks differ in their slides."""
    ones, twos, scripts = (_units(d.blocks) for d in (first, second, notes))
    _same_structure([_heading(u) for u in ones], [_heading(u) for u in twos], name)
    tag = notes.meta.get("language", "")
    said = Paragraph((Run(twin_notes, lang=tag),), notes=True)
    blocks: list[Block] = []
    for one, two, script in zip(ones, twos, scripts, strict=True):
        if _heading(one).text == _heading(two).text:  # "Agenda": each says its language
            one, two = _named(one), _named(two)
        blocks += [b for b in one if not b.notes] + [b for b in script if b.notes]
        body = [b for b in two if not (b.notes or _is(b, "h1"))]
        blocks += [_twinned(b) if _is(b, "h2") else b for b in body] + [said]
    meta = paired_meta(first, second)
    meta["words_in"] = {  # a continuation slide is titled in its own language
        str(d.meta.get("language", "")): {k: d.meta[k] for k in _CONTINUED if k in d.meta}
        for d in (first, second)
    }
    meta["continued_notes"] = notes.meta.get("continued_notes", "")  # its notes in theirs
    meta["notes_language"] = tag
    return Document(meta, tuple(blocks))


_CONTINUED = ("continued", "continued_again")


def _named(unit: list[Block]) -> list[Block]:
    """Return a slide whose title reads the same in both languages with the language's
    name after it, "Agenda (Cymraeg)", so that every slide title stays unique."""
    heading = _heading(unit)
    name = Locale.parse(heading.lang.split("-")[0]).get_display_name()
    said = Run(f" ({name[:1].upper()}{name[1:]})", lang=heading.lang)
    return [replace(b, runs=(*b.runs, said)) if b is heading else b for b in unit]


def _twinned(heading: Paragraph) -> Paragraph:
    """Return a slide's heading marked as its twin's (``twin=yes``): the deck writer sets
    the two at the same sizes."""
    return replace(heading, attrs=(*heading.attrs, ("twin", "yes")))


def paired_cards(first: Document, second: Document, name: str) -> Document:
    """Return ``first`` and ``second`` (marked card documents) with both languages on each
    card: the band's labels joined, the first language's text above the second's on the
    front and on the back. A page of instructions holds the first language, then the
    second. Raises ``TemplateError`` naming ``name`` if the cards differ."""
    ones, twos = _units(first.blocks), _units(second.blocks)
    _same_structure([_heading(u) for u in ones], [_heading(u) for u in twos], name)
    blocks: list[Block] = []
    for one, two in zip(ones, twos, strict=True):
        blocks += _card(one, two)
    return Document(paired_meta(first, second), tuple(blocks))


def _card(one: list[Block], two: list[Block]) -> list[Block]:
    """Return the blocks of one card (or page) holding both languages."""
    head = [b for b in one if _is(b, "h1") or _is(b, "h2")]
    bands = [_joined(a, b) for a, b in zip(_with(one, "band"), _with(two, "band"), strict=False)]
    fronts = [_body(one), _body(two)]
    if fronts[1] and "instructions" in _heading(one).classes:  # a page of text:
        title = _heading(two)  # the second language under its own title
        fronts[1].insert(0, Paragraph(title.runs, "heading", line=title.line))
    backs = _with(one, "back") + _with(two, "back")
    return [*head, *bands, *fronts[0], *fronts[1], *backs]


def _joined(one: Paragraph, two: Paragraph) -> Paragraph:
    """Return a short label in both languages: ``one / two`` (once if the same)."""
    if one.text == two.text:
        return one
    gap = Run(SEPARATOR, lang=one.lang)
    return replace(one, runs=(*one.runs, gap, *two.runs))


def _with(blocks: list[Block], cls: str) -> list[Block]:
    return [b for b in blocks if isinstance(b, Paragraph) and cls in b.classes]


def _body(blocks: list[Block]) -> list[Block]:
    return [
        b
        for b in blocks
        if not (_is(b, "h1") or _is(b, "h2") or b.notes)
        and not (isinstance(b, Paragraph) and {"band", "back"} & set(b.classes))
    ]


def _units(blocks: Sequence[Block]) -> list[list[Block]]:
    """Return the blocks slide by slide, a ``#`` section heading with the slide after it."""
    units: list[list[Block]] = []
    current: list[Block] = []
    for block in blocks:
        starts = _is(block, "h1") or _is(block, "h2")
        if starts and any(_is(b, "h2") for b in current):
            units.append(current)
            current = []
        current.append(block)
    if current:
        units.append(current)
    return units


def _heading(unit: list[Block]) -> Paragraph:
    return next(b for b in unit if _is(b, "h2"))


def _is(block: Block, style: str) -> bool:
    return isinstance(block, Paragraph) and block.style == style and not block.notes
