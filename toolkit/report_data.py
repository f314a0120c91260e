"""Turn responses into the figures a report shows: means, counts, spreads and gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.errors import ConfigError
from toolkit.model import Audience, Framework, Question
from toolkit.results import Response

MIN_GROUP = 3  # an audience with fewer responses is not shown on its own


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
    """Return the report's figures; audiences with fewer than ``threshold`` responses count
    in the overall figures but are not shown on their own.

    Raises ``ConfigError`` if ``threshold`` is below the minimum of 3.
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
    asked = [q for q in framework.questions if any(q.id in r.ratings for r in responses)]
    results = tuple(_question(q, responses, shown) for q in asked)
    comments = tuple(
        (q, tuple(r.comments[q.id] for r in responses if q.id in r.comments))
        for q in asked
        if any(q.id in r.comments for r in responses)
    )
    return ReportData(
        framework,
        shown,
        suppressed,
        tuple((a.slug, counts[a.slug]) for a in order),
        results,
        comments,
        threshold,
    )


def _question(
    question: Question, responses: Sequence[Response], shown: Sequence[Audience]
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
                ]
            ),
        )
        for a in shown
    )
    means = [f.mean for _slug, f in by_audience if f.mean is not None]
    gap = round(max(means) - min(means), 2) if len(means) > 1 else None
    spread = tuple(everyone.count(value) for value in range(1, 6))
    return QuestionResult(question, _figure(everyone), by_audience, spread, gap)


def _figure(ratings: Sequence[int]) -> Figure:
    if not ratings:
        return Figure(None, 0)
    return Figure(round(sum(ratings) / len(ratings), 2), len(ratings))
