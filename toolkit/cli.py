"""The ``toolkit`` command: a thin layer over ``toolkit.api`` and the content readers."""

from __future__ import annotations

import math
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.config import (
    CARD_SIZES,
    CHARTS,
    DEFAULT_MIN_GROUP,
    GAP_RULE,
    MIN_GROUP,
    PAPERS,
    language_code,
    notes_language,
    two_languages,
)
from toolkit.entry import STOPPED, STOPPED_CODE
from toolkit.errors import AccessibilityError, BatchError, ToolkitError

if TYPE_CHECKING:
    from toolkit.api import BuildConfig
    from toolkit.publish.batch import Outcome

# The commands import the rest of the toolkit (and the Office libraries) only when they run,
# so that --help and --version answer at once.

_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)


def _flag(name: str, explained: str):
    """Return a click option that is on when given (``--pdf``), with its help text."""
    return click.option(name, is_flag=True, help=explained)


class _Amount(click.FloatRange):
    """A number in a range; "nan", which every comparison lets through, is refused."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"give a number, not {value!r}", param, ctx)
        return number


def _language_code(value: str) -> str:
    """Return ``value`` as a language code (``cy``); raise ``click.BadParameter`` if it is
    not one."""
    try:
        return language_code(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _language_option(what: str):
    """Return the ``--language`` option, for the pack or the report (``what``)."""
    return click.option(
        "--language",
        default="en",
        show_default=True,
        callback=lambda _ctx, _param, value: _language_code(value),
        metavar="CODE",
        help=f"The {what}'s language: en, or cy for Welsh (any language the framework and "
        "content are translated into; see the README's 'Languages').",
    )


def _pack_languages(
    ctx: click.Context, language: str, languages: str | None, notes: str | None
) -> tuple[tuple[str, ...], str]:
    """Return a pack's or report's languages (one, or two, as given) and its deck's
    speaker notes' language; raise ``click.BadParameter`` for a list that is not two codes
    or notes in neither language."""
    if languages is None:
        if notes is not None:
            raise click.BadParameter(
                "is for a bilingual pack: give --languages too", ctx, _param(ctx, "notes_language")
            )
        return (language,), ""
    if ctx.get_parameter_source("language") is not click.core.ParameterSource.DEFAULT:
        raise click.BadParameter(
            "give --language or --languages, not both", ctx, _param(ctx, "languages")
        )
    try:
        codes = two_languages(languages)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, _param(ctx, "languages")) from None
    try:
        return codes, notes_language(codes, notes if notes is not None else codes[0])
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, _param(ctx, "notes_language")) from None


def _param(ctx: click.Context, name: str) -> click.Parameter | None:
    return next((p for p in ctx.command.params if p.name == name), None)


_framework_option = click.option(
    "--framework", type=_FILE, help="A framework Markdown file (default: built-in)."
)
_time_limit_option = click.option(
    "--time-limit",
    type=_Amount(min=1, max=3600),
    default=60,
    show_default=True,
    metavar="SECONDS",
    help="Stop a template that takes longer than this to render (then nothing is written).",
)
_content_option = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder holding 'audiences' and 'activities' folders of your own files, used "
    "alongside the built-in ones (yours win when the file names match).",
)


def _print_version(ctx: click.Context, asked: bool) -> None:
    """Print the installed version and stop (read from the package metadata only now)."""
    if asked and not ctx.resilient_parsing:
        from toolkit import __version__

        click.echo(f"toolkit, version {__version__}")
        ctx.exit()


class Stopped(ToolkitError):
    """Ctrl-C stopped a command; whatever it was building has been cleared away."""

    exit_code = STOPPED_CODE

    def __init__(self) -> None:
        super().__init__(STOPPED)

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class _Group(click.Group):
    """Reports Ctrl-C (a ``KeyboardInterrupt`` once a build has unwound, see
    ``toolkit.entry``) in one line with exit code 130; shows a traceback for a user error
    only when ``--debug`` was given."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Stopped() from None
        except ToolkitError:
            if ctx.params.get("debug"):
                traceback.print_exc()
            raise


@click.group(cls=_Group)
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, value: _print_version(ctx, value),
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
def cli(debug: bool) -> None:
    """Build printable, editable workshop materials for reviewing how a public service
    partnership innovates.

    \b
    Examples:
      toolkit check                     check the built-in framework and audiences
      toolkit audiences                 list the audiences
      toolkit formats                   list the session formats
      toolkit build                     write the default pack into ./output/
      toolkit build --audience all      one pack for every audience
      toolkit build --out pack --framework my-framework.md
      toolkit build --language cy       a Welsh pack (see 'toolkit translate')
    """


@cli.command()
@_framework_option
@_content_option
@click.option(
    "--templates",
    type=_DIR,
    help="A folder of your own templates: its catalogues (locales/) are checked too.",
)
@click.option(
    "--outputs",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Check the accessibility of the .pptx and .docx files in this folder instead.",
)
@_flag(
    "--render",
    "With --outputs: also draw every page in LibreOffice and check where its text lands.",
)
@_flag("--large-print", "With --render: printed text must be 16 pt or more (else 12 pt).")
def check(
    framework: Path | None,
    content: Path | None,
    templates: Path | None,
    outputs: Path | None,
    render: bool,
    large_print: bool,
) -> None:
    """Check a framework file and the audience, activity and format files, reporting every
    problem.

    Prints a summary and exits 0 when all is sound; otherwise prints each problem as
    FILE:LINE with a hint and exits 1. With --outputs DIR, check the accessibility of the
    generated files in DIR instead (titles, language, headings, contrast, sizes, alt text);
    with --render too, convert them with LibreOffice and check every page (text off the
    page or out of its card, overlapping text, words broken mid-word, tables wider than
    the page, stranded headings, near-empty pages, text too small).

    \b
    Example:
      toolkit check --framework content/frameworks/partnership-innovation.md
      toolkit check --outputs output
      toolkit check --outputs output --render
    """
    if outputs is None and (render or large_print):
        raise click.UsageError("--render and --large-print go with --outputs DIR")
    if outputs is not None:
        _check_outputs(outputs, render, large_print)
        return
    from toolkit.content.framework import load_framework
    from toolkit.content.loader import file_problems
    from toolkit.content.resources import default_framework
    from toolkit.errors import ContentError

    try:
        loaded = load_framework(framework or default_framework())
    except ContentError as error:  # report the audiences' and activities' problems too
        raise ContentError([*error.problems, *file_problems(content)]) from None
    from toolkit.content.loader import load_content

    loaded_content = load_content(loaded, content)
    audiences, formats = loaded_content.usable, loaded_content.formats
    languages = _check_translations(loaded, content, templates)
    click.echo(loaded.summary())
    noun = "audience" if len(audiences) == 1 else "audiences"
    click.echo(f"{len(audiences)} {noun}: {', '.join(a.slug for a in audiences)}")
    noun = "format" if len(formats) == 1 else "formats"
    click.echo(f"{len(formats)} {noun}: {', '.join(f.slug for f in formats)}")
    if languages:
        click.echo(f"translations: {', '.join(languages)}")


def _check_translations(framework, content: Path | None, templates: Path | None) -> list[str]:
    """Check every translation beside ``framework``'s file, of the content, and of the
    toolkit's words; print a note for what is not translated; return the languages, named.

    Raises ``ContentError`` listing every problem in all of them.
    """
    from toolkit.api import check_translations

    report = check_translations(framework, content, templates)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    return list(report.languages)


@cli.command("build")
@click.argument("profiles", nargs=-1, type=click.Path(path_type=Path, exists=True))
@_framework_option
@_content_option
@click.option(
    "--templates", type=_DIR, help="A folder of your own templates, used before the built-in ones."
)
@click.option("--out", type=_DIR, default=None, help="Where to write the pack (default: output).")
@click.option(
    "--audience",
    "audiences",
    multiple=True,
    metavar="NAME",
    help="Who the pack is for (repeatable; 'all' for every audience). See 'toolkit audiences'.",
)
@click.option(
    "--format",
    "session_format",
    default="",
    metavar="NAME",
    help="How the session is run: members-discussion, focus-group or workshop (default: "
    "the audience's usual format, or the nearest that fits --minutes). See 'toolkit formats'.",
)
@click.option(
    "--minutes",
    type=click.IntRange(min=1),
    default=None,
    help="Session length in minutes (default: the audience's recommendation).",
)
@click.option(
    "--questions",
    default="",
    metavar="1,2,5",
    help="Focus the session on these questions (the framework's numbers), in this order.",
)
@click.option(
    "--paper",
    type=click.Choice(list(PAPERS), case_sensitive=False),
    default=None,
    help="Paper for printed materials (default: the profile's, else a4).",
)
@click.option(
    "--docx-template",
    type=_FILE,
    default=None,
    help="A house Word template (.dotx or .docx): the worksheet, guide and rating sheet use "
    "its page set-up, headers, footers and fonts (or a profile's docx_template).",
)
@click.option(
    "--pptx-template",
    type=_FILE,
    default=None,
    help="A house PowerPoint template (.potx or .pptx): the deck uses its slide size, "
    "layouts, theme fonts and colours, the cards its fonts (or a profile's pptx_template).",
)
@_language_option("pack")
@click.option(
    "--languages",
    default=None,
    metavar="CODES",
    help="A bilingual pack: two languages, the first first, e.g. cy,en (see the README's "
    "'Languages' for the layout of each document).",
)
@click.option(
    "--notes-language",
    default=None,
    metavar="CODE",
    help="A bilingual deck's speaker notes: one of its --languages (default: the first).",
)
@click.option(
    "--card-size",
    type=click.Choice(list(CARD_SIZES), case_sensitive=False),
    default="a6",
    show_default=True,
    help="Discussion card size: a6 (4 on A4), a7 (8 on A4), poker (9 on A4).",
)
@click.option(
    "--backs/--no-backs",
    default=True,
    show_default=True,
    help="Print card backs (double-sided), or fronts only.",
)
@_flag("--pdf", "Also write a tagged PDF of every file (needs LibreOffice).")
@_flag("--large-print", "Set the worksheet, guide and cards at 16 pt or more (12 pt otherwise).")
@_flag(
    "--markdown", "Also write each document as Markdown beside it, to review or compare its words."
)
@_flag("--force", "Replace files in the output folder even if they were edited after being built.")
@_flag("--strict", "Treat warnings (text that cannot fit) as errors; then nothing is written.")
@_time_limit_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="How many processes to use: packs built at once from profiles, or documents "
    "written at once in one pack (default: the number of CPUs).",
)
@click.pass_context
def build_command(
    ctx: click.Context,
    profiles: tuple[Path, ...],
    paper: str | None,
    docx_template: Path | None,
    pptx_template: Path | None,
    language: str,
    languages: str | None,
    notes_language: str | None,
    card_size: str,
    backs: bool,
    pdf: bool,
    large_print: bool,
    markdown: bool,
    force: bool,
    strict: bool,
    jobs: int | None,
    time_limit: float,
    framework: Path | None,
    content: Path | None,
    templates: Path | None,
    out: Path | None,
    audiences: tuple[str, ...],
    minutes: int | None,
    session_format: str,
    questions: str,
) -> None:
    """Build workshop packs and print each file written.

    With no PROFILES, build the default pack (or --audience packs) into ./output/. Each
    PROFILE (a partnership's .toml file, or a folder of them) builds every session it
    lists into OUT/<partnership>/<audience>/, several at once; a pack that fails does not
    stop the others. Every pack is staged first, so a failure leaves old files untouched.

    \b
    Examples:
      toolkit build
      toolkit build --audience councillors --audience frontline
      toolkit build --audience frontline --questions 1,2,5 --minutes 60
      toolkit build --audience politicians --minutes 30 --format members-discussion
      toolkit build northshire-together.toml
      toolkit build profiles/ --jobs 2
      toolkit build --audience all --out ~/Desktop/review --templates my-templates
      toolkit build --audience all --language cy
      toolkit build --audience all --languages cy,en
    """
    from toolkit.api import BuildConfig, build
    from toolkit.publish.batch import profile_paths

    codes, spoken = _pack_languages(ctx, language, languages, notes_language)
    config = BuildConfig(
        framework=framework,
        content=content,
        templates=templates,
        out=out or Path("output"),
        audiences=audiences,
        minutes=minutes,
        format=session_format,
        questions=tuple(q for q in questions.replace(",", " ").split() if q),
        paper=paper,
        docx_template=docx_template,
        pptx_template=pptx_template,
        card_size=card_size,
        backs=backs,
        strict=strict,
        large_print=large_print,
        pdf=pdf,
        markdown=markdown,
        force=force,
        jobs=jobs,
        time_limit=time_limit,
        languages=codes,
        notes_language=spoken,
    )
    if profiles:
        debug = bool(ctx.find_root().params.get("debug"))
        _build_batch(profile_paths(profiles), config, jobs or os.cpu_count() or 1, debug)
        return
    result = build(config)
    _say_written(result.files, result.warnings, result.kept, result.notes)


def _check_outputs(folder: Path, render: bool, large_print: bool) -> None:
    """Print every accessibility finding in ``folder`` (and, with ``render``, every render
    finding); exit 1 if there are any."""
    from toolkit.checks.accessibility import check_files, office_files

    files = office_files(folder)
    findings = check_files(files)
    kinds = "accessibility"
    if render:
        from toolkit.checks.render import check_rendering
        from toolkit.publish.signals import undo_on_interrupt
        from toolkit.writers.pdf import find_soffice

        soffice = find_soffice("the render check")
        with undo_on_interrupt():  # Ctrl-C stops LibreOffice and removes its folder
            findings += check_rendering(files, soffice, large_print)
        kinds = "accessibility or render"
    for finding in findings:
        click.echo(f"{finding.path}: {finding.where}: {finding.message}", err=True)
    if findings:
        raise AccessibilityError(f"{len(findings)} {kinds} finding(s) in {len(files)} files")
    click.echo(f"no {kinds} findings in {len(files)} files")


def _say_written(files, warnings, kept=(), notes=()) -> None:
    for note in notes:
        click.echo(f"note: {note}", err=True)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for original, copy in kept:
        click.echo(f"kept {original} as {copy}: ratings were typed into it")
    for path in files:
        click.echo(f"wrote {path}")


def _build_batch(paths: list[Path], base: BuildConfig, workers: int, debug: bool) -> None:
    """Build every profile's packs; list the failures at the end and exit 1 if any."""
    from toolkit.api import build
    from toolkit.publish.batch import plan_jobs, run_jobs

    planned, failures = plan_jobs(paths, base)
    total = len(planned) + len(failures)
    if _on_terminal() and planned:
        with click.progressbar(length=len(planned), label="Building packs", show_pos=True) as bar:
            outcomes = run_jobs(planned, build, workers, lambda _o: bar.update(1), debug)
        for outcome in outcomes:
            _say_written(outcome.files, outcome.warnings, outcome.kept, outcome.notes)
    else:
        outcomes = run_jobs(planned, build, workers, _print_outcome, debug)
    failures += [o for o in outcomes if o.errors]
    if failures:
        for failure in failures:
            for message in failure.errors:
                click.echo(f"error: {message}", err=True)
        others = "; the others were built" if len(failures) < total else ""
        raise BatchError(f"{len(failures)} of {total} packs failed{others}")


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _print_outcome(outcome: Outcome) -> None:
    if outcome.errors:
        click.echo(f"failed {outcome.label} (the reason is listed at the end)")
        return
    _say_written(outcome.files, outcome.warnings, outcome.kept, outcome.notes)


@cli.command("report")
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", type=_FILE, help="The partnership's profile, for its name and look.")
@_framework_option
@_content_option
@click.option("--templates", type=_DIR, help="A folder of your own templates.")
@click.option(
    "--out", type=_DIR, default=Path("output"), show_default=True, help="Where to write the report."
)
@click.option(
    "--min-group",
    type=click.IntRange(min=MIN_GROUP),
    default=DEFAULT_MIN_GROUP,
    show_default=True,
    help="The fewest people any figure or comment may come from: smaller groups are held "
    f"back (never below {MIN_GROUP}).",
)
@click.option(
    "--gap",
    type=_Amount(min=0.1, max=4.0),
    default=GAP_RULE,
    show_default=True,
    help="Points apart two audiences' means must be to be reported as a gap.",
)
@_language_option("report")
@click.option(
    "--languages",
    default=None,
    metavar="CODES",
    help="A bilingual report: two languages, the first first, e.g. cy,en.",
)
@click.option(
    "--chart",
    type=click.Choice(CHARTS),
    default=CHARTS[0],
    show_default=True,
    help="The overview chart: a dot plot of each audience's mean per question, or a radar.",
)
@_time_limit_option
@click.option("--force", is_flag=True, help="Replace report files edited since they were written.")
def report_command(
    results: tuple[Path, ...],
    profile: Path | None,
    framework: Path | None,
    content: Path | None,
    templates: Path | None,
    out: Path,
    min_group: int,
    gap: float,
    chart: str,
    language: str,
    languages: str | None,
    time_limit: float,
    force: bool,
) -> None:
    """Turn typed-in ratings into a report deck, an action plan and a summary CSV.

    Give one results file per audience, or one combined file (the pack's results
    template). Every problem in the files is listed as FILE:ROW:COLUMN.

    \b
    Example:
      toolkit report frontline.csv politicians.csv --profile northshire-together.toml
    """
    from toolkit.api import ReportConfig, report
    from toolkit.content.profile import load_profile
    from toolkit.model import Partnership

    codes, _notes = _pack_languages(click.get_current_context(), language, languages, None)
    partnership = load_profile(profile) if profile else Partnership()
    config = ReportConfig(
        results=results,
        framework=framework,
        content=content,
        templates=templates,
        out=out,
        partnership=partnership,
        min_group=min_group,
        gap=gap,
        chart=chart,
        languages=codes,
        time_limit=time_limit,
        force=force,
    )
    result = report(config)
    _say_written(result.files, result.warnings)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on: 127.0.0.1 is this computer only; 0.0.0.0 shares the "
    "page with everyone on the network.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port."
)
def serve_command(host: str, port: int) -> None:
    """Start the web page: build packs in a browser, with the CLI's choices.

    It runs on this computer only unless --host says otherwise. Press Ctrl-C to stop.

    \b
    Example:
      toolkit serve
      toolkit serve --port 8080
    """
    import waitress

    from toolkit.web import create_app

    if host not in LOCAL_HOSTS:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this computer on port {port} "
            "can use the page and build packs with it; there is no sign-in. Use --host "
            "127.0.0.1 to keep it to this computer",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Open http://{shown}:{port}/ in your browser. Press Ctrl-C to stop.")
    waitress.serve(create_app(), host=host, port=port, threads=4, ident="toolkit")


@cli.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "folder",
    type=_DIR,
    default=Path("."),
    show_default=True,
    help="Where to write the profile.",
)
def new_command(name: str, folder: Path) -> None:
    """Write a commented starter profile for a partnership, ready to build.

    The file is named after the partnership (e.g. northshire-together.toml); an existing
    file is never overwritten.

    \b
    Example:
      toolkit new "Northshire Together"
      toolkit build northshire-together.toml
    """
    from toolkit.content.starter import write_starter

    path = write_starter(name, folder)
    click.echo(f"wrote {path}")
    click.echo(f"next: edit it, then run  toolkit build {path}")


@cli.command("audiences")
@_framework_option
@_content_option
def audiences_command(framework: Path | None, content: Path | None) -> None:
    """List the audiences a pack can be built for, with their questions.

    \b
    Example:
      toolkit audiences
      toolkit build --audience frontline
    """
    from toolkit.api import usable_audiences
    from toolkit.content.framework import load_framework
    from toolkit.content.resources import default_framework
    from toolkit.planning.plan import tailored_questions

    loaded = load_framework(framework or default_framework())
    for audience in usable_audiences(loaded, content):
        questions = tailored_questions(loaded, audience)
        default = " (default)" if audience.default else ""
        click.echo(f"{audience.slug}{default}: {audience.name}")
        click.echo(f"  {audience.description}")
        if audience.aliases:
            click.echo(f"  also called: {', '.join(audience.aliases)}")
        numbers = ", ".join(str(q.number) for q in questions)
        click.echo(f"  questions {numbers}; {audience.format}, {audience.minutes} minutes")


@cli.command("formats")
@_content_option
def formats_command(content: Path | None) -> None:
    """List the formats a session can take, with their lengths and what they use.

    An audience names its usual format (format: ...); --format overrides it.

    \b
    Example:
      toolkit formats
      toolkit build --audience board --format focus-group --minutes 60
    """
    from toolkit.content.formats import load_formats
    from toolkit.content.loader import folder_problems
    from toolkit.errors import ContentError

    problems = folder_problems(content)
    if problems:
        raise ContentError(problems)
    for fmt in load_formats(content):
        click.echo(
            f"{fmt.slug}: {fmt.name} ({fmt.min_minutes} to {fmt.max_minutes} minutes, "
            f"usually {fmt.minutes})"
        )
        click.echo(f"  {fmt.description}")
        click.echo(f"  makes: {', '.join(fmt.outputs)}")


@cli.command("activities")
@_content_option
def activities_command(content: Path | None) -> None:
    """List the activities audiences can use, with what each is for and how long it takes.

    An audience names its activities in its front matter (activities: [...]).

    \b
    Example:
      toolkit activities
      toolkit activities --content my-content
    """
    from toolkit.content.activities import load_activities
    from toolkit.content.loader import folder_problems
    from toolkit.errors import ContentError

    problems = folder_problems(content)
    if problems:
        raise ContentError(problems)
    for activity in load_activities(content):
        click.echo(f"{activity.slug}: {activity.name} ({activity.use}, {activity.minutes} min)")
        click.echo(f"  {activity.purpose}")


def main() -> None:
    """Run the command line (``toolkit.entry.main`` calls this once Ctrl-C is handled)."""
    # A polite kill (SIGTERM) unwinds like Ctrl-C, so a half-built pack is cleared away.
    signal.signal(signal.SIGTERM, _terminated)
    cli(prog_name="toolkit")


def _terminated(number: int, _frame) -> None:
    raise SystemExit(128 + number)


@cli.command("translate")
@click.argument("language", callback=lambda _ctx, _param, value: _language_code(value))
@click.option(
    "--templates",
    type=_DIR,
    default=None,
    help="Your templates folder: its catalogue (locales/LANGUAGE.po) is written there, with "
    "the sentences of your templates as well as the built-in ones.",
)
def translate_command(language: str, templates: Path | None) -> None:
    """Write or update the message catalogue of the toolkit's words in LANGUAGE.

    The catalogue (locales/LANGUAGE.po, a gettext file that Poedit and translation
    services open) lists every sentence the templates write; fill in each msgstr. Run it
    again after changing templates: translations already made are kept, sentences no
    template uses any more are dropped. The content (framework, audiences, activities,
    formats) is translated in files of its own: see the README's 'Languages'.

    \b
    Examples:
      toolkit translate cy
      toolkit translate fr --templates my-templates
    """
    from toolkit.content.resources import builtin_dir
    from toolkit.render.words import LOCALES, messages_in, write_catalogue

    builtin = builtin_dir("templates")
    folder = templates or builtin
    messages = messages_in(builtin, Path(__file__).parent)
    if templates is not None:
        known = {m.id for m in messages}
        messages += [m for m in messages_in(templates) if m.id not in known]
    target = folder / LOCALES / f"{language}.po"
    try:
        todo = write_catalogue(messages, target, language)
        if templates is None:
            write_catalogue(messages, folder / LOCALES / "messages.pot")
    except OSError as error:
        raise click.ClickException(
            f"{target}: cannot write ({error.strerror}); give --templates with a folder of your own"
        ) from None
    click.echo(f"wrote {target}: {len(messages)} sentences, {todo} still to translate")
