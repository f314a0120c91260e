"""Tailoring: turn (framework, audience, partnership) into a timed workshop plan.

A pure function of its inputs; templates read the plan, never the Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from toolkit.config import MAX_MINUTES
from toolkit.content.formats import load_formats, select_format
from toolkit.errors import ConfigError
from toolkit.model import (
    Activity,
    Audience,
    Format,
    Framework,
    Group,
    Partnership,
    Phrase,
    Question,
    Session,
)

WELCOME_STEPS = ("welcome", "purpose", "how", "agenda")  # the welcome block's steps
QUESTION_STEPS = ("present", "discuss", "rate")  # each question block's steps
WHOLE_FRAMEWORK = Audience("everyone", "Partnership leaders", "The whole framework.")


@dataclass(frozen=True)
class SessionBlock:
    """One timed part of the session; ``start`` is minutes from the start of the session."""

    id: str
    kind: str
    title: Phrase
    start: int
    minutes: int
    question: Question | None = None
    steps: tuple[tuple[str, int], ...] = ()
    activity: Activity | None = None

    def step_minutes(self, name: str) -> int:
        """Return the minutes of the named step, e.g. ``discuss`` (0 if it has none)."""
        return dict(self.steps).get(name, 0)


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: a block, or a grouping's question blocks together."""

    title: Phrase
    start: int
    minutes: int


@dataclass(frozen=True)
class WorkshopPlan:
    """What a session covers, in what order, for how long."""

    framework: Framework
    audience: Audience
    partnership: Partnership
    session: Session
    blocks: tuple[SessionBlock, ...]
    rating: Activity | None = None
    format: Format | None = None
    notice: str = ""  # why the session is not in the audience's usual format, if it is not
    language: str = "en"  # the language of its words (a code: en, cy)
    languages: tuple[str, ...] = ()  # a bilingual pack's two languages, the first first

    @property
    def minutes(self) -> int:
        """Return the session's total length in minutes."""
        return sum(b.minutes for b in self.blocks)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Return the questions the session covers, in session order."""
        return tuple(b.question for b in self.question_blocks)

    @property
    def question_blocks(self) -> tuple[SessionBlock, ...]:
        """Return the blocks that discuss a question, in session order."""
        return tuple(b for b in self.blocks if b.question is not None)

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Return every activity the session uses, in the order they first come."""
        used = [b.activity for b in self.blocks if b.activity] + [self.rating]
        return tuple(dict.fromkeys(a for a in used if a is not None))

    def clock(self, minute: int) -> str:
        """Return the time ``minute`` minutes in: ``18:32`` from the session's start time
        (``18:00``), else the elapsed time (``0:32``)."""
        start = _start_minutes(self.session.time)
        hours, rest = divmod((start or 0) + minute, 60)
        return f"{hours % 24:02d}:{rest:02d}" if start is not None else f"{hours}:{rest:02d}"

    @property
    def intro(self) -> str:
        """Return the framework's purpose, in this audience's words if it rewords it."""
        return self.audience.reworded("intro", self.framework.intro)

    def tailored(self, question: Question) -> Question:
        """Return ``question`` in this audience's words (whether or not it is covered)."""
        return _reword(question, self.audience)

    def covers(self, question: Question) -> bool:
        """Return whether the session discusses ``question``."""
        return any(q.id == question.id for q in self.questions)

    def has(self, block_id: str) -> bool:
        """Return whether the session has the block with this ID (``overview``, ``rating``)."""
        return any(block.id == block_id for block in self.blocks)

    def step_range(self, name: str) -> tuple[int, ...]:
        """Return the different minutes the question blocks give step ``name``, lowest
        first: ``(6, 7)`` when some discussions get a minute more than others."""
        return tuple(sorted({b.step_minutes(name) for b in self.question_blocks}))

    def minutes_for(self, activity: Activity) -> tuple[int, ...]:
        """Return the different minutes this session gives ``activity`` each time it is
        used (a discussion, each rating, the priorities), lowest first."""
        given = set()
        for block in self.blocks:
            if block.activity == activity:
                given.add(block.step_minutes("discuss") if block.question else block.minutes)
            if activity == self.rating and block.step_minutes("rate"):
                given.add(block.step_minutes("rate"))
        return tuple(sorted(given))

    @property
    def together(self) -> tuple[str, ...]:
        """Return how people discuss the questions (``in pairs``, ``at your table``), each
        way once, in the order they come."""
        ways = [
            (b.activity.together if b.activity else "") or self.format.together
            for b in self.question_blocks
        ]
        return tuple(dict.fromkeys(w for w in ways if w))

    def block(self, block_id: str) -> SessionBlock:
        """Return the block with this ID; raise ``KeyError`` if there is none."""
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    def agenda(self) -> tuple[AgendaItem, ...]:
        """Return agenda lines, with consecutive questions of a grouping on one line."""
        runs: list[tuple[Group | None, list[SessionBlock]]] = []
        for block in self.blocks:
            group = self._group_of(block)
            if group is not None and runs and runs[-1][0] == group:
                runs[-1][1].append(block)
            else:
                runs.append((group, [block]))
        return tuple(
            AgendaItem(
                blocks[0].title if group is None else _group_line(group, blocks),
                blocks[0].start,
                sum(b.minutes for b in blocks),
            )
            for group, blocks in runs
        )

    def _group_of(self, block: SessionBlock) -> Group | None:
        return self.framework.group(block.question.group_id) if block.question else None


def plan_workshop(
    framework: Framework,
    audience: Audience | None = None,
    partnership: Partnership | None = None,
    session: Session | None = None,
    activities: Sequence[Activity] = (),
    fmt: Format | None = None,
    notice: str = "",
) -> WorkshopPlan:
    """Return the timed plan of a session on ``framework`` for ``audience``, run in the
    format ``fmt`` (default: the built-in workshop).

    The audience chooses the questions, their order and their words, and the activities
    (from ``activities``) used to discuss them, taken in turn, where they suit the format;
    the format gives the rest. The session's minutes (default: the audience's
    recommendation when the format is its own, else the format's usual length) are shared
    by the format's timing, so that the blocks add up to them exactly. Raises
    ``ConfigError`` when the session does not suit the format or is too short for the
    questions.
    """
    fmt = fmt or _builtin_format("workshop")
    audience = audience or WHOLE_FRAMEWORK
    session = session or Session(audience.slug)
    questions = tailored_questions(framework, audience, session.questions)
    length = session_minutes(session, audience, fmt)
    problem = misfit(fmt, length, len(questions), audience)
    if problem:
        raise ConfigError(problem)
    each, spare = divmod(length - fixed_minutes(fmt), len(questions))
    chosen = _chosen(audience, activities, fmt)
    discussions = [a for a in chosen if a.use == "question"] or [None]
    timed = fmt.minutes_of
    parts: list[tuple] = [
        (
            "welcome",
            "welcome",
            Phrase("Welcome and purpose"),
            None,
            _steps(fmt, WELCOME_STEPS),
            None,
        ),
        (
            "overview",
            "overview",
            Phrase("The framework at a glance"),
            None,
            _steps(fmt, ["overview"]),
            None,
        ),
    ]
    for index, question in enumerate(questions):
        discuss = each - timed("present") - timed("rate") + (1 if index < spare else 0)
        steps = (("present", timed("present")), ("discuss", discuss), ("rate", timed("rate")))
        title = Phrase("Question {number}", number=question.number)
        activity = discussions[index % len(discussions)]
        parts.append((question.id, "question", title, question, _nonzero(steps), activity))
    rating = _first(chosen, "rating")
    parts += [
        ("rating", "rating", Phrase("Rate each question"), None, _steps(fmt, ["rating"]), rating),
        (
            "priorities",
            "priorities",
            Phrase("Priorities and next steps"),
            None,
            _steps(fmt, ["priorities"]),
            _first(chosen, "priorities"),
        ),
        ("close", "close", Phrase("Close"), None, _steps(fmt, ["close"]), None),
    ]
    blocks = []
    start = 0
    for block_id, kind, title, question, steps, activity in parts:
        if not steps:
            continue
        blocks.append(
            SessionBlock(block_id, kind, title, start, _total(steps), question, steps, activity)
        )
        start += _total(steps)
    partnership = partnership or Partnership()
    return WorkshopPlan(
        framework, audience, partnership, session, tuple(blocks), rating, fmt, notice
    )


def session_minutes(session: Session, audience: Audience, fmt: Format) -> int:
    """Return the session's length: as asked, else the audience's when ``fmt`` is its
    usual format, else the format's usual length."""
    if session.minutes:
        return session.minutes
    return audience.minutes if fmt.slug == audience.format else fmt.minutes


def fixed_minutes(fmt: Format) -> int:
    """Return the minutes of the parts of a session in ``fmt`` around the questions."""
    return sum(
        fmt.minutes_of(p) for p in (*WELCOME_STEPS, "overview", "rating", "priorities", "close")
    )


def minimum_minutes(question_count: int, fmt: Format | None = None) -> int:
    """Return the shortest session in ``fmt`` (default: the workshop) that can hold
    ``question_count`` questions, ignoring the format's own shortest length."""
    fmt = fmt or _builtin_format("workshop")
    return fixed_minutes(fmt) + sum(fmt.minutes_of(p) for p in QUESTION_STEPS) * question_count


def shortest(fmt: Format, question_count: int) -> int:
    """Return the shortest session of ``question_count`` questions that ``fmt`` takes."""
    return max(fmt.min_minutes, minimum_minutes(question_count, fmt))


def misfit(fmt: Format, length: int, count: int, audience: Audience) -> str:
    """Return why a ``length``-minute session of ``count`` questions for ``audience``
    cannot be run as ``fmt``, or ``""`` if it can."""
    if length > MAX_MINUTES:
        return (
            f"a {length}-minute session is longer than {MAX_MINUTES} minutes (8 hours), the "
            f"longest the toolkit plans; give {MAX_MINUTES} minutes or fewer, and split a "
            "longer review into several sessions"
        )
    if length > fmt.max_minutes:
        return (
            f"a {length}-minute session is longer than a {fmt.name.lower()} takes "
            f"({fmt.min_minutes} to {fmt.max_minutes} minutes); give {fmt.max_minutes} "
            "minutes or fewer, choose another format (see 'toolkit formats'), or split the "
            "review into several sessions"
        )
    if length < fmt.min_minutes:
        return (
            f"a {length}-minute session is shorter than a {fmt.name.lower()} takes "
            f"({fmt.min_minutes} to {fmt.max_minutes} minutes); give at least "
            f"{shortest(fmt, count)} minutes, or choose another format (see 'toolkit formats')"
        )
    if length < minimum_minutes(count, fmt):
        fits = max((n for n in range(1, count) if minimum_minutes(n, fmt) <= length), default=0)
        return (
            f"a {length}-minute session is too short for the {count} questions of "
            f"'{audience.slug}' as a {fmt.name.lower()}; it needs at least "
            f"{minimum_minutes(count, fmt)} minutes{_fewer(fits)}"
        )
    return ""


def choose_format(
    audience: Audience,
    formats: Sequence[Format],
    session: Session,
    count: int,
    asked: str = "",
) -> tuple[Format, str]:
    """Return the format of a session of ``count`` questions for ``audience``, and a
    one-line notice when it is not the audience's usual one.

    ``asked`` (a format's name) is taken as it is. Otherwise the audience's usual format,
    or when the session's length does not suit it, the nearest format that does (nearer
    in ``order``; of two as near, the longer). Raises ``ConfigError`` for an unknown
    format, or saying what would fit when no format takes the session.
    """
    if asked:
        return select_format(asked, formats), ""
    usual = select_format(audience.format, formats)
    length = session_minutes(session, audience, usual)
    if not misfit(usual, length, count, audience):
        return usual, ""
    others = [f for f in formats if f != usual]
    for fmt in sorted(others, key=lambda f: (abs(f.order - usual.order), -f.order)):
        if not misfit(fmt, session_minutes(session, audience, fmt), count, audience):
            return fmt, (
                f"a {length}-minute session of {count} question{'s' if count > 1 else ''} "
                f"does not suit a {usual.name.lower()}, the usual format for "
                f"'{audience.slug}' ({shortest(usual, count)} to {usual.max_minutes} "
                f"minutes), so it is planned as a {fmt.name.lower()} (--format {fmt.slug})"
            )
    raise ConfigError(_no_format_fits(formats, length, count, audience))


def _no_format_fits(formats: Sequence[Format], length: int, count: int, audience: Audience) -> str:
    """Return what would work when no format takes a ``length``-minute session."""
    if length > MAX_MINUTES:
        return misfit(formats[0], length, count, audience)
    if length > max(f.max_minutes for f in formats):
        longest = max(formats, key=lambda f: f.max_minutes)
        return (
            f"a {length}-minute session is longer than any format takes; the longest is a "
            f"{longest.name.lower()} of {longest.max_minutes} minutes: give "
            f"--minutes {longest.max_minutes} or fewer, or split the review into sessions"
        )
    best = min(formats, key=lambda f: shortest(f, count))
    fewest = shortest(best, count)
    fits = max(
        (n for n in range(1, count) if any(shortest(f, n) <= length for f in formats)),
        default=0,
    )
    return (
        f"a {length}-minute session is too short for the {count} questions of "
        f"'{audience.slug}' in any format; the shortest that works is a "
        f"{best.name.lower()} of {fewest} minutes (--minutes {fewest} --format "
        f"{best.slug}){_fewer(fits)}"
    )


def _fewer(fits: int) -> str:
    """Return the advice to focus a session on ``fits`` questions (none if 0)."""
    if not fits:
        return ""
    return (
        f", or focus it on {fits} question{'s' if fits > 1 else ''} (--questions, or a "
        "profile session's questions)"
    )


def _builtin_format(slug: str) -> Format:
    return next(f for f in load_formats() if f.slug == slug)


def _steps(fmt: Format, names: Sequence[str]) -> tuple[tuple[str, int], ...]:
    return _nonzero(tuple((name, fmt.minutes_of(name)) for name in names))


def _nonzero(steps: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    return tuple((name, minutes) for name, minutes in steps if minutes)


def _first(chosen: Sequence[Activity], use: str) -> Activity | None:
    return next((a for a in chosen if a.use == use), None)


def _chosen(audience: Audience, activities: Sequence[Activity], fmt: Format) -> list[Activity]:
    """Return the audience's activities that suit ``fmt``, and the format's own for each
    use (question, rating, priorities) the audience's leave without one."""
    by_slug = {a.slug: a for a in activities}
    chosen = [
        by_slug[s] for s in audience.activities if s in by_slug and by_slug[s].suits(fmt.slug)
    ]
    uses = {a.use for a in chosen}
    return chosen + [
        by_slug[s] for s in fmt.activities if s in by_slug and by_slug[s].use not in uses
    ]


def tailored_questions(
    framework: Framework, audience: Audience, focus: Sequence[str] = ()
) -> tuple[Question, ...]:
    """Return the audience's questions in its order (or the IDs in ``focus``, in that
    order), in its words where it rewords them.

    Raises ``KeyError`` for a question ID the framework does not have (``toolkit check``
    and ``question_ids`` report those first).
    """
    ids = tuple(focus) or audience.question_ids or tuple(q.id for q in framework.questions)
    return tuple(_reword(framework.question(qid), audience) for qid in ids)


def question_ids(framework: Framework, asked: Sequence[str]) -> tuple[str, ...]:
    """Return the IDs of the questions ``asked`` for (numbers such as ``3``, or IDs such as
    ``q3``), each once, in the order given.

    Raises ``ConfigError`` naming any that the framework does not have, and those it has.
    """
    by_name = {str(q.number): q.id for q in framework.questions}
    by_name.update({q.id.casefold(): q.id for q in framework.questions})
    chosen: list[str] = []
    unknown = []
    for name in asked:
        found = by_name.get(str(name).strip().casefold().removeprefix("question ").strip())
        if found is None:
            unknown.append(str(name))
        elif found not in chosen:
            chosen.append(found)
    if unknown:
        numbers = ", ".join(str(q.number) for q in framework.questions)
        raise ConfigError(
            f"the framework '{framework.slug}' has no question {', '.join(unknown)}; "
            f"its questions are {numbers}"
        )
    return tuple(chosen)


def _reword(question: Question, audience: Audience) -> Question:
    prompts = tuple(replace(p, text=audience.reworded(p.id, p.text)) for p in question.prompts)
    return replace(
        question,
        text=audience.reworded(question.id, question.text),
        lead_in=audience.reworded(f"{question.id}.lead-in", question.lead_in),
        prompts=prompts,
    )


def _group_line(group: Group, blocks: list[SessionBlock]) -> Phrase:
    numbers = [b.question.number for b in blocks if b.question]
    if len(numbers) == 1:
        return Phrase("{group}: question {number}", group=group.name, number=numbers[0])
    consecutive = all(b - a == 1 for a, b in pairwise(numbers))
    if consecutive and len(numbers) > 2:
        return Phrase(
            "{group}: questions {first} to {last}",
            group=group.name,
            first=numbers[0],
            last=numbers[-1],
        )
    return Phrase(
        "{group}: questions {numbers} and {last}",
        group=group.name,
        numbers=", ".join(map(str, numbers[:-1])),
        last=numbers[-1],
    )


def _total(steps: tuple[tuple[str, int], ...]) -> int:
    return sum(minutes for _name, minutes in steps)


def _start_minutes(time: str) -> int | None:
    """Return minutes after midnight for a time such as ``18:00`` or ``9.30``, else None."""
    hours, sep, minutes = time.strip().replace(".", ":").partition(":")
    if not (sep and hours.isdigit() and minutes[:2].isdigit()):
        return None
    total = int(hours) * 60 + int(minutes[:2])
    return total if total < 24 * 60 else None
