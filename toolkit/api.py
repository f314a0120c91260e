"""What the toolkit does, as functions to call from Python: ``build`` a workshop pack,
``report`` on the ratings typed in after the workshops.

Each reads top to bottom as its whole pipeline: content -> model -> plan -> Jinja ->
document -> writer -> files, written to a staging folder first and moved into place only
when every file is ready.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from jinja2 import Environment

from toolkit.checks.accessibility import check_files
from toolkit.config import BuildConfig, ReportConfig
from toolkit.content.audiences import select
from toolkit.content.framework import load_framework
from toolkit.content.loader import load_content
from toolkit.content.resources import builtin_dir, default_framework
from toolkit.content.results import read_results, results_files
from toolkit.content.slugs import safe_slug
from toolkit.content.sources import files_in
from toolkit.errors import ConfigError, Problem, ResultsError, StrictError
from toolkit.layout.cards import sheet_layout
from toolkit.model import Audience, Framework, Session
from toolkit.planning.figures import summarise
from toolkit.planning.materials import materials_list
from toolkit.planning.plan import WorkshopPlan, plan_workshop
from toolkit.publish.manifest import inputs_fingerprint
from toolkit.publish.parallel import run_tasks
from toolkit.publish.staging import staged
from toolkit.render.document import Document, parse_document, slide_document
from toolkit.render.environment import environment, render, template_picture
from toolkit.writers import WriteReport, WriterOptions
from toolkit.writers.docx_document import write_document
from toolkit.writers.pptx_cards import write_cards
from toolkit.writers.pptx_deck import slide_numbers, write_deck
from toolkit.writers.spreadsheet import write_summary, write_template

Writer = Callable[..., WriteReport]


@dataclass(frozen=True)
class Output:
    """One file in a pack: its template, how its document is read, its writer, its name."""

    name: str
    template: str
    parse: Callable[[str, str], object]
    writer: Writer
    suffix: str


def _slides(text: str, template: str) -> Document:
    return slide_document(parse_document(text, template), template)


OUTPUTS = (
    Output("deck", "deck.md.j2", _slides, write_deck, "deck.pptx"),
    Output("cards", "cards.md.j2", _slides, write_cards, "cards.pptx"),
    Output("worksheet", "worksheet.md.j2", parse_document, write_document, "worksheet.docx"),
    Output("guide", "guide.md.j2", parse_document, write_document, "facilitator-guide.docx"),
)


@dataclass(frozen=True)
class _Written:
    """One file written into the staging folder, with what its writer and the
    accessibility check said about it."""

    output: str
    name: str
    warnings: tuple[str, ...]
    findings: tuple[str, ...]


@dataclass(frozen=True)
class BuildResult:
    """The files a build wrote, warnings (text that could not be fitted, accessibility),
    and ``(file, copy)`` for each typed-in file it kept aside rather than replace."""

    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    kept: tuple[tuple[Path, Path], ...] = ()


def build(config: BuildConfig) -> BuildResult:
    """Build the pack described by ``config`` into ``config.out``; return what was written.

    A named partnership's files go in ``out/<partnership>/<audience>/``; otherwise straight
    into ``out``. Raises ``ToolkitError`` subclasses for bad content, templates or settings;
    the output folder is left as it was when anything fails.
    """
    soffice = _soffice() if config.pdf else ""  # before anything is built
    plans = plans_for(config)
    _one_pack_per_folder(plans)
    options = writer_options(config)
    env = environment(config.templates)
    rendered = [r for plan in plans for r in _render_pack(plan, env, options, config.time_limit)]
    when = build_time()
    typed_in = {_file_name(plan, "results.csv") for plan in plans}
    with staged(config.out, config.force, _inputs(config), typed_in) as stage:
        tasks = [partial(_write, r, stage.path, options, when) for r in rendered]
        written = run_tasks(tasks, config.jobs)
        names = [w.name for w in written]
        names += [_results_template(plan, stage.path, options) for plan in plans]
        order = {name: index for index, name in enumerate(_pack_order(plans))}
        names.sort(key=order.__getitem__)
        warnings = [said for w in written for said in w.warnings]
        warnings += [found for w in sorted(written, key=lambda w: w.name) for found in w.findings]
        if soffice:
            names += _pdfs(stage.path, names, soffice)
        if warnings and config.strict:
            raise StrictError(warnings)
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings), tuple(stage.kept))


def _pack_order(plans: Sequence[WorkshopPlan]) -> list[str]:
    """Return every file name of the packs, pack by pack, in the order they are listed."""
    suffixes = [o.suffix for o in OUTPUTS] + ["results.csv"]
    return [_file_name(plan, suffix) for plan in plans for suffix in suffixes]


def _pdfs(stage: Path, names: Sequence[str], soffice: str) -> list[str]:
    """Make a PDF of every Office file staged; return their names."""
    from toolkit.writers.pdf import make_pdfs  # pypdf is only needed for PDFs

    office = [stage / n for n in names if n.endswith((".pptx", ".docx"))]
    return [str(p.relative_to(stage)) for p in make_pdfs(office, soffice)]


@dataclass(frozen=True)
class _Rendered:
    """One document of a pack, rendered from its template and parsed, and its file name."""

    output: Output
    name: str
    text: str
    document: Document


def _render_pack(
    plan: WorkshopPlan, env: Environment, options: WriterOptions, time_limit: float
) -> list[_Rendered]:
    """Return the pack's documents, rendered: the deck first, laid out so that the other
    documents (the guide) can give its slide numbers before anything is written."""
    deck = _render(OUTPUTS[0], plan, env, options, {}, time_limit)
    slides = slide_numbers(deck.document)
    others = [_render(o, plan, env, options, slides, time_limit) for o in OUTPUTS[1:]]
    return [deck, *others]


def _render(
    output: Output,
    plan: WorkshopPlan,
    env: Environment,
    options: WriterOptions,
    slides: dict[str, list[int]],
    time_limit: float,
) -> _Rendered:
    """Return ``output`` of ``plan`` rendered and parsed, its pictures checked."""
    text = render(env, output.template, _context(plan, options, slides), time_limit)
    document = output.parse(text, output.template)
    document = confined(document, env, output.template, plan.partnership.logo)
    return _Rendered(output, _file_name(plan, output.suffix), text, document)


def _write(rendered: _Rendered, stage: Path, options: WriterOptions, when: datetime) -> _Written:
    """Write one rendered document into the staging folder and check its accessibility."""
    path = stage / rendered.name
    path.parent.mkdir(parents=True, exist_ok=True)
    report = rendered.output.writer(rendered.document, path, when, options)
    found = tuple(str(f) for f in check_files([path]))
    said = tuple(f"{rendered.name}: {w}" for w in report.warnings)
    return _Written(rendered.output.name, rendered.name, said, found)


def _one_pack_per_folder(plans: Sequence[WorkshopPlan]) -> None:
    """Raise ``ConfigError`` if two plans would write the same files (two sessions of a
    partnership for one audience): one pack would silently replace the other."""
    seen: set[str] = set()
    for plan in plans:
        name = _file_name(plan, "")
        if name in seen:
            raise ConfigError(
                f"two sessions are for the audience '{plan.audience.slug}', so their packs "
                "would replace each other; nothing was built. List each audience once"
            )
        seen.add(name)


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


def _soffice() -> str:
    """Return LibreOffice's command; raises ``ConfigError`` with install help if missing."""
    from toolkit.writers.pdf import find_soffice

    return find_soffice()


def _inputs(config: BuildConfig) -> dict[str, str]:
    """Return the fingerprints of everything a build reads: content, templates, profile."""
    folders = [builtin_dir("content"), builtin_dir("templates")]
    folders += [f for f in (config.content, config.templates) if f is not None]
    files = [p for folder in folders for p in files_in(folder, [""], recursive=True)]
    files += [Path(p) for p in (config.framework, config.partnership.path) if p]
    return inputs_fingerprint(files)


def writer_options(config: BuildConfig) -> WriterOptions:
    """Return the print settings: paper from the option, else the profile, else A4.

    Raises ``ConfigError`` for an unknown paper or card size.
    """
    paper = config.paper or config.partnership.paper or "a4"
    return WriterOptions(sheet_layout(paper, config.card_size), config.backs, config.large_print)


def plans_for(config: BuildConfig) -> tuple[WorkshopPlan, ...]:
    """Return one workshop plan per session: the partnership's, or one per audience asked.

    Raises ``ContentError`` for bad content and ``ConfigError`` for an unknown audience or
    a session too short for its questions.
    """
    framework = load_framework(config.framework or default_framework())
    content = load_content(framework, config.content)
    activities, every, usable = content.activities, content.audiences, content.usable
    sessions = config.partnership.sessions
    if config.audiences or not sessions:
        names = config.audiences
        chosen = usable if _wants_all(names) else select(names, every)
        sessions = tuple(Session(a.slug) for a in chosen)
    plans = []
    for session in sessions:
        audience = select([session.audience], every)[0]
        if audience not in usable:
            raise ConfigError(
                f"the audience '{audience.slug}' is written for the framework "
                f"'{audience.framework}', not '{framework.slug}'; "
                f"with this framework choose one of: {', '.join(a.slug for a in usable)}"
            )
        if config.minutes is not None:
            session = replace(session, minutes=config.minutes)
        plans.append(plan_workshop(framework, audience, config.partnership, session, activities))
    return tuple(plans)


def _wants_all(names: tuple[str, ...]) -> bool:
    return any(name.strip().lower() == "all" for name in names)


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
    pack = _render_pack(plan, env, writer_options(config), config.time_limit)
    return {r.output.name: r.text for r in pack}


def _context(
    plan: WorkshopPlan, options: WriterOptions, slides: dict[str, list[int]] | None = None
) -> dict[str, object]:
    return {
        "slides": slides or {},
        "materials": materials_list(plan, options.sheet),
        "plan": plan,
        "framework": plan.framework,
        "audience": plan.audience,
        "partnership": plan.partnership,
        "session": plan.session,
        "cards": options.sheet,
        "backs": options.backs,
        "large_print": options.large_print,
    }


def build_time() -> datetime:
    """Return the time stamped into files: ``SOURCE_DATE_EPOCH`` if set, else today at 00:00.

    Raises ``ConfigError`` if ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC)
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{epoch}'") from None


def _results_template(plan: WorkshopPlan, stage: Path, options: WriterOptions) -> str:
    """Write the pack's results spreadsheet, a row per expected worksheet; return its name."""
    name = _file_name(plan, "results.csv")
    rows = materials_list(plan, options.sheet).items[0].count
    write_template(stage / name, [q.label for q in plan.questions], plan.audience.slug, rows)
    return name


def _file_name(plan: WorkshopPlan, suffix: str) -> str:
    """Return the file's path inside the pack folder, e.g. ``p/frontline/p-frontline-deck.pptx``."""
    if not plan.partnership.name:
        return f"{plan.framework.slug}-{plan.audience.slug}-{suffix}"
    owner = safe_slug(plan.partnership.name)
    return f"{owner}/{plan.audience.slug}/{owner}-{plan.audience.slug}-{suffix}"


def report(config: ReportConfig) -> BuildResult:
    """Read the results, and write the report deck, action plan and summary CSV.

    Raises ``ResultsError`` (every problem as FILE:ROW:COLUMN) or other ``ToolkitError``s;
    nothing is written unless everything succeeds.
    """
    framework = load_framework(config.framework or default_framework())
    audiences = usable_audiences(framework, config.content)
    files, in_folders, notes = results_files(config.results)
    responses = read_results(files, framework, audiences, untyped_ok=in_folders)
    if not responses:
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
    data = summarise(responses, framework, audiences, config.min_group)
    env = environment(config.templates)
    context = {
        "report": data,
        "framework": framework,
        "partnership": config.partnership,
        "names": {a.slug: a.name for a in audiences},
    }
    owner = safe_slug(config.partnership.name) if config.partnership.name else framework.slug
    when = build_time()
    options = WriterOptions(sheet_layout(config.partnership.paper))  # the profile's paper
    names = [
        f"{owner}-results-report.pptx",
        f"{owner}-action-plan.docx",
        f"{owner}-results-summary.csv",
    ]
    warnings: list[str] = list(notes)
    importlib.import_module("toolkit.writers.charts")  # now, not half-way through staging
    with staged(config.out, config.force) as stage:
        text = render(env, "report.md.j2", context, config.time_limit)
        deck = _slides(text, "report.md.j2")
        deck = confined(deck, env, "report.md.j2", config.partnership.logo)
        warnings += write_deck(deck, stage.path / names[0], when, options).warnings
        text = render(env, "action-plan.md.j2", context, config.time_limit)
        plan = parse_document(text, "action-plan.md.j2")
        warnings += write_document(plan, stage.path / names[1], when, options).warnings
        write_summary(data, {a.slug: a.name for a in audiences}, stage.path / names[2])
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings))
