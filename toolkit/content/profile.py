"""Partnership profiles: a short TOML file describing one partnership and its sessions."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from toolkit.config import MAX_MINUTES, MAX_PARTICIPANTS, PAPERS, SLIDE_KINDS
from toolkit.content.audiences import select
from toolkit.content.formats import select_format
from toolkit.content.images import check_image
from toolkit.content.office_templates import POWERPOINT, WORD, read_template
from toolkit.content.slugs import nearest
from toolkit.content.sources import forbidden_characters, read_text
from toolkit.content.when import DATE_EXAMPLES, TIME_EXAMPLES, written_date, written_time
from toolkit.errors import ConfigError, ContentError, Problem
from toolkit.layout.colours import (
    INK,
    MIN_CONTRAST,
    PAPER,
    contrast_ratio,
    format_ratio,
    readable_text_colour,
)
from toolkit.model import Audience, Contact, Format, Partnership, Privacy, Session

KEYS = (
    "name",
    "short_name",
    "partners",
    "logo",
    "colours",
    "facilitator",
    "priorities",
    "examples",
    "paper",
    "contact",
    "feedback_url",
    "privacy",
    "docx_template",
    "pptx_template",
    "layouts",
    "sessions",
)
COLOUR_KEYS = ("primary", "accent")
CONTACT_KEYS = ("name", "role", "organisation", "email", "phone")
PRIVACY_KEYS = ("controller", "purpose", "retention", "notice_url")
SESSION_KEYS = (
    "audience",
    "participants",
    "minutes",
    "format",
    "date",
    "time",
    "venue",
    "questions",
)
TITLE_SLIDE = ("name", "short_name", "facilitator", "venue")  # texts the title slide shows
# The most characters of each text that still fit where it is printed: on the title slide
# with the date, time, audience and a logo (TITLE_SLIDE), or on one line of a page.
LENGTHS = {
    "name": 120,
    "short_name": 40,
    "facilitator": 100,
    "venue": 150,
    "role": 100,
    "organisation": 120,
    "email": 60,  # an address, a web address: on one line of a printed page, unbroken
    "phone": 40,
    "feedback_url": 80,  # and short enough to type: use a short link
    "notice_url": 80,
    "controller": 150,
    "purpose": 300,
    "retention": 150,
}
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ProfileError(ContentError):
    """A partnership profile has one or more problems."""


def load_profile(
    path: Path, audiences: Sequence[Audience] = (), formats: Sequence[Format] = ()
) -> Partnership:
    """Return the partnership described by the TOML profile at ``path``.

    When ``audiences`` are given, each session's audience must be one of them (by slug or
    alias); when ``formats`` are, each session's format one of them. Raises
    ``ProfileError`` listing every problem, each naming the file and line.
    """
    try:
        text = read_text(path, "profile")
    except ContentError as error:
        raise ProfileError(error.problems) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([_syntax_problem(path, exc, text)]) from None
    reader = _ProfileReader(path, _KeyLines(text), audiences, formats)
    partnership = reader.read(data)
    if reader.problems:
        raise ProfileError(reader.problems)
    return partnership


def _syntax_problem(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> Problem:
    """Return the TOML error as a problem at its line and column."""
    message = str(exc)
    where = _TOML_POSITION.search(message)
    if where:
        line, column = int(where.group(1)), int(where.group(2))
    else:  # "at end of document": something was left open
        line, column = max(text.count("\n"), 1), 1
    reason = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
    if not where:
        reason += " at the end of the file (is a bracket or quote left open?)"
    return Problem(
        path,
        line,
        f"column {column}: this is not valid TOML: {reason}",
        'write settings as  key = "value"  (text in double quotes)',
    )


class _KeyLines:
    """Finds the line of a key in the profile's text, for messages (tomllib gives none)."""

    def __init__(self, text: str):
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        sessions = -1
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("[["):
                sessions += 1
                table = (stripped.strip("[] "), str(sessions))
            elif stripped.startswith("["):
                table = (stripped.strip("[] "),)
            elif "=" in stripped and not stripped.startswith("#"):
                key = stripped.split("=", 1)[0].strip().strip('"')
                self.lines.setdefault((*table, key), number)
            self.lines.setdefault(table, number)

    def of(self, *path: str) -> int:
        """Return the line of the key at ``path`` (or of its table), 0 if unknown."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 0


class _ProfileReader:
    def __init__(
        self,
        path: Path,
        lines: _KeyLines,
        audiences: Sequence[Audience],
        formats: Sequence[Format] = (),
    ):
        self.path = path
        self.lines = lines
        self.audiences = audiences
        self.formats = formats
        self.problems: list[Problem] = []

    def problem(self, where: tuple[str, ...], message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.lines.of(*where), message, hint))

    def read(self, data: dict) -> Partnership:
        self._unknown(data, KEYS, ())
        name = self._text(data, "name", ())
        if not name:
            self.problem(
                ("name",),
                "the profile has no partnership name",
                'add a line such as  name = "Northshire Together"',
            )
        colours = data.get("colours", {})
        if not isinstance(colours, dict):
            self.problem(
                ("colours",),
                "colours must be a table with primary and accent",
                'write  [colours]  then  primary = "#1D4E89"',
            )
            colours = {}
        self._unknown(colours, COLOUR_KEYS, ("colours",))
        contact = self._table(data, "contact", CONTACT_KEYS)
        privacy = self._table(data, "privacy", PRIVACY_KEYS)
        return Partnership(
            name=name,
            short_name=self._text(data, "short_name", ()),
            partners=self._texts(data, "partners"),
            logo=self._logo(data.get("logo")),
            primary=self._colour(colours, "primary"),
            accent=self._colour(colours, "accent"),
            facilitator=self._text(data, "facilitator", ()),
            priorities=self._texts(data, "priorities"),
            examples=self._texts(data, "examples"),
            paper=self._paper(data.get("paper", "A4")),
            sessions=self._sessions(data.get("sessions", [])),
            contact=Contact(
                name=self._text(contact, "name", ("contact",)),
                role=self._text(contact, "role", ("contact",)),
                organisation=self._text(contact, "organisation", ("contact",)),
                email=self._email(contact),
                phone=self._text(contact, "phone", ("contact",)),
            ),
            feedback_url=self._url(data, "feedback_url", ()),
            docx_template=self._template(data, "docx_template"),
            pptx_template=self._template(data, "pptx_template"),
            layouts=self._layouts(data.get("layouts", {})),
            privacy=Privacy(
                controller=self._text(privacy, "controller", ("privacy",)),
                purpose=self._text(privacy, "purpose", ("privacy",)),
                retention=self._text(privacy, "retention", ("privacy",)),
                notice_url=self._url(privacy, "notice_url", ("privacy",)),
            ),
            path=str(self.path),
        )

    def _table(self, data: dict, key: str, allowed: tuple[str, ...]) -> dict:
        """Return the table ``[key]`` (empty if absent), noting a problem if it is not
        one or holds keys other than ``allowed``."""
        table = data.get(key, {})
        if not isinstance(table, dict):
            self.problem(
                (key,), f"{key} must be a table", f'write  [{key}]  then  {allowed[0]} = "..."'
            )
            return {}
        self._unknown(table, allowed, (key,))
        return table

    def _email(self, contact: dict) -> str:
        """Return the contact's email address, checked for the shape of one."""
        email = self._text(contact, "email", ("contact",))
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            self.problem(
                ("contact", "email"),
                f"email '{email}' is not an email address",
                'write it as  email = "name@example.org.uk"',
            )
            return ""
        return email

    def _url(self, table: dict, key: str, where: tuple[str, ...]) -> str:
        """Return a web address, checked: it must start https:// (or http://)."""
        url = self._text(table, key, where)
        if url and not re.fullmatch(r"https?://[^\s/\"'<>{}]+\.[^\s\"'<>{}]+", url):
            self.problem(
                (*where, key),
                f"{key} '{url}' is not a web address",
                'write the whole address, e.g.  "https://www.example.gov.uk/feedback"',
            )
            return ""
        return url

    def _unknown(self, table: dict, allowed: tuple[str, ...], where: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                close = nearest(key, allowed, cutoff=0.5)
                hint = f"did you mean '{close}'? " if close else ""
                self.problem(
                    (*where, key),
                    f"unknown key '{key}'",
                    f"{hint}allowed here: {', '.join(allowed)}",
                )

    def _when(self, table: dict, key: str, where: tuple[str, ...]) -> str:
        """Return a session's date or time as it will be printed, checked."""
        value = table.get(key, "")
        if isinstance(value, dt.datetime) and key == "date":  # date = 2027-03-14T18:00
            return f"{written_date(value.date())}, {written_time(value.time())}"
        if isinstance(value, str) and not value.strip():
            return ""
        read, examples = (
            (written_date, DATE_EXAMPLES) if key == "date" else (written_time, TIME_EXAMPLES)
        )
        try:
            return read(value)
        except ValueError as error:
            self.problem((*where, key), f"{key}: {error}", f"write it like {examples}")
            return ""

    def _text(self, table: dict, key: str, where: tuple[str, ...]) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem((*where, key), f"{key} must be text in double quotes, not {value!r}")
            return ""
        self._printable(value, (*where, key))
        text = " ".join(value.split())
        most = LENGTHS.get(key)
        if most and len(text) > most:
            self.problem(
                (*where, key),
                f"{key} is {len(text)} characters long; at most {most} fit "
                + ("on the title slide" if key in TITLE_SLIDE else "on one printed line"),
                "shorten it (a full address can go in the invitation; a web address can be "
                "a short link)",
            )
            return text[:most]
        return text

    def _printable(self, value: str, where: tuple[str, ...]) -> None:
        names = forbidden_characters(value)
        if names:
            self.problem(
                where,
                f"{where[-1]}: control character {names} cannot go into Office files",
                "delete it (look for a \\u escape, or something pasted in from another program)",
            )

    def _texts(self, table: dict, key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                (key,),
                f"{key} must be a list of text",
                f'for example:  {key} = ["First", "Second"]',
            )
            return ()
        for text in value:
            self._printable(text, (key,))
        return tuple(v.strip() for v in value if v.strip())

    def _logo(self, value: object) -> str:
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(("logo",), "logo must be the path of a PNG or JPEG file, in quotes")
            return ""
        folder = self.path.parent.resolve()
        logo = (folder / value).resolve()
        if not logo.is_relative_to(folder):
            self.problem(
                ("logo",),
                f"the logo {value} is outside the profile's folder ({folder})",
                "copy the logo into the profile's folder (or a folder inside it) and "
                "give its path from there",
            )
            return ""
        if not logo.exists():
            self.problem(
                ("logo",),
                f"logo file not found: {logo}",
                "give the path relative to this profile, or remove the logo line",
            )
            return ""
        try:
            check_image(logo)
        except ContentError as error:
            for problem in error.problems:
                self.problem(("logo",), f"logo {logo}: {problem.message}", problem.hint)
            return ""
        return str(logo)

    def _template(self, data: dict, key: str) -> str:
        """Return the path of the house template ``key`` names (``docx_template`` or
        ``pptx_template``), inside the profile's folder, checked."""
        value = data.get(key)
        kind = WORD if key == "docx_template" else POWERPOINT
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            names = " or ".join(kind.suffixes[:2])
            self.problem((key,), f"{key} must be the path of a {names} file, in quotes")
            return ""
        folder = self.path.parent.resolve()
        template = (folder / value).resolve()
        if not template.is_relative_to(folder):
            self.problem(
                (key,),
                f"the template {value} is outside the profile's folder ({folder})",
                "copy it into the profile's folder (or a folder inside it)",
            )
            return ""
        try:
            read_template(template, kind)
        except ContentError as error:
            for problem in error.problems:
                self.problem((key,), f"{key} {template}: {problem.message}", problem.hint)
            return ""
        return str(template)

    def _layouts(self, table: object) -> tuple[tuple[str, str], ...]:
        """Return the ``[layouts]`` table: for kinds of slide, the house template's layout
        to use, by name."""
        if not isinstance(table, dict):
            self.problem(("layouts",), "layouts must be a table: [layouts] on a line of its own")
            return ()
        chosen = []
        for kind, name in table.items():
            if kind not in SLIDE_KINDS:
                self.problem(
                    ("layouts", kind),
                    f"[layouts] has '{kind}', which is not a kind of slide",
                    _did_you_mean(nearest(kind, SLIDE_KINDS)) + f"use {', '.join(SLIDE_KINDS)}",
                )
            elif not isinstance(name, str) or not name.strip():
                self.problem(
                    ("layouts", kind),
                    f"layouts.{kind} must be a layout's name, in quotes",
                    'for example question = "Title and Content"',
                )
            else:
                chosen.append((kind, name.strip()))
        return tuple(sorted(chosen))

    def _colour(self, colours: dict, key: str) -> str:
        value = colours.get(key)
        if value is None:
            return ""
        match = _HEX.match(value) if isinstance(value, str) else None
        if not match:
            self.problem(
                ("colours", key),
                f"colours.{key} is not a colour: {value!r}",
                'write it as six hex digits, such as "#1D4E89"',
            )
            return ""
        colour = match.group(1).upper()
        if readable_text_colour(colour) is None:
            best = max(contrast_ratio(PAPER, colour), contrast_ratio(INK, colour))
            self.problem(
                ("colours", key),
                f"colours.{key} #{colour} gives text a contrast of "
                f"only {format_ratio(best)} (at least {MIN_CONTRAST}:1 is needed)",
                "choose a darker or a lighter shade",
            )
            return ""
        return colour

    def _paper(self, value: object) -> str:
        paper = str(value).strip().lower()
        if paper not in PAPERS:
            self.problem(("paper",), f'paper must be "A4" or "Letter", not {value!r}')
            return "a4"
        return paper

    def _sessions(self, value: object) -> tuple[Session, ...]:
        if not isinstance(value, list):
            self.problem(("sessions",), "sessions must be written as [[sessions]] tables")
            return ()
        sessions = []
        first_of: dict[str, int] = {}  # audience slug -> index of its first session
        for index, table in enumerate(value):
            where = ("sessions", str(index))
            self._unknown(table, SESSION_KEYS, where)
            sessions.append(
                Session(
                    audience=self._text(table, "audience", where),
                    participants=self._count(table, "participants", where, MAX_PARTICIPANTS),
                    minutes=self._count(table, "minutes", where, MAX_MINUTES) or None,
                    format=self._format(table, where),
                    date=self._when(table, "date", where),
                    time=self._when(table, "time", where),
                    venue=self._text(table, "venue", where),
                    questions=self._question_list(table, where),
                )
            )
            if not sessions[-1].audience:
                self.problem(
                    where,
                    f"session {index + 1} has no audience",
                    'add  audience = "partnership-board"  (see toolkit audiences)',
                )
            elif self.audiences:
                self._one_session_each(sessions[-1].audience, index, first_of)
        return tuple(sessions)

    def _question_list(self, table: dict, where: tuple[str, ...]) -> tuple[str, ...]:
        """Return a session's ``questions`` (numbers or IDs) as text; which exist is checked
        against the framework when the pack is planned."""
        value = table.get("questions", [])
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(i, int | str) and not isinstance(i, bool) for i in items):
            self.problem(
                (*where, "questions"),
                "questions must be a list of question numbers",
                "write, for example,  questions = [1, 2, 5]",
            )
            return ()
        return tuple(str(i) for i in items)

    def _format(self, table: dict, where: tuple[str, ...]) -> str:
        """Return a session's ``format``, checked against the formats when they are known."""
        name = self._text(table, "format", where)
        if name and self.formats:
            try:
                return select_format(name, self.formats).slug
            except ConfigError as error:
                self.problem((*where, "format"), error.format_message())
        return name

    def _one_session_each(self, name: str, index: int, first_of: dict[str, int]) -> None:
        """Note a problem if the audience ``name`` is unknown, or already has a session
        (under this name or another): both packs would go into one folder."""
        where = ("sessions", str(index), "audience")
        try:
            slug = select([name], self.audiences)[0].slug
        except ConfigError as error:
            self.problem(where, error.format_message())
            return
        if slug in first_of:
            first = first_of[slug]
            line = self.lines.of("sessions", str(first), "audience")
            self.problem(
                where,
                f"session {index + 1} is for the audience '{slug}', as session {first + 1} "
                f"is (line {line}); both packs would go into one folder and one would "
                "replace the other",
                "list each audience once; for a second session with the same audience, "
                "copy the profile and give the copy another name",
            )
        first_of.setdefault(slug, index)

    def _count(self, table: dict, key: str, where: tuple[str, ...], most: int) -> int:
        value = table.get(key)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.problem(
                (*where, key),
                f"{key} must be a positive whole number, not {value!r}",
                f"for example:  {key} = 24",
            )
            return 0
        if value > most:
            self.problem(
                (*where, key),
                f"{key} = {value} is more than {most}, the most one session can have",
                f"give {most} or fewer; split a larger event into several sessions",
            )
            return 0
        return value


def _did_you_mean(name: str | None) -> str:
    return f"did you mean '{name}'? " if name else ""
