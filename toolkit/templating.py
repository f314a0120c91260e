"""Jinja templates: a user's folder in front of the built-ins, strict about missing values,
rendered in Jinja's sandbox so a shared template cannot reach into Python.

Every ``{{ value }}`` is escaped for Markdown unless it is marked as Markdown with the ``md``
filter, so a prompt containing ``*`` or ``[`` reaches the output exactly as written.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from toolkit.errors import TemplateError
from toolkit.markdown import escape
from toolkit.resources import builtin_dir
from toolkit.sources import control_character_problems, forbidden_characters


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """Return a Jinja environment that looks in ``user_dir`` first, then the built-ins.

    Raises ``TemplateError`` if ``user_dir`` is given but is not a folder.
    """
    folders = [builtin_dir("templates")]
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(
                f"{user_dir}: templates folder not found; "
                "give a folder holding your .md.j2 templates"
            )
        folders.insert(0, Path(user_dir).resolve())
    return _environment(tuple(str(f) for f in folders))


@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """Return the environment for ``folders``, one per process: a batch of packs compiles
    each template once. Jinja reloads a template whose file has changed since."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(list(folders)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["md"] = Markup
    env.filters["minutes"] = format_minutes
    env.filters["clock"] = format_elapsed
    env.filters["yaml"] = yaml_string
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, object]) -> str:
    """Return template ``name`` rendered with ``context``.

    Raises ``TemplateError`` naming the template file and line when it cannot be rendered.
    """
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"template '{name}' not found in {_search_path(env)}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: {exc.message}") from None
    try:
        text = template.render(**context)
    except jinja2.TemplateError as exc:
        where = _template_frame(exc, template.filename or name)
        raise TemplateError(f"{where}: {exc.message or exc}") from None
    except Exception as exc:  # a template can call methods that raise anything
        where = _template_frame(exc, template.filename or name)
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None
    _check_printable(text, template.filename or name)
    return text


def _check_printable(text: str, filename: str) -> None:
    """Raise ``TemplateError`` if ``text`` holds characters Office files cannot store.

    Content and profiles are checked as they are read, so such a character comes from the
    template: the error names its line there when it can.
    """
    names = forbidden_characters(text)
    if not names:
        return
    source = Path(filename)
    problems = control_character_problems(filename, source.read_text()) if source.is_file() else []
    if problems:
        raise TemplateError(str(problems[0]))
    raise TemplateError(
        f"{filename}: the text it writes holds control character {names}, which cannot go "
        "into Office files; delete it from the template, or from a template it includes"
    )


def format_minutes(minutes: int) -> str:
    """Return ``minutes`` for people: ``1 minute``, ``12 minutes``, ``1 hour 30 minutes``."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours > 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def format_elapsed(minutes: int) -> str:
    """Return an elapsed time as ``h:mm`` (``0:00`` for the start)."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}:{rest:02d}"


def yaml_string(value: object) -> Markup:
    """Return ``value`` as a quoted YAML (JSON) string, for a template's front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def _finalize(value: object) -> object:
    if isinstance(value, Markup) or value is None:
        return value
    return escape(str(value))


def _template_frame(exc: BaseException, fallback: str) -> str:
    """Return ``file:line`` of the innermost template frame in the traceback."""
    where = fallback
    tb = exc.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _search_path(env: jinja2.Environment) -> str:
    loader = env.loader
    paths = getattr(loader, "searchpath", [])
    return ", ".join(paths) or "the templates folders"
