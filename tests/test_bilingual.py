"""Bilingual packs (issue 18): Welsh and English in one pack, Welsh first, each output in
one of the Welsh Language Commissioner's layouts, every run marked with its language."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from toolkit.api import build
from toolkit.cli import cli
from toolkit.config import BuildConfig
from toolkit.planning.packs import plans_for
from toolkit.render.document import typographic


def questions(audience: str):
    """Return the audience's questions, in its words, in English and in Welsh."""
    config = BuildConfig(audiences=(audience,), languages=("cy", "en"))
    welsh, english = plans_for(config)[0], plans_for(config, "en")[0]
    return zip(english.questions, welsh.questions, strict=True)


# Words that only one of the two languages uses, to tell a run's language by its text.
WELSH_WORDS = {"yn", "y", "yr", "ac", "eich", "ein", "mae", "chi", "ni", "ar", "gyda", "sut"}
WELSH_WORDS |= {"beth", "bod", "wedi", "pob", "neu", "hyn", "eu", "ei", "fel", "gan", "ydy"}
ENGLISH_WORDS = {"the", "and", "of", "to", "you", "your", "is", "are", "for", "how", "what"}
ENGLISH_WORDS |= {"with", "we", "our", "does", "be", "this", "that", "it", "on", "or", "each"}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    out = tmp_path_factory.mktemp("bilingual")
    config = BuildConfig(out=out, audiences=("all",), languages=("cy", "en"))
    return build(config)


def named(result, end: str) -> Path:
    return next(p for p in result.files if p.name.endswith(end))


def said_in(text: str) -> str:
    """Return the language a text is in by the words only one language uses, or ""."""
    words = set(re.findall(r"[a-z\u2019']+", text.lower()))
    welsh, english = len(words & WELSH_WORDS), len(words & ENGLISH_WORDS)
    if welsh >= 2 and not english:
        return "cy-GB"
    if english >= 2 and not welsh:
        return "en-GB"
    return ""


def pptx_runs(path: Path):
    """Yield (slide number, text, lang, size, bold) of every run of a deck or cards file."""
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        for element in slide._element.iter(qn("a:r")):
            properties = element.find(qn("a:rPr"))
            text = "".join(t.text or "" for t in element.iter(qn("a:t")))
            attrs = properties.attrib if properties is not None else {}
            yield number, text, attrs.get("lang"), attrs.get("sz"), attrs.get("b")


def docx_runs(path: Path):
    """Yield (text, lang) of every run of a Word file, its language its own or the default."""
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode()
    default = re.search(r'<w:lang w:val="([^"]+)"', styles).group(1)
    doc = Document(str(path))
    parts = [doc.element.body] + [s.footer._element for s in doc.sections]
    parts += [s.header._element for s in doc.sections]
    for part in parts:
        for run in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            yield text, lang.get(qn("w:val")) if lang is not None else default


def test_a_bilingual_pack_for_every_audience_is_named_for_both_languages(bilingual):
    names = [p.name for p in bilingual.files]
    assert all("-cy-en-" in name for name in names), names
    assert {n.rsplit("-cy-en-", 1)[1] for n in names} >= {"deck.pptx", "cards.pptx"}


def test_every_run_is_marked_as_the_language_its_text_is_in(bilingual):
    checked = 0
    for path in bilingual.files:
        if path.suffix == ".pptx":
            runs = [(text, lang) for _n, text, lang, _s, _b in pptx_runs(path)]
            assert all(lang in ("cy-GB", "en-GB") for _t, lang in runs), path.name
        elif path.suffix == ".docx":
            runs = list(docx_runs(path))
        else:
            continue
        for text, lang in runs:
            expected = said_in(text)
            assert expected in ("", lang), (path.name, text, lang)
            checked += bool(expected)
    assert checked > 500


def test_the_files_say_they_hold_both_languages(bilingual):
    for path in bilingual.files:
        if path.suffix in (".pptx", ".docx"):
            with zipfile.ZipFile(path) as package:
                core = package.read("docProps/core.xml").decode()
            assert "<dc:language>cy-GB, en-GB</dc:language>" in core, path.name


@pytest.mark.parametrize("audience", ["politicians", "frontline"])
def test_in_the_deck_each_slide_is_followed_by_its_english_twin_at_the_same_size(
    bilingual, audience
):
    runs = list(pptx_runs(named(bilingual, f"{audience}-cy-en-deck.pptx")))
    slides: dict[int, list] = {}
    for number, text, lang, size, bold in runs:
        slides.setdefault(number, []).append((typographic(text).strip(), lang, size, bold))
    twins = [
        (typographic(english.text), typographic(welsh.text))
        for question, twin in questions(audience)
        for english, welsh in [(question, twin), *zip(question.prompts, twin.prompts, strict=True)]
    ]
    for english, welsh in twins:
        found = [
            (n, size, bold)
            for n, said in slides.items()
            for text, lang, size, bold in said
            if text == english and lang == "en-GB"
        ]
        assert found, english
        for number, size, bold in found:
            before = slides[number - 1]
            assert (welsh, "cy-GB", size, bold) in before, (english, number)
        welsh_found = [n for n, said in slides.items() for t, *_rest in said if t == welsh]
        assert [n + 1 for n in welsh_found] == [n for n, _s, _b in found], english


def test_on_each_card_the_welsh_text_is_above_its_english_twin_at_the_same_size(bilingual):
    deck = Presentation(str(named(bilingual, "frontline-cy-en-cards.pptx")))
    frames = [s.text_frame for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    texts = [[typographic(p.text) for p in frame.paragraphs] for frame in frames]
    sizes = [[[r.font.size for r in p.runs] for p in frame.paragraphs] for frame in frames]
    bolds = [[{r.font.bold for r in p.runs} for p in frame.paragraphs] for frame in frames]
    for question, twin in questions("frontline"):
        pairs = [(question, twin), *zip(question.prompts, twin.prompts, strict=True)]
        for prompt, welsh in pairs:
            cards = [i for i, t in enumerate(texts) if typographic(prompt.text) in t]
            assert cards, prompt.id
            for i in cards:
                lines = texts[i]
                english_at = lines.index(typographic(prompt.text))
                welsh_at = lines.index(typographic(welsh.text))
                assert welsh_at < english_at, prompt.id
                assert sizes[i][welsh_at] == sizes[i][english_at], prompt.id
                assert bolds[i][welsh_at] == bolds[i][english_at], prompt.id


def test_the_worksheet_gives_each_prompt_its_welsh_twin_first(bilingual):
    doc = Document(str(named(bilingual, "frontline-cy-en-worksheet.docx")))
    paragraphs = [(typographic(p.text), p.style.name, p.runs) for p in doc.paragraphs]
    texts = [text for text, _style, _runs in paragraphs]
    for question, twin in questions("frontline"):
        for prompt, welsh in zip(question.prompts, twin.prompts, strict=True):
            at = texts.index(typographic(prompt.text))
            assert texts[at - 1] == typographic(welsh.text), prompt.id
            english_runs, welsh_runs = paragraphs[at][2], paragraphs[at - 1][2]
            assert paragraphs[at][1] == paragraphs[at - 1][1]  # same style: same size
            assert [r.bold for r in english_runs] == [r.bold for r in welsh_runs]
    headings = [t for t, style, _r in paragraphs if style.startswith("Heading")]
    assert any(h.startswith("Q1.") and "\nQ1. In your experience" in h for h in headings)


def test_the_speaker_notes_follow_the_notes_language(tmp_path):
    result = build(
        BuildConfig(
            out=tmp_path,
            audiences=("politicians",),
            languages=("en", "cy"),
            notes_language="cy",
            jobs=1,
        )
    )
    deck = Presentation(str(named(result, "politicians-en-cy-deck.pptx")))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert all(said_in(n) in ("cy-GB", "") for n in notes)
    assert sum(said_in(n) == "cy-GB" for n in notes) > len(notes) // 2
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Why we are here" in titles  # English first, as the languages were given
    assert titles.index("Why we are here") + 1 == titles.index("Pam rydyn ni yma")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--languages", "cy"], "is not two languages"),
        (["--languages", "cy,cy"], "is not two languages"),
        (["--languages", "cy,en", "--language", "cy"], "not both"),
        (["--languages", "cy,en", "--notes-language", "fr"], "not one of the pack's languages"),
        (["--notes-language", "cy"], "give --languages too"),
    ],
)
def test_bad_language_options_are_refused_clearly(tmp_path, options, message):
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path), *options])
    assert result.exit_code == 2
    assert message in result.output
    assert not any(tmp_path.iterdir())


@pytest.mark.libreoffice
def test_bilingual_packs_render_with_no_findings_and_carry_language_spans(soffice, tmp_path):
    from toolkit.checks.render import check_rendering

    result = build(
        BuildConfig(
            out=tmp_path / "packs",
            audiences=("frontline", "residents"),
            languages=("cy", "en"),
            paper="letter",
            jobs=1,
            pdf=True,
        )
    )
    made = [p for p in result.files if p.suffix in (".pptx", ".docx")]
    found = check_rendering(made, soffice)
    assert [f"{f.path.name}: {f.where}: {f.message}" for f in found] == []
    pdfs = [path for path in result.files if path.suffix == ".pdf"]
    assert len(pdfs) == len(made)
    for path in pdfs:
        document, spans = pdf_languages(path)
        assert document == "cy-GB", path.name
        assert "en-GB" in spans, path.name


@pytest.mark.libreoffice
def test_english_first_pdfs_carry_welsh_spans(soffice, tmp_path):
    result = build(
        BuildConfig(out=tmp_path, audiences=("politicians",), languages=("en", "cy"), pdf=True)
    )
    pdfs = [path for path in result.files if path.suffix == ".pdf"]
    assert len(pdfs) == 3  # deck, rating sheet, guide
    for path in pdfs:
        assert pdf_languages(path) == ("en-GB", {"cy-GB"}), path.name


def pdf_languages(path: Path) -> tuple[str, set[str]]:
    """Return a tagged PDF's language, and the languages its structure elements give."""
    import pypdf

    root = pypdf.PdfReader(str(path)).trailer["/Root"]
    found: set[str] = set()
    queue = [root["/StructTreeRoot"]]
    while queue:
        node = queue.pop().get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            queue += list(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                queue.append(node["/K"])
    return str(root.get("/Lang")), found


def test_a_bilingual_report_from_a_bilingual_results_sheet(bilingual, tmp_path):
    sheet = named(bilingual, "politicians-cy-en-results.csv")
    header = sheet.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Cod ymatebydd / Respondent code,")
    columns = header.count(",") + 1
    rows = [f"R0{n},politicians,{min(n, 5)},4,3,5,2" + "," * (columns - 7) for n in range(1, 7)]
    typed = tmp_path / "typed.csv"
    typed.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "report"
    result = CliRunner().invoke(
        cli, ["report", str(typed), "--languages", "cy,en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    deck = out / "partnership-innovation-cy-en-results-report.pptx"
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert titles.index("What we found") == titles.index("Beth a ganfuom") + 1
    for path in out.glob("*.*x"):
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml").decode()
        assert "<dc:language>cy-GB, en-GB</dc:language>" in core, path.name
        runs = pptx_runs(path) if path.suffix == ".pptx" else None
        pairs = [(t, lang) for _n, t, lang, _s, _b in runs] if runs else list(docx_runs(path))
        assert all(said_in(text) in ("", lang) for text, lang in pairs), path.name
