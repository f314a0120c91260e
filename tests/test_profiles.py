"""Partnership profiles, `toolkit new`, and batches of packs."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner
from deckinspect import load, slide_text, title_of
from lxml import etree
from PIL import Image
from pptx import Presentation

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.profile import load_profile
from toolkit.content.slugs import safe_slug
from toolkit.errors import ContentError
from toolkit.model import Partnership

PROFILE = """\
name = "{name}"
partners = ["Northshire County Council", "Northshire NHS Trust"]
{logo}facilitator = "Sam Patel"
priorities = ["Ageing well at home", "Young people's mental health"]
examples = ["A joint hospital discharge team"]

[colours]
primary = "#7A1F3D"
accent = "#00625A"

[[sessions]]
audience = "politicians"
participants = 20
date = 2026-03-03
time = "18:00"
venue = "Council Chamber"

[[sessions]]
audience = "frontline"
participants = 12
minutes = 75
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def profile(folder, name="Northshire Together", logo="", text=None):
    path = folder / f"{safe_slug(name)}.toml"
    path.write_text(text or PROFILE.format(name=name, logo=logo), encoding="utf-8")
    return path


def problems_of(path):
    with pytest.raises(ContentError) as caught:
        load_profile(path)
    return [str(p) for p in caught.value.problems]


def test_new_then_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "Northshire Together")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote northshire-together.toml\n")
    result = run("build", "northshire-together.toml", "--jobs", "1")
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(tmp_path / "output").as_posix()
                   for p in (tmp_path / "output").rglob("*-deck.pptx"))
    assert built == [
        "northshire-together/frontline/northshire-together-frontline-deck.pptx",
        "northshire-together/partnership-board/"
        "northshire-together-partnership-board-deck.pptx",
    ]


def test_new_never_overwrites(tmp_path):
    path = tmp_path / "northshire-together.toml"
    path.write_text("name = \"Mine\"\n", encoding="utf-8")
    result = run("new", "Northshire Together", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (f"error: {path} already exists; it was left as it is. Edit it, "
                             "or choose another name\n")
    assert path.read_text() == "name = \"Mine\"\n"


def test_profile_reads_every_field(tmp_path):
    partnership = load_profile(profile(tmp_path))
    assert partnership.name == "Northshire Together"
    assert partnership.primary == "7A1F3D"
    assert partnership.priorities == ("Ageing well at home", "Young people's mental health")
    assert [s.audience for s in partnership.sessions] == ["politicians", "frontline"]
    assert partnership.sessions[0].date == "Tuesday 3 March 2026"
    assert partnership.sessions[1].minutes == 75
    assert partnership.paper == "a4"


@pytest.fixture
def branded_deck(tmp_path):
    Image.new("RGB", (300, 100), (122, 31, 61)).save(tmp_path / "logo.png")
    path = profile(tmp_path, logo='logo = "logo.png"\n')
    result = run("build", str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return (tmp_path / "out" / "northshire-together" / "politicians" /
            "northshire-together-politicians-deck.pptx")


def test_logo_with_alt_text_on_the_title_slide(branded_deck):
    first = load(branded_deck).slides[0]
    pictures = [s for s in first.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == [
        "Northshire Together logo"]
    assert title_of(first) == "Northshire Together"
    assert "Tuesday 3 March 2026, 18:00, Council Chamber" in slide_text(first)
    assert "Facilitated by Sam Patel" in slide_text(first)


def test_brand_colours_drive_the_theme(branded_deck):
    prs = load(branded_deck)
    assert str(prs.slides[0].background.fill.fore_color.rgb) == "7A1F3D"
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    root = etree.fromstring(theme.blob)
    assert root.xpath("//a:clrScheme/a:accent1/a:srgbClr/@val", namespaces=ns) == ["7A1F3D"]
    assert root.xpath("//a:clrScheme/a:accent2/a:srgbClr/@val", namespaces=ns) == ["00625A"]


def test_priority_areas_appear_with_questions_1_and_2(branded_deck):
    slides = load(branded_deck).slides
    with_priorities = [title_of(s) for s in slides
                       if "Ageing well at home; Young people's mental health" in slide_text(s)]
    assert with_priorities == [
        "Is the partnership's overall vision, and its priorities for innovation, clear?",
        "Are local residents' and service users' concerns central to the partnership's "
        "approach to innovation?",
    ]


def test_session_minutes_shape_the_agenda(tmp_path):
    path = profile(tmp_path)
    result = run("build", str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    deck = load(next((tmp_path / "out" / "northshire-together" / "frontline").glob("*-deck.pptx")))
    agenda = next(s for s in deck.slides if title_of(s) == "Agenda")
    assert "Total: 1 hour 15 minutes" in slide_text(agenda)


@pytest.mark.parametrize(("text", "expected"), [
    ('name = "x"\npartners = ["a",\n', ":2: column 1: this is not valid TOML: Invalid value "
                                        "at the end of the file"),
    ('name = "x"\nfacilitator = Sam\n', ":2: column 15: this is not valid TOML: Invalid "
                                        "value"),
    ('name = "x"\ncolour = "#000000"\n', ":2: unknown key 'colour'\n       did you mean "
                                         "'colours'?"),
    ('name = "x"\n[colours]\nprimry = "#000000"\n', ":3: unknown key 'primry'\n       did "
                                                   "you mean 'primary'?"),
    ('name = "x"\n[colours]\nprimary = "#12345"\n', ":3: colours.primary is not a colour: "
                                                   "'#12345'"),
    ('name = "x"\n[colours]\naccent = "#777777"\n', ":3: colours.accent #777777 gives text a "
                                                   "contrast of only 4.4:1 (at least 4.5:1 is "
                                                   "needed)"),
    ('name = "x"\n[[sessions]]\naudience = "frontline"\nparticipants = 0\n',
     ":4: participants must be a positive whole number, not 0"),
    ('name = "x"\n[[sessions]]\naudience = "frontline"\nparticipants = "ten"\n',
     ":4: participants must be a positive whole number, not 'ten'"),
    ('name = "x"\n[[sessions]]\naudience = "frontline"\nparticipants = 2.5\n',
     ":4: participants must be a positive whole number, not 2.5"),
    ('name = "x"\npaper = "A3"\n', ':2: paper must be "A4" or "Letter", not \'A3\''),
    ('name = "x"\n[[sessions]]\nparticipants = 4\n', ":2: session 1 has no audience"),
    ('short_name = "x"\n', ":0: the profile has no partnership name"),
    ('name = "x"\nfacilitator = "A\\u001bB"\n', ":2: facilitator: control character U+001B "
                                                "cannot go into Office files"),
    ('name = "x"\npriorities = ["ok", "bell\\u0007"]\n', ":2: priorities: control character "
                                                         "U+0007 cannot go into Office files"),
])
def test_profile_errors_name_file_and_line(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    found = problems_of(path)
    expected = expected if not expected.startswith(":0:") else expected[2:]
    assert any(p.startswith(f"{path}{expected}") for p in found), found


def test_contrast_message_gives_the_measured_ratio(tmp_path):
    path = tmp_path / "grey.toml"
    path.write_text('name = "x"\n[colours]\nprimary = "#808080"\n', encoding="utf-8")
    (found,) = problems_of(path)
    assert found.startswith(f"{path}:3: colours.primary #808080 gives text a contrast of only "
                            "3.9:1 (at least 4.5:1 is needed)")


@pytest.mark.parametrize(("make", "message"), [
    (None, "logo file not found"),
    (lambda p: p.write_text("not an image"), "this is not an image"),
    (lambda p: Image.new("RGB", (10, 10)).save(p, format="GIF"), "this is a GIF image"),
])
def test_logo_problems(tmp_path, make, message):
    logo = tmp_path / "logo.png"
    if make:
        make(logo)
    path = profile(tmp_path, logo='logo = "logo.png"\n')
    found = problems_of(path)
    assert any(p.startswith(f"{path}:3: ") and message in p for p in found), found


def test_bad_profile_in_the_cli_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\npaper = "A3"\n', encoding="utf-8")
    result = run("build", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {path}:2: paper must be" in result.output
    assert result.output.rstrip().endswith("error: 1 of 1 packs failed")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("name", "slug"), [
    ("Northshire Together", "northshire-together"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", "con-partnership"),
    ("nul", "nul-partnership"),
    ("", "partnership"),
    ("...", "partnership"),
    ("Ynys Môn", "ynys-mon"),
    ("x" * 200, "x" * 60),
])
def test_slugs_are_safe_and_stable(name, slug):
    assert safe_slug(name) == slug
    assert safe_slug(name) == safe_slug(name)
    assert "/" not in slug and "\\" not in slug and ".." not in slug


def _profiles(folder, names, broken=None):
    for name in names:
        profile(folder, name=name)
    if broken:
        (folder / "broken.toml").write_text('name = "Broken"\npaper = "A3"\n', encoding="utf-8")


def test_batch_builds_every_pack_in_parallel(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    _profiles(folder, ["Northshire Together", "Southvale Partners", "Eastport Alliance"])
    result = run("build", str(folder), "--jobs", "2", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    decks = sorted((tmp_path / "out").rglob("*-deck.pptx"))
    assert len(decks) == 6
    assert len([line for line in result.output.splitlines() if line.startswith("wrote ")]) == 27
    assert {d.parent.parent.name for d in decks} == {
        "northshire-together", "southvale-partners", "eastport-alliance"}


def test_a_broken_profile_does_not_stop_the_batch(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    _profiles(folder, ["Northshire Together", "Southvale Partners", "Eastport Alliance"],
              broken=True)
    result = run("build", str(folder), "--jobs", "2", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert len(sorted((tmp_path / "out").rglob("*-deck.pptx"))) == 6
    broken = folder / "broken.toml"
    assert f"error: {broken}:2: paper must be" in result.output
    assert result.output.rstrip().endswith("error: 1 of 7 packs failed; the others were built")


def test_an_unknown_session_audience_names_the_profile_and_line(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    _profiles(folder, ["Northshire Together"])
    text = PROFILE.format(name="Southvale", logo="").replace('"frontline"', '"frontlne"')
    (folder / "southvale.toml").write_text(text, encoding="utf-8")
    result = run("build", str(folder), "--jobs", "2", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert len(sorted((tmp_path / "out").rglob("*-deck.pptx"))) == 2
    southvale = folder / "southvale.toml"
    assert (f"error: {southvale}:19: unknown audience 'frontlne'; did you mean "
            "'frontline'?") in result.output


def test_a_terminal_gets_a_progress_bar(tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.cli._on_terminal", lambda: True)
    folder = tmp_path / "profiles"
    folder.mkdir()
    _profiles(folder, ["Northshire Together"])
    result = run("build", str(folder), "--jobs", "1", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Building packs" in result.output
    assert "failed" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("wrote ")]) == 9


def test_a_very_long_name_is_cut_to_fit_the_document_properties(tmp_path):
    name = "Northshire " * 40  # 440 characters; Office keeps 255 in a property
    result = build(BuildConfig(partnership=Partnership(name=name.strip()), out=tmp_path,
                               audiences=("frontline",)))
    deck = next(f for f in result.files if f.name.endswith("deck.pptx"))
    guide = next(f for f in result.files if f.name.endswith("guide.docx"))
    for title in (Presentation(str(deck)).core_properties.title,
                  docx.Document(str(guide)).core_properties.title):
        assert len(title) == 255 and title.endswith("\u2026")
        assert title.startswith("Northshire Northshire")
