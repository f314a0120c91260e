"""Tailoring: turn (framework, partnership) into a timed workshop plan.

A pure function of its inputs; templates read the plan, never the Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model import Framework, Group, Partnership, Question

# Minutes for each part of the default session for partnership leaders.
WELCOME_STEPS = (("welcome", 3), ("purpose", 3), ("how", 2), ("agenda", 2))
OVERVIEW_MINUTES = 10
PRIORITIES_MINUTES = 12
CLOSE_MINUTES = 4
# Each question: present it, discuss it at tables, then rate it.
QUESTION_STEPS = (("present", 2), ("discuss", 8), ("rate", 2))


@dataclass(frozen=True)
class Block:
    """One timed part of the session; ``start`` is minutes from the start of the session."""

    id: str
    kind: str
    title: str
    start: int
    minutes: int
    question: Question | None = None
    steps: tuple[tuple[str, int], ...] = ()

    @property
    def end(self) -> int:
        """Return the minute at which this block ends."""
        return self.start + self.minutes

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
    partnership: Partnership
    audience: str
    blocks: tuple[Block, ...]

    @property
    def minutes(self) -> int:
        """Return the session's total length in minutes."""
        return sum(b.minutes for b in self.blocks)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Return the questions the session covers, in session order."""
        return tuple(b.question for b in self.blocks if b.question is not None)

    def block(self, block_id: str) -> Block:
        """Return the block with this ID; raise ``KeyError`` if there is none."""
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    def question_block(self, question: Question) -> Block:
        """Return the block in which ``question`` is discussed."""
        return self.block(question.id)

    def agenda(self) -> tuple[AgendaItem, ...]:
        """Return agenda lines, with each grouping's questions folded into one line."""
        items: list[AgendaItem] = []
        current: Group | None = None
        for block in self.blocks:
            group = self._group_of(block)
            if group is not None and group == current:
                last = items[-1]
                items[-1] = AgendaItem(last.title, last.start, last.minutes + block.minutes)
                continue
            current = group
            title = block.title if group is None else self._group_title(group)
            items.append(AgendaItem(title, block.start, block.minutes))
        return tuple(items)

    def _group_of(self, block: Block) -> Group | None:
        return self.framework.group(block.question.group_id) if block.question else None

    def _group_title(self, group: Group) -> str:
        numbers = [q.number for q in self.questions if q.group_id == group.id]
        label = "question" if len(numbers) == 1 else "questions"
        span = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]} to {numbers[-1]}"
        return f"{group.name}: {label} {span}"


def plan_workshop(framework: Framework, partnership: Partnership | None = None) -> WorkshopPlan:
    """Return the plan of a session for partnership leaders covering the whole framework."""
    parts: list[tuple[str, str, str, int, Question | None, tuple]] = [
        ("welcome", "welcome", "Welcome and purpose", _total(WELCOME_STEPS), None, WELCOME_STEPS),
        ("overview", "overview", "The framework at a glance", OVERVIEW_MINUTES, None, ()),
    ]
    question_minutes = _total(QUESTION_STEPS)
    for question in framework.questions:
        parts.append(
            (
                question.id,
                "question",
                f"Question {question.number}",
                question_minutes,
                question,
                QUESTION_STEPS,
            )
        )
    parts += [
        ("priorities", "priorities", "Priorities and next steps", PRIORITIES_MINUTES, None, ()),
        ("close", "close", "Close", CLOSE_MINUTES, None, ()),
    ]
    blocks = []
    start = 0
    for block_id, kind, title, minutes, question, steps in parts:
        blocks.append(Block(block_id, kind, title, start, minutes, question, steps))
        start += minutes
    return WorkshopPlan(
        framework, partnership or Partnership(), "partnership leaders", tuple(blocks)
    )


def _total(steps: tuple[tuple[str, int], ...]) -> int:
    return sum(minutes for _name, minutes in steps)
