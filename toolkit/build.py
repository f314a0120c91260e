"""Build a workshop pack: the whole pipeline, top to bottom.

content -> model -> plan -> Jinja -> document -> writer -> files, written to a staging
folder first and moved into place only when every file is ready.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from toolkit.document import Document, parse_document
from toolkit.errors import ConfigError, OutputError, TemplateError
from toolkit.framework_reader import load_framework
from toolkit.markdown import slugify
from toolkit.model import Partnership
from toolkit.plan import WorkshopPlan, plan_workshop
from toolkit.resources import default_framework
from toolkit.templating import environment, render
from toolkit.writers.pptx_deck import write_deck

Writer = Callable[[Document, Path, datetime], list[str]]


@dataclass(frozen=True)
class Output:
    """One file in a pack: its template, its writer and how its file name ends."""

    name: str
    template: str
    writer: Writer
    suffix: str


OUTPUTS = (Output("deck", "deck.md.j2", write_deck, "deck.pptx"),)


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs; ``None`` means the built-in default."""

    framework: Path | None = None
    templates: Path | None = None
    out: Path = Path("output")
    partnership: Partnership = field(default_factory=Partnership)


@dataclass(frozen=True)
class BuildResult:
    """The files a build wrote, and warnings about text that could not be fitted."""

    files: tuple[Path, ...]
    warnings: tuple[str, ...]


def build(config: BuildConfig) -> BuildResult:
    """Build the pack described by ``config`` into ``config.out``; return what was written.

    Raises ``ToolkitError`` subclasses for bad content, templates or settings; the output
    folder is left as it was when anything fails.
    """
    plan = plan_for(config)
    texts = render_documents(config, plan)
    documents = {o.name: _document(texts[o.name], o.template) for o in OUTPUTS}
    when = build_time()
    warnings: list[str] = []
    names = []
    with _staging(config.out) as stage:
        for output in OUTPUTS:
            name = f"{_pack_name(plan)}-{output.suffix}"
            found = output.writer(documents[output.name], stage / name, when)
            warnings += [f"{name}: {w}" for w in found]
            names.append(name)
    return BuildResult(tuple(config.out / n for n in names), tuple(warnings))


def plan_for(config: BuildConfig) -> WorkshopPlan:
    """Return the workshop plan for ``config``; raises ``ContentError`` for bad content."""
    framework = load_framework(config.framework or default_framework())
    return plan_workshop(framework, config.partnership)


def render_documents(config: BuildConfig, plan: WorkshopPlan | None = None) -> dict[str, str]:
    """Return each output's rendered Markdown document by output name, writing nothing.

    Raises ``TemplateError`` naming the template file and line when a template fails.
    """
    plan = plan or plan_for(config)
    env = environment(config.templates)
    context = {"plan": plan, "framework": plan.framework, "partnership": plan.partnership}
    return {o.name: render(env, o.template, context) for o in OUTPUTS}


def _document(text: str, template: str) -> Document:
    document = parse_document(text, template)
    if not document.slides:
        raise TemplateError(
            f"{template}: the template produced no slides; start each slide with a '## Title' line"
        )
    return document


def build_time() -> datetime:
    """Return the time stamped into files: ``SOURCE_DATE_EPOCH`` if set, else today at 00:00.

    Raises ``ConfigError`` if ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC)
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{epoch}'") from None


def _pack_name(plan: WorkshopPlan) -> str:
    owner = slugify(plan.partnership.name) if plan.partnership.name else plan.framework.slug
    return f"{owner}-{slugify(plan.audience)}"


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``out``; on success move its files into ``out``."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder; choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".toolkit-build-", dir=out))
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    try:
        yield stage
        for item in sorted(stage.iterdir()):
            os.replace(item, out / item.name)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out}: cannot write ({exc.strerror}); "
            "nothing in the output folder was changed"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
