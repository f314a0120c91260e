"""What the toolkit refuses, and how: careless and hostile input gives a clear message that
names the file, exit code 1 and no traceback, and leaves every file already in the output
folder as it was (issue 12; each test names the case it reproduces)."""

from __future__ import annotations

import csv
import io
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from toolkit.api import usable_audiences
from toolkit.cli import cli
from toolkit.content.framework import load_framework
from toolkit.content.resources import builtin_dir, default_framework
from toolkit.content.results import read_results
from toolkit.content.sources import TEXT_LIMIT
from toolkit.writers.spreadsheet import write_csv

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX devices and pipes")
SEED_PROFILE = """\
name = "Test Partnership"
{extra}
[[sessions]]
audience = "frontline"
participants = 8
"""


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def refused(result, *fragments: str) -> None:
    """Assert the command failed with exit 1 and a message holding ``fragments``."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    for fragment in fragments:
        assert fragment in result.output, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def png_claiming(path: Path, width: int, height: int) -> Path:
    """Write a tiny PNG whose header claims ``width`` x ``height`` pixels: what a picture
    of that size looks like to anything that checks before decoding."""
    Image.new("RGB", (1, 1)).save(path, format="PNG")
    data = bytearray(path.read_bytes())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    path.write_bytes(bytes(data))
    return path


# --- 1. Pictures too large ---------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (10000, 10000)])
def test_a_huge_logo_is_refused_with_the_profile_line_and_the_limit(tmp_path, width, height):
    png_claiming(tmp_path / "logo.png", width, height)
    profile = tmp_path / "p.toml"
    profile.write_text(SEED_PROFILE.format(extra='logo = "logo.png"'), encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out")
    refused(result, f"{profile}:2: logo ", "40 million pixels")
    assert "DecompressionBomb" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_large_logo_is_scaled_down_before_it_is_embedded(tmp_path):
    Image.new("RGB", (4000, 1000), (200, 30, 60)).save(tmp_path / "logo.png")
    profile = tmp_path / "p.toml"
    profile.write_text(SEED_PROFILE.format(extra='logo = "logo.png"'), encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    deck = next((tmp_path / "out").rglob("*-deck.pptx"))
    pictures = [s for s in Presentation(str(deck)).slides[0].shapes if s.shape_type == 13]
    assert [p.image.size for p in pictures] == [(1600, 400)]


def zip_bomb(path: Path, package: bytes) -> Path:
    """Write ``package`` (an Office file's bytes) with a member of zeros added that unpacks
    to 210 MB though the file stays small: a zip bomb."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        with zipfile.ZipFile(io.BytesIO(package)) as original:
            for item in original.infolist():
                bomb.writestr(item, original.read(item.filename))
        with bomb.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(bytes(1_000_000))
    return path


def test_a_house_template_that_unpacks_to_too_much_is_refused_before_it_is_read(tmp_path):
    blank = io.BytesIO()
    Presentation().save(blank)
    bomb = zip_bomb(tmp_path / "house.potx", blank.getvalue())
    assert bomb.stat().st_size < 2_000_000
    result = run("build", "--out", tmp_path / "out", "--pptx-template", bomb)
    refused(result, "house.potx: this PowerPoint template would unpack to 210 MB", "200 MB")
    assert not (tmp_path / "out").exists()


# --- 2 and 3. Checking a folder with damaged files and lock files --------------------------


def test_check_outputs_reports_files_that_are_not_office_files_and_skips_lock_files(
    tmp_path, default_pack
):
    folder = tmp_path / "files"
    folder.mkdir()
    deck = default_pack["deck"]
    (folder / "good.pptx").write_bytes(deck.read_bytes())
    (folder / "notes.pptx").write_text("just some text")
    (folder / "noise.docx").write_bytes(os.urandom(3000))
    (folder / "cut-short.pptx").write_bytes(deck.read_bytes()[:5000])
    (folder / "~$good.pptx").write_bytes(b"\x00owner")  # PowerPoint's lock file
    zip_bomb(folder / "bomb.pptx", deck.read_bytes())
    result = run("check", "--outputs", folder)
    refused(
        result,
        f"{folder / 'notes.pptx'}: the file: not a PowerPoint file",
        f"{folder / 'noise.docx'}: the file: not a Word file",
        f"{folder / 'cut-short.pptx'}: the file: not a PowerPoint file",
        f"{folder / 'bomb.pptx'}: the file: would unpack to more than 200 MB",
        "4 accessibility finding(s) in 5 files",
    )
    assert "~$good" not in result.output


# --- 4. A folder of results -----------------------------------------------------------------


def typed_results(folder: Path, ratings: list[list[str]]) -> Path:
    """Build the frontline pack into ``folder`` and type ``ratings`` (Q1, Q5, Q6, Q7) into
    its results sheet; return the sheet."""
    assert run("build", "--audience", "frontline", "--out", folder).exit_code == 0
    sheet = folder / "partnership-innovation-frontline-results.csv"
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    for number, row in enumerate(ratings, start=1):
        lines[number] = f"R{number:02d},frontline," + ",".join(row) + ",,,,"
    sheet.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return sheet


def test_report_reads_every_results_sheet_in_a_folder(tmp_path):
    typed_results(tmp_path / "pack", [["4", "3", "2", "5"]] * 5)  # the minimum group
    result = run("report", tmp_path / "pack", "--out", tmp_path / "report")
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "report" / "partnership-innovation-results-report.pptx"))
    assert "5 worksheets" in "\n".join(
        shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame
    )


def test_report_of_a_folder_without_results_says_what_it_needs(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("report", tmp_path / "empty", "--out", tmp_path / "report")
    refused(result, f"{tmp_path / 'empty'}: this folder holds no results spreadsheet")


# --- 5. Inputs that are not regular files, or too large ------------------------------------


def checked_quickly(args: list[str]) -> subprocess.CompletedProcess:
    """Run ``toolkit`` in its own process, so that a hang fails the test instead of
    stopping the suite."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def special_file(tmp_path: Path, kind: str, name: str) -> Path:
    """Return a path called ``name`` that is a FIFO, or a link to /dev/zero."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero"])
@pytest.mark.parametrize(
    "role", ["framework", "audience", "activity", "profile", "template", "results", "logo"]
)
def test_an_input_that_is_not_a_regular_file_is_refused(tmp_path, kind, role):
    out = tmp_path / "out"
    if role == "framework":
        path = special_file(tmp_path, kind, "f.md")
        args = ["check", "--framework", path]
    elif role in ("audience", "activity"):
        path = special_file(tmp_path, kind, f"mine/{role.replace('y', 'ie')}s/x.md")
        args = ["check", "--content", tmp_path / "mine"]
    elif role == "profile":
        path = special_file(tmp_path, kind, "p.toml")
        args = ["build", path, "--out", out]
    elif role == "template":
        path = special_file(tmp_path, kind, "tpl/deck.md.j2")
        args = ["build", "--templates", path.parent, "--out", out]
    elif role == "results":
        path = special_file(tmp_path, kind, "r.csv")
        args = ["report", path, "--out", out]
    else:
        path = special_file(tmp_path, kind, "logo.png")
        profile = tmp_path / "p.toml"
        profile.write_text(SEED_PROFILE.format(extra='logo = "logo.png"'), encoding="utf-8")
        args = ["build", profile, "--out", out]
    result = checked_quickly(args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    confined = kind == "zero" and role in ("template", "logo")  # a link out of its folder
    expected = "outside the" if confined else "not a regular file"
    assert expected in result.stderr, result.stderr
    assert str(path) in result.stderr or path.name in result.stderr
    assert not out.exists()


def test_an_input_over_its_size_limit_is_refused_before_it_is_read(write_file):
    path = write_file("big.md", "# Big\n\n" + "x" * TEXT_LIMIT)
    result = run("check", "--framework", path)
    refused(result, f"{path}: the file is 2,000,007 bytes; a framework file may be at most 2 MB")


# --- 9 and 10. Files in the way --------------------------------------------------------------


def test_a_file_the_toolkit_did_not_write_is_left_alone_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "partnership-innovation-frontline-deck.pptx"
    mine.write_bytes(b"my own deck")
    result = run("build", "--audience", "frontline", "--out", out)
    refused(result, f"{mine}: not made by the toolkit", "--force")
    assert snapshot(out) == {mine.name: b"my own deck"}
    forced = run("build", "--audience", "frontline", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert mine.read_bytes() != b"my own deck"


@pytest.mark.parametrize("manifest", ["deleted", "damaged"])
def test_typed_in_ratings_are_never_lost_even_with_force(tmp_path, manifest):
    out = tmp_path / "out"
    sheet = typed_results(out, [["4", "3", "2", "5"]])
    typed = sheet.read_bytes()
    if manifest == "deleted":
        (out / ".toolkit-manifest.json").unlink()
    else:
        (out / ".toolkit-manifest.json").write_text("{not json")
    before = snapshot(out)
    refused(run("build", "--audience", "frontline", "--out", out), f"{sheet}: not made by")
    assert snapshot(out) == before
    forced = run("build", "--audience", "frontline", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    (copy,) = out.glob("partnership-innovation-frontline-results-kept-*.csv")
    assert copy.read_bytes() == typed
    assert f"kept {sheet} as {copy}: ratings were typed into it" in forced.output
    assert sheet.read_bytes() != typed  # a fresh, empty sheet


def test_an_edited_results_sheet_with_its_manifest_is_kept_too(tmp_path):
    out = tmp_path / "out"
    sheet = typed_results(out, [])
    assert run("build", "--audience", "frontline", "--out", out).exit_code == 0
    sheet.write_bytes(sheet.read_bytes().replace(b"R01,frontline,", b"R01,frontline,5", 1))
    typed = sheet.read_bytes()
    forced = run("build", "--audience", "frontline", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    (copy,) = out.glob("*-kept-*.csv")
    assert copy.read_bytes() == typed


# --- 11, 12 and 27. Templates reach nothing outside their folder, and stop in time ---------


@posix_only
def test_a_template_linking_outside_its_folder_is_refused(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "notes.md.j2").symlink_to("/etc/passwd")
    deck = (builtin_dir("templates") / "deck.md.j2").read_text(encoding="utf-8")
    (templates / "deck.md.j2").write_text(
        deck.replace("---\n\n# ", '---\n\n{% include "notes.md.j2" %}\n\n# ', 1),
        encoding="utf-8",
    )
    result = run("build", "--templates", templates, "--out", tmp_path / "out")
    refused(result, f"{templates / 'notes.md.j2'}: leads to /etc/passwd, outside the templates")
    assert "root:" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("logo", ["/etc/passwd", "../logo.png"])
def test_a_template_cannot_embed_a_picture_from_outside_its_folder(tmp_path, logo):
    Image.new("RGB", (20, 20)).save(tmp_path / "logo.png")
    templates = tmp_path / "tpl"
    templates.mkdir()
    deck = (builtin_dir("templates") / "deck.md.j2").read_text(encoding="utf-8")
    deck = deck.replace("logo: {{ partnership.logo | yaml }}", f'logo: "{logo}"', 1)
    (templates / "deck.md.j2").write_text(deck, encoding="utf-8")
    result = run("build", "--templates", templates, "--out", tmp_path / "out")
    refused(result, f"{templates / 'deck.md.j2'}: the picture '{logo}' is outside the templates")


def test_a_profile_logo_outside_the_profile_folder_is_refused(tmp_path):
    Image.new("RGB", (20, 20)).save(tmp_path / "logo.png")
    (tmp_path / "profiles").mkdir()
    profile = tmp_path / "profiles" / "p.toml"
    profile.write_text(SEED_PROFILE.format(extra='logo = "../logo.png"'), encoding="utf-8")
    result = run("build", profile, "--out", tmp_path / "out")
    refused(result, f"{profile}:2: the logo ../logo.png is outside the profile's folder")


@pytest.mark.parametrize("template", ["deck.md.j2", "cards.md.j2"])
def test_a_template_that_runs_too_long_is_stopped_and_nothing_is_written(tmp_path, template):
    templates = tmp_path / "tpl"
    templates.mkdir()
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    text = (builtin_dir("templates") / template).read_text(encoding="utf-8")
    (templates / template).write_text(loops + text, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", "--out", out).exit_code == 0
    before = snapshot(out)
    started = time.monotonic()
    result = run("build", "--templates", templates, "--out", out, "--time-limit", "2")
    refused(result, f"{templates / template}: still rendering after 2 seconds")
    assert time.monotonic() - started < 20  # the cards run in a second process: not twice
    assert snapshot(out) == before


def test_a_template_cannot_make_a_huge_string(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    text = (builtin_dir("templates") / "deck.md.j2").read_text(encoding="utf-8")
    (templates / "deck.md.j2").write_text("{{ 'x' * 10**9 }}" + text, encoding="utf-8")
    result = run("build", "--templates", templates, "--out", tmp_path / "out")
    refused(result, "deck.md.j2:1: '*' would make 1,000,000,000 items; at most 1,000,000")


# --- 7 and 8. Two packs for one folder -------------------------------------------------------


def test_two_profiles_that_make_the_same_folder_are_refused_before_building(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('name = "Test Partnership"\n', encoding="utf-8")
    second.write_text('name = "TEST partnership!!"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", first, second, "--out", out)
    refused(
        result,
        f"{first} ('Test Partnership') and {second} ('TEST partnership!!') would both be "
        f"built into {out / 'test-partnership'}",
    )
    assert not out.exists()


def test_the_same_profile_named_twice_is_built_once(tmp_path):
    first = tmp_path / "a.toml"
    first.write_text('name = "Test Partnership"\n', encoding="utf-8")
    result = run("build", first, tmp_path / "." / "a.toml", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("deck.pptx") == 1


def test_one_audience_under_two_names_in_a_profile_is_refused_with_both_lines(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        'name = "Dup"\n\n[[sessions]]\naudience = "board"\n\n'
        '[[sessions]]\naudience = "partnership-board"\n',
        encoding="utf-8",
    )
    result = run("build", path, "--out", tmp_path / "out")
    refused(
        result,
        f"{path}:7: session 2 is for the audience 'partnership-board', as session 1 is "
        "(line 4); both packs would go into one folder",
    )
    assert not (tmp_path / "out").exists()


def test_one_audience_asked_for_under_two_names_is_built_once(tmp_path):
    first = tmp_path / "a.toml"
    first.write_text('name = "Test Partnership"\n', encoding="utf-8")
    args = ["--audience", "board", "--audience", "partnership-board", "--jobs", "1"]
    result = run("build", first, *args, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("deck.pptx") == 1


# --- 13. Formula injection ---------------------------------------------------------------------

FORMULAS = """\
# Formulas

## Everything

- =1+1 is a question?
- @SUM(1,2) is one too?
- +3 and -2+3 are?

## Questions

### 1. =1+1 is a question?

- =HYPERLINK("http://example.com","click")

### 2. @SUM(1,2) is one too?

- a

### 3. +3 and -2+3 are?

- b
"""


def formula_report(tmp_path: Path) -> tuple[Path, Path]:
    """Build a pack from a framework whose questions start like formulas, type five
    worksheets (the minimum group) into its results sheet and report them; return the
    sheet and summary."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    framework = tmp_path / "formulas.md"
    framework.write_text(FORMULAS, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", "--framework", framework, "--out", out).exit_code == 0
    sheet = next(out.glob("*-results.csv"))
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    lines[1:6] = [f"R0{n},partnership-board,{n % 3 + 2},3,4,,,," for n in range(1, 6)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = run("report", sheet, "--framework", framework, "--out", out / "report")
    assert result.exit_code == 0, result.output
    return sheet, next((out / "report").glob("*-summary.csv"))


def test_no_csv_cell_the_toolkit_writes_can_start_a_formula(tmp_path):
    for written in formula_report(tmp_path):
        with written.open(encoding="utf-8-sig", newline="") as file:
            for row in csv.reader(file):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    summary = formula_report(tmp_path / "again")[1].read_text(encoding="utf-8-sig")
    assert "'=1+1 is a question?" in summary


def test_a_cell_written_safe_is_read_back_as_it_was(tmp_path):
    framework = load_framework(default_framework())
    typed = ["=1+1", "-less paper", "'plain quote", "+44 123"]
    sheet = tmp_path / "results.csv"
    write_csv(
        sheet,
        [["Respondent code", "Audience", "Q1 comments"], *[["", "frontline", t] for t in typed]],
    )
    assert "'=1+1" in sheet.read_text(encoding="utf-8-sig")  # safe in a spreadsheet
    read = read_results([sheet], framework, usable_audiences(framework))
    assert [r.comments["q1"] for r in read] == typed  # and the toolkit's reading is exact


def test_libreoffice_calc_finds_no_formula_in_the_summary(tmp_path, soffice):
    _sheet, summary = formula_report(tmp_path)
    control = tmp_path / "control.csv"  # proves Calc would take an unescaped cell as a formula
    control.write_text("a\n=1+1\n", encoding="utf-8")
    converted = calc_formulas(soffice, [summary, control], tmp_path / "xlsx")
    assert converted[control.stem] >= 1
    assert converted[summary.stem] == 0


def calc_formulas(soffice: str, sheets: list[Path], folder: Path) -> dict[str, int]:
    """Return how many formulas LibreOffice Calc finds in each CSV (opened as Calc opens a
    CSV by default, then saved as .xlsx)."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            *map(str, sheets),
        ],
        capture_output=True,
        timeout=300,
    )
    found = {}
    for sheet in sheets:
        book = folder / f"{sheet.stem}.xlsx"
        if not book.exists():
            if os.environ.get("TOOLKIT_REQUIRE_LIBREOFFICE") == "1":
                pytest.fail("LibreOffice Calc is required here (apt-get install libreoffice-calc)")
            pytest.skip("LibreOffice Calc is not installed")
        with zipfile.ZipFile(book) as package:
            xml = package.read("xl/worksheets/sheet1.xml").decode()
        found[sheet.stem] = xml.count("<f")
    return found


# --- 14, 15, 19, 20 and 21. Nothing the author wrote vanishes; one message per problem --------

FRAMEWORK = """\
# T

## Central

{groups}

## Drivers

- Two?

## Questions

### 1. One?

For example:

{prompts}

### 2. Two?

- b
"""


def framework_problems(write_file, prompts: str, groups: str = "- One?") -> list[str]:
    path = write_file("f.md", FRAMEWORK.format(prompts=prompts, groups=groups))
    result = run("check", "--framework", path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [
        line.removeprefix(f"error: {path}:")
        for line in result.output.splitlines()
        if line.startswith("error: ")
    ]


@pytest.mark.parametrize(
    ("prompts", "expected"),
    [
        ("- <div>Is it reviewed?</div>\n- Real?", "17: raw HTML ('<div>') is not read"),
        ("- <!-- c --> Is it reviewed?\n- Real?", "17: an HTML comment here hides the words"),
        ("- Is it <b>reviewed</b>?", "17: raw HTML ('<b>') is not read"),
        ("- ![a chart](x.png)\n- Real?", "17: a picture (![a chart](x.png)) cannot be shown"),
        ("• Is it reviewed?\n• Real?", "17: '•' is not a Markdown bullet"),
        (
            "1. Is it reviewed?\n2. Real?",
            "17: prompts must be bullets starting with '- '; this is a numbered list",
        ),
        (
            "    - Is it reviewed?\n    - Real?",
            "17: prompts must be bullets starting with '- ' "
            "at the left margin; these lines are indented",
        ),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- Real?",
            "17: question 1's lead-in can only be sentences; this is a table",
        ),
        ("<p>More lead-in</p>\n\n- Real?", "17: raw HTML ('<p>') is not read"),
    ],
)
def test_prompts_that_would_vanish_give_one_message_each(write_file, prompts, expected):
    (problem,) = framework_problems(write_file, prompts)
    assert problem.startswith(expected)


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ("• One?", "5: '•' is not a Markdown bullet"),
        (
            "1. One?",
            "5: a grouping's questions must be bullets starting with '- '; this is a numbered list",
        ),
    ],
)
def test_a_grouping_written_without_bullets_gives_one_message(write_file, groups, expected):
    (problem,) = framework_problems(write_file, "- a", groups)
    assert problem.startswith(expected)


def test_a_comment_on_its_own_line_is_allowed(write_file):
    path = write_file("f.md", FRAMEWORK.format(prompts="<!-- to check -->\n\n- a", groups="- One?"))
    assert run("check", "--framework", path).exit_code == 0


def test_front_matter_that_is_never_closed_is_named(write_file):
    path = write_file(
        "f.md", "---\ntitle: X\n\n" + FRAMEWORK.format(prompts="- a", groups="- One?")
    )
    refused(
        run("check", "--framework", path),
        f"{path}:1: the front matter opened on line 1 is never closed",
        "1 problem found.",
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"{\\rtf1\\ansi # T\\par }", "a rich text (RTF) file"),
        (b"%PDF-1.7\n...", "a PDF"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "an old-style Office file (.doc, .xls or .ppt)",
        ),
        (b"\xff\xfe#\x00 \x00T\x00", "a UTF-16 ('Unicode') file"),
    ],
)
def test_a_file_of_another_kind_is_recognised(write_file, data, kind):
    path = write_file("framework.md", data)
    refused(run("check", "--framework", path), f"{path}: this is {kind}, not plain text")


def test_a_word_document_is_recognised(write_file, default_pack):
    path = write_file("framework.md", default_pack["guide"].read_bytes())
    refused(
        run("check", "--framework", path),
        f"{path}: this is a Word document",
        "save it as plain text",
    )


# --- 24 and 25. All at once, and where content must go ---------------------------------------

AUDIENCE = """\
---
name: Mine
description: [unclosed
questions: [q1]
activities: [table-discusion]
---

# Why this matters to you

<div>Hidden</div>
"""


def test_every_problem_of_the_content_is_reported_in_one_run(tmp_path, write_file):
    write_file("mine/audiences/mine.md", AUDIENCE)
    framework = write_file("f.md", FRAMEWORK.format(prompts="1. a", groups="- One?"))
    result = run("check", "--framework", framework, "--content", tmp_path / "mine")
    refused(
        result,
        "prompts must be bullets",
        "front matter is not valid YAML",
        "raw HTML ('<div>')",
        "3 problems found.",
    )
    assert "front matter has no" not in result.output  # no echo of the YAML mistake


def test_an_unknown_activity_lists_the_activities(write_file, tmp_path):
    write_file(
        "mine/audiences/mine.md",
        AUDIENCE.replace("[unclosed", "Mine").replace("<div>Hidden</div>", "Why."),
    )
    result = run("check", "--content", tmp_path / "mine")
    refused(
        result,
        "unknown activity 'table-discusion'",
        "did you mean 'table-discussion'?",
        "the activities are: agree-priorities, card-round, card-sort, chaired-discussion,",
        "(see 'toolkit activities')",
    )
    listed = run("activities")
    assert listed.exit_code == 0
    assert "table-discussion: Table discussion (question, 8 min)" in listed.output


def test_a_content_folder_without_audiences_or_activities_folders_is_refused(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "frontline.md").write_text("---\nname: x\n---\n", encoding="utf-8")
    result = run("build", "--content", tmp_path / "mine", "--out", tmp_path / "out")
    refused(
        result,
        f"no audience, activity or format files found in {tmp_path / 'mine' / 'audiences'}",
        "(it holds 1 .md file(s) directly, which are not read)",
    )
    assert not (tmp_path / "out").exists()


# --- 16. Profile text on the title slide is never dropped ------------------------------------

LONGEST = {  # at the profile's limits, with long words, in two languages
    "name": (
        "Partneriaeth Gwasanaethau Cyhoeddus Ynys Môn, Gwynedd a Chonwy, Northshire and "
        "Southdale Health and Wellbeing Together"
    )[:120],
    "facilitator": "Dr Alexandra Montgomery-Fitzwilliam, Head of Partnership Development, "
    "Northshire County Council",
    "venue": "The Council Chamber, Northshire County Hall, Bythesea Road, Trowbridge, "
    "Wiltshire BA14 8JN, second floor, east entrance, reception desk on the left",
}


def limit_profile(folder: Path, **changes: str) -> Path:
    values = {**LONGEST, **changes}
    Image.new("RGB", (600, 200), (20, 90, 160)).save(folder / "logo.png")
    path = folder / "p.toml"
    path.write_text(
        f'name = "{values["name"]}"\nlogo = "logo.png"\nfacilitator = "{values["facilitator"]}"\n'
        f'[[sessions]]\naudience = "politicians"\ndate = 2027-03-14\ntime = "6pm"\n'
        f'venue = "{values["venue"]}"\n',
        encoding="utf-8",
    )
    return path


def test_the_longest_profile_text_fits_on_the_title_slide(tmp_path, soffice):
    assert [len(v) for v in LONGEST.values()] <= [120, 100, 150]
    result = run("build", limit_profile(tmp_path), "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 0, result.output
    deck = next((tmp_path / "out").rglob("*-deck.pptx"))
    text = "\n".join(
        s.text_frame.text for s in Presentation(str(deck)).slides[0].shapes if s.has_text_frame
    )
    for value in (
        LONGEST["name"],
        "Sunday 14 March 2027, 18:00",
        LONGEST["venue"],
        f"Facilitated by {LONGEST['facilitator']}",
    ):
        assert value in " ".join(text.split()), value
    import pdfplumber
    from conftest import to_pdf

    with pdfplumber.open(to_pdf(soffice, deck, tmp_path / "pdf")) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        logo = next(i for i in page.images)
        for word in words:  # inside the slide, and clear of the logo's panel
            assert word["x0"] >= 0 and word["x1"] <= page.width
            assert word["top"] >= 0 and word["bottom"] <= page.height
            assert word["top"] > logo["bottom"] or word["x1"] < logo["x0"], word
    printed = " ".join(w["text"] for w in words)
    assert "reception desk on the left" in printed and "County Council" in printed


def test_profile_text_too_long_for_the_title_slide_is_refused_with_its_line(tmp_path):
    path = limit_profile(tmp_path, venue=LONGEST["venue"] + ", past the lifts")
    refused(
        run("build", path, "--out", tmp_path / "out"),
        f"{path}:8: venue is 163 characters long; at most 150 fit on the title slide",
    )


def test_text_that_cannot_fit_is_kept_named_and_fails_strict(tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    long = "A very long sentence that a template adds to the title slide. " * 30
    deck = (builtin_dir("templates") / "deck.md.j2").read_text(encoding="utf-8")
    headline = "{{ words.headline or framework.question_of_review }}\n"
    deck = deck.replace(headline, f"{long}\n\nLast words.\n", 1)
    (templates / "deck.md.j2").write_text(deck, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "--templates", templates, "--out", out)
    assert result.exit_code == 0, result.output
    assert "does not fit under the title even at 18 pt: 'A very long sentence" in result.output
    built = Presentation(str(next(out.glob("*-deck.pptx"))))
    assert "Last words." in "\n".join(
        s.text_frame.text for s in built.slides[0].shapes if s.has_text_frame
    )
    strict = run("build", "--templates", templates, "--out", tmp_path / "strict", "--strict")
    refused(strict, "with --strict; nothing was written")


# --- 17. Dates and times ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('date = "next tuesday"', "date: 'next tuesday' is not a date the toolkit can read"),
        ('date = "31/02/2027"', "date: there is no day 31 of month 2 in 2027"),
        ('date = "Tuesday 14 March 2027"', "date: 14 March 2027 is a Sunday, not Tuesday"),
        ('time = "25:99"', "time: '25:99' is not a time of day"),
        ('time = "13pm"', "time: '13pm' is not a time: with am or pm, the hour is 1 to 12"),
    ],
)
def test_a_date_or_time_that_is_not_one_is_refused_with_its_line(tmp_path, line, expected):
    path = tmp_path / "p.toml"
    path.write_text(f'name = "X"\n[[sessions]]\naudience = "frontline"\n{line}\n', encoding="utf-8")
    refused(run("build", path, "--out", tmp_path / "out"), f"{path}:4: {expected}", "write it like")


@pytest.mark.parametrize(
    ("date", "time", "printed"),
    [
        ('"2027-03-14"', '"18:00"', "Sunday 14 March 2027, 18:00"),
        ('"14/03/2027"', '"6pm"', "Sunday 14 March 2027, 18:00"),
        ("2027-03-14", '"6.30 pm"', "Sunday 14 March 2027, 18:30"),
        ('"Sunday 14th March 2027"', "18:00:00", "Sunday 14th March 2027, 18:00"),
        ('"Dydd Sul 14 Mawrth 2027"', '"18.00"', "Dydd Sul 14 Mawrth 2027, 18:00"),
    ],
)
def test_dates_and_times_in_the_forms_people_type(tmp_path, date, time, printed):
    path = tmp_path / "p.toml"
    path.write_text(
        f'name = "X"\n[[sessions]]\naudience = "frontline"\ndate = {date}\ntime = {time}\n',
        encoding="utf-8",
    )
    result = run("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    deck = next((tmp_path / "out").rglob("*-deck.pptx"))
    assert printed in "\n".join(
        s.text_frame.text for s in Presentation(str(deck)).slides[0].shapes if s.has_text_frame
    )


# --- 22, 23 and 26. Messages that say what is true ---------------------------------------------


def test_a_failing_contrast_is_never_rounded_up_to_the_threshold(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "X"\n[colours]\nprimary = "#777777"\n', encoding="utf-8")
    refused(
        run("build", path, "--out", tmp_path / "out"),
        "contrast of only 4.4:1 (at least 4.5:1 is needed)",
    )


@posix_only
def test_a_failing_libreoffice_is_named_with_its_exit_status_and_words(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 77\n")
    fake.chmod(0o755)
    monkeypatch.setenv("TOOLKIT_SOFFICE", str(fake))
    refused(
        run("build", "--pdf", "--out", tmp_path / "out"),
        f"LibreOffice ({fake}) failed with exit status 77 while making the PDFs, so "
        "nothing was written; it said: Error: source file could not be loaded",
    )
    assert not (tmp_path / "out").exists()
    monkeypatch.setenv("TOOLKIT_SOFFICE", "/bin/false")
    refused(
        run("build", "--pdf", "--out", tmp_path / "out"),
        "LibreOffice (/bin/false) failed with exit status 1",
        "it printed nothing",
    )


def test_a_session_is_at_most_eight_hours(tmp_path):
    refused(
        run("build", "--minutes", "1000000000", "--out", tmp_path / "out"),
        "a 1000000000-minute session is longer than 480 minutes (8 hours)",
    )
    path = tmp_path / "p.toml"
    path.write_text(
        'name = "X"\n[[sessions]]\naudience = "frontline"\nminutes = 100000\n'
        "participants = 99999999\n",
        encoding="utf-8",
    )
    refused(
        run("build", path, "--out", tmp_path / "out"),
        f"{path}:4: minutes = 100000 is more than 480",
        f"{path}:5: participants = 99999999 is more than 1000",
    )


@pytest.mark.parametrize(
    "args", [("build", "--time-limit", "nan"), ("report", "--gap", "NaN", "results.csv")]
)
def test_not_a_number_is_not_taken_for_a_number(tmp_path, args):
    """'nan' passes every range check by comparing false; it once timed out every build."""
    result = run(*args, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "give a number, not" in result.output
    assert not (tmp_path / "out").exists()


def test_an_edited_action_plan_is_kept_unless_report_is_forced(tmp_path):
    sheet = typed_results(tmp_path / "pack", [["4", "3", "2", "5"]] * 3)
    out = tmp_path / "report"
    assert run("report", sheet, "--out", out).exit_code == 0
    plan = out / "partnership-innovation-action-plan.docx"
    plan.write_bytes(plan.read_bytes() + b"our actions")
    refused(
        run("report", sheet, "--out", out),
        f"{plan}: changed since it was built",
        "run again with --force",
    )
    assert plan.read_bytes().endswith(b"our actions")
    assert run("report", sheet, "--out", out, "--force").exit_code == 0
    assert not plan.read_bytes().endswith(b"our actions")
