"""Settings: what a build and a report are made from, and the tables and limits the
layers share (papers and card sizes, session lengths, template time, smallest group).

Imports only ``toolkit.errors`` and ``toolkit.model``, so every layer may use it, the command
line included.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from toolkit.errors import ConfigError
from toolkit.model import Partnership

# Paper and card sizes in millimetres: (name as printed, width, height), by the key typed.
PAPERS = {"a4": ("A4", 210.0, 297.0), "letter": ("US Letter", 215.9, 279.4)}
CARD_SIZES = {"a6": ("A6", 105.0, 148.0), "a7": ("A7", 74.0, 105.0), "poker": ("poker", 63.0, 88.0)}
# The kinds of slide a deck has: a house template's layout may be named for each.
SLIDE_KINDS = (
    "title",
    "content",
    "question",
    "discussion",
    "rating",
    "closing",
    "framework",
    "chart",
)
# The documents a pack may hold (a format lists those its sessions use), in pack order.
OUTPUTS = ("deck", "cards", "worksheet", "rating-sheet", "guide")
MAX_MINUTES = 480  # 8 hours: the longest session planned (a whole working day)
MAX_PARTICIPANTS = 1000  # people at one session
TIME_LIMIT = 60.0  # seconds a template may take to render, unless a build says otherwise
MIN_GROUP = 3  # the fewest people any figure or comment in a report may ever come from
DEFAULT_MIN_GROUP = 5  # the report's minimum group unless raised (or lowered, to 3)
GAP_RULE = 1.0  # points: two audiences' means this far apart are reported as a gap
CHARTS = ("dots", "radar")  # the report's overview chart: a dot plot, or a radar
LANGUAGE = "en-GB"  # of every file made in English: document language, spelling, PDF /Lang


def language_tag(code: str) -> str:
    """Return the tag files in language ``code`` are marked with: ``en-GB``, ``cy-GB``
    (the two of the UK), else the code itself (``fr``)."""
    return f"{code}-GB" if code in ("en", "cy") else code


def language_code(value: str) -> str:
    """Return ``value`` as a language code (``cy``). Raises ``ValueError`` saying what to
    give instead."""
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise ValueError(f"'{value}' is not a language code; give one such as cy or en")
    return code


def two_languages(value: str) -> tuple[str, ...]:
    """Return the two language codes of ``value`` (``cy,en``), the first first. Raises
    ``ValueError`` for a code that is not one, or for anything but two different codes."""
    codes = tuple(language_code(code) for code in value.split(",") if code.strip())
    if len(codes) != 2 or codes[0] == codes[1]:
        raise ValueError(
            f"'{value}' is not two languages; give two codes, the first first, e.g. cy,en"
        )
    return codes


def notes_language(codes: tuple[str, ...], notes: str) -> str:
    """Return the language code ``notes`` of a bilingual deck's speaker notes, checked
    against the pack's languages ``codes``. Raises ``ValueError`` for a code that is not
    one, or for a language the pack is not in."""
    notes = language_code(notes)
    if notes not in codes:
        raise ValueError(f"'{notes}' is not one of the pack's languages ({', '.join(codes)})")
    return notes


AUTHOR = "Partnership review toolkit"  # every file's author: names no framework's subject


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs; ``None`` or empty means the built-in default."""

    framework: Path | None = None
    content: Path | None = None
    templates: Path | None = None
    out: Path = Path("output")
    audiences: tuple[str, ...] = ()
    minutes: int | None = None
    format: str = ""  # how every session is run (a format's name); "" = each audience's
    questions: tuple[str, ...] = ()  # focus every session on these (3 or q3); () = all
    partnership: Partnership = field(default_factory=Partnership)
    paper: str | None = None
    docx_template: Path | None = None  # a house Word template (.dotx, .docx)
    pptx_template: Path | None = None  # a house PowerPoint template (.potx, .pptx)
    card_size: str = "a6"
    backs: bool = True
    strict: bool = False
    large_print: bool = False
    pdf: bool = False
    markdown: bool = False  # also write each document as Markdown, for review and diff
    force: bool = False
    jobs: int | None = None  # processes writing documents at once; None: one per CPU
    time_limit: float = TIME_LIMIT  # seconds each template may take to render
    # The pack's language (a code: en, cy), or two for a bilingual pack, the first first.
    languages: tuple[str, ...] = ("en",)
    notes_language: str = ""  # a bilingual deck's speaker notes: "" for the first language

    @property
    def language(self) -> str:
        """Return the pack's (first) language."""
        return self.languages[0]


@dataclass(frozen=True)
class ReportConfig:
    """What a report is made from and where it goes."""

    results: tuple[Path, ...]
    framework: Path | None = None
    content: Path | None = None
    templates: Path | None = None
    out: Path = Path("output")
    partnership: Partnership = field(default_factory=Partnership)
    min_group: int = DEFAULT_MIN_GROUP
    gap: float = GAP_RULE
    chart: str = "dots"
    time_limit: float = TIME_LIMIT  # seconds each template may take to render
    force: bool = False  # replace report files edited since they were written
    languages: tuple[str, ...] = ("en",)  # the report's language (en, cy), or two, first first

    @property
    def language(self) -> str:
        """Return the report's (first) language."""
        return self.languages[0]


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
