"""Property-based tests: whatever text people put in, a clear error or files that open.

Hypothesis runs with a fixed seed (derandomize) and a bounded number of examples, so CI is
repeatable and quick. Every file built is opened by python-pptx or python-docx at once, and
by LibreOffice in one run at the end of the test (where it is installed; always in CI).
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import docx
from conftest import to_pdfs
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from toolkit.api import BuildConfig, BuildResult, ReportConfig, build, report
from toolkit.content.profile import load_profile
from toolkit.errors import ToolkitError
from toolkit.model import Partnership
from toolkit.writers.spreadsheet import FORMULA_STARTS

# Any Unicode, weighted towards what breaks things: controls XML cannot hold, right-to-left
# text, emoji, combining marks, Welsh, and very long strings. Text without control
# characters is drawn as often as text with them, so that most examples get as far as
# writing files (text with controls is refused with a clear error).
visible = st.characters(blacklist_categories=("Cc", "Cs"))
awkward = st.one_of(
    st.text(visible, min_size=1, max_size=40),
    st.text(min_size=1, max_size=40),
    st.sampled_from(["\x00", "\x0b", "\u202e", "\ufeff", "\U0001f600", "e\u0301",
                     "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
                     "Ynys M\u00f4n \u0175 \u0177"]),
    st.text(visible, min_size=300, max_size=600),
)
SETTINGS = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def toml_string(text: str) -> str:
    """Return ``text`` as a TOML basic string, as a careful person would type it: quotes and
    backslashes escaped, control characters as numbered escapes, everything else as it is."""

    def char(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        return f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c

    return '"' + "".join(char(c) for c in text) + '"'


def opens(files, keep: list[Path], folder: Path) -> None:
    """Open each Office file with python-pptx or python-docx, and keep a copy (under a
    new name) for LibreOffice to open once every example has run."""
    for path in files:
        if path.suffix == ".pptx":
            Presentation(str(path))
        elif path.suffix == ".docx":
            docx.Document(str(path))
        else:
            continue
        copy = folder / f"e{len(keep):03d}-{path.name}"
        shutil.copy(path, copy)
        keep.append(copy)


def built(make: Callable[[], BuildResult]) -> tuple[Path, ...]:
    """Return the files ``make()`` wrote, or none when it refused the input, which it must
    do with a message (a ``ToolkitError``), never a traceback."""
    try:
        return make().files
    except ToolkitError as error:
        assert error.format_message()
        return ()


def every_client_opens(soffice: str | None, kept: list[Path], folder: Path) -> None:
    assert kept, "no example got as far as writing files, so nothing was opened"
    libreoffice_opens(soffice, kept, folder)


def libreoffice_opens(soffice: str | None, files: list[Path], folder: Path) -> None:
    """Check that LibreOffice, a real client, opens every file: each becomes a PDF with
    at least one page. Skipped where LibreOffice is neither installed nor required."""
    if soffice is None:
        return
    (folder / "pdf").mkdir()
    for source, pdf in zip(files, to_pdfs(soffice, files, folder / "pdf"), strict=True):
        assert pdf.exists(), f"LibreOffice could not open {source.name}"
        assert len(PdfReader(pdf).pages) >= 1, f"{source.name} opened with no pages"


def test_any_framework_text_gives_an_error_or_files_that_open(tmp_path, soffice_if_installed):
    kept: list[Path] = []

    @SETTINGS
    @given(question=awkward, prompt=awkward)
    def check(question, prompt):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "framework.md"
            text = f"# Title\n\n## 1. {question}\n\nLead-in:\n\n- {prompt}\n"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            opens(built(lambda: build(BuildConfig(framework=path, out=Path(folder) / "out",
                                                  audiences=("partnership-board",)))),
                  kept, tmp_path)

    check()
    every_client_opens(soffice_if_installed, kept, tmp_path)


# The shapes of input that once made words vanish or messages mislead (issue 12): prompts
# as raw HTML, behind a comment, as a picture, typed with a bullet character, numbered or
# indented, and files that open front matter without closing it or are not text at all.
PROMPT_SHAPES = ["- {}", "\u2022 {}", "1. {}", "    - {}", "- <div>{}</div>", "- <!-- c --> {}",
                 "- ![{}](x.png)", "- Is <b>{}</b>?", "<p>{}</p>\n\n- a", "- {}\n\n<!-- note -->"]
FILE_STARTS = ["", "---\ntitle: x\n\n", "{\\rtf1\\ansi ", "%PDF-1.7\n", "\ufeff"]
word = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=3, max_size=12)


def test_no_prompt_vanishes_whatever_its_shape(tmp_path, soffice_if_installed):
    """A framework either gives a clear error or files in which every prompt's words
    appear: nothing the author wrote is silently dropped."""
    kept: list[Path] = []

    @SETTINGS
    @given(shape=st.sampled_from(PROMPT_SHAPES), start=st.sampled_from(FILE_STARTS),
           words=st.lists(word, min_size=1, max_size=3))
    @example(shape="- {}", start="", words=["Reviewed"])
    def check(shape, start, words):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "framework.md"
            prompt = shape.format(" ".join(words))
            path.write_text(f"{start}# Title\n\n## 1. Question?\n\nLead-in:\n\n{prompt}\n",
                            encoding="utf-8")
            files = built(lambda: build(BuildConfig(framework=path, out=Path(folder) / "out",
                                                    audiences=("partnership-board",))))
            worksheet = next((f for f in files if f.suffix == ".docx"), None)
            if worksheet is not None:
                text = "\n".join(p.text for p in docx.Document(str(worksheet)).paragraphs)
                assert all(w in text for w in words), (prompt, words)
            opens(files, kept, tmp_path)

    check()
    every_client_opens(soffice_if_installed, kept, tmp_path)


when = st.one_of(st.sampled_from(['"2027-03-14"', '"14/03/2027"', '"next tuesday"',
                                  '"31/02/2027"', "2027-03-14", '"Dydd Sul 14 Mawrth 2027"']),
                 awkward.map(toml_string))
clock = st.one_of(st.sampled_from(['"18:00"', '"6pm"', '"25:99"', '"13pm"', "18:30:00"]),
                  awkward.map(toml_string))


def test_any_profile_text_gives_an_error_or_files_that_open(tmp_path, soffice_if_installed):
    kept: list[Path] = []

    @SETTINGS
    @given(name=awkward, facilitator=awkward, priority=awkward, date=when, time=clock,
           minutes=st.sampled_from([30, 90, 480, 481, 1_000_000_000]))
    @example(name="Ynys M\u00f4n \U0001f600", facilitator="Si\u00e2n", priority="Byw'n dda",
             date='"14/03/2027"', time='"6pm"', minutes=90)
    def check(name, facilitator, priority, date, time, minutes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "p.toml"
            path.write_text(f"name = {toml_string(name)}\n"
                            f"facilitator = {toml_string(facilitator)}\n"
                            f"priorities = [{toml_string(priority)}]\n"
                            f'[[sessions]]\naudience = "residents"\ndate = {date}\n'
                            f"time = {time}\nminutes = {minutes}\n", encoding="utf-8")
            files = built(lambda: build(BuildConfig(partnership=load_profile(path),
                                                    out=Path(folder) / "out")))
            for file in files:  # slugs keep every file inside the output folder
                assert (Path(folder) / "out") in file.parents
            opens(files, kept, tmp_path)

    check()
    every_client_opens(soffice_if_installed, kept, tmp_path)


# What people type into a results spreadsheet: mostly ratings, sometimes anything at all.
rating = st.sampled_from(["1", "2", "3", "4", "5", "", " 4 "])
cell = st.one_of(*[rating] * 6, st.sampled_from(["3.5", "n/a", "6"]), awkward)
audience_name = st.sampled_from(["frontline"] * 4 + ["councillors", "Frontline", "nobody"])
formula = st.sampled_from(["=1+1", "@SUM(A1)", "+44 7700", "-2", "\tx", '=HYPERLINK("x")'])


def test_any_results_text_gives_an_error_or_a_report_that_opens(tmp_path, soffice_if_installed):
    kept: list[Path] = []

    @SETTINGS
    @given(rows=st.lists(st.tuples(audience_name, cell, cell, st.one_of(awkward, formula)),
                         min_size=0, max_size=8))
    @example(rows=[("frontline", "3", "4", "M\u00f4n \U0001f600 \u05e9\u05dc\u05d5\u05dd")] * 3)
    def check(rows):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "results.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["Respondent code", "Audience", "Q1", "Q6", "Q1 comments"])
                for number, (audience, q1, q6, comment) in enumerate(rows, start=1):
                    writer.writerow([f"R{number}", audience, q1, q6, comment])
            config = ReportConfig(results=(path,), out=Path(folder) / "out")
            files = built(lambda: report(config))
            for written in (f for f in files if f.suffix == ".csv"):
                with written.open(encoding="utf-8-sig", newline="") as handle:
                    cells = [c for row in csv.reader(handle) for c in row]
                assert not any(c.startswith(FORMULA_STARTS) for c in cells)
            opens(files, kept, tmp_path)

    check()
    every_client_opens(soffice_if_installed, kept, tmp_path)


def test_names_that_try_to_escape_stay_inside(tmp_path):
    for name in ("../../escape", "/etc/passwd", "CON", "..", "a/../../b"):
        result = build(BuildConfig(partnership=Partnership(name=name), out=tmp_path / "out",
                                   audiences=("residents",)))
        for file in result.files:
            assert (tmp_path / "out") in file.resolve().parents
