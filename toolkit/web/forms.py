"""The build form: what a browser sends, under the CLI's option names, read into the same
``BuildConfig`` the CLI makes. Every problem is kept against the field it concerns, in the
CLI's words, so that the page can show it there."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import click

from toolkit.config import (
    CARD_SIZES,
    CHARTS,
    DEFAULT_MIN_GROUP,
    MIN_GROUP,
    PAPERS,
    BuildConfig,
    ReportConfig,
    language_code,
    notes_language,
    two_languages,
)
from toolkit.content.audiences import load_audiences
from toolkit.content.formats import load_formats
from toolkit.content.profile import load_profile
from toolkit.content.resources import builtin_dir
from toolkit.errors import ToolkitError
from toolkit.web.uploads import UploadError, save_upload

# Fields of a partnership filled in on the page, as a profile would give them.
PROFILE_TEXT = ("name",)
PROFILE_LISTS = ("partners", "priorities")  # one a line
PROFILE_COLOURS = ("primary", "accent")  # in the profile's [colours] table
PROFILE_CONTACT = ("name", "organisation", "email", "phone")  # [contact]: "contact-name" ...


@dataclass
class Submitted:
    """A submitted build form: the config to build (None if a field is wrong), each wrong
    field's message, and every value as entered, to show again."""

    config: BuildConfig | ReportConfig | None = None
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    sent_as: dict[str, str] = field(default_factory=dict)  # saved name: the name as sent


def read_build_form(
    form: Mapping[str, str], files: Mapping[str, tuple[str, bytes]], folder: Path, out: Path
) -> Submitted:
    """Return the build the form asks for, its uploads (field: file name as sent, bytes)
    saved in ``folder`` and its pack to go into ``out``; or the problems, field by field."""
    found, saved = _received(form, files, folder)
    values = found.values
    options = {
        "minutes": _checked(found, "minutes", click.IntRange(min=1)),
        "paper": _checked(found, "paper", click.Choice(list(PAPERS)), "a4"),
        "card_size": _checked(found, "card-size", click.Choice(list(CARD_SIZES)), "a6"),
        "languages": _languages(found),
    }
    options["notes_language"] = _notes_language(found, options["languages"])
    audience = values.get("audience", "").strip()
    if not audience:
        found.errors["audience"] = "choose who the pack is for"
    partnership = _partnership(found, saved, folder)
    if found.errors:
        return found
    found.config = BuildConfig(
        framework=saved.get("framework"),
        out=out,
        audiences=(audience,),
        format=values.get("format", "").strip(),
        questions=tuple(q for q in values.get("questions", "").replace(",", " ").split() if q),
        large_print=_ticked(values, "large-print"),
        backs=values.get("backs", "yes") != "no",
        pdf=_ticked(values, "pdf"),
        jobs=1,  # one process per request: a server runs requests side by side itself
        pptx_template=saved.get("pptx-template"),
        docx_template=saved.get("docx-template"),
        **({"partnership": partnership} if partnership else {}),
        **{key: value for key, value in options.items() if value is not None},
    )
    return found


def read_report_form(
    form: Mapping[str, str],
    files: Mapping[str, tuple[str, bytes]],
    folder: Path,
    results: Path,
    out: Path,
) -> Submitted:
    """Return the report the form asks for (``toolkit report``'s options) of the results
    spreadsheet ``results``, its uploads saved in ``folder`` and the report to go into
    ``out``; or the problems, field by field."""
    found, saved = _received(form, files, folder)
    options = {
        "min_group": _checked(found, "min-group", click.IntRange(min=MIN_GROUP), DEFAULT_MIN_GROUP),
        "chart": _checked(found, "chart", click.Choice(CHARTS), CHARTS[0]),
        "languages": _languages(found),
    }
    partnership = _partnership(found, saved, folder)
    if found.errors:
        return found
    found.config = ReportConfig(
        results=(results,),
        out=out,
        **({"partnership": partnership} if partnership else {}),
        **options,
    )
    return found


def _received(
    form: Mapping[str, str], files: Mapping[str, tuple[str, bytes]], folder: Path
) -> tuple[Submitted, dict[str, Path | None]]:
    """Return the form's values (each upload's problem against it), and where each upload
    was saved in ``folder``."""
    found = Submitted(values={key: str(form.get(key, "")) for key in form})
    saved = {}
    for name, (sent_as, data) in files.items():
        try:
            saved[name] = save_upload(name, data, folder)
        except UploadError as error:
            found.errors[name] = str(error)
        if saved.get(name):
            found.sent_as[saved[name].name] = display_name(sent_as) or saved[name].name
    return found, saved


def _checked(found: Submitted, name: str, kind: click.ParamType, default=None):
    """Return the field ``name`` converted by the CLI's type ``kind`` (its default if
    empty), or None with the CLI's message kept against the field."""
    text = found.values.get(name, "").strip()
    if not text:
        return default
    try:
        return kind.convert(text.lower() if isinstance(kind, click.Choice) else text, None, None)
    except click.BadParameter as error:
        found.errors[name] = error.message
        return None


def _languages(found: Submitted) -> tuple[str, ...] | None:
    """Return the pack's languages: ``languages`` (two, e.g. cy,en), else ``language``;
    or None, with the CLI's message kept against the field."""
    both = found.values.get("languages", "").strip()
    name = "languages" if both else "language"
    try:
        if both:
            return two_languages(both)
        return (language_code(found.values.get("language", "").strip() or "en"),)
    except ValueError as error:
        found.errors[name] = str(error)
        return None


def _notes_language(found: Submitted, codes: tuple[str, ...] | None) -> str | None:
    """Return the language of a bilingual deck's speaker notes ("" for the first) of a
    pack in ``codes``, or None with the CLI's message kept against the field."""
    notes = found.values.get("notes-language", "").strip()
    if not notes or codes is None:  # nothing asked, or the languages are wrong already
        return "" if not notes else None
    try:
        if len(codes) < 2:
            raise ValueError("is for a bilingual pack: choose both languages too")
        return notes_language(codes, notes)
    except ValueError as error:
        found.errors["notes-language"] = str(error)
        return None


def _ticked(values: Mapping[str, str], name: str) -> bool:
    return values.get(name, "").strip().lower() in ("yes", "on", "true", "1")


def _partnership(found: Submitted, saved: Mapping[str, Path | None], folder: Path):
    """Return the partnership of the uploaded profile, or of the fields filled in on the
    page (written as a profile and read as one, with the same checks), or None."""
    path, fields = saved.get("profile"), {}
    if path is None:
        path, fields = _written_profile(found.values, saved.get("logo"), folder)
    if path is None:
        return None
    try:
        return load_profile(path, load_audiences(), load_formats())
    except ToolkitError as error:
        message = shown(error.format_message(), folder, found.sent_as)
        if saved.get("profile"):
            found.errors["profile"] = message
        else:  # the page's own fields: each problem beside the field it names
            problems = getattr(error, "problems", ())
            if not problems:
                found.errors["name"] = message
            for problem in problems:
                said = f"{problem.message}\n{problem.hint}".strip()
                if problem.message == "the profile has no partnership name":  # on the page:
                    said = "give the partnership's name: the other partnership fields are its"
                name = fields.get(problem.line, "name")
                found.errors[name] = "\n".join(filter(None, (found.errors.get(name), said)))
        return None


def _written_profile(
    values: Mapping[str, str], logo: Path | None, folder: Path
) -> tuple[Path | None, dict[int, str]]:
    """Return a profile written from the page's partnership fields (None if they are all
    empty), and the field each of its lines came from, by line number."""
    plain: list[tuple[str, str, object]] = []  # (field, key, value)
    plain += [
        (key, key, values[key].strip()) for key in PROFILE_TEXT if values.get(key, "").strip()
    ]
    for key in PROFILE_LISTS:
        items = [item.strip() for item in values.get(key, "").splitlines() if item.strip()]
        if items:
            plain.append((key, key, items))
    if logo is not None:
        plain.append(("logo", "logo", logo.name))
    tables = {
        "colours": [(key, key) for key in PROFILE_COLOURS],
        "contact": [(f"contact-{key}", key) for key in PROFILE_CONTACT],
    }
    lines: list[str] = []
    fields: dict[int, str] = {}
    for name, key, value in plain:  # a table comes after every plain key
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        fields[len(lines)] = name
    for table, keys in tables.items():
        given = [(f, k, values[f].strip()) for f, k in keys if values.get(f, "").strip()]
        if given:
            lines.append(f"[{table}]")
        for name, key, value in given:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
            fields[len(lines)] = name
    if not lines:
        return None, {}
    path = folder / "profile.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, fields


def shown(message: str, folder: Path, sent_as: Mapping[str, str]) -> str:
    """Return ``message`` as the page shows it: files named as they were sent (``sent_as``:
    saved name to sent name), never where they were saved, and the toolkit's own files
    by their place in it (``content/...``)."""
    for saved, sent in sent_as.items():
        message = message.replace(f"{folder}/{saved}", sent)
    for where in (folder, builtin_dir("content").parent):  # nor where the toolkit is
        message = message.replace(f"{where}/", "").replace(str(where), "")
    return message


def display_name(sent_as: str) -> str:
    """Return the last part of a file name as a browser sent it, to show (never to use as
    a path): ``C:\\Users\\me\\mine.md`` and ``../mine.md`` are ``mine.md``."""
    return sent_as.replace("\\", "/").rsplit("/", 1)[-1].strip()[:100]
