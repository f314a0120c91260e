"""A partnership's own PowerPoint template: its slide size, layouts, theme fonts and
colours, opened for a deck or a set of cards to be built on.

Each kind of slide picks a layout by its placeholders first (a title slide wants a title
and a subtitle; a slide of text a title and a body; a chart or the framework a title and
nothing else), then by the usual name, unless the profile's ``[layouts]`` names one. The
template's own slides are not kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from toolkit.config import SLIDE_KINDS
from toolkit.content.office_templates import read_slide_template, theme_font
from toolkit.errors import ContentError, Problem

_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
# Each kind of slide: the placeholders it wants besides a title, and the usual names of
# the layout that has them, best first.
_TEXT = (frozenset({"body"}), ("Title and Content", "Title and Text"))
WANTS: dict[str, tuple[frozenset, tuple[str, ...]]] = {
    "title": (frozenset({PP_PLACEHOLDER.SUBTITLE}), ("Title Slide",)),
    "content": _TEXT,
    "question": _TEXT,
    "discussion": _TEXT,
    "rating": _TEXT,
    "closing": _TEXT,
    "framework": (frozenset(), ("Title Only",)),
    "chart": (frozenset(), ("Title Only",)),
}
KINDS = SLIDE_KINDS  # the kinds of slide, as the profile's [layouts] names them
assert set(WANTS) == set(KINDS)


@dataclass
class HouseDeck:
    """A house template opened for building: the presentation (its slides removed), the
    layout for each kind of slide, its theme's fonts and main colour, and warnings."""

    prs: object
    layouts: dict[str, object]
    body_font: str
    title_font: str
    accent: str  # the theme's accent 1, as RRGGBB ("" if it names none)
    warnings: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        """Return the slides' width and height in points."""
        return self.prs.slide_width / 12700, self.prs.slide_height / 12700

    def title_box(self, kind: str) -> tuple[float, float, float, float]:
        """Return the left, top, width and height (points) of the title placeholder of the
        layout used for ``kind``."""
        title = _title_of(self.layouts[kind])
        return tuple(v / 12700 for v in (title.left, title.top, title.width, title.height))


def open_house_deck(path: Path, mapping: dict[str, str] | None = None) -> HouseDeck:
    """Return the template at ``path`` opened for a deck, its layouts chosen (``mapping``
    names a layout for a kind of slide, as the profile's ``[layouts]`` does).

    Raises ``ContentError`` when the file is not a PowerPoint template, or has no layout
    with a title placeholder (no slide could keep a title).
    """
    prs = Presentation(io.BytesIO(read_slide_template(path)))
    _remove_slides(prs)
    layouts = list(prs.slide_layouts)
    titled = [layout for layout in layouts if _title_of(layout) is not None]
    if not titled:
        raise ContentError(
            [
                Problem(
                    path,
                    0,
                    "this PowerPoint template has no slide layout with a title placeholder",
                    "add one (PowerPoint's 'Title Only' layout will do) in View > Slide Master",
                )
            ]
        )
    warnings: list[str] = []
    chosen = {}
    for kind in KINDS:
        named = (mapping or {}).get(kind)
        layout = _named(titled, named) if named else None
        if named and layout is None:
            warnings.append(
                f"{path.name}: [layouts] {kind} = '{named}': the template has no such layout "
                "with a title; "
                + ", ".join(f"'{layout.name}'" for layout in titled)
                + " have one; chose by placeholders instead"
            )
        chosen[kind] = layout or _best(titled, kind)
    unsuited: dict[tuple[str, str], list[str]] = {}
    for kind, layout in chosen.items():
        if not _fits(layout, kind):
            unsuited.setdefault((_describe(kind), layout.name), []).append(kind)
    for (needs, name), kinds in unsuited.items():
        warnings.append(
            f"{path.name}: no layout has what {', '.join(kinds)} slides need ({needs}); "
            f"used '{name}', with the text in boxes of its own"
        )
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob
    return HouseDeck(
        prs,
        chosen,
        theme_font(theme, "minor"),
        theme_font(theme, "major"),
        theme_colour(theme, "accent1"),
        warnings,
    )


def theme_colour(theme_xml: bytes, name: str) -> str:
    """Return the RRGGBB of theme colour ``name`` (``accent1``), "" if it is not an RGB."""
    from lxml import etree

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    root = etree.fromstring(theme_xml)
    colour = root.find(f".//{a}clrScheme/{a}{name}/{a}srgbClr")
    return colour.get("val", "").upper() if colour is not None else ""


def clear_placeholders(slide) -> None:
    """Remove every placeholder of ``slide`` but its title: the toolkit draws the body in
    boxes of its own, and an empty placeholder shows "Click to add text"."""
    for shape in list(slide.placeholders):
        if shape.placeholder_format.type not in _TITLES:
            shape._element.getparent().remove(shape._element)


def _remove_slides(prs) -> None:
    """Remove the template's slides, and any slide it relates to but does not list (whose
    part name a new slide would take)."""
    slides = prs.slides._sldIdLst
    for entry in list(slides):
        slides.remove(entry)
    for rel_id, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.SLIDE:
            prs.part.drop_rel(rel_id)


def _title_of(layout):
    return next((p for p in layout.placeholders if p.placeholder_format.type in _TITLES), None)


def _types(layout) -> set:
    found = set()
    for shape in layout.placeholders:
        kind = shape.placeholder_format.type
        found.add("body" if kind in _BODIES else kind)
    return found - _FURNITURE


def _fits(layout, kind: str) -> bool:
    wanted, _names = WANTS[kind]
    return wanted <= _types(layout)


def _best(layouts: list, kind: str):
    """Return the layout with the placeholders ``kind`` wants and the fewest others; among
    equals, the one with the usual name; else the first."""
    wanted, names = WANTS[kind]

    def score(layout) -> tuple:
        types = _types(layout) - _TITLES
        named = next((i for i, n in enumerate(names) if layout.name.lower() == n.lower()), 99)
        return (-len(wanted & types), len(types - wanted), named)

    return min(layouts, key=score)


def _named(layouts: list, name: str):
    return next((x for x in layouts if x.name.strip().lower() == name.strip().lower()), None)


def _describe(kind: str) -> str:
    wanted, names = WANTS[kind]
    parts = ["a title"] + [
        "a subtitle" if w == PP_PLACEHOLDER.SUBTITLE else "a body" for w in wanted
    ]
    return " and ".join(parts) + f", as '{names[0]}' has"
