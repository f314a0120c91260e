"""Shared fixtures: the seed, framework files written by tests, built decks, LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.api import BuildConfig, build
from toolkit.content.resources import default_framework
from toolkit.model import Partnership, Session

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_d87ad3614a30051b.txt"
SEED_COPY = Path(__file__).resolve().parent / "data" / "seed.txt"


def seed_path() -> Path:
    """Return the seed framework: shared/ when present, else the copy kept with the tests."""
    return SEED if SEED.exists() else SEED_COPY


def seed_questions() -> dict[int, tuple[str, list[str]]]:
    """Return ``{number: (question, [prompts])}`` read from the seed line by line.

    Deliberately independent of the toolkit's parser, so the tests check it.
    """
    questions: dict[int, tuple[str, list[str]]] = {}
    current = None
    for line in seed_path().read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ \*\*(\d+)\. (.*)\*\*$", line)
        if heading:
            current = int(heading.group(1))
            questions[current] = (heading.group(2), [])
        elif line.startswith("#"):
            current = None
        elif current and line.startswith("- "):
            questions[current][1].append(line[2:])
    return questions


def seed_prompts() -> list[str]:
    """Return all 34 prompts of the seed, in order."""
    return [p for _q, prompts in seed_questions().values() for p in prompts]


@pytest.fixture
def write_file(tmp_path):
    """Return a function that writes text (or bytes) to a file under tmp_path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


KINDS = {"deck.pptx": "deck", "cards.pptx": "cards", "worksheet.docx": "worksheet",
         "facilitator-guide.docx": "guide"}


def by_kind(files) -> dict[str, Path]:
    """Return a pack's files by kind: deck, cards, worksheet, guide."""
    return {kind: f for f in files for end, kind in KINDS.items() if f.name.endswith(end)}


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    """Return the BuildResult of the default pack, built once for the session."""
    return build(BuildConfig(out=tmp_path_factory.mktemp("pack")))


@pytest.fixture(scope="session")
def default_pack(default_build) -> dict[str, Path]:
    """Return the default pack's files by kind."""
    return by_kind(default_build.files)


@pytest.fixture(scope="session")
def default_deck(default_pack) -> Path:
    """Return the deck of the default pack."""
    return default_pack["deck"]


@pytest.fixture(scope="session")
def all_packs(tmp_path_factory):
    """Return the BuildResult of a pack for every audience, built once for the session,
    each document also written as Markdown (``--markdown``) for tests of its words."""
    out = tmp_path_factory.mktemp("all")
    return build(BuildConfig(out=out, audiences=("all",), markdown=True))


def markdown_of(files, audience: str, document: str) -> str:
    """Return the Markdown copy of an audience's document (deck, cards, worksheet,
    facilitator-guide) among a build's ``files``."""
    from deckinspect import straight

    path = next(f for f in files if f.name.endswith(f"-{audience}-{document}.md"))
    return straight(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def builtin_framework() -> Path:
    return default_framework()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdfs(soffice: str, sources, workdir: Path) -> list[Path]:
    """Return the PDFs LibreOffice makes of ``sources`` in one run (isolated profile)."""
    profile = workdir / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(workdir), *map(str, sources)],
        check=True, capture_output=True, timeout=400,
    )
    return [workdir / (Path(source).stem + ".pdf") for source in sources]


def to_pdf(soffice: str, source: Path, workdir: Path) -> Path:
    """Return the PDF LibreOffice makes of ``source``."""
    return to_pdfs(soffice, [source], workdir)[0]


@pytest.fixture(scope="session")
def soffice_if_installed() -> str | None:
    """Return the LibreOffice command, or None where it is not installed and not required."""
    found = _soffice()
    if not found and os.environ.get("TOOLKIT_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but was not found")
    return found


@pytest.fixture(scope="session")
def soffice() -> str:
    """Return the LibreOffice command; skip without it, unless it is required (as in CI)."""
    found = _soffice()
    if found:
        return found
    if os.environ.get("TOOLKIT_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but was not found")
    pytest.skip("LibreOffice is not installed")


STRESS = """\
# Fframwaith Arloesi Partneriaeth Ynys Môn a'r Cymunedau o'i Chwmpas

A framework written to test the limits: long names, long prompts, Welsh letters ŵ ŷ â.

## Galluogwyr allweddol: diwylliant, sgiliau, a'r ffyrdd o weithio sy'n gwneud arloesi'n bosibl

- Ydy diwylliannau'r holl sefydliadau yn hyrwyddo arloesi, a sut ydym ni'n gwybod hynny yn ymarferol?
- Is the money there?

## Short

- Do we learn?

## Questions

### 1. Ydy diwylliannau'r holl sefydliadau yn hyrwyddo arloesi, a sut ydym ni'n gwybod hynny yn ymarferol?

Er enghraifft, a oes gan y bartneriaeth, ar draws yr holl sefydliadau sy'n rhan ohoni, y canlynol:

{prompts}
### 2. Is the money there?

- Enough?

### 3. Do we learn?

- {long}
"""


@pytest.fixture(scope="session")
def stress_deck(tmp_path_factory) -> Path:
    """Return a deck built from a framework with very long names and prompts."""
    folder = tmp_path_factory.mktemp("stress")
    long = ("Dysgu o arloesiadau llwyddiannus ac aflwyddiannus, gan gynnwys rhai a gafodd eu "
            "profi gyda thrigolion, staff rheng flaen a phartneriaid yn y sector gwirfoddol, "
            "a rhannu'r gwersi hynny'n agored ar draws y bartneriaeth gyfan? ") * 2
    prompts = "".join(f"- {long.strip()} ({n})\n" for n in range(1, 9))
    path = folder / "stress.md"
    path.write_text(STRESS.format(prompts=prompts, long=long.strip()), encoding="utf-8")
    partnership = Partnership(
        name="Partneriaeth Gwasanaethau Cyhoeddus Ynys Môn, Gwynedd a Chonwy Gyda'n Gilydd",
        facilitator="Siân ap Gwilym",
        priorities=("Byw'n dda gartref", "Iechyd meddwl pobl ifanc", "Cymunedau di-garbon"),
        sessions=(Session("partnership-board", participants=30, date="Dydd Mawrth 3 Mawrth "
                          "2026", time="18:00", venue="Neuadd y Sir, Llangefni"),))
    return build(BuildConfig(framework=path, out=folder / "out",
                             partnership=partnership)).files[0]
