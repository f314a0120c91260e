"""The toolkit's own words in a pack's language: every sentence its templates write, looked
up in a gettext message catalogue, one per language (``templates/locales/cy.po``).

Templates write ``{{ _("Thank you for taking part.") }}`` and, where a number decides the
wording, ``{{ ngettext("{count} minute", "{count} minutes", n) }}``. The English sentence
is the key; a language with no catalogue, or a sentence its catalogue has not translated,
keeps the English (and ``Words.untranslated`` says which, so a build can say so). Values
named in braces (``{minutes}``) are filled in escaped for Markdown, as ``{{ value }}`` is;
the sentence itself is Markdown, as the template's own text is.

Catalogues are gettext ``.po`` files, read with Babel: the format every translation tool and
service reads (Poedit, Weblate, Crowdin), with Welsh's six plural forms built in. A
templates folder of your own may hold ``locales/<code>.po`` too: its sentences win.
"""

from __future__ import annotations

import copy
import functools
import gettext
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from toolkit.content.markdown import escape
from toolkit.content.sources import read_text
from toolkit.errors import ContentError, Problem, TemplateError
from toolkit.model import Phrase

LOCALES = "locales"  # the folder of catalogues inside a templates folder
FUNCTIONS = ("_", "_plain", "ngettext")  # what templates call, for extracting their sentences
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class Words:
    """The toolkit's words in ``language`` (a code: "en", "cy"), callable from templates."""

    language: str
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    known: frozenset[str] = frozenset()  # the sentences the catalogues translate
    untranslated: set[str] = field(default_factory=set)  # asked for, but not translated

    def __call__(self, message: str | Phrase, /, **values: object) -> Markup:
        """Return ``message`` (or a ``Phrase`` made in Python) in this language, its
        ``{name}`` values filled in."""
        message, values = _parts(message, values)
        self._note(message)
        return fill(self._gettext(message), self._spoken(values, self))

    def plain(self, message: str | Phrase, /, **values: object) -> str:
        """Return ``message`` in this language with its values filled in as they are: plain
        text, for a document's properties (a template's front matter), not Markdown."""
        message, values = _parts(message, values)
        self._note(message)
        return _substitute(self._gettext(message), self._spoken(values, self.plain), str)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> Markup:
        """Return the form of the sentence for ``count`` (``{count}`` is filled in too)."""
        self._note(singular)
        said = self.translations.ngettext(singular, plural, count)
        return fill(said, self._spoken({"count": count, **values}, self))

    def globals(self) -> dict[str, object]:
        """Return what templates are given to call: ``_``, ``_plain`` and ``ngettext``."""
        return {"_": self, "_plain": self.plain, "ngettext": self.plural, "language": self.language}

    @staticmethod
    def _spoken(values: dict[str, object], say: Callable[[Phrase], object]) -> dict[str, object]:
        """Return ``values`` with every ``Phrase`` among them put into this language."""
        return {k: say(v) if isinstance(v, Phrase) else v for k, v in values.items()}

    def _gettext(self, message: str) -> str:
        # gettext("") is a catalogue's header, not a translation of nothing
        return self.translations.gettext(message) if message else ""

    def _note(self, message: str) -> None:
        if message and self.language != "en" and message not in self.known:
            self.untranslated.add(message)


def _parts(message: str | Phrase, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    if isinstance(message, Phrase):
        return message.message, {**dict(message.values), **values}
    return str(message), values


def fill(text: str, values: Mapping[str, object]) -> Markup:
    """Return ``text`` with each ``{name}`` replaced by its value escaped for Markdown
    (values already marked as Markdown go in as they are); a name with no value is kept.
    ``{Name}``, capitalised, gives the value of ``name`` with a capital first letter."""
    return Markup(_substitute(text, values, _markdown))


def _markdown(value: object) -> str:
    return str(value) if isinstance(value, Markup) else escape(str(value))


def _substitute(text: str, values: Mapping[str, object], show: Callable[[object], str]) -> str:
    """Return ``text`` with each ``{name}`` given in ``values`` replaced by ``show(value)``
    (None as nothing). Only plain names are filled: ``{x.attribute}`` is left as written,
    so a sentence cannot reach into the values it is given."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        capital = name not in values and name[:1].isupper() and name.lower() in values
        if capital:  # {Format}: the value with a capital, for the start of a sentence
            name = name.lower()
        if name not in values:
            return match.group(0)
        found = values[name]
        shown = "" if found is None else show(found)
        return shown[:1].upper() + shown[1:] if capital else shown

    return _PLACEHOLDER.sub(value, text)


def words_for(language: str, folders: Sequence[Path]) -> Words:
    """Return the words for ``language`` from the catalogues in ``folders`` (templates
    folders, the first winning): English as written if none translates them.

    Raises ``ContentError`` naming the catalogue and line when one cannot be read.
    """
    words = Words(language)
    if language == "en":
        return words
    known: set[str] = set()
    translations: gettext.NullTranslations | None = None
    for folder in folders:
        path = Path(folder) / LOCALES / f"{language}.po"
        if not path.is_file():
            continue
        found, ids = _catalogue(path, path.stat().st_mtime_ns)
        known |= ids
        found = copy.copy(found)  # the cached catalogue itself is never chained to another
        if translations is None:
            translations = found
        else:
            translations.add_fallback(found)
    if translations is not None:
        words.translations = translations
    words.known = frozenset(known)
    return words


@functools.lru_cache(maxsize=8)
def _catalogue(path: Path, _stamp: int) -> tuple[gettext.GNUTranslations, frozenset[str]]:
    """Return the catalogue at ``path`` ready to look words up in, and the sentences it
    translates (fuzzy ones, which a translator has not confirmed, left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    text = read_text(path, "message catalogue")
    try:
        catalogue = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", -1) + 1  # Babel counts lines from 0
        why = str(error).rsplit(" on ", 1)[0]
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    f"this message catalogue cannot be read: {why}",
                    "each entry is a msgid line and a msgstr line, their words in double "
                    "quotes; compare it with templates/locales/cy.po",
                )
            ]
        ) from None
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    ids = frozenset(
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id and message.string and not message.fuzzy and _complete(message.string)
    )
    return gettext.GNUTranslations(compiled), ids


def _complete(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


@dataclass(frozen=True)
class Message:
    """A sentence of the toolkit's to translate: its English (and plural), and where it is
    used (``(file, line)`` pairs)."""

    id: str
    plural: str = ""
    places: tuple[tuple[str, int], ...] = ()


def messages_in(templates: Path, package: Path | None = None) -> list[Message]:
    """Return every sentence the templates in ``templates`` (and the ``Phrase`` calls in
    the Python files under ``package``, and their ``plural`` calls) give to translate, in
    order of first use.

    Raises ``TemplateError`` naming the template and line for one that cannot be read.
    """
    import jinja2.ext

    found: dict[str, Message] = {}

    def add(message: str, plural: str, file: str, line: int) -> None:
        known = found.get(message)
        places = (*(known.places if known else ()), (file, line))
        found[message] = Message(message, plural or (known.plural if known else ""), places)

    parser = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    for path in sorted(Path(templates).glob("*.j2")):
        try:
            tree = parser.parse(read_text(path, "template"))
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"{path}:{error.lineno}: {error.message}") from None
        for line, function, strings in jinja2.ext.extract_from_ast(tree, FUNCTIONS):
            strings = strings if isinstance(strings, tuple) else (strings,)
            if not isinstance(strings[0], str):
                continue  # a sentence made elsewhere: _(item.title)
            plural = strings[1] if function == "ngettext" and isinstance(strings[1], str) else ""
            add(strings[0], plural, path.name, line)
    for path in sorted(Path(package).rglob("*.py")) if package else []:
        for line, message, plural in _phrases(path):
            add(message, plural, f"{path.parent.name}/{path.name}", line)
    return list(found.values())


def _phrases(path: Path) -> list[tuple[int, str, str]]:
    """Return ``(line, sentence, plural)`` for each ``Phrase("...")`` in the Python file,
    and each ``plural("...", "...", n)`` (an ``ngettext`` given to Python code)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", "") or getattr(node.func, "attr", "")
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts = [t for t in texts if isinstance(t, str)]
        if name == "Phrase" and texts and texts[0]:
            found.append((node.lineno, texts[0], ""))
        elif name == "plural" and len(texts) >= 2:
            found.append((node.lineno, texts[0], texts[1]))
    return sorted(found)


# Fixed, so that rewriting a catalogue changes only what changed in it.
CATALOGUE_DATE = datetime(2026, 11, 29, tzinfo=UTC)


def write_catalogue(messages: Sequence[Message], path: Path, language: str = "") -> int:
    """Write the message catalogue at ``path``: for ``language`` (a ``.po`` file, keeping
    every translation already in it and dropping sentences no template uses any more), or
    with no language the template translators start from (a ``.pot`` file).

    Returns how many sentences are still to translate. Raises ``ContentError`` if the file
    already there cannot be read.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = Catalog(
        project="Public Service Partnerships' Innovation Toolkit",
        creation_date=CATALOGUE_DATE,
        revision_date=CATALOGUE_DATE,
        fuzzy=False,
    )
    for message in messages:
        braces = "python-brace-format" if _PLACEHOLDER.search(message.id) else None
        template.add(
            (message.id, message.plural) if message.plural else message.id,
            locations=message.places,
            flags=[braces] if braces else [],
        )
    catalogue = template
    if language:
        catalogue = _existing(path, language)
        catalogue.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalogue.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalogue, width=88, ignore_obsolete=True)
    if not language:
        return len(messages)
    return sum(1 for m in catalogue if m.id and (m.fuzzy or not _complete(m.string)))


def _existing(path: Path, language: str):
    """Return the catalogue at ``path`` (a new one for ``language`` if there is none)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.is_file():
        return Catalog(
            locale=language,
            project="Public Service Partnerships' Innovation Toolkit",
            creation_date=CATALOGUE_DATE,
            revision_date=CATALOGUE_DATE,
            fuzzy=False,
        )
    return read_po(io.StringIO(read_text(path, "message catalogue")), locale=language)
