"""Accessibility checks: built packs pass; each broken rule gives exactly its finding."""

from __future__ import annotations

import shutil

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt as DocxPt
from docx.shared import RGBColor as DocxRGB
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from toolkit.api import BuildConfig, build
from toolkit.checks.accessibility import check_files
from toolkit.cli import cli


@pytest.fixture(scope="module")
def pack(default_pack):
    return default_pack


def rules(path) -> list[str]:
    return sorted({f.rule for f in check_files([path])})


def test_every_audience_pack_passes(all_packs):
    assert all_packs.warnings == ()
    folder = all_packs.files[0].parent
    cli_result = CliRunner().invoke(cli, ["check", "--outputs", str(folder)])
    assert cli_result.exit_code == 0
    assert cli_result.output == "no accessibility findings in 23 files\n"  # 5 have no cards


def copy(path, tmp_path):
    target = tmp_path / path.name
    shutil.copy(path, target)
    return target


def edit_deck(pack, tmp_path, change):
    path = copy(pack["deck"], tmp_path)
    prs = Presentation(str(path))
    change(prs)
    prs.save(str(path))
    return path


def _first_body_run(prs):
    slide = prs.slides[1]
    shape = next(s for s in slide.shapes if s.name == "Body")
    return shape.text_frame.paragraphs[0].runs[0]


@pytest.mark.parametrize(("rule", "change"), [
    ("slide-title", lambda prs: setattr(prs.slides[1].shapes.title.text_frame, "text", "")),
    ("slide-title", lambda prs: setattr(prs.slides[2].shapes.title.text_frame, "text",
                                        prs.slides[1].shapes.title.text_frame.text)),
    ("reading-order", lambda prs: prs.slides[1].shapes._spTree.append(
        prs.slides[1].shapes.title._element)),
    ("language", lambda prs: _first_body_run(prs).font._rPr.set("lang", "en-US")),
    ("language", lambda prs: setattr(prs.core_properties, "language", "en-US")),
    ("title", lambda prs: setattr(prs.core_properties, "title", "")),
    ("contrast", lambda prs: setattr(_first_body_run(prs).font.color, "rgb",
                                     RGBColor(0xBB, 0xBB, 0xBB))),
    ("text-size", lambda prs: setattr(_first_body_run(prs).font, "size", Pt(14))),
    ("font", lambda prs: setattr(_first_body_run(prs).font, "name", "Times New Roman")),
    ("justified", lambda prs: setattr(prs.slides[1].shapes[-1].text_frame.paragraphs[0],
                                      "alignment", PP_ALIGN.JUSTIFY)),
])
def test_each_broken_deck_rule_gives_its_finding(pack, tmp_path, rule, change):
    assert rules(pack["deck"]) == []
    assert rules(edit_deck(pack, tmp_path, change)) == [rule]


@pytest.mark.parametrize(("description", "found"), [("", ["alt-text"]),
                                                    ("logo.png", ["alt-text"]),
                                                    ("Northshire Together logo", [])])
def test_pictures_need_real_alt_text(pack, tmp_path, description, found):
    image = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (10, 10, 10)).save(image)

    def add_picture(prs):
        picture = prs.slides[1].shapes.add_picture(str(image), Pt(600), Pt(400), Pt(80))
        picture._element.xpath("./p:nvPicPr/p:cNvPr")[0].set("descr", description)

    assert rules(edit_deck(pack, tmp_path, add_picture)) == found


def edit_word(pack, tmp_path, change, kind="worksheet"):
    path = copy(pack[kind], tmp_path)
    doc = docx.Document(str(path))
    change(doc)
    doc.save(str(path))
    return path


def _body(doc):
    return next(p for p in doc.paragraphs if p.style.name == "Normal" and p.runs)


@pytest.mark.parametrize(("rule", "change"), [
    ("headings", lambda doc: doc.add_paragraph("A second title", style="Heading 1")),
    ("headings", lambda doc: doc.add_paragraph("Too deep", style="Heading 4")),
    ("table-header", lambda doc: doc.add_table(rows=2, cols=2)),
    ("merged-cells", lambda doc: _merged(doc)),
    ("contrast", lambda doc: setattr(_body(doc).runs[0].font.color, "rgb",
                                     DocxRGB(0xBB, 0xBB, 0xBB))),
    ("text-size", lambda doc: setattr(_body(doc).runs[0].font, "size", DocxPt(10))),
    ("font", lambda doc: setattr(_body(doc).runs[0].font, "name", "Times New Roman")),
    ("justified", lambda doc: setattr(_body(doc), "alignment", WD_ALIGN_PARAGRAPH.JUSTIFY)),
    ("language", lambda doc: setattr(doc.core_properties, "language", "en-US")),
    ("title", lambda doc: setattr(doc.core_properties, "title", "")),
])
def test_each_broken_word_rule_gives_its_finding(pack, tmp_path, rule, change):
    assert rules(pack["worksheet"]) == []
    assert rules(edit_word(pack, tmp_path, change)) == [rule]


def _merged(doc):
    from toolkit.writers.docx_xml import mark_header_row

    table = doc.add_table(rows=2, cols=2)
    mark_header_row(table.rows[0])
    table.cell(1, 0).merge(table.cell(1, 1))


def test_a_template_with_a_vague_link_gives_the_link_finding(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "deck.md.j2").write_text(
        "---\ntitle: Links\n---\n\n## Further reading\n\n"
        "For the research, [click here](https://example.org).\n\n::: notes\nSay.\n:::\n",
        encoding="utf-8")
    result = build(BuildConfig(out=tmp_path / "out", templates=templates))
    assert [w for w in result.warnings if "link" in w] == [
        "partnership-innovation-partnership-board-deck.pptx: slide 1, shape 'Body': the link "
        "text 'click here' does not say where it goes; describe the destination"]
    assert len(result.warnings) == 1


def test_a_template_that_skips_a_heading_level(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "guide.md.j2").write_text(
        "---\ntitle: Guide\n---\n\n# Guide\n\n### Too deep\n\nText.\n", encoding="utf-8")
    result = build(BuildConfig(out=tmp_path / "out", templates=templates))
    assert result.warnings == (
        "partnership-innovation-partnership-board-facilitator-guide.docx: heading 'Too "
        "deep': Heading 3 follows Heading 1; do not skip heading levels",)
    strict = CliRunner().invoke(cli, ["build", "--templates", str(templates), "--out",
                                      str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").rglob("*.*"))


def test_check_outputs_lists_findings_and_exits_1(pack, tmp_path):
    edit_deck(pack, tmp_path, lambda prs: setattr(_first_body_run(prs).font, "size", Pt(12)))
    result = CliRunner().invoke(cli, ["check", "--outputs", str(tmp_path)])
    assert result.exit_code == 1
    assert "slide 2, shape 'Body': 'Leaders of partnerships can u…' is 12 pt; use at least " \
           "18 pt" in result.output
    assert result.output.rstrip().endswith("error: 1 accessibility finding(s) in 1 files")
