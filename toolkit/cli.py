"""The ``toolkit`` command: a thin layer over ``toolkit.build`` and the content readers."""

from __future__ import annotations

import traceback
from pathlib import Path

import click

from toolkit import __version__
from toolkit.build import BuildConfig, build
from toolkit.errors import ToolkitError
from toolkit.framework_reader import load_framework
from toolkit.resources import default_framework

_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)


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
      toolkit check                     check the built-in framework
      toolkit build                     write the default pack into ./output/
      toolkit build --out pack --framework my-framework.md
    """


@cli.command()
@click.option("--framework", type=_FILE, help="A framework Markdown file (default: built-in).")
def check(framework: Path | None) -> None:
    """Check a framework file and report every problem at once.

    Prints a one-line summary and exits 0 when the framework is sound; otherwise prints
    each problem as FILE:LINE with a hint and exits 1.

    \b
    Example:
      toolkit check --framework content/frameworks/partnership-innovation.md
    """
    loaded = load_framework(framework or default_framework())
    click.echo(loaded.summary())


@cli.command("build")
@click.option("--framework", type=_FILE, help="A framework Markdown file (default: built-in).")
@click.option(
    "--templates", type=_DIR, help="A folder of your own templates, used before the built-in ones."
)
@click.option("--out", type=_DIR, default=None, help="Where to write the pack (default: output).")
def build_command(framework: Path | None, templates: Path | None, out: Path | None) -> None:
    """Build a workshop pack and print each file written.

    Everything is written to a staging folder first, so a failed build leaves the previous
    pack untouched.

    \b
    Examples:
      toolkit build
      toolkit build --out ~/Desktop/review --templates my-templates
    """
    config = BuildConfig(framework=framework, templates=templates, out=out or Path("output"))
    result = build(config)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for path in result.files:
        click.echo(f"wrote {path}")


def main() -> None:
    """Run the command line (the ``toolkit`` console script)."""
    cli(prog_name="toolkit")
