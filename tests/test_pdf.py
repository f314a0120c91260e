"""PDFs: one LibreOffice run per build, tagged, en-GB, titled, the right page size."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from toolkit.api import BuildConfig, build
from toolkit.cli import cli


def structure_types(reader) -> set[str]:
    """Return every structure element type (/S) in the PDF's structure tree."""
    found: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/S" in node:
                found.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
    return found


def embedded(reader) -> bool:
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts"):
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is not None and not any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2",
                                                               "/FontFile3")):
                return False
    return True


pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdfs(soffice, tmp_path_factory):
    files = build(BuildConfig(out=tmp_path_factory.mktemp("pdf"), pdf=True)).files
    return {f.name.removeprefix("partnership-innovation-partnership-board-"): f
            for f in files if f.suffix == ".pdf"}


def test_every_output_gets_a_pdf(pdfs):
    assert sorted(pdfs) == ["cards.pdf", "deck.pdf", "facilitator-guide.pdf",
                            "worksheet.pdf"]


@pytest.mark.parametrize(("name", "size"), [("deck.pdf", (960, 540)), ("cards.pdf", (595, 842)),
                                            ("worksheet.pdf", (595, 842)),
                                            ("facilitator-guide.pdf", (595, 842))])
def test_pdfs_are_tagged_titled_en_gb_and_the_right_size(pdfs, name, size):
    reader = PdfReader(str(pdfs[name]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Partnership innovation review")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    for page in reader.pages:  # A4, portrait or (the guide's run sheet) landscape
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert (width, height) == pytest.approx(sorted(size), abs=1)
    assert embedded(reader)


@pytest.mark.parametrize("name", ["worksheet.pdf", "facilitator-guide.pdf"])
def test_word_pdfs_keep_headings_and_table_headers(pdfs, name):
    types = structure_types(PdfReader(str(pdfs[name])))
    assert "/H1" in types
    assert "/TH" in types


def test_one_libreoffice_process_for_the_whole_build(soffice, tmp_path, monkeypatch):
    calls = []
    real = subprocess.Popen

    def counting(command, *args, **kwargs):
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr("toolkit.writers.pdf.subprocess.Popen", counting)
    files = build(BuildConfig(out=tmp_path, pdf=True, audiences=("politicians", "frontline")))
    assert len([f for f in files.files if f.suffix == ".pdf"]) == 7  # politicians: no cards
    assert len(calls) == 1


def test_missing_libreoffice_fails_before_building(tmp_path, monkeypatch):
    """Runs without LibreOffice too: the lookup is made to fail."""
    monkeypatch.delenv("TOOLKIT_SOFFICE", raising=False)
    monkeypatch.setattr("toolkit.writers.pdf.shutil.which", lambda name: None)
    monkeypatch.setattr("toolkit.writers.pdf._CANDIDATES", {})
    result = CliRunner().invoke(cli, ["build", "--pdf", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("error: --pdf needs LibreOffice, which was not found. "
                                    "Install it: ")
    assert not (tmp_path / "out").exists()
