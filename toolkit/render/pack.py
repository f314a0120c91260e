"""A pack's documents, rendered: which templates make a pack, what each is given, and the
rendered text read back as a document.

The deck is rendered first and laid out (by the caller, with the deck writer's measuring)
so that the guide can cite its slide numbers; nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jinja2 import Environment

from toolkit.config import MIN_GROUP, language_tag
from toolkit.layout.printing import PrintSettings
from toolkit.model import Audience, Phrase
from toolkit.planning.materials import materials_list
from toolkit.planning.packs import file_name
from toolkit.planning.plan import WorkshopPlan
from toolkit.render import bilingual
from toolkit.render.document import Document, parse_document, slide_document
from toolkit.render.environment import render, template_folders, template_picture
from toolkit.render.words import Words, words_for


@dataclass(frozen=True)
class Output:
    """One document of a pack: its template, whether it reads as slides, the format it is
    written in (a key of ``toolkit.writers.formats.WRITERS``) and its file name's end."""

    name: str
    template: str
    slides: bool
    format: str
    suffix: str

    @property
    def markdown_suffix(self) -> str:
        """Return the end of the name of its Markdown copy, e.g. ``deck.md``."""
        return self.suffix.rsplit(".", 1)[0] + ".md"


PACK = (
    Output("deck", "deck.md.j2", True, "pptx-deck", "deck.pptx"),
    Output("cards", "cards.md.j2", True, "pptx-cards", "cards.pptx"),
    Output("worksheet", "worksheet.md.j2", False, "docx", "worksheet.docx"),
    Output("rating-sheet", "rating-sheet.md.j2", False, "docx", "rating-sheet.docx"),
    Output("guide", "guide.md.j2", False, "docx", "facilitator-guide.docx"),
)


@dataclass(frozen=True)
class Rendered:
    """One document of a pack: rendered from its template, read back, and its file name."""

    output: Output
    name: str
    text: str
    document: Document
    untranslated: frozenset[str] = frozenset()  # sentences its language's catalogue lacks


def render_output(
    output: Output,
    plan: WorkshopPlan,
    env: Environment,
    settings: PrintSettings,
    slides: dict[str, list[int]],
    time_limit: float,
) -> Rendered:
    """Return ``output`` of ``plan`` rendered and read back, its pictures checked.

    ``slides`` gives the deck's slide numbers for each plan block (empty for the deck
    itself). Raises ``TemplateError`` naming the template and line.
    """
    words = words_for(plan.language, template_folders(env))
    text = render(env, output.template, context(plan, settings, slides, words), time_limit)
    document = read_back(text, output.template, output.slides)
    document = in_language(document, plan.language)
    document = confined(document, env, output.template, plan.partnership.logo)
    name = file_name(plan, output.suffix)
    return Rendered(output, name, text, document, frozenset(words.untranslated))


def paired(output: Output, first: Rendered, second: Rendered, notes: str) -> Rendered:
    """Return ``first`` and ``second`` (``output`` in two languages) as one bilingual
    document, in the layout chosen for it (``toolkit.render.bilingual``); a deck's speaker
    notes in language ``notes`` (a code).

    Raises ``TemplateError`` naming the template if the two differ in structure.
    """
    layout = {"deck": "slides", "cards": "cards"}.get(output.name, "flow")
    document = bilingual.paired(
        first.document, second.document, layout, output.template, language_tag(notes)
    )
    untranslated = first.untranslated | second.untranslated
    return Rendered(output, first.name, first.text + second.text, document, untranslated)


def read_back(text: str, template: str, slides: bool) -> Document:
    """Return the document a template rendered; raises ``TemplateError`` for text a
    slide document cannot place."""
    document = parse_document(text, template)
    return slide_document(document, template) if slides else document


def context(
    plan: WorkshopPlan,
    settings: PrintSettings,
    slides: dict[str, list[int]] | None = None,
    words: Words | None = None,
) -> dict[str, object]:
    """Return what the pack's templates are given: the plan and its parts, the print
    settings, and ``words`` (the toolkit's words in the plan's language) to call."""
    words = words or Words(plan.language)
    return {
        **words.globals(),
        "slides": slides or {},
        "materials": materials_list(plan, settings.sheet),
        "plan": plan,
        "framework": plan.framework,
        "audience": addressed(plan.audience, words),
        "partnership": plan.partnership,
        "session": plan.session,
        "sheet": settings.sheet,
        "backs": settings.backs,
        "large_print": settings.large_print,
        "min_group": MIN_GROUP,  # the smallest group a report shows on its own
    }


def in_language(document: Document, language: str) -> Document:
    """Return ``document`` marked as written in ``language`` (a code), unless its template
    says otherwise (front matter ``language``)."""
    return replace(document, meta={"language": language_tag(language), **document.meta})


def addressed(audience: Audience, words: Words) -> Audience:
    """Return ``audience`` with every phrase the pack addresses it by (``say``) in the
    language of ``words``: its own, or the toolkit's usual ones translated."""
    said = tuple(
        (key, words.plain(value) if isinstance(value, Phrase) else value)
        for key, value in audience.say.items()
    )
    return replace(audience, words=said)


def confined(document: Document, env: Environment, template: str, profile_logo: str) -> Document:
    """Return ``document`` with the picture its front matter names (``logo``) checked: the
    profile's logo (``profile_logo``), or a file inside the templates folders.

    Raises ``TemplateError`` naming the template for a picture anywhere else.
    """
    logo = str(document.meta.get("logo") or "")
    if not logo:
        return document
    checked = template_picture(env, template, logo, profile_logo)
    return replace(document, meta={**document.meta, "logo": checked})
