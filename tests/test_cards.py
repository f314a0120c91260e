"""Discussion cards: contents, exact geometry, mirrored backs and text fitting."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import seed_prompts
from deckinspect import load, pt, straight, title_of

from toolkit.api import BuildConfig, build
from toolkit.cli import cli
from toolkit.content.audiences import load_audiences, select
from toolkit.content.framework import load_framework
from toolkit.content.resources import default_framework
from toolkit.layout.cards import SAFE_AREA, sheet_layout
from toolkit.planning.plan import tailored_questions

MM = 72 / 25.4
SIZES = ["a6", "a7", "poker"]
PAPERS = ["a4", "letter"]


def cards_file(tmp_path, **options):
    result = build(BuildConfig(out=tmp_path, **options))
    return next(f for f in result.files if f.name.endswith("-cards.pptx")), result.warnings


def card_shapes(slide, prefix="Card "):
    """Return {card ID: outline shape} for the cards on a page."""
    return {s.name.removeprefix(prefix): s for s in slide.shapes
            if s.name.startswith(prefix) and s.name.removeprefix(prefix)[:1] in "qb"}


def texts_in(slide, outline):
    x0, y0 = outline.left, outline.top
    x1, y1 = x0 + outline.width, y0 + outline.height
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text
            and x0 <= s.left and s.left + s.width <= x1 + 1 and y0 <= s.top <= y1]


@pytest.fixture(scope="module")
def default_cards(default_pack, default_build):
    return default_pack["cards"], tuple(w for w in default_build.warnings if "cards" in w)


def test_sheet_layouts():
    expected = {("a4", "a6"): 4, ("a4", "a7"): 8, ("a4", "poker"): 9,
                ("letter", "a6"): 2, ("letter", "a7"): 6, ("letter", "poker"): 9}
    for (paper, size), count in expected.items():
        sheet = sheet_layout(paper, size)
        assert sheet.per_sheet == count, (paper, size)
        xs = [sheet.front(i)[0] for i in range(count)]
        ys = [sheet.front(i)[1] for i in range(count)]
        assert min(xs) >= 0 and min(ys) >= 0
        assert max(xs) + sheet.card_width <= sheet.paper_width + 1e-6
        assert max(ys) + sheet.card_height <= sheet.paper_height + 1e-6
        assert {round(sheet.card_width), round(sheet.card_height)} == {
            {"a6": 105, "a7": 74, "poker": 63}[size], {"a6": 148, "a7": 105, "poker": 88}[size]}
        if sheet.columns > 1:  # a consistent gutter between neighbours
            assert sheet.front(1)[0] - sheet.front(0)[0] - sheet.card_width == pytest.approx(
                sheet.gutter, abs=0.01)
        if sheet.rows > 1:
            below = sheet.front(sheet.columns)[1] - sheet.front(0)[1] - sheet.card_height
            assert below == pytest.approx(sheet.gutter, abs=0.01)


def test_backs_are_mirrored_per_row():
    sheet = sheet_layout("a4", "poker")
    for index in range(9):
        row, column = divmod(index, 3)
        mirrored = row * 3 + (2 - column)
        assert sheet.back(index) == sheet.front(mirrored)


def test_default_cards_hold_every_prompt_verbatim(default_cards):
    path, warnings = default_cards
    assert warnings == ()
    text = straight("\n".join(s.text_frame.text for slide in load(path).slides
                              for s in slide.shapes if s.has_text_frame))
    for prompt in seed_prompts():
        assert prompt in text


def test_every_audience_gets_its_own_question_set(all_packs):
    framework = load_framework(default_framework())
    carded = [a for a in load_audiences() if a.format != "members-discussion"]
    assert [a.slug for a in carded] == [
        "partnership-board", "senior-leaders", "managers", "frontline", "residents"
    ]
    assert not [f for f in all_packs.files if f.name.endswith("-politicians-cards.pptx")]
    for audience in carded:
        path = next(f for f in all_packs.files if f.name.endswith(f"-{audience.slug}-cards.pptx"))
        fronts = [s for s in load(path).slides if title_of(s).endswith("card fronts")]
        ids = [card for slide in fronts for card in card_shapes(slide)]
        questions = tailored_questions(framework, select([audience.slug], [audience])[0])
        expected = [i for q in questions for i in (q.id, *(p.id for p in q.prompts))]
        assert [i for i in ids if not i.startswith("blank")] == expected, audience.slug
        assert sum(i.startswith("blank") for i in ids) == 4


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("size", SIZES)
def test_cards_sit_at_their_computed_positions(tmp_path, paper, size):
    path, _warnings = cards_file(tmp_path, audiences=("residents",), paper=paper,
                                 card_size=size)
    sheet = sheet_layout(paper, size)
    prs = load(path)
    assert pt(prs.slide_width) == pytest.approx(sheet.paper_width * MM, abs=0.5)
    assert pt(prs.slide_height) == pytest.approx(sheet.paper_height * MM, abs=0.5)
    slides = list(prs.slides)
    assert [title_of(s) for s in slides[:2]] == [
        "How to print and use these cards", "Back of: How to print and use these cards"]
    for fronts, backs in zip(slides[2::2], slides[3::2], strict=True):
        assert title_of(fronts).endswith("card fronts")
        assert title_of(backs).endswith("card backs")
        front_cards = list(card_shapes(fronts).items())
        back_cards = card_shapes(backs, "Back of card ")
        for index, (card_id, outline) in enumerate(front_cards):
            x, y = sheet.front(index)
            assert pt(outline.left) == pytest.approx(x * MM, abs=0.5 * MM)
            assert pt(outline.top) == pytest.approx(y * MM, abs=0.5 * MM)
            bx, by = sheet.back(index)
            assert pt(back_cards[card_id].left) == pytest.approx(bx * MM, abs=0.5 * MM)
            assert pt(back_cards[card_id].top) == pytest.approx(by * MM, abs=0.5 * MM)
            if not card_id.startswith("blank"):  # the back names the same card
                assert card_id in " ".join(texts_in(backs, back_cards[card_id])).lower()


def test_text_stays_in_the_safe_area_at_12pt_or_more(default_cards):
    path, _warnings = default_cards
    sheet = sheet_layout("a4", "a6")
    for slide in list(load(path).slides)[2:]:
        outlines = [s for s in slide.shapes if s.name.startswith(("Card ", "Back of card "))]
        for shape in slide.shapes:
            if not (shape.has_text_frame and shape.text_frame.text) or shape.is_placeholder:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size.pt >= 12
            card = next(o for o in outlines if o.left <= shape.left < o.left + o.width
                        and o.top <= shape.top < o.top + o.height)
            safe = SAFE_AREA * MM - 0.5
            assert pt(shape.left - card.left) >= safe
            assert pt(card.left + card.width - shape.left - shape.width) >= safe
            assert pt(shape.top - card.top) >= safe
            assert pt(card.top + card.height - shape.top - shape.height) >= safe
    assert sheet.per_sheet == 4


LONG = ("Could the partnership do more to bring residents, frontline staff, managers and "
        "partners from the voluntary sector together early, to understand a problem from "
        "every side, design and test small experiments quickly, learn openly from those that "
        "fail as well as those that succeed, and then scale up the ideas that work across all "
        "of the organisations, with the money, time and people needed to see them through?")


@pytest.mark.parametrize("size", SIZES)
def test_a_400_character_prompt_fits_or_goes_on_over_more_cards(tmp_path, write_file, size):
    """Never clipped, never broken mid-word: a prompt too long for one card at the smallest
    size goes on over more cards, the break shown with an ellipsis, and is named."""
    assert len(LONG) == pytest.approx(400, abs=10)
    framework = write_file("long.md", f"# Long\n\n## 1. Is it long?\n\n- {LONG}\n")
    path, warnings = cards_file(tmp_path / "out", framework=framework, card_size=size)
    slides = [s for s in load(path).slides if "fronts" in s.shapes.title.text_frame.text]
    parts = [(shape, slide) for slide in slides for shape in slide.shapes
             if shape.name == "Card text" and shape.text_frame.text.lstrip("\u2026")[:8]
             in LONG]
    assert " ".join(s.text_frame.text.strip("\u2026") for s, _ in parts) == LONG
    for shape, slide in parts:
        assert shape.text_frame.paragraphs[0].runs[0].font.size.pt >= 12
        outline = next(o for o in slide.shapes if o.name.startswith("Card q")
                       and o.left <= shape.left < o.left + o.width
                       and o.top <= shape.top < o.top + o.height)
        assert shape.top + shape.height <= outline.top + outline.height - SAFE_AREA * MM * 12700
    if len(parts) > 1:
        card = sheet_layout("a4", size).card
        assert warnings == (f"long-partnership-board-cards.pptx: card q1.1: the text does not "
                            f"fit on one {card} card even at 12 pt, so it goes on over "
                            f"{len(parts)} cards; shorten it or choose a bigger card size",)
    else:
        assert warnings == ()


def test_strict_fails_the_build_and_writes_nothing(tmp_path, write_file):
    framework = write_file("long.md", f"# Long\n\n## 1. Is it long?\n\n- {LONG} {LONG}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--framework", str(framework), "--out",
                                      str(out), "--card-size", "poker", "--strict"])
    assert result.exit_code == 1
    assert "warning: long-partnership-board-cards.pptx: card q1.1: the text does not fit" in (
        result.output)
    assert result.output.rstrip().endswith("1 warning(s) with --strict; nothing was written")
    assert not any(out.rglob("*.pptx"))
    relaxed = CliRunner().invoke(cli, ["build", "--framework", str(framework), "--out",
                                       str(out), "--card-size", "poker"])
    assert relaxed.exit_code == 0
    assert "warning: long-partnership-board-cards.pptx: card q1.1" in relaxed.output


def test_no_backs_gives_fronts_only(tmp_path):
    path, _warnings = cards_file(tmp_path, audiences=("residents",), backs=False)
    titles = [title_of(s) for s in load(path).slides]
    assert not any("backs" in t or t.startswith("Back of") for t in titles)
    assert sum("fronts" in t for t in titles) == len(titles) - 1


def test_profile_paper_is_used(tmp_path):
    from toolkit.model import Partnership

    path, _warnings = cards_file(tmp_path, partnership=Partnership(name="Letterland",
                                                                   paper="Letter"))
    assert pt(load(path).slide_width) == pytest.approx(612, abs=0.5)


@pytest.mark.parametrize(("size", "large"), [("a6", False), ("poker", False), ("a7", True)])
def test_every_prompt_card_of_a_set_has_one_text_size(tmp_path, size, large):
    """Sizes no longer jump from card to card on a sheet (16 pt next to 24 pt)."""
    path, _warnings = cards_file(tmp_path, card_size=size, large_print=large)
    prs = load(path)
    fronts = [s for s in prs.slides if "fronts" in s.shapes.title.text_frame.text]
    sizes = set()
    for slide in fronts:
        for card_id, outline in card_shapes(slide).items():
            if not card_id[1:2].isdigit() or "." not in card_id:  # prompt cards: q1.1
                continue
            for shape in slide.shapes:
                inside = outline.left <= shape.left < outline.left + outline.width and (
                    outline.top <= shape.top < outline.top + outline.height)
                if shape.name == "Card text" and inside:
                    sizes.add(shape.text_frame.paragraphs[0].runs[0].font.size.pt)
    assert len(sizes) == 1, sizes


def test_lines_print_flat_and_colour_keeps_off_the_papers_edge(default_cards):
    """Writing lines and cut marks have no theme style (which brings a drop shadow); on A6
    cards that fill the A4 sheet, colour stays 5 mm from the paper's edge."""
    prs = load(default_cards[0])
    width, height = pt(prs.slide_width), pt(prs.slide_height)
    lines = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name in ("Writing line", "Cut mark"):
                lines += 1
                assert shape._element.find(
                    "{http://schemas.openxmlformats.org/presentationml/2006/main}style") is None
            if shape.name in ("Grouping band", "Tint"):
                left, top = pt(shape.left), pt(shape.top)
                right, bottom = left + pt(shape.width), top + pt(shape.height)
                assert min(left, top, width - right, height - bottom) >= 5 * MM - 0.5
    assert lines
