"""What the toolkit does, as functions to call from Python: ``build`` a workshop pack,
``report`` on the ratings typed in after the workshops.

Each reads top to bottom as its whole pipeline: content -> plan -> layout -> Jinja ->
document -> writer -> files, written to a staging folder first and moved into place only
when every file is ready.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from jinja2 import Environment

from toolkit.checks.accessibility import check_files
from toolkit.config import BuildConfig, ReportConfig, build_time
from toolkit.content.framework import load_framework
from toolkit.content.loader import load_content
from toolkit.content.office_templates import word_template_font
from toolkit.content.resources import builtin_dir, default_framework
from toolkit.content.results import iter_results, results_files
from toolkit.content.slugs import safe_slug
from toolkit.content.translated import language_name
from toolkit.content.translations import load_translation, translation_files
from toolkit.errors import ContentError, Problem, ResultsError, StrictError
from toolkit.layout.cards import sheet_layout
from toolkit.layout.fonts import metrics_for
from toolkit.layout.printing import PrintSettings, print_settings
from toolkit.model import Audience, Framework
from toolkit.planning.figures import ReportData, summarise
from toolkit.planning.packs import file_name, in_pack_order, plans_for, translated_framework
from toolkit.planning.plan import WorkshopPlan
from toolkit.publish.manifest import build_inputs
from toolkit.publish.parallel import run_tasks
from toolkit.publish.staging import staged
from toolkit.render.bilingual import paired as paired_documents
from toolkit.render.document import Document
from toolkit.render.environment import environment, render, template_folders
from toolkit.render.pack import (
    PACK,
    Output,
    Rendered,
    confined,
    in_language,
    paired,
    read_back,
    render_output,
)
from toolkit.render.words import Words, messages_in, words_for
from toolkit.writers.docx_document import write_document
from toolkit.writers.formats import WRITERS
from toolkit.writers.pptx_deck import slide_numbers, write_deck
from toolkit.writers.pptx_house import open_house_deck
from toolkit.writers.spreadsheet import write_results_sheet, write_summary

RESULTS = "results.csv"
_PACK_FILES = [end for o in PACK for end in (o.suffix, o.markdown_suffix)] + [RESULTS]


@dataclass(frozen=True)
class BuildResult:
    """The files a build wrote, warnings (text that could not be fitted, accessibility),
    ``(file, copy)`` for each typed-in file it kept aside rather than replace, and notes
    on choices made for the user (a format other than the audience's usual one)."""

    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    kept: tuple[tuple[Path, Path], ...] = ()
    notes: tuple[str, ...] = ()  # choices made for the user, e.g. a format that fits


def build(config: BuildConfig) -> BuildResult:
    """Build the pack described by ``config`` into ``config.out``; return what was written.

    A named partnership's files go in ``out/<partnership>/<audience>/``; otherwise straight
    into ``out``. Raises ``ToolkitError`` subclasses for bad content, templates or settings;
    the output folder is left as it was when anything fails.
    """
    soffice = _soffice() if config.pdf else ""  # before anything is built
    plans = plans_for(config)
    settings = print_settings(config)
    fonts = house_notes(settings)  # a template that is not one is refused now, not half-way
    env = environment(config.templates)
    twins = plans_for(config, config.languages[1]) if len(config.languages) > 1 else ()
    spoken = config.notes_language or config.language  # the deck's speaker notes
    rendered = [
        r
        for index, plan in enumerate(plans)
        for r in _render_pack(
            plan, env, settings, config.time_limit, twins[index] if twins else None, spoken
        )
    ]
    when = build_time()
    typed_in = {file_name(plan, RESULTS) for plan in plans}
    with staged(config.out, config.force, build_inputs(config), typed_in) as stage:
        tasks = [partial(_write, r, stage.path, settings, when) for r in rendered]
        if config.markdown:
            tasks += [partial(_write_markdown, r, stage.path, when) for r in rendered]
        written = run_tasks(tasks, config.jobs)
        names = [w.name for w in written]
        for plan in plans:
            words = words_for(_sheet_language(plan), template_folders(env))
            write_results_sheet(plan, stage.path / file_name(plan, RESULTS), words)
        names += [file_name(plan, RESULTS) for plan in plans]
        names = in_pack_order(names, plans, _PACK_FILES)
        warnings = [said for w in written for said in w.warnings]
        warnings += [found for w in sorted(written, key=lambda w: w.name) for found in w.findings]
        if soffice:
            names += _pdfs(stage.path, names, soffice)
        if warnings and config.strict:
            raise StrictError(warnings)
    notes = tuple(f"{plan.audience.slug}: {plan.notice}" for plan in plans if plan.notice)
    notes += fonts + draft_notes((*plans, *twins)) + untranslated_notes(plans, rendered)
    return BuildResult(
        tuple(config.out / n for n in names), tuple(warnings), tuple(stage.kept), notes
    )


@dataclass(frozen=True)
class TranslationReport:
    """What ``check_translations`` found: the languages (named), and notes on what is not
    translated yet (a pack that needs it will refuse)."""

    languages: tuple[str, ...]
    notes: tuple[str, ...]


def check_translations(
    framework: Framework, content: Path | None = None, templates: Path | None = None
) -> TranslationReport:
    """Check each translation beside ``framework``'s file: the framework's, the content's
    (audiences, activities and formats) and the toolkit's words (its catalogue).

    Raises ``ContentError`` listing every problem in all of them: items missing from a
    translation or not in the original, content that changes more than words, a catalogue
    that cannot be read.
    """
    problems: list[Problem] = []
    languages, notes = [], []
    folders = template_folders(environment(templates))
    sentences = {m.id for m in messages_in(builtin_dir("templates"), Path(__file__).parent)}
    if templates is not None:
        sentences |= {m.id for m in messages_in(Path(templates))}
    for code, path in translation_files(Path(framework.path)):
        name = language_name(code)
        languages.append(f"{code} ({name})")
        try:
            load_translation(framework, path)
        except ContentError as error:
            problems += error.problems
        try:
            found = load_content(framework, content, code)
            notes += [f"{name}: {p.path}: not translated yet" for p in found.untranslated]
        except ContentError as error:
            problems += error.problems
        try:
            known = words_for(code, folders).known
        except ContentError as error:
            problems += error.problems
            continue
        missing = sorted(sentences - known)
        if missing:
            notes.append(
                f"{name}: {len(missing)} of the toolkit's sentences are not translated yet "
                f"(such as '{missing[0][:60]}'): run 'toolkit translate {code}'"
            )
    if problems:
        raise ContentError(problems)
    return TranslationReport(tuple(languages), tuple(notes))


def untranslated_notes(
    plans: Sequence[WorkshopPlan], rendered: Sequence[Rendered]
) -> tuple[str, ...]:
    """Return a note, once for the build, if the packs' language lacks translations of some
    of the toolkit's sentences (they are then in English), with how to add them."""
    missing = sorted({sentence for r in rendered for sentence in r.untranslated})
    if not missing:
        return ()
    language = next(plan.language for plan in plans if plan.language != "en")
    example = missing[0] if len(missing[0]) <= 60 else missing[0][:59] + "\u2026"
    return (
        f"{len(missing)} of the toolkit's sentences have no {language_name(language)} "
        f"translation, so they are in English (such as '{example}'): run 'toolkit "
        f"translate {language}' and fill them in",
    )


def draft_notes(plans: Sequence[WorkshopPlan]) -> tuple[str, ...]:
    """Return a note, once, for each draft translation the packs use: it must be checked by
    a qualified translator before it goes to anyone."""
    drafts = {plan.framework.path: plan for plan in plans if plan.framework.translation == "draft"}
    return tuple(
        f"the {language_name(plan.language)} translation is a draft ({path} and the "
        "audiences, activities and words translated with it): have it checked by a "
        "qualified translator before the pack is used"
        for path, plan in drafts.items()
    )


def house_notes(settings: PrintSettings) -> tuple[str, ...]:
    """Return a note for each house template font not installed here (text is then
    measured with Arial's widths), once each. Raises ``ContentError`` for a template that
    is not one."""
    families = []
    if settings.docx_template:
        families.append(word_template_font(Path(settings.docx_template)))
    if settings.pptx_template:
        house = open_house_deck(Path(settings.pptx_template), dict(settings.layouts))
        families += [house.body_font, house.title_font]
    missing = sorted({f for f in families if f and metrics_for(f).missing})
    return tuple(
        f"the house template's font '{family}' is not installed on this computer, so text "
        "was measured with Arial's widths: check the layout where the font is installed"
        for family in missing
    )


def _render_pack(
    plan: WorkshopPlan,
    env: Environment,
    settings: PrintSettings,
    time_limit: float,
    twin: WorkshopPlan | None = None,
    notes: str = "",
) -> list[Rendered]:
    """Return the pack's documents (those its format uses), rendered: the deck first,
    laid out so that the other documents (the guide) can give its slide numbers before
    anything is written. With a ``twin`` (the plan in a second language) each document
    holds both languages, the plan's first, and the deck's speaker notes are in ``notes``
    (a code; "" for the plan's language)."""
    plans = (plan, twin) if twin else (plan,)
    deck = _rendered(PACK[0], plans, env, settings, {}, time_limit, notes)
    slides = slide_numbers(deck.document, settings)
    others = [
        _rendered(o, plans, env, settings, slides, time_limit)
        for o in PACK[1:]
        if o.name in plan.format.outputs
    ]
    return [deck, *others]


def _rendered(
    output: Output,
    plans: Sequence[WorkshopPlan],
    env: Environment,
    settings: PrintSettings,
    slides: dict[str, list[int]],
    time_limit: float,
    notes: str = "",
) -> Rendered:
    """Return ``output`` rendered for one plan, or for a plan and its twin as one
    bilingual document (a deck's notes in ``notes``, a code)."""
    made = [render_output(output, p, env, settings, slides, time_limit) for p in plans]
    if len(made) == 1:
        return made[0]
    return paired(output, made[0], made[1], notes or plans[0].language)


def _sheet_language(plan: WorkshopPlan) -> str:
    """Return the language a pack's results sheet names its columns in, besides English."""
    return next((code for code in plan.languages if code != "en"), plan.language)


@dataclass(frozen=True)
class _Written:
    """One file written into the staging folder, with what its writer and the
    accessibility check said about it."""

    name: str
    warnings: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()


def _write(rendered: Rendered, stage: Path, settings: PrintSettings, when: datetime) -> _Written:
    """Write one rendered document into the staging folder and check its accessibility."""
    path = stage / rendered.name
    path.parent.mkdir(parents=True, exist_ok=True)
    report = WRITERS[rendered.output.format](rendered.document, path, when, settings)
    found = tuple(str(f) for f in check_files([path]))
    said = tuple(f"{rendered.name}: {w}" for w in report.warnings)
    return _Written(rendered.name, said, found)


def _write_markdown(rendered: Rendered, stage: Path, when: datetime) -> _Written:
    """Write one rendered document as Markdown beside its Office file."""
    name = rendered.name.removesuffix(rendered.output.suffix) + rendered.output.markdown_suffix
    (stage / name).parent.mkdir(parents=True, exist_ok=True)
    WRITERS["markdown"](rendered.document, stage / name, when)
    return _Written(name)


def _soffice() -> str:
    """Return LibreOffice's command; raises ``ConfigError`` with install help if missing."""
    from toolkit.writers.pdf import find_soffice  # pypdf is only needed for PDFs

    return find_soffice()


def _pdfs(stage: Path, names: Sequence[str], soffice: str) -> list[str]:
    """Make a PDF of every Office file staged; return their names."""
    from toolkit.writers.pdf import make_pdfs

    office = [stage / n for n in names if n.endswith((".pptx", ".docx"))]
    return [str(p.relative_to(stage)) for p in make_pdfs(office, soffice)]


def usable_audiences(framework: Framework, content: Path | None = None) -> tuple[Audience, ...]:
    """Return the audiences written for ``framework`` (or for any framework), from the
    built-in ones and those in ``content``.

    Raises ``ContentError`` listing every problem in the audience and activity files and
    in how they fit the framework.
    """
    return load_content(framework, content).usable


def render_documents(config: BuildConfig) -> dict[str, str]:
    """Return the first audience's rendered Markdown documents by output name.

    Writes nothing; for reviewing and testing templates. Raises ``TemplateError`` naming
    the template file and line when a template fails.
    """
    plan = plans_for(config)[0]
    env = environment(config.templates)
    pack = _render_pack(plan, env, print_settings(config), config.time_limit)
    return {r.output.name: r.text for r in pack}


def report(config: ReportConfig) -> BuildResult:
    """Read the results, and write the report deck, action plan and summary CSV: in the
    report's language, or in two (each document holding both, as a bilingual pack's do).

    Raises ``ResultsError`` (every problem as FILE:ROW:COLUMN) or other ``ToolkitError``s;
    nothing is written unless everything succeeds.
    """
    original = load_framework(config.framework or default_framework())
    files, in_folders, notes = results_files(config.results)
    env = environment(config.templates)
    made = [_report_in(code, config, original, files, in_folders, env) for code in config.languages]
    owner = safe_slug(config.partnership.name) if config.partnership.name else made[0].slug
    if config.languages != ("en",):
        owner = "-".join((owner, *config.languages))
    when = build_time()
    settings = PrintSettings(  # the profile's paper and house templates
        sheet_layout(config.partnership.paper),
        docx_template=config.partnership.docx_template,
        pptx_template=config.partnership.pptx_template,
        layouts=config.partnership.layouts,
    )
    notes = (*notes, *house_notes(settings))
    names = [
        f"{owner}-results-report.pptx",
        f"{owner}-action-plan.docx",
        f"{owner}-comments.docx",
        f"{owner}-results-summary.csv",
    ]
    documents = made[0].documents
    if len(made) > 1:
        documents = _paired_report(made[0].documents, made[1].documents)
    words = next((m.words for m in made if m.words.language != "en"), made[0].words)
    warnings: list[str] = list(notes)
    importlib.import_module("toolkit.writers.charts")  # now, not half-way through staging
    with staged(config.out, config.force) as stage:
        deck = confined(documents[0], env, "report.md.j2", config.partnership.logo)
        warnings += write_deck(deck, stage.path / names[0], when, settings).warnings
        for name, document in zip(names[1:3], documents[1:], strict=True):
            warnings += write_document(document, stage.path / name, when, settings).warnings
        write_summary(made[0].data, made[0].names, stage.path / names[3], words)
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings))


_REPORT = ("report.md.j2", "action-plan.md.j2", "comments.md.j2")


@dataclass(frozen=True)
class _Report:
    """The report in one language: its figures, the audiences' names, its words, and its
    documents (the deck, the action plan, the comments), rendered."""

    slug: str
    data: ReportData
    names: dict[str, str]
    words: Words
    documents: tuple[Document, ...]


def _report_in(
    language: str,
    config: ReportConfig,
    original: Framework,
    files: Sequence[Path],
    in_folders: bool,
    env: Environment,
) -> _Report:
    """Return the report in ``language``, its documents rendered (nothing written).

    Raises ``ResultsError`` for results with problems or no ratings at all.
    """
    framework = translated_framework(original, language)
    audiences = load_content(original, config.content, language).usable
    responses = iter_results(files, framework, audiences, untyped_ok=in_folders)
    data = summarise(responses, framework, audiences, config.min_group, config.gap)
    if not data.total:
        raise ResultsError(
            [
                Problem(
                    path,
                    0,
                    "no ratings have been typed into any results spreadsheet here",
                    "type one row for each returned worksheet into the pack's results file",
                )
                for path in config.results
            ]
        )
    words = words_for(language, template_folders(env))
    names = {a.slug: a.name for a in audiences}
    context = {
        **words.globals(),
        "report": data,
        "chart": config.chart,
        "framework": framework,
        "partnership": config.partnership,
        "names": names,
    }
    documents = tuple(
        in_language(
            read_back(render(env, template, context, config.time_limit), template, index == 0),
            language,
        )
        for index, template in enumerate(_REPORT)
    )
    return _Report(framework.slug, data, names, words, documents)


def _paired_report(first: Sequence[Document], second: Sequence[Document]) -> tuple[Document, ...]:
    """Return the report's documents in two languages as bilingual ones: the deck as
    parallel slides (notes in the first language), the others block by block."""
    layouts = ("slides", "flow", "flow")
    return tuple(
        paired_documents(*pair) for pair in zip(first, second, layouts, _REPORT, strict=True)
    )
