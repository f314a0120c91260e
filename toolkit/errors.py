"""The errors a user can cause, and the problems that content checks collect.

Every error a person can trigger is a ``ToolkitError``: click shows its message and exits 1,
without a traceback (``toolkit --debug`` shows one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located by line (1-based; 0 when unknown)."""

    path: Path | str
    line: int
    message: str
    hint: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        if self.line and self.column:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += "\n       " + self.hint.replace("\n", "\n       ")
        return text


class ToolkitError(click.ClickException):
    """Root of every error a user can cause; shown as ``error: message`` with exit code 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class ContentError(ToolkitError):
    """Content files (frameworks, audiences, activities) have one or more problems."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        return type(self), (self.problems,)

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"error: {problem}", err=True, file=file)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        click.echo(f"{count} {noun} found.", err=True, file=file)


class ResultsError(ContentError):
    """A results spreadsheet has problems, each named by file, row and column."""


class ConfigError(ToolkitError):
    """A command-line option or a profile setting is wrong."""


class TemplateError(ToolkitError):
    """A Jinja template could not be loaded or rendered."""


class StrictError(ToolkitError):
    """``--strict`` was given and the build had warnings; nothing was written."""

    def __init__(self, warnings: list[str]):
        self.warnings = tuple(warnings)
        lines = "\n".join(f"warning: {w}" for w in warnings)
        super().__init__(f"{lines}\n{len(warnings)} warning(s) with --strict; nothing was written")

    def __reduce__(self):
        return type(self), (list(self.warnings),)

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class AccessibilityError(ToolkitError):
    """Generated files have accessibility findings (each has been listed already)."""


class BatchError(ToolkitError):
    """Some packs of a batch failed (each reason has been listed already)."""


class OutputError(ToolkitError):
    """An output file could not be written."""
