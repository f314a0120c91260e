"""``toolkit report``: from typed-in ratings to a report deck, an action plan and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.document import parse_flow
from toolkit.errors import Problem, ResultsError
from toolkit.framework_reader import load_framework
from toolkit.model import Partnership
from toolkit.pipeline import (
    BuildResult,
    _slides,
    build_time,
    confined,
    usable_audiences,
)
from toolkit.publish import staged
from toolkit.report_data import MIN_GROUP, ReportData, summarise
from toolkit.resources import default_framework
from toolkit.results import read_results, results_files
from toolkit.slugs import safe_slug
from toolkit.spreadsheets import write_csv
from toolkit.templating import TIME_LIMIT, environment, render
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
    time_limit: float = TIME_LIMIT  # seconds each template may take to render
    force: bool = False  # replace report files edited since they were written


def build_report(config: ReportConfig) -> BuildResult:
    """Read the results, and write the report deck, action plan and summary CSV.

    Raises ``ResultsError`` (every problem as FILE:ROW:COLUMN) or other ``ToolkitError``s;
    nothing is written unless everything succeeds.
    """
    framework = load_framework(config.framework or default_framework())
    audiences = usable_audiences(framework, config.content)
    files, in_folders, notes = results_files(config.results)
    responses = read_results(files, framework, audiences, untyped_ok=in_folders)
    if not responses:
        raise ResultsError(
            [
                Problem(
                    path,
                    0,
                    "no ratings have been typed into any results spreadsheet here",
                    "type one row for each returned worksheet into the pack's results file",
                )
                for path in config.results
            ]
        )
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
    warnings: list[str] = list(notes)
    with staged(config.out, config.force) as stage:
        text = render(env, "report.md.j2", context, config.time_limit)
        deck = _slides(text, "report.md.j2")
        deck = confined(deck, env, "report.md.j2", config.partnership.logo)
        warnings += write_deck(deck, stage.path / names[0], when, options).warnings
        text = render(env, "action-plan.md.j2", context, config.time_limit)
        plan = parse_flow(text, "action-plan.md.j2")
        warnings += write_document(plan, stage.path / names[1], when, options).warnings
        write_summary(data, {a.slug: a.name for a in audiences}, stage.path / names[2])
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings))


def write_summary(data: ReportData, names: dict[str, str], path: Path) -> None:
    """Write the aggregated figures as CSV (UTF-8 with BOM): a row per question and group."""
    header = ["Question", "Question text", "Group", "Ratings", "Mean", "Gap between audiences"]
    rows = [header + [f"Rated {n}" for n in range(1, 6)]]
    for result in data.questions:
        q = result.question
        overall = [result.overall.count, _fmt(result.overall.mean), _fmt(result.gap)]
        rows.append([q.label, q.text, "Everyone", *overall, *result.spread])
        for slug, figure in result.by_audience:
            group = names.get(slug, slug)
            rows.append([q.label, q.text, group, figure.count, _fmt(figure.mean)] + [""] * 6)
    write_csv(path, rows)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
