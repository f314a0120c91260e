"""Tailoring: turn (framework, audience, partnership) into a timed workshop plan.

A pure function of its inputs; templates read the plan, never the Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from toolkit.config import MAX_MINUTES
from toolkit.errors import ConfigError
from toolkit.model import (
    Activity,
    Audience,
    Framework,
    Group,
    Partnership,
    Question,
    Session,
)

# Minutes of the parts of every session around the questions.
WELCOME_STEPS = (("welcome", 3), ("purpose", 3), ("how", 2), ("agenda", 2))
OVERVIEW_MINUTES = 10
PRIORITIES_MINUTES = 12
CLOSE_MINUTES = 4
# Each question: present it, discuss it at tables (the rest of its time), then rate it.
PRESENT_MINUTES = 2
RATE_MINUTES = 2
MIN_DISCUSS_MINUTES = 2
WHOLE_FRAMEWORK = Audience("everyone", "Partnership leaders", "The whole framework.")


@dataclass(frozen=True)
class SessionBlock:
    """One timed part of the session; ``start`` is minutes from the start of the session."""

    id: str
    kind: str
    title: str
    start: int
    minutes: int
    question: Question | None = None
    steps: tuple[tuple[str, int], ...] = ()
    activity: Activity | None = None

    def step_minutes(self, name: str) -> int:
        """Return the minutes of the named step, e.g. ``discuss``; raise ``KeyError``."""
        return dict(self.steps)[name]


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: a block, or a grouping's question blocks together."""

    title: str
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
) -> WorkshopPlan:
    """Return the timed plan of a session on ``framework`` for ``audience``.

    The audience chooses the questions, their order and their words, and the activities
    (from ``activities``) used to discuss them, taken in turn; the session's minutes
    (default: the audience's recommendation) are shared out so the blocks add up to them
    exactly. Raises ``ConfigError`` when the session is too short for the questions.
    """
    audience = audience or WHOLE_FRAMEWORK
    session = session or Session(audience.slug)
    questions = tailored_questions(framework, audience, session.questions)
    length = session.minutes or audience.minutes
    each, spare = _share(length, len(questions), audience)
    chosen = _chosen(audience, activities)
    discussions = [a for a in chosen if a.use == "question"] or [None]
    priorities = next((a for a in chosen if a.use == "priorities"), None)
    parts: list[tuple] = [
        ("welcome", "welcome", "Welcome and purpose", None, WELCOME_STEPS, None),
        (
            "overview",
            "overview",
            "The framework at a glance",
            None,
            (("overview", OVERVIEW_MINUTES),),
            None,
        ),
    ]
    for index, question in enumerate(questions):
        discuss = each - PRESENT_MINUTES - RATE_MINUTES + (1 if index < spare else 0)
        steps = (("present", PRESENT_MINUTES), ("discuss", discuss), ("rate", RATE_MINUTES))
        parts.append(
            (
                question.id,
                "question",
                f"Question {question.number}",
                question,
                steps,
                discussions[index % len(discussions)],
            )
        )
    parts += [
        (
            "priorities",
            "priorities",
            "Priorities and next steps",
            None,
            (("priorities", PRIORITIES_MINUTES),),
            priorities,
        ),
        ("close", "close", "Close", None, (("close", CLOSE_MINUTES),), None),
    ]
    blocks = []
    start = 0
    for block_id, kind, title, question, steps, activity in parts:
        blocks.append(
            SessionBlock(block_id, kind, title, start, _total(steps), question, steps, activity)
        )
        start += _total(steps)
    rating = next((a for a in chosen if a.use == "rating"), None)
    partnership = partnership or Partnership()
    return WorkshopPlan(framework, audience, partnership, session, tuple(blocks), rating)


def minimum_minutes(question_count: int) -> int:
    """Return the shortest session that can hold ``question_count`` questions."""
    fixed = _total(WELCOME_STEPS) + OVERVIEW_MINUTES + PRIORITIES_MINUTES + CLOSE_MINUTES
    return fixed + (PRESENT_MINUTES + MIN_DISCUSS_MINUTES + RATE_MINUTES) * question_count


def _share(length: int, count: int, audience: Audience) -> tuple[int, int]:
    """Return each question's minutes and how many questions get one minute more."""
    if length > MAX_MINUTES:
        raise ConfigError(
            f"a {length}-minute session is longer than {MAX_MINUTES} minutes (8 hours), the "
            f"longest the toolkit plans; give {MAX_MINUTES} minutes or fewer, and split a "
            "longer review into several sessions"
        )
    if length < minimum_minutes(count):
        fits = max((n for n in range(1, count) if minimum_minutes(n) <= length), default=0)
        fewer = (
            f", or focus it on {fits} question{'s' if fits > 1 else ''} (--questions, or a "
            "profile session's questions)"
            if fits
            else ""
        )
        raise ConfigError(
            f"a {length}-minute session is too short for the {count} questions of "
            f"'{audience.slug}'; it needs at least {minimum_minutes(count)} minutes{fewer}"
        )
    fixed = minimum_minutes(0)
    return divmod(length - fixed, count)


def _chosen(audience: Audience, activities: Sequence[Activity]) -> list[Activity]:
    by_slug = {a.slug: a for a in activities}
    return [by_slug[slug] for slug in audience.activities if slug in by_slug]


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


def _group_line(group: Group, blocks: list[SessionBlock]) -> str:
    numbers = [b.question.number for b in blocks if b.question]
    if len(numbers) == 1:
        return f"{group.name}: question {numbers[0]}"
    consecutive = all(b - a == 1 for a, b in pairwise(numbers))
    if consecutive and len(numbers) > 2:
        return f"{group.name}: questions {numbers[0]} to {numbers[-1]}"
    return f"{group.name}: questions {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _total(steps: tuple[tuple[str, int], ...]) -> int:
    return sum(minutes for _name, minutes in steps)


def _start_minutes(time: str) -> int | None:
    """Return minutes after midnight for a time such as ``18:00`` or ``9.30``, else None."""
    hours, sep, minutes = time.strip().replace(".", ":").partition(":")
    if not (sep and hours.isdigit() and minutes[:2].isdigit()):
        return None
    total = int(hours) * 60 + int(minutes[:2])
    return total if total < 24 * 60 else None
