"""``toolkit report``: from typed-in ratings to a report deck, an action plan and figures."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.activity_reader import load_activities
from toolkit.document import parse_flow
from toolkit.framework_reader import load_framework
from toolkit.model import Partnership
from toolkit.pipeline import BuildResult, _slides, _staging, build_time, usable_audiences
from toolkit.report_data import MIN_GROUP, ReportData, summarise
from toolkit.resources import default_framework
from toolkit.results import read_results
from toolkit.slugs import safe_slug
from toolkit.templating import environment, render
from toolkit.writers import WriterOptions
from toolkit.writers.docx_document import write_document
from toolkit.writers.pptx_deck import write_deck


@dataclass(frozen=True)
class ReportConfig:
    """What a report is made from and where it goes."""

    results: tuple[Path, ...]
    framework: Path | None = None
    content: Path | None = None
    templates: Path | None = None
    out: Path = Path("output")
    partnership: Partnership = field(default_factory=Partnership)
    min_group: int = MIN_GROUP


def build_report(config: ReportConfig) -> BuildResult:
    """Read the results, and write the report deck, action plan and summary CSV.

    Raises ``ResultsError`` (every problem as FILE:ROW:COLUMN) or other ``ToolkitError``s;
    nothing is written unless everything succeeds.
    """
    framework = load_framework(config.framework or default_framework())
    audiences = usable_audiences(framework, config.content, load_activities(config.content))
    responses = read_results(config.results, framework, audiences)
    data = summarise(responses, framework, audiences, config.min_group)
    env = environment(config.templates)
    context = {
        "report": data,
        "framework": framework,
        "partnership": config.partnership,
        "names": {a.slug: a.name for a in audiences},
    }
    owner = safe_slug(config.partnership.name) if config.partnership.name else framework.slug
    when = build_time()
    options = WriterOptions()
    names = [
        f"{owner}-results-report.pptx",
        f"{owner}-action-plan.docx",
        f"{owner}-results-summary.csv",
    ]
    warnings: list[str] = []
    with _staging(config.out) as stage:
        deck = _slides(render(env, "report.md.j2", context), "report.md.j2")
        warnings += write_deck(deck, stage / names[0], when, options).warnings
        plan = parse_flow(render(env, "action-plan.md.j2", context), "action-plan.md.j2")
        warnings += write_document(plan, stage / names[1], when, options).warnings
        write_summary(data, {a.slug: a.name for a in audiences}, stage / names[2])
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings))


def write_summary(data: ReportData, names: dict[str, str], path: Path) -> None:
    """Write the aggregated figures as CSV (UTF-8 with BOM): a row per question and group."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "Question",
            "Question text",
            "Group",
            "Ratings",
            "Mean",
            "Gap between audiences",
            "Rated 1",
            "Rated 2",
            "Rated 3",
            "Rated 4",
            "Rated 5",
        ]
    )
    for result in data.questions:
        q = result.question
        writer.writerow(
            [
                q.label,
                q.text,
                "Everyone",
                result.overall.count,
                _fmt(result.overall.mean),
                _fmt(result.gap),
                *result.spread,
            ]
        )
        for slug, figure in result.by_audience:
            writer.writerow(
                [
                    q.label,
                    q.text,
                    names.get(slug, slug),
                    figure.count,
                    _fmt(figure.mean),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
