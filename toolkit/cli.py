"""The ``toolkit`` command: a thin layer over ``toolkit.build`` and the content readers."""

from __future__ import annotations

import traceback
from pathlib import Path

import click

from toolkit import __version__
from toolkit.build import BuildConfig, build, usable_audiences
from toolkit.errors import ToolkitError
from toolkit.framework_reader import load_framework
from toolkit.plan import tailored_questions
from toolkit.resources import default_framework

_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)
_framework_option = click.option(
    "--framework", type=_FILE, help="A framework Markdown file (default: built-in)."
)
_content_option = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder with an 'audiences' folder of your own audience files, used "
    "alongside the built-in ones (yours win when the file names match).",
)


class _Group(click.Group):
    """Shows a traceback for a user error only when ``--debug`` was given."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolkitError:
            if ctx.params.get("debug"):
                traceback.print_exc()
            raise


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="toolkit")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
def cli(debug: bool) -> None:
    """Build printable, editable workshop materials for reviewing how a public service
    partnership innovates.

    \b
    Examples:
      toolkit check                     check the built-in framework and audiences
      toolkit audiences                 list the audiences
      toolkit build                     write the default pack into ./output/
      toolkit build --audience all      one pack for every audience
      toolkit build --out pack --framework my-framework.md
    """


@cli.command()
@_framework_option
@_content_option
def check(framework: Path | None, content: Path | None) -> None:
    """Check a framework file and the audience files, reporting every problem at once.

    Prints a summary and exits 0 when all is sound; otherwise prints each problem as
    FILE:LINE with a hint and exits 1.

    \b
    Example:
      toolkit check --framework content/frameworks/partnership-innovation.md
    """
    loaded = load_framework(framework or default_framework())
    audiences = usable_audiences(loaded, content)
    click.echo(loaded.summary())
    noun = "audience" if len(audiences) == 1 else "audiences"
    click.echo(f"{len(audiences)} {noun}: {', '.join(a.slug for a in audiences)}")


@cli.command("build")
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
    "--minutes",
    type=click.IntRange(min=1),
    default=None,
    help="Session length in minutes (default: the audience's recommendation).",
)
def build_command(
    framework: Path | None,
    content: Path | None,
    templates: Path | None,
    out: Path | None,
    audiences: tuple[str, ...],
    minutes: int | None,
) -> None:
    """Build a workshop pack and print each file written.

    Everything is written to a staging folder first, so a failed build leaves the previous
    pack untouched.

    \b
    Examples:
      toolkit build
      toolkit build --audience councillors --audience frontline
      toolkit build --audience all --out ~/Desktop/review --templates my-templates
    """
    config = BuildConfig(
        framework=framework,
        content=content,
        templates=templates,
        out=out or Path("output"),
        audiences=audiences,
        minutes=minutes,
    )
    result = build(config)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for path in result.files:
        click.echo(f"wrote {path}")


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
    loaded = load_framework(framework or default_framework())
    for audience in usable_audiences(loaded, content):
        questions = tailored_questions(loaded, audience)
        default = " (default)" if audience.default else ""
        click.echo(f"{audience.slug}{default}: {audience.name}")
        click.echo(f"  {audience.description}")
        if audience.aliases:
            click.echo(f"  also called: {', '.join(audience.aliases)}")
        numbers = ", ".join(str(q.number) for q in questions)
        click.echo(f"  questions {numbers}; {audience.minutes} minutes")


def main() -> None:
    """Run the command line (the ``toolkit`` console script)."""
    cli(prog_name="toolkit")
