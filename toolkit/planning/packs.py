"""Which packs a build makes: a workshop plan per session, and the files of each pack.

A partnership's files go in ``<partnership>/<audience>/``; a pack for no partnership goes
straight into the output folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit.config import BuildConfig
from toolkit.content.audiences import select, wants_all
from toolkit.content.framework import load_framework
from toolkit.content.loader import load_content
from toolkit.content.resources import default_framework
from toolkit.content.slugs import safe_slug
from toolkit.content.translated import language_name, untranslated_in
from toolkit.content.translations import load_translation, translation_files
from toolkit.errors import ConfigError, ContentError, Problem
from toolkit.model import Framework, Session
from toolkit.planning.plan import (
    WorkshopPlan,
    choose_format,
    plan_workshop,
    question_ids,
    tailored_questions,
)


def plans_for(config: BuildConfig, language: str = "") -> tuple[WorkshopPlan, ...]:
    """Return one workshop plan per session: the partnership's, or one per audience asked;
    in ``language`` (one of a bilingual pack's), else in the pack's language.

    Raises ``ContentError`` for bad content and ``ConfigError`` for an unknown audience, a
    session too short for its questions, or two sessions whose packs would share a folder.
    """
    language = language or config.language
    languages = config.languages if len(config.languages) > 1 else ()
    original = load_framework(config.framework or default_framework())
    framework = translated_framework(original, language)
    # Audiences are checked against the original, whose IDs and title they name.
    content = load_content(original, config.content, language)
    usable = content.usable
    sessions = config.partnership.sessions
    if config.audiences or not sessions:
        names = config.audiences
        chosen = usable if wants_all(names) else select(names, usable)
        sessions = tuple(Session(a.slug) for a in chosen)
    plans = []
    missing: list[Problem] = []  # translations the packs need and do not have
    for session in sessions:
        audience = select([session.audience], usable)[0]
        if config.minutes is not None:
            session = replace(session, minutes=config.minutes)
        focus = config.questions or session.questions
        session = replace(session, questions=question_ids(framework, focus))
        count = len(tailored_questions(framework, audience, session.questions))
        asked = config.format or session.format
        fmt, notice = choose_format(audience, content.formats, session, count, asked)
        partnership = config.partnership
        plan = plan_workshop(
            framework, audience, partnership, session, content.activities, fmt, notice
        )
        missing += untranslated_in(content.untranslated, [audience, fmt, *plan.activities])
        plans.append(replace(plan, language=language, languages=languages))
    if missing:
        raise ContentError(list(dict.fromkeys(missing)))
    _one_pack_per_folder(plans)
    return tuple(plans)


def translated_framework(original: Framework, language: str) -> Framework:
    """Return ``original`` in ``language``: itself in English, else its translation.

    Raises ``ConfigError`` naming the file to write when it has none, and ``ContentError``
    for a translation that does not match the original item for item.
    """
    if language == "en":
        return original
    found = dict(translation_files(Path(original.path)))
    if language not in found:
        path = Path(original.path)
        raise ConfigError(
            f"{path}: there is no {language_name(language)} translation of the framework; "
            f"write {path.stem}.{language}.md beside it (see the README's 'Languages')"
        )
    return load_translation(original, found[language])


def _one_pack_per_folder(plans: Sequence[WorkshopPlan]) -> None:
    """Raise ``ConfigError`` if two plans would write the same files (two sessions of a
    partnership for one audience): one pack would silently replace the other."""
    seen: set[str] = set()
    for plan in plans:
        name = file_name(plan, "")
        if name in seen:
            raise ConfigError(
                f"two sessions are for the audience '{plan.audience.slug}', so their packs "
                "would replace each other; nothing was built. List each audience once"
            )
        seen.add(name)


def file_name(plan: WorkshopPlan, suffix: str) -> str:
    """Return the file's path inside the output folder, e.g.
    ``p/frontline/p-frontline-deck.pptx`` for a partnership ``p``."""
    languages = plan.languages or (plan.language,)
    who = "-".join((plan.audience.slug, *languages)) if languages != ("en",) else plan.audience.slug
    if not plan.partnership.name:
        return f"{plan.framework.slug}-{who}-{suffix}"
    owner = safe_slug(plan.partnership.name)
    return f"{owner}/{plan.audience.slug}/{owner}-{who}-{suffix}"


def in_pack_order(names: Sequence[str], plans: Sequence[WorkshopPlan], suffixes: Sequence[str]):
    """Return ``names`` sorted pack by pack, and within a pack in the order of ``suffixes``."""
    order = [file_name(plan, suffix) for plan in plans for suffix in suffixes]
    return sorted(names, key={name: index for index, name in enumerate(order)}.__getitem__)
