"""Every layout, drawn by LibreOffice and read back page by page: zero render findings.

The matrix (issue 14): each audience; cards a6, a7 and poker on A4 and Letter, with and
without backs, in standard and large print; a profile with a long name, a logo and brand
colours; a report; the stress framework in tests/data/ (long questions, a prompt of 300
characters, a 40-character grouping name, 20-letter words), also as a members' discussion;
and a framework about another subject. The files are converted in
two LibreOffice runs (standard print, then large print, whose floor is 16 pt).
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from toolkit.api import BuildConfig, ReportConfig, build, report
from toolkit.checks.render import check_rendering
from toolkit.content.profile import load_profile

pytestmark = pytest.mark.libreoffice

STRESS = Path(__file__).parent / "data" / "stress-framework.md"
DIGITAL = Path(__file__).parent / "data" / "digital-inclusion.md"
PROFILE = """\
name = "The Northshire, Southdale and Westmarsh Health, Care and Community Safety Partnership"
partners = ["Northshire County Council", "Southdale NHS Foundation Trust"]
logo = "logo.png"
feedback_url = "https://www.northshire-southdale-westmarsh.org.uk/review/feedback"
[contact]
name = "Dr Alexandra Montgomery-Whitfield"
role = "Head of Partnership Development and Community Engagement"
organisation = "The Northshire, Southdale and Westmarsh Health, Care and Safety Partnership"
email = "alexandra.montgomery-whitfield@northshire.gov.uk"
phone = "+44 (0)1234 567 890 extension 4321"
[privacy]
controller = "Northshire County Council, on behalf of all the partners"
purpose = "understand how the partnership works and agree what to improve first"
retention = "two years after the last session of the review"
notice_url = "https://www.northshire.gov.uk/privacy/partnership-review"
[colours]
primary = "#7A1F3D"
accent = "#00625A"
"""


def _office(files) -> list[Path]:
    return [f for f in files if f.suffix in (".pptx", ".docx")]


def _cards(files) -> list[Path]:
    return [f for f in files if f.name.endswith("-cards.pptx")]


def _results(folder: Path) -> Path:
    path = folder / "results.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Respondent code", "Audience", "Q1", "Q2", "Q6", "Q1 comments"])
        for n, audience in itertools.product(range(6), ("frontline", "politicians")):
            comment = "We should listen to residents earlier, before plans are fixed." if n else ""
            writer.writerow([f"R{n}{audience[0]}", audience, 1 + n % 5, 2 + n % 4, 3, comment])
    return path


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> tuple[list[Path], list[Path]]:
    """Return the files to check at the standard floor, and those in large print."""
    out = tmp_path_factory.mktemp("matrix")
    standard: list[Path] = []
    large: list[Path] = []
    standard += _office(build(BuildConfig(out=out / "all", audiences=("all",))).files)
    for size, paper, backs, large_print in itertools.product(
        ("a6", "a7", "poker"), ("a4", "letter"), (True, False), (False, True)
    ):
        sides, print_size = "backs" if backs else "fronts", "large" if large_print else "std"
        name = f"{size}-{paper}-{sides}-{print_size}"
        config = BuildConfig(
            out=out / name,
            audiences=("residents",),
            card_size=size,
            paper=paper,
            backs=backs,
            large_print=large_print,
        )
        (large if large_print else standard).extend(_cards(build(config).files))
    large += _office(build(BuildConfig(out=out / "large", large_print=True)).files)
    folder = out / "profile"
    folder.mkdir()
    from PIL import Image

    Image.new("RGB", (600, 200), (122, 31, 61)).save(folder / "logo.png")
    (folder / "p.toml").write_text(PROFILE, encoding="utf-8")
    partnership = load_profile(folder / "p.toml")
    standard += _office(build(BuildConfig(out=out / "brand", partnership=partnership)).files)
    report_config = ReportConfig(results=(_results(folder),), out=out / "report",
                                 partnership=partnership)
    standard += _office(report(report_config).files)
    standard += _office(build(BuildConfig(out=out / "stress", framework=STRESS)).files)
    standard += _cards(build(BuildConfig(out=out / "stress-poker", framework=STRESS,
                                         card_size="poker")).files)
    large += _office(build(BuildConfig(out=out / "stress-large", framework=STRESS,
                                       large_print=True)).files)
    # Formats (issue 15): a members' discussion's rating sheet with long questions, in both
    # print sizes and on Letter; a framework about another subject, for every audience.
    for name, extra in (("members", {}), ("members-large", {"large_print": True})):
        config = BuildConfig(out=out / name, framework=STRESS, format="members-discussion",
                             minutes=75, **extra)
        (large if extra else standard).extend(_office(build(config).files))
    standard += _office(build(BuildConfig(out=out / "members-letter", paper="letter",
                                          audiences=("politicians",))).files)
    # Worksheets on Letter, 18 mm shorter than A4: one rule fewer per writing space.
    standard += _office(build(BuildConfig(out=out / "letter", paper="letter",
                                          audiences=("partnership-board", "frontline"))).files)
    standard += _office(build(BuildConfig(out=out / "digital", framework=DIGITAL,
                                          audiences=("all",))).files)
    return standard, large


def test_every_output_of_the_matrix_is_valid_office_xml(matrix):
    from test_schema import _ours

    standard, large = matrix
    assert [finding for path in standard + large for finding in _ours(path)] == []


def test_every_layout_renders_with_no_findings(matrix, soffice):
    standard, large = matrix
    assert len(standard) >= 45 and len(large) >= 15
    found = check_rendering(standard, soffice) + check_rendering(large, soffice, large_print=True)
    assert [f"{f.path.parent.name}/{f.path.name}: {f.where}: {f.message}" for f in found] == []
