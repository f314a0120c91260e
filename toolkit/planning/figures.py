"""Turn responses into the figures a report shows, comparing like with like and protecting
small groups by construction.

The rules, each stated in the report and the README:

- No figure, chart point or comment label comes from fewer people than the minimum group
  (``threshold``, 5 by default, never below 3): a question rated by fewer people in all is
  withheld; an audience is shown for a question only when at least that many of it rated
  the question.
- Complementary suppression: "Everyone" minus the audiences shown must be no one or at
  least the minimum group, so that no hidden group can be worked out by subtraction; while
  it is not, the smallest audience still shown is hidden too. The same rule holds for the
  table of who took part.
- Audiences are compared question by question, only where each rated it; a gap is
  reported where two shown audiences' means, to one decimal place, differ by at least the
  gap rule (1 point by default). Strongest and weakest are chosen only among questions at
  least two shown audiences rated.

Responses are read as a stream: only running sums and the comments are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from toolkit.config import DEFAULT_MIN_GROUP, GAP_RULE, MIN_GROUP
from toolkit.content.results import Response
from toolkit.errors import ConfigError
from toolkit.model import Audience, Framework, Phrase, Question

AGREE = 0.5  # points: where every shown audience's mean is within this, views agree


@dataclass(frozen=True)
class Figure:
    """How many gave a rating, their sum and how many gave each of 1 to 5."""

    count: int = 0
    total: int = 0
    spread: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)

    @property
    def mean(self) -> float:
        """Return the mean rating (0 for no ratings)."""
        return self.total / self.count if self.count else 0.0

    @property
    def shown(self) -> float:
        """Return the mean as the report shows it: to one decimal place."""
        return round(self.mean + 1e-9, 1)


@dataclass(frozen=True)
class Gap:
    """The two shown audiences whose means for a question differ most."""

    high: str
    high_figure: Figure
    low: str
    low_figure: Figure

    @property
    def size(self) -> float:
        """Return the difference of the two means as shown (one decimal place each)."""
        return round(self.high_figure.shown - self.low_figure.shown, 1)


@dataclass(frozen=True)
class QuestionResult:
    """One question's figures: everyone who rated it, the audiences shown for it (each in
    the words it saw), how many rated it from audiences not shown, and the biggest gap."""

    question: Question
    everyone: Figure
    audiences: tuple[tuple[str, Figure], ...]
    hidden: int  # raters from audiences not shown: 0, or at least the minimum group
    wordings: tuple[tuple[str, str], ...]  # (audience slug, the question as it saw it)
    gap: Gap | None

    def audience(self, slug: str) -> Figure | None:
        """Return the figure for audience ``slug``, None where it is not shown."""
        return dict(self.audiences).get(slug)

    def wording(self, slug: str) -> str:
        """Return the question in the words audience ``slug`` saw."""
        return dict(self.wordings).get(slug, self.question.text)

    @property
    def compared(self) -> bool:
        """Return whether at least two audiences are shown for this question."""
        return len(self.audiences) >= 2

    @property
    def spread_of_means(self) -> float:
        """Return the highest shown audience mean minus the lowest (one decimal each)."""
        means = [f.shown for _slug, f in self.audiences]
        return round(max(means) - min(means), 1) if means else 0.0


@dataclass(frozen=True)
class Taking:
    """One audience in the table of who took part: its worksheets, or None when held back
    (``small``: fewer than the minimum; else hidden so that a smaller one stays hidden)."""

    audience: Audience
    count: int | None
    small: bool = False


@dataclass(frozen=True, slots=True)  # a large report holds 100,000
class Comment:
    """A comment on a question, with the audience that made it when that audience is shown
    for the question ("" otherwise)."""

    audience: str
    text: str


@dataclass(frozen=True)
class ReportData:
    """Everything the report says, with small groups already held back."""

    framework: Framework
    threshold: int
    gap_rule: float
    taking_part: tuple[Taking, ...]
    total: int
    questions: tuple[QuestionResult, ...]
    withheld: tuple[Question, ...]  # rated by fewer people than the minimum group
    comments: tuple[tuple[Question, tuple[Comment, ...]], ...] = field(default=())

    @property
    def people(self) -> str | Phrase:
        """Return how many returned worksheets, as the report may say it: "fewer than 5"
        when they are fewer than the minimum group."""
        if self.total >= self.threshold:
            return f"{self.total:,}"
        return Phrase("fewer than {count}", count=self.threshold)

    @property
    def hidden_people(self) -> int:
        """Return how many worksheets came from audiences not shown (0 or at least the
        minimum group)."""
        return self.total - sum(t.count for t in self.taking_part if t.count is not None)

    @property
    def shown(self) -> tuple[Audience, ...]:
        """Return the audiences shown for at least one question, in audience order."""
        slugs = {slug for q in self.questions for slug, _figure in q.audiences}
        return tuple(t.audience for t in self.taking_part if t.audience.slug in slugs)

    def common(self) -> list[QuestionResult]:
        """Return the questions every audience in ``shown`` is shown for (a radar's axes:
        a line that skips a question would break)."""
        slugs = {a.slug for a in self.shown}
        return [q for q in self.questions if slugs <= {slug for slug, _f in q.audiences}]

    def counts(self, slug: str) -> str:
        """Return how many of audience ``slug`` rated each question it is shown for, as
        ``n=6`` or, where that differs by question, ``n=5-6``."""
        found = [f.count for q in self.questions for s, f in q.audiences if s == slug]
        if not found:
            return ""
        low, high = min(found), max(found)
        return f"n={low}" if low == high else f"n={low}\u2013{high}"

    def sample(self, comments: Sequence[Comment], size: int = 5) -> list[Comment]:
        """Return up to ``size`` of ``comments``: the first from each group in turn (the
        audiences shown, in order, then the others together), as typed in."""
        groups: dict[str, list[Comment]] = {}
        for comment in comments:
            if len(groups.setdefault(comment.audience, [])) < size:
                groups[comment.audience].append(comment)
        order = [a.slug for a in self.shown if a.slug in groups]
        order += [""] if "" in groups else []
        chosen: list[Comment] = []
        for turn in range(size):
            chosen += [groups[g][turn] for g in order if turn < len(groups[g])]
        return chosen[:size]

    def comment_groups(self) -> list[tuple[Question, list[tuple[str, list[str]]], list[str]]]:
        """Return each question's comments grouped: by audience shown (in audience order),
        then those from audiences not shown, together."""
        order = [a.slug for a in self.shown]
        groups = []
        for question, comments in self.comments:
            by: dict[str, list[str]] = {}
            for comment in comments:
                by.setdefault(comment.audience, []).append(comment.text)
            shown = [(slug, by[slug]) for slug in order if slug in by]
            groups.append((question, shown, by.get("", [])))
        return groups

    def gaps(self) -> list[QuestionResult]:
        """Return the questions with a gap by the rule, the biggest first."""
        found = [q for q in self.questions if q.gap and q.gap.size >= self.gap_rule - 1e-9]
        return sorted(found, key=lambda q: (-q.gap.size, q.question.number))

    def agreed(self) -> list[QuestionResult]:
        """Return the questions two or more shown audiences rated within ``AGREE``."""
        return [q for q in self.questions if q.compared and q.spread_of_means < AGREE]

    def ranked(self) -> list[QuestionResult]:
        """Return the questions strongest and weakest are chosen from (rated by two or more
        shown audiences), from the highest mean of everyone to the lowest."""
        eligible = [q for q in self.questions if q.compared]
        return sorted(eligible, key=lambda q: (-q.everyone.mean, q.question.number))

    def strongest(self) -> list[QuestionResult]:
        """Return the one or two strongest questions (none if fewer than two qualify)."""
        ranked = self.ranked()
        return ranked[: min(2, len(ranked) // 2)]

    def weakest(self) -> list[QuestionResult]:
        """Return the one or two questions with most to do, the lowest first."""
        ranked = self.ranked()
        return list(reversed(ranked))[: min(2, len(ranked) // 2)]

    def lowest(self) -> list[QuestionResult]:
        """Return every question shown, from the lowest mean of everyone to the highest."""
        return sorted(self.questions, key=lambda q: (q.everyone.mean, q.question.number))


def summarise(
    responses: Iterable[Response],
    framework: Framework,
    audiences: Sequence[Audience],
    threshold: int = DEFAULT_MIN_GROUP,
    gap_rule: float = GAP_RULE,
) -> ReportData:
    """Return the report's figures from ``responses`` (read once, as they come).

    Raises ``ConfigError`` if ``threshold`` is below the minimum of 3.
    """
    if threshold < MIN_GROUP:
        raise ConfigError(
            f"the smallest group shown can be raised, not lowered below "
            f"{MIN_GROUP} (asked for {threshold}), to protect the people in small groups"
        )
    order = {a.slug: index for index, a in enumerate(audiences)}
    worksheets: dict[str, int] = {}
    sums: dict[tuple[str, str], list[int]] = {}  # count, total, then how many gave 1 to 5
    comments: dict[str, list[tuple[str, str]]] = {}
    answered: dict[tuple[str, str], int] = {}  # rated or commented on, by question, audience
    for response in responses:
        worksheets[response.audience] = worksheets.get(response.audience, 0) + 1
        for qid, rating in response.ratings.items():
            running = sums.get((qid, response.audience))
            if running is None:
                running = sums[(qid, response.audience)] = [0] * 7
            running[0] += 1
            running[1] += rating
            running[rating + 1] += 1
        for qid, text in response.comments.items():
            comments.setdefault(qid, []).append((response.audience, text))
        for qid in response.ratings.keys() | response.comments.keys():
            key = (qid, response.audience)
            answered[key] = answered.get(key, 0) + 1
    figures = {key: Figure(n[0], n[1], tuple(n[2:])) for key, n in sums.items()}
    by_slug = {a.slug: a for a in audiences}
    present = sorted(worksheets, key=lambda s: order.get(s, len(order)))
    shown_in_all = shown_groups(worksheets, threshold, order)
    taking = tuple(
        Taking(
            by_slug[slug],
            worksheets[slug] if slug in shown_in_all else None,
            worksheets[slug] < threshold,
        )
        for slug in present
    )
    results, withheld, said = [], [], []
    for question in framework.questions:
        counts = {
            slug: figures[(question.id, slug)].count
            for slug in present
            if (question.id, slug) in figures
        }
        rated = sum(counts.values())
        if 0 < rated < threshold:
            withheld.append(question)
        if rated < threshold:
            continue
        shown = shown_groups(counts, threshold, order)
        result = _result(question, figures, counts, shown, by_slug, order)
        results.append(result)
        # Comments from audiences not shown go unlabelled, and only when at least the
        # minimum group of people from those audiences answered the question.
        pool = sum(
            n for (qid, slug), n in answered.items() if qid == question.id and slug not in shown
        )
        notes = [
            Comment(slug if slug in shown else "", text)
            for slug, text in comments.get(question.id, [])
            if slug in shown or pool >= threshold
        ]
        if notes:
            said.append((question, tuple(notes)))
    return ReportData(
        framework,
        threshold,
        gap_rule,
        taking,
        sum(worksheets.values()),
        tuple(results),
        tuple(withheld),
        tuple(said),
    )


def shown_groups(counts: dict[str, int], threshold: int, order: dict[str, int]) -> set[str]:
    """Return the groups of ``counts`` that may be shown on their own: those of at least
    ``threshold`` people, less the smallest of them while the groups not shown add up to
    some people but fewer than ``threshold`` (who could then be worked out by subtracting
    the shown groups from the whole)."""
    shown = {slug for slug, n in counts.items() if n >= threshold}
    hidden = sum(n for slug, n in counts.items() if slug not in shown)
    while 0 < hidden < threshold and shown:
        smallest = min(shown, key=lambda s: (counts[s], -order.get(s, 0)))
        shown.remove(smallest)
        hidden += counts[smallest]
    return shown


def _result(
    question: Question,
    figures: dict[tuple[str, str], Figure],
    counts: dict[str, int],
    shown: set[str],
    by_slug: dict[str, Audience],
    order: dict[str, int],
) -> QuestionResult:
    everyone = Figure()
    for slug in counts:
        part = figures[(question.id, slug)]
        everyone = Figure(
            everyone.count + part.count,
            everyone.total + part.total,
            tuple(a + b for a, b in zip(everyone.spread, part.spread, strict=True)),
        )
    slugs = sorted(shown, key=lambda s: order.get(s, len(order)))
    audiences = tuple((slug, figures[(question.id, slug)]) for slug in slugs)
    hidden = sum(n for slug, n in counts.items() if slug not in shown)
    wordings = tuple((slug, by_slug[slug].reworded(question.id, question.text)) for slug in slugs)
    gap = None
    if len(audiences) >= 2:
        high = max(audiences, key=lambda a: (a[1].shown, -order.get(a[0], 0)))
        low = min(audiences, key=lambda a: (a[1].shown, order.get(a[0], 0)))
        gap = Gap(high[0], high[1], low[0], low[1])
    return QuestionResult(question, everyone, audiences, hidden, wordings, gap)
