"""A partnership's own PowerPoint and Word templates (issue 16, point 1): the deck on the
template's layouts, size, theme fonts and colours; the Word documents on its styles, page
and header; text measured in the template's fonts; clear errors and warnings."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from house import (
    HEADING_COLOUR,
    HEADING_FONT,
    HOUSE_HEADER,
    HOUSE_STYLE,
    THEME_ACCENT,
    WORD_FONT,
    slide_template,
    word_template,
)
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from toolkit.api import BuildConfig, build
from toolkit.checks.render import check_rendering
from toolkit.cli import cli
from toolkit.content.profile import ProfileError, load_profile
from toolkit.errors import ContentError

AUDIENCES = ("managers", "politicians")  # a workshop and a members' discussion (rating sheet)


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    """Two packs: a profile naming a 4:3 .pptx, a .dotx on Letter and a layout mapping;
    and a 16:9 .potx given as an option, in large print."""
    folder = tmp_path_factory.mktemp("house")
    slide_template(folder / "house43.pptx", wide=False)
    slide_template(folder / "house.potx")
    word_template(folder / "house.dotx")
    (folder / "p.toml").write_text(
        'name = "Anytown Partnership"\n'
        'pptx_template = "house43.pptx"\n'
        'docx_template = "house.dotx"\n'
        "[layouts]\n"
        'rating = "Anytown Two Content"\n',
        encoding="utf-8",
    )
    profiled = build(
        BuildConfig(
            out=folder / "profiled",
            audiences=AUDIENCES,
            partnership=load_profile(folder / "p.toml"),
        )
    )
    optioned = build(
        BuildConfig(
            out=folder / "optioned",
            audiences=AUDIENCES,
            pptx_template=folder / "house.potx",
            docx_template=folder / "house.dotx",
            large_print=True,
        )
    )
    return profiled, optioned


def _files(result, ending: str):
    return [f for f in result.files if f.name.endswith(ending)]


def _fonts(prs) -> set[str]:
    """Return the fonts the runs of every text frame of ``prs`` are set in."""
    return {
        run.font.name
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }


def test_the_deck_uses_only_the_templates_layouts_size_and_fonts(house):
    for result, width in zip(house, (720, 960), strict=True):
        for path in _files(result, "-deck.pptx"):
            prs = Presentation(path)
            assert (prs.slide_width, prs.slide_height) == (Pt(width), Pt(540))
            used = {slide.slide_layout.name for slide in prs.slides}
            assert used and all(name.startswith("Anytown ") for name in used), used
            assert {m.name for m in prs.slide_masters} == {"Anytown Master"}
            text = " ".join(
                s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame
            )
            assert "Example slide" not in text  # the template's own slides are not kept
            assert _fonts(prs) == {WORD_FONT, HEADING_FONT}
            tables = [s.table for sl in prs.slides for s in sl.shapes if s.has_table]
            header = tables[0].cell(0, 0)  # the agenda's: in the theme's colour
            assert str(header.fill.fore_color.rgb) == THEME_ACCENT


def test_every_slide_keeps_a_title_notes_and_its_text_inside_the_slide(house):
    for result in house:
        for path in _files(result, "-deck.pptx"):
            prs = Presentation(path)
            for number, slide in enumerate(prs.slides, 1):
                title = slide.shapes.title
                assert title is not None and title.text_frame.text.strip(), number
                assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
                for shape in slide.shapes:
                    assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
                    assert shape.left + shape.width <= prs.slide_width, (number, shape.name)
                    assert shape.top + shape.height <= prs.slide_height, (number, shape.name)
                empty = [
                    s
                    for s in slide.placeholders
                    if s.placeholder_format.type != PP_PLACEHOLDER.TITLE
                    and s.placeholder_format.type != PP_PLACEHOLDER.CENTER_TITLE
                ]
                assert empty == [], number  # no "Click to add text" left behind


def test_the_profiles_layout_mapping_is_followed(house):
    profiled, _optioned = house
    rating = []
    for path in _files(profiled, "-deck.pptx"):
        prs = Presentation(path)
        rating += [s for s in prs.slides if any(sh.name == "Rating 1" for sh in s.shapes)]
        assert prs.slides[0].slide_layout.name == "Anytown Title Slide"
    assert rating and {s.slide_layout.name for s in rating} == {"Anytown Two Content"}


def test_the_word_documents_use_the_templates_styles_page_and_header(house):
    for result in house:
        documents = _files(result, "-worksheet.docx") + _files(result, "-guide.docx")
        documents += _files(result, "-rating-sheet.docx")
        assert len(documents) == 4
        for path in documents:
            doc = docx.Document(path)
            section = doc.sections[0]
            assert (round(section.page_width.mm), round(section.page_height.mm)) == (216, 279)
            assert HOUSE_HEADER in section.header.paragraphs[0].text
            assert HOUSE_STYLE in {s.name for s in doc.styles}
            assert doc.styles["Normal"].font.name == WORD_FONT
            assert doc.styles["Heading 1"].font.name == HEADING_FONT
            assert str(doc.styles["Heading 1"].font.color.rgb) == HEADING_COLOUR
            body = "\n".join(p.text for p in doc.paragraphs)
            assert "Delete this text" not in body
            assert doc.styles["Normal"].font.size >= Pt(12)


def test_the_cards_take_the_templates_theme_font(house):
    for result in house:
        for path in _files(result, "-cards.pptx"):
            prs = Presentation(path)
            assert _fonts(prs) == {WORD_FONT}


@pytest.mark.libreoffice
def test_packs_on_house_templates_render_with_no_findings(house, soffice, tmp_path):
    profiled, optioned = house
    # The long and awkward case: the stress framework on a 4:3 template and a Letter Word
    # template, in large print on the smallest cards (a grouping label that must wrap; a
    # run sheet whose longest words only fit with narrower cell margins).
    stress = build(
        BuildConfig(
            out=tmp_path / "stress",
            framework=Path(__file__).parent / "data" / "stress-framework.md",
            audiences=("partnership-board",),
            minutes=480,
            pptx_template=slide_template(tmp_path / "house43.pptx", wide=False),
            docx_template=word_template(tmp_path / "house.dotx"),
            large_print=True,
            card_size="a7",
            paper="letter",
        )
    )
    office = [f for f in profiled.files if f.suffix in (".pptx", ".docx")]
    large = [f for f in (*optioned.files, *stress.files) if f.suffix in (".pptx", ".docx")]
    found = check_rendering(office, soffice) + check_rendering(large, soffice, large_print=True)
    assert [f"{f.path.name}: {f.where}: {f.message}" for f in found] == []


def test_a_file_that_is_not_a_template_is_refused_and_nothing_is_written(tmp_path):
    word_template(tmp_path / "house.dotx")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["build", "--out", str(tmp_path / "out"), "--pptx-template", str(tmp_path / "house.dotx")],
    )
    assert result.exit_code == 1
    assert "house.dotx: this is not a PowerPoint template" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    (tmp_path / "fake.potx").write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(
        cli,
        ["build", "--out", str(tmp_path / "out"), "--pptx-template", str(tmp_path / "fake.potx")],
    )
    assert result.exit_code == 1 and "fake.potx: this is not a PowerPoint template" in result.output
    assert not (tmp_path / "out").exists()


def test_a_template_with_no_titled_layout_is_refused(tmp_path):
    path = slide_template(tmp_path / "bare.pptx")
    prs = Presentation(path)
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[0])
    for layout in list(prs.slide_layouts):
        if any(
            p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            for p in layout.placeholders
        ):
            prs.slide_layouts.remove(layout)
    prs.save(path)
    with pytest.raises(ContentError, match="no slide layout with a title placeholder"):
        build(BuildConfig(out=tmp_path / "out", audiences=("managers",), pptx_template=path))
    assert not (tmp_path / "out").exists()


def test_an_unknown_layout_name_is_a_warning_with_a_fallback(tmp_path):
    slide_template(tmp_path / "house.pptx")
    (tmp_path / "p.toml").write_text(
        'name = "Anytown"\npptx_template = "house.pptx"\n[layouts]\nquestion = "Big Picture"\n',
        encoding="utf-8",
    )
    result = build(
        BuildConfig(
            out=tmp_path / "out",
            audiences=("managers",),
            partnership=load_profile(tmp_path / "p.toml"),
        )
    )
    said = [w for w in result.warnings if "Big Picture" in w]
    assert said and "chose by placeholders instead" in said[0]
    deck = Presentation(_files(result, "-deck.pptx")[0])
    assert {s.slide_layout.name for s in deck.slides} <= {
        "Anytown Title Slide",
        "Anytown Title and Content",
        "Anytown Title Only",
    }


def test_a_font_not_installed_is_measured_as_arial_and_said_once(tmp_path):
    path = slide_template(tmp_path / "house.pptx")
    data = path.read_bytes()
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            content = source.read(item.filename)
            if "theme" in item.filename:
                content = content.replace(WORD_FONT.encode(), b"Anytown Sans Nonesuch")
            copy.writestr(item, content)
    path.write_bytes(out.getvalue())
    result = build(
        BuildConfig(out=tmp_path / "out", audiences=("managers", "frontline"), pptx_template=path)
    )
    notes = [n for n in result.notes if "Anytown Sans Nonesuch" in n]
    assert len(notes) == 1 and "measured with Arial's widths" in notes[0]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('pptx_template = "../elsewhere.potx"', "outside the profile's folder"),
        ('docx_template = "house.potx"', "this is not a Word template"),
        ("pptx_template = 3", "must be the path of a .pptx or .potx file"),
        ('[layouts]\nqestion = "Title Only"', "did you mean 'question'?"),
    ],
)
def test_a_wrong_template_key_names_the_line(tmp_path, line, message):
    slide_template(tmp_path / "house.potx")
    (tmp_path / "p.toml").write_text(f'name = "Anytown"\n{line}\n', encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(tmp_path / "p.toml")
    assert message in str(error.value)
    assert "p.toml:2" in str(error.value) or "p.toml:3" in str(error.value)


def test_a_template_lacking_a_kind_of_layout_warns_once_and_falls_back(tmp_path):
    path = slide_template(tmp_path / "plain.pptx")
    prs = Presentation(path)
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[0])
    for layout in list(prs.slide_layouts):
        if layout.name != "Anytown Title Only":
            prs.slide_layouts.remove(layout)
    prs.save(path)
    result = build(BuildConfig(out=tmp_path / "out", audiences=("managers",), pptx_template=path))
    said = [w for w in result.warnings if "no layout has what" in w]
    assert len(said) == 2  # the title slide; the slides of text (named together, once)
    assert "content, question, discussion, rating, closing slides need" in said[1]
    deck = Presentation(_files(result, "-deck.pptx")[0])
    assert {s.slide_layout.name for s in deck.slides} == {"Anytown Title Only"}
    assert all(s.shapes.title.text_frame.text for s in deck.slides)


def test_every_output_on_house_templates_is_valid_office_xml(house):
    from test_schema import _ours

    office = [f for result in house for f in result.files if f.suffix in (".pptx", ".docx")]
    assert len(office) == 14
    assert [finding for path in office for finding in _ours(path)] == []
