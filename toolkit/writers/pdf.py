"""PDFs of a pack: one LibreOffice process for every file, tagged for PDF/UA, en-GB."""

from __future__ import annotations

import os
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from toolkit.config import LANGUAGE
from toolkit.errors import ConfigError, OutputError
from toolkit.writers.pdf_languages import SlideText, mark_languages, slide_texts

TIMEOUT = 600  # seconds for the whole conversion
# The JSON form of the filter options: the older key=value form silently gives untagged PDFs.
FILTER = (
    'pdf:writer_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"EmbedStandardFonts":{"type":"boolean","value":"true"}}'
)
_CANDIDATES = {
    "Darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
    "Windows": [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    ],
}
_INSTALL = {
    "Linux": "sudo apt-get install libreoffice-impress libreoffice-writer fonts-liberation "
    "(or your distribution's LibreOffice packages)",
    "Darwin": "brew install --cask libreoffice, or download it from libreoffice.org",
    "Windows": "install LibreOffice from libreoffice.org",
}


def find_soffice(needed_by: str = "--pdf") -> str:
    """Return the LibreOffice command (``TOOLKIT_SOFFICE`` wins; then PATH; then the usual
    install folders on macOS and Windows).

    Raises ``ConfigError`` saying how to install LibreOffice when it cannot be found.
    """
    chosen = os.environ.get("TOOLKIT_SOFFICE")
    if chosen:
        if Path(chosen).is_file() or shutil.which(chosen):
            return chosen
        raise ConfigError(f"TOOLKIT_SOFFICE is set to '{chosen}', which does not exist")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _CANDIDATES.get(platform.system(), []):
        if Path(candidate).is_file():
            return candidate
    hint = _INSTALL.get(platform.system(), _INSTALL["Linux"])
    raise ConfigError(
        f"{needed_by} needs LibreOffice, which was not found. Install it: "
        f"{hint}; or set TOOLKIT_SOFFICE to the soffice program"
    )


def make_pdfs(files: Sequence[Path], soffice: str) -> list[Path]:
    """Convert ``files`` to PDFs beside them in one LibreOffice run; return the PDFs.

    Each PDF is tagged, titled (shown in the title bar) and marked as en-GB. Raises
    ``OutputError`` if LibreOffice fails or takes too long.
    """
    with tempfile.TemporaryDirectory(prefix="toolkit-pdf-") as work:
        work_path = Path(work)
        _run(soffice, files, work_path)
        pdfs = []
        for source in files:
            made = work_path / "out" / f"{source.stem}.pdf"
            if not made.is_file():
                raise OutputError(f"{source.name}: LibreOffice made no PDF of it")
            target = source.with_suffix(".pdf")
            finish_pdf(made, target, language_of(source), slide_languages(source))
            pdfs.append(target)
    return pdfs


def convert(files: Sequence[Path], soffice: str, work: Path, to: str = "pdf") -> list[Path]:
    """Convert ``files`` to PDFs in ``work`` with one LibreOffice run; return each file's
    PDF, in order (untagged, unfinished: for reading pages back, not for people). With
    ``to="png"``, return a picture of each file's first page instead.

    Files with the same name in different folders are converted apart. Raises
    ``OutputError`` if LibreOffice fails, takes too long or makes nothing of a file.
    """
    inbox = work / "in"
    inbox.mkdir(parents=True, exist_ok=True)
    copies = []
    for index, source in enumerate(files):
        copy = inbox / f"{index:04d}-{source.name}"
        shutil.copyfile(source, copy)
        copies.append(copy)
    _run(soffice, copies, work, FILTER if to == "pdf" else to)
    made = []
    for source, copy in zip(files, copies, strict=True):
        path = work / "out" / f"{copy.stem}.{to}"
        if not path.is_file():
            raise OutputError(f"{source}: LibreOffice made no {to.upper()} of it")
        made.append(path)
    return made


def _run(soffice: str, files: Sequence[Path], work: Path, target: str = FILTER) -> None:
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(work / "out"),
        *map(str, files),
    ]
    try:
        returncode, stdout, stderr = _run_to_the_end(command, work)
    except subprocess.TimeoutExpired:
        raise OutputError(
            f"LibreOffice took more than {TIMEOUT} s to make the PDFs; nothing was written"
        ) from None
    except OSError as exc:
        raise OutputError(
            f"LibreOffice ({soffice}) could not be started ({exc.strerror}), so nothing was "
            "written; check TOOLKIT_SOFFICE, or reinstall LibreOffice"
        ) from None
    if returncode:
        raise OutputError(
            f"LibreOffice ({soffice}) failed with exit status {returncode} while making "
            f"the PDFs, so nothing was written; {_last_words(stderr, stdout)}"
        )


def _run_to_the_end(command: list[str], work: Path) -> tuple[int, bytes, bytes]:
    """Run ``command`` in a process group of its own, its temporary files in ``work``;
    return its exit status and output.

    LibreOffice's ``soffice`` starts the program that does the work as a child of its own,
    so stopping ``soffice`` alone (as ``subprocess.run`` does on Ctrl-C or a timeout) would
    leave that child converting. The whole group is stopped instead, and waited for, so
    the caller can remove the folder it was working in.
    """
    scratch = work / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except BaseException:
            _stop_group(process)
            raise
    return process.returncode, stdout, stderr


def _stop_group(process: subprocess.Popen) -> None:
    """Stop ``process`` and every process it started, and wait for it: asked first, so
    LibreOffice can remove its own temporary files, then made to."""
    for number in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, number)
        except (AttributeError, OSError):  # Windows has no process groups; or all gone
            process.kill()
        try:
            process.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            continue


def _last_words(*outputs: bytes | None) -> str:
    """Return the last few lines a program printed, for a message."""
    text = b"\n".join(o for o in outputs if o).decode(errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()][-4:]
    return f"it said: {' / '.join(lines)}" if lines else "it printed nothing"


def language_of(office_file: Path) -> str:
    """Return the language an Office file's properties give (``cy-GB``; a bilingual
    file's first), else en-GB."""
    return _core_language(office_file).split(",")[0].strip() or LANGUAGE


def _core_language(office_file: Path) -> str:
    """Return the language property of an Office file (``cy-GB, en-GB``), else ""."""
    try:
        with zipfile.ZipFile(office_file) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""
    found = re.search(r"<dc:language>([^<]+)</dc:language>", core)
    return found.group(1) if found else ""


def slide_languages(office_file: Path) -> list[SlideText]:
    """Return the languages on each slide of a bilingual .pptx, else [] (LibreOffice marks
    the spans of a Word file's PDF itself)."""
    if office_file.suffix != ".pptx" or "," not in _core_language(office_file):
        return []
    return slide_texts(office_file)


def finish_pdf(
    source: Path, target: Path, language: str = LANGUAGE, slides: Sequence[SlideText] = ()
) -> None:
    """Write ``source`` to ``target`` with ``/Lang`` ``language`` (and, for a bilingual
    deck or cards, the languages on each slide, ``slides``, on its page's structure) and
    the title shown in the title bar (LibreOffice marks slides as en-US)."""
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(language)
    mark_languages(writer, slides, language)
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = preferences
    with target.open("wb") as handle:
        writer.write(handle)
