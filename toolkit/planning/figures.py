"""Turn responses into the figures a report shows: means, counts, spreads and gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.config import MIN_GROUP
from toolkit.content.results import Response
from toolkit.errors import ConfigError
from toolkit.model import Audience, Framework, Question


@dataclass(frozen=True)
class Figure:
    """A mean rating and how many ratings it is made of."""

    mean: float | None
    count: int


@dataclass(frozen=True)
class QuestionResult:
    """One question's figures: overall, by audience shown, the spread and the gap."""

    question: Question
    overall: Figure
    by_audience: tuple[tuple[str, Figure], ...]
    spread: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5
    gap: float | None  # highest minus lowest audience mean

    def audience(self, slug: str) -> Figure:
        """Return the figure for audience ``slug``."""
        return dict(self.by_audience)[slug]


@dataclass(frozen=True)
class ReportData:
    """Everything the report says, with small groups already held back."""

    framework: Framework
    shown: tuple[Audience, ...]
    suppressed: tuple[tuple[Audience, int], ...]
    respondents: tuple[tuple[str, int], ...]
    questions: tuple[QuestionResult, ...]
    comments: tuple[tuple[Question, tuple[str, ...]], ...]
    threshold: int
    withheld: tuple[tuple[Question, int], ...] = ()  # rated by too few people to show

    @property
    def total(self) -> int:
        """Return how many worksheets were returned in all."""
        return sum(n for _slug, n in self.respondents)

    def by_gap(self) -> list[QuestionResult]:
        """Return the questions where audiences disagree most first."""
        return sorted(
            (q for q in self.questions if q.gap is not None),
            key=lambda q: (-q.gap, q.question.number),
        )

    def by_mean(self) -> list[QuestionResult]:
        """Return the questions from the highest overall mean to the lowest."""
        return sorted(
            (q for q in self.questions if q.overall.mean is not None),
            key=lambda q: (-q.overall.mean, q.question.number),
        )


def summarise(
    responses: Sequence[Response],
    framework: Framework,
    audiences: Sequence[Audience],
    threshold: int = MIN_GROUP,
) -> ReportData:
    """Return the report's figures, none of them from fewer than ``threshold`` people.

    Audiences with fewer than ``threshold`` responses count in the overall figures but are
    not shown on their own; a question rated by fewer than ``threshold`` people in all is
    withheld, and so are its comments; an audience's figure for a question is held back
    when fewer than ``threshold`` of them rated it, and a question's audience figures are
    all held back when "Everyone" minus them would leave fewer than ``threshold`` people,
    whose ratings could then be worked out. Raises ``ConfigError`` if ``threshold`` is
    below the minimum of 3.
    """
    if threshold < MIN_GROUP:
        raise ConfigError(
            f"the smallest group shown can be raised, not lowered below "
            f"{MIN_GROUP} (asked for {threshold}), to protect anonymity"
        )
    counts = Counter(r.audience for r in responses)
    order = [a for a in audiences if a.slug in counts]
    shown = tuple(a for a in order if counts[a.slug] >= threshold)
    suppressed = tuple((a, counts[a.slug]) for a in order if counts[a.slug] < threshold)
    rated = {q.id: sum(q.id in r.ratings for r in responses) for q in framework.questions}
    asked = [q for q in framework.questions if rated[q.id] >= threshold]
    withheld = tuple((q, rated[q.id]) for q in framework.questions if 0 < rated[q.id] < threshold)
    results = tuple(_question(q, responses, shown, threshold) for q in asked)
    comments = tuple(
        (q, tuple(r.comments[q.id] for r in responses if q.id in r.comments))
        for q in framework.questions
        if _answered(q, responses) >= threshold and any(q.id in r.comments for r in responses)
    )
    return ReportData(
        framework,
        shown,
        suppressed,
        tuple((a.slug, counts[a.slug]) for a in order),
        results,
        comments,
        threshold,
        withheld,
    )


def _answered(question: Question, responses: Sequence[Response]) -> int:
    """Return how many people rated or commented on ``question``."""
    return sum(question.id in r.ratings or question.id in r.comments for r in responses)


def _question(
    question: Question, responses: Sequence[Response], shown: Sequence[Audience], threshold: int
) -> QuestionResult:
    everyone = [r.ratings[question.id] for r in responses if question.id in r.ratings]
    by_audience = tuple(
        (
            a.slug,
            _figure(
                [
                    r.ratings[question.id]
                    for r in responses
                    if r.audience == a.slug and question.id in r.ratings
                ],
                threshold,
            ),
        )
        for a in shown
    )
    rest = len(everyone) - sum(f.count for _slug, f in by_audience if f.mean is not None)
    if 0 < rest < threshold:  # Everyone minus the groups shown would reveal the rest
        by_audience = tuple((slug, Figure(None, f.count)) for slug, f in by_audience)
    means = [f.mean for _slug, f in by_audience if f.mean is not None]
    gap = round(max(means) - min(means), 2) if len(means) > 1 else None
    spread = tuple(everyone.count(value) for value in range(1, 6))
    return QuestionResult(question, _figure(everyone, threshold), by_audience, spread, gap)


def _figure(ratings: Sequence[int], threshold: int = 1) -> Figure:
    """Return the mean of ``ratings`` and their count; no mean for fewer than
    ``threshold``."""
    if len(ratings) < max(threshold, 1):
        return Figure(None, len(ratings))
    return Figure(round(sum(ratings) / len(ratings), 2), len(ratings))
