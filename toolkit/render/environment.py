"""Jinja templates: a user's folder in front of the built-ins, strict about missing values,
rendered in Jinja's sandbox so a shared template cannot reach into Python.

Every ``{{ value }}`` is escaped for Markdown unless it is marked as Markdown with the ``md``
filter, so a prompt containing ``*`` or ``[`` reaches the output exactly as written.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import posixpath
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from toolkit.config import TIME_LIMIT
from toolkit.content.markdown import escape
from toolkit.content.resources import builtin_dir
from toolkit.content.sources import control_character_problems, forbidden_characters, read_text
from toolkit.errors import ContentError, TemplateError, ToolkitError
from toolkit.model import Phrase
from toolkit.render.words import Words

OUTPUT_LIMIT = 50_000_000  # characters a template may write
SEQUENCE_LIMIT = 1_000_000  # items (or characters) a template's '*' may make


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
    env = _Sandbox(
        loader=_ConfinedLoader(list(folders)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["md"] = Markup
    env.filters["minutes"] = _minutes_filter
    env.filters["minutes_range"] = _minutes_range_filter
    env.filters["yaml"] = yaml_string
    env.filters["one"] = one_decimal
    return env


def one_decimal(value: float) -> str:
    """Return ``value`` to one decimal place, as every figure in a report is shown."""
    return f"{value:.1f}"


def render(
    env: jinja2.Environment,
    name: str,
    context: Mapping[str, object],
    time_limit: float = TIME_LIMIT,
) -> str:
    """Return template ``name`` rendered with ``context``.

    Raises ``TemplateError`` naming the template file and line when it cannot be rendered,
    and naming the template when it runs for more than ``time_limit`` seconds or writes more
    than ``OUTPUT_LIMIT`` characters.
    """
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"template '{name}' not found in {_search_path(env)}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: {exc.message}") from None
    filename = template.filename or name
    try:
        text = _bounded(template, context, time_limit, filename)
    except ToolkitError:
        raise
    except _Overtime:
        raise TemplateError(
            f"{filename}: still rendering after {time_limit:g} seconds, so the build was "
            "stopped and nothing was written; look for a loop inside a loop, or give "
            "--time-limit more seconds"
        ) from None
    except jinja2.TemplateError as exc:
        where = _template_frame(exc, template.filename or name)
        raise TemplateError(f"{where}: {exc.message or exc}") from None
    except Exception as exc:  # a template can call methods that raise anything
        where = _template_frame(exc, template.filename or name)
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None
    _check_printable(text, template.filename or name)
    return text


class _Overtime(Exception):
    """A template ran past its time limit."""


def _bounded(
    template: jinja2.Template, context: Mapping[str, object], seconds: float, filename: str
) -> str:
    """Return the template's text, stopping it after ``seconds`` or ``OUTPUT_LIMIT``
    characters.

    Raises ``_Overtime`` past the time limit (a timer interrupts loops that write nothing)
    and ``TemplateError`` past the output limit.
    """
    deadline = time.monotonic() + seconds
    parts: list[str] = []
    size = 0
    with _interrupt_after(seconds):
        for part in template.generate(**context):
            parts.append(part)
            size += len(part)
            if size > OUTPUT_LIMIT:
                raise TemplateError(
                    f"{filename}: writes more than {OUTPUT_LIMIT // 1_000_000} million "
                    "characters, so the build was stopped and nothing was written; look "
                    "for a loop that runs too many times"
                )
            if time.monotonic() > deadline:
                raise _Overtime
    return "".join(parts)


@contextlib.contextmanager
def _interrupt_after(seconds: float) -> Iterator[None]:
    """Raise ``_Overtime`` in this thread if the block runs for more than ``seconds``.

    A timer thread raises it asynchronously, so a template looping without writing (which
    no check between its pieces of output would see) is stopped too, in any thread.
    """
    raise_in = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if raise_in is None:  # not CPython: the checks between pieces of output still hold
        yield
        return
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                raise_in(target, ctypes.py_object(_Overtime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # too late to matter: do not let it land elsewhere
                raise_in(target, None)
        timer.cancel()


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing ``*`` and ``**`` that would make values so large
    that making them alone would take minutes or all the memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        """Return ``left operator right``; raise ``SecurityError`` for a huge result."""
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                made = _repeated_length(sequence, count)
                if made > SEQUENCE_LIMIT:
                    raise SecurityError(
                        f"'*' would make {made:,} items; at most {SEQUENCE_LIMIT:,} are allowed"
                    )
        elif isinstance(right, int) and isinstance(left, int) and abs(right) > 1000:
            raise SecurityError(f"'**' with an exponent of {right} is not allowed")
        return super().call_binop(context, operator, left, right)


def _repeated_length(sequence: object, count: object) -> int:
    """Return the length ``sequence * count`` would have (0 if it is not a repetition)."""
    if isinstance(sequence, str | list | tuple) and isinstance(count, int):
        return len(sequence) * count
    return 0


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Loads templates only from inside its folders, as checked input files: a template
    (or an included one) that is a link to a file outside its folder is refused."""

    def get_source(self, environment, template: str):
        """Return ``(source, filename, uptodate)`` as Jinja's loader does.

        Raises ``TemplateNotFound``, or ``TemplateError`` for a template that leads outside
        its folder or is not a readable text file.
        """
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        real, root = Path(filename).resolve(), Path(folder).resolve()
        if not real.is_relative_to(root):
            raise TemplateError(
                f"{filename}: leads to {real}, outside the templates folder {root}; "
                "templates may only use files inside their folder: copy the file in"
            )
        try:
            source = read_text(Path(filename), "template")
        except ContentError as error:
            raise TemplateError(str(error.problems[0])) from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


def template_folders(env: jinja2.Environment) -> list[Path]:
    """Return the folders ``env`` finds templates in, the first winning."""
    return [Path(f) for f in getattr(env.loader, "searchpath", [])]


def template_picture(env: jinja2.Environment, template: str, value: str, trusted: str = "") -> str:
    """Return the absolute path of a picture a template names (a front matter ``logo:``):
    ``trusted`` itself (the profile's logo, already checked), or a file inside one of the
    templates folders; a relative path is taken from the template's own folder.

    Raises ``TemplateError`` naming the template for a picture anywhere else.
    """
    if not value:
        return ""
    source = env.get_template(template).filename or template
    path = (Path(source).parent / value).resolve()
    if trusted and path == Path(trusted).resolve():
        return trusted
    folders = [Path(f).resolve() for f in getattr(env.loader, "searchpath", [])]
    if any(path.is_relative_to(folder) for folder in folders):
        return str(path)
    raise TemplateError(
        f"{source}: the picture '{value}' is outside the templates folder; a template may "
        "only use pictures inside its folder (put the partnership's logo in its profile)"
    )


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


def format_minutes(minutes: int, words: Words | None = None) -> str:
    """Return ``minutes`` for people, in the language of ``words`` (English if none):
    ``1 minute``, ``12 minutes``, ``1 hour 30 minutes``."""
    plural = (words or Words("en")).plural
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(str(plural("{count} hour", "{count} hours", hours)))
    if rest or not hours:
        parts.append(str(plural("{count} minute", "{count} minutes", rest)))
    return " ".join(parts)


def format_minutes_range(values: Sequence[int], words: Words | None = None) -> str:
    """Return several lengths in one phrase: ``6 minutes``, ``6 or 7 minutes``, ``6 to 8
    minutes`` (every length a plan gives one step, so that none is misquoted)."""
    plural = (words or Words("en")).plural
    low, high = min(values), max(values)
    if low == high:
        return format_minutes(low, words)
    if high < 60 and high - low == 1:
        return str(
            plural("{low} or {high} minute", "{low} or {high} minutes", high, low=low, high=high)
        )
    if high < 60:
        return str(
            plural("{low} to {high} minute", "{low} to {high} minutes", high, low=low, high=high)
        )
    low_text, high_text = format_minutes(low, words), format_minutes(high, words)
    if high - low == 1:
        return str(plural("{low} or {high}", "{low} or {high}", high, low=low_text, high=high_text))
    return str(plural("{low} to {high}", "{low} to {high}", high, low=low_text, high=high_text))


@jinja2.pass_context
def _minutes_filter(context: jinja2.runtime.Context, minutes: int) -> str:
    return format_minutes(minutes, _words(context))


@jinja2.pass_context
def _minutes_range_filter(context: jinja2.runtime.Context, values: Sequence[int]) -> str:
    return format_minutes_range(values, _words(context))


def _words(context: jinja2.runtime.Context) -> Words | None:
    """Return the template's words (its language's), if it was given them."""
    found = context.get("_")
    return found if isinstance(found, Words) else None


def yaml_string(value: object) -> Markup:
    """Return ``value`` as a quoted YAML (JSON) string, for a template's front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: object) -> object:
    """Return what ``{{ value }}`` writes: Markdown as it is, words the toolkit made in
    Python (a ``Phrase``) in the template's language, anything else escaped."""
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, Phrase):
        words = _words(context)
        return words(value) if words is not None else escape(str(value))
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
