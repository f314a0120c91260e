"""From typed-in ratings to the report: reading, figures compared like with like, small
groups protected, charts that state their figures, errors (issue 17)."""

from __future__ import annotations

import csv
import time

import pytest
from click.testing import CliRunner
from deckinspect import load, slide_text, title_of
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION

from toolkit.cli import cli
from toolkit.content.audiences import load_audiences
from toolkit.content.framework import load_framework
from toolkit.content.resources import default_framework
from toolkit.content.results import Response, read_results
from toolkit.planning.figures import summarise
from toolkit.writers.spreadsheet import FORMULA_STARTS

# Each row: respondent, ratings for Q1 and Q6 (None: left blank).
FRONTLINE = [("F1", {"Q1": 2, "Q6": 1}), ("F2", {"Q1": 3, "Q6": 2}), ("F3", {"Q1": 4, "Q6": 3}),
             ("F4", {"Q1": 3, "Q6": None}), ("F5", {"Q1": 3, "Q6": 3}),
             ("F6", {"Q1": 3, "Q6": 2})]
POLITICIANS = [("P1", {"Q1": 5, "Q6": 4}), ("P2", {"Q1": 4, "Q6": 4}), ("P3", {"Q1": 4, "Q6": 5}),
               ("P4", {"Q1": 5, "Q6": 4}), ("P5", {"Q1": 4, "Q6": 4})]
MANAGERS = [("M1", {"Q1": 1, "Q6": 2}), ("M2", {"Q1": 2, "Q6": 2})]


def write(path, audience, rows, delimiter=",", bom=False, crlf=False, comment=None,
          labels=("Q1", "Q6")):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter,
                            lineterminator="\r\n" if crlf else "\n")
        writer.writerow(["Respondent code", "Audience", *labels, "Q1 comments"])
        for code, ratings in rows:
            cells = ["" if ratings.get(q) is None else f" {ratings[q]} " for q in labels]
            writer.writerow([code, audience, *cells, comment or ""])
        writer.writerow([])  # spreadsheets leave blank rows
    return path


@pytest.fixture
def results(tmp_path):
    return [write(tmp_path / "frontline.csv", "frontline", FRONTLINE, comment="From the front."),
            write(tmp_path / "politicians.csv", "councillors", POLITICIANS,
                  comment="We should listen more."),
            write(tmp_path / "managers.csv", "managers", MANAGERS, comment="Only two of us.")]


def figures(paths, threshold=5, gap=1.0):
    framework = load_framework(default_framework())
    audiences = load_audiences()
    return summarise(read_results(paths, framework, audiences), framework, audiences,
                     threshold, gap)


def test_figures_match_hand_calculations(results):
    data = figures(results[:2])  # frontline (6) and politicians (5): each shown
    q1, q6 = data.questions
    # Q1: frontline 18/6 = 3.0; politicians 22/5 = 4.4; everyone 40/11 = 3.64, shown 3.6
    assert (q1.audience("frontline").count, q1.audience("frontline").shown) == (6, 3.0)
    assert (q1.audience("politicians").count, q1.audience("politicians").shown) == (5, 4.4)
    assert (q1.everyone.count, q1.everyone.shown) == (11, 3.6)
    assert q1.everyone.spread == (0, 1, 4, 4, 2)
    assert (q1.gap.high, q1.gap.low, q1.gap.size) == ("politicians", "frontline", 1.4)
    # Q6: frontline 11/5 = 2.2 (one blank); politicians 21/5 = 4.2; everyone 32/10 = 3.2
    assert (q6.audience("frontline").count, q6.audience("frontline").shown) == (5, 2.2)
    assert (q6.everyone.count, q6.everyone.shown, q6.gap.size) == (10, 3.2, 2.0)
    assert [r.question.label for r in data.gaps()] == ["Q6", "Q1"]
    assert q1.hidden == q6.hidden == 0


def test_a_hidden_group_cannot_be_worked_out_from_everyone(results):
    # Managers (2) are too few. Shown beside frontline and politicians, Everyone minus the
    # two would be the managers' exact ratings: so the smallest shown audience is hidden
    # too (complementary suppression), leaving 7 people hidden together.
    data = figures(results)
    q1, q6 = data.questions
    assert [slug for slug, _f in q1.audiences] == ["frontline"]  # politicians (5) hidden
    assert q1.hidden == 7 and q1.everyone.count == 13 and q1.everyone.shown == 3.3  # 43/13
    assert [slug for slug, _f in q6.audiences] == ["politicians"]  # a tie: the later goes
    assert q6.hidden == 7
    for result in data.questions:
        assert result.everyone.count - sum(f.count for _s, f in result.audiences) == result.hidden
        assert result.gap is None  # one audience shown: nothing to compare
    taking = {t.audience.slug: (t.count, t.small) for t in data.taking_part}
    assert taking == {"politicians": (None, False), "managers": (None, True),
                      "frontline": (6, False)}
    assert data.hidden_people == 7


@pytest.mark.parametrize(("size", "shown"), [(1, False), (4, False), (5, True)])
def test_groups_of_1_and_4_are_withheld_and_5_shown(tmp_path, size, shown):
    path = write(tmp_path / "few.csv", "frontline", FRONTLINE[:size], comment="Mine.")
    data = figures([path])
    if not shown:
        assert data.questions == () and data.comments == ()
        assert [q.label for q in data.withheld] == ["Q1", "Q6"]
        assert [(t.count, t.small) for t in data.taking_part] == [(None, True)]
        return
    q1 = data.questions[0]
    assert (q1.everyone.count, q1.audience("frontline").count) == (5, 5)
    assert [c.audience for _q, comments in data.comments for c in comments] == ["frontline"] * 5


def test_a_group_of_one_appears_nowhere_in_the_report(tmp_path):
    one = write(tmp_path / "one.csv", "frontline", FRONTLINE[:1], comment="Only mine.")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(one), "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "Only mine." not in text
    assert "Q1 was rated by fewer than 5 people, so its ratings and comments" in text
    assert "| 1 |" not in text and "n=1" not in text
    assert not any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    comments = Document(out / "partnership-innovation-comments.docx").paragraphs
    comments = "\n".join(p.text for p in comments)
    assert "Only mine." not in comments
    summary = (out / "partnership-innovation-results-summary.csv").read_text("utf-8-sig")
    assert summary.splitlines()[1:] == []


def test_audiences_that_rated_different_questions_are_not_compared(tmp_path):
    front = write(tmp_path / "f.csv", "frontline", FRONTLINE)  # Q1 and Q6
    council = write(tmp_path / "p.csv", "politicians",
                    [(code, {"Q2": r["Q1"], "Q3": r["Q6"]}) for code, r in POLITICIANS],
                    labels=("Q2", "Q3"))
    data = figures([front, council])
    assert [r.question.label for r in data.questions] == ["Q1", "Q2", "Q3", "Q6"]
    assert all(len(r.audiences) == 1 for r in data.questions)
    assert data.gaps() == [] and data.ranked() == [] and data.strongest() == []
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["report", str(front), str(council), "--out",
                                    str(out)]).exit_code == 0
    deck = load(out / "partnership-innovation-results-report.pptx")
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "Strongest and weakest are chosen only among questions rated by at least two" in text
    q2 = next(s for s in deck.slides if title_of(s) == "Q2: ratings by audience")
    assert "Everyone (n=5): Politicians and board members (5)." in slide_text(q2)


@pytest.mark.parametrize(("politicians", "reported"), [([4] * 5, True), ([4] * 9 + [3], False)])
def test_a_gap_of_exactly_1_is_reported_and_of_0_9_is_not(tmp_path, politicians, reported):
    # Frontline all 3 (3.0); politicians 4.0 (a gap of 1.0) or 39/10 = 3.9 (0.9).
    front = write(tmp_path / "f.csv", "frontline", [(f"F{i}", {"Q1": 3}) for i in range(6)],
                  labels=("Q1",))
    council = write(tmp_path / "p.csv", "politicians",
                    [(f"P{i}", {"Q1": r}) for i, r in enumerate(politicians)], labels=("Q1",))
    data = figures([front, council])
    assert data.questions[0].gap.size == (1.0 if reported else 0.9)
    assert [r.question.label for r in data.gaps()] == (["Q1"] if reported else [])
    assert figures([front, council], gap=0.9).gaps() != []  # the rule can be changed


def test_threshold_can_only_go_up(results):
    shown = {slug for r in figures(results, threshold=6).questions for slug, _f in r.audiences}
    assert shown <= {"frontline"}
    result = CliRunner().invoke(cli, ["report", *map(str, results), "--min-group", "2"])
    assert result.exit_code == 2


def test_excel_csv_reads_the_same_as_a_clean_one(tmp_path, results):
    excel = write(tmp_path / "excel.csv", "frontline", FRONTLINE, delimiter=";", bom=True,
                  crlf=True, comment="From the front.")
    framework = load_framework(default_framework())
    audiences = load_audiences()
    assert read_results([excel], framework, audiences) == read_results(
        [results[0]], framework, audiences)


def _charts(deck):
    return {title_of(s): shape.chart for s in deck.slides for shape in s.shapes
            if shape.has_chart}


def test_the_report_deck_charts_state_the_figures(tmp_path, results):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    titles = [title_of(s) for s in deck.slides]
    assert titles[1:3] == ["What we found", "Who took part"]  # the findings in words first
    found = slide_text(deck.slides[1])
    assert "11 people returned worksheets: Politicians and board members (n=5)" in found
    assert ("Views differ most on Q6 (Politicians and board members 4.2, n=5; Frontline staff "
            "2.2, n=5)") in found
    assert "Lowest rated by everyone: Q6 (3.2 from 10)" in found
    charts = _charts(deck)
    dots = charts["Mean ratings by audience"]
    assert dots.chart_type == XL_CHART_TYPE.LINE_MARKERS
    series = {s.name: list(s.values) for s in dots.plots[0].series}
    assert series == {"Everyone": [3.6, 3.2], "Politicians and board members (n=5)": [4.4, 4.2],
                      "Frontline staff (n=5\u20136)": [3.0, 2.2]}
    assert (dots.value_axis.minimum_scale, dots.value_axis.maximum_scale) == (1, 5)
    spread = charts["How the ratings spread"]
    shares = {s.name: list(s.values) for s in spread.plots[0].series}
    assert shares["4"][0] == round(4 / 11, 4) and shares["1"][0] == 0.0
    assert shares["3"][0] == round(-0.5 * 4 / 11, 4) and shares["2"][0] == round(-1 / 11, 4)
    bar = charts["Q6: ratings by audience"]
    assert list(bar.plots[0].categories) == [
        "Politicians and board members (n=5)", "Frontline staff (n=5)", "Everyone (n=10)"]
    assert list(bar.plots[0].series[0].values) == [4.2, 2.2, 3.2]
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                alt = shape._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0]
                assert any(c.isdigit() for c in alt) and len(alt) > 40
    q1 = next(s for s in deck.slides if title_of(s) == "Q1: the question as each audience saw it")
    assert ('Frontline staff: "In your experience, are the concerns of local residents and '
            "service users central") in slide_text(q1)
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "Politicians and board members: We should listen more." in text
    assert "P1" not in text and "F2" not in text  # respondent codes never appear
    differ = next(s for s in deck.slides if title_of(s) == "Where views differ")
    assert "Politicians and board members 4.2 (n=5)" in slide_text(differ)


def test_radar_is_there_for_those_who_want_it(tmp_path):
    labels = ("Q1", "Q2", "Q6")
    front = write(tmp_path / "f.csv", "frontline",
                  [(c, {**r, "Q2": r["Q1"]}) for c, r in FRONTLINE], labels=labels)
    council = write(tmp_path / "p.csv", "politicians",
                    [(c, {**r, "Q2": 5}) for c, r in POLITICIANS], labels=labels)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(front), str(council), "--chart", "radar",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    charts = _charts(load(out / "partnership-innovation-results-report.pptx"))
    assert "Mean ratings by audience" not in charts
    radar = charts["The overall profile"]
    assert radar.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    series = {s.name: list(s.values) for s in radar.plots[0].series}
    assert next(iter(series)) == "Everyone"  # drawn first: the audiences' lines above it
    assert series["Politicians and board members (n=5)"] == [4.4, 5.0, 4.2]
    assert (radar.value_axis.minimum_scale, radar.value_axis.maximum_scale) == (1, 5)
    # The points would sit on the scale's numbers (found by the render check): the slide
    # says the scale instead.
    assert radar.value_axis.tick_label_position == XL_TICK_LABEL_POSITION.NONE
    profile = next(s for s in load(out / "partnership-innovation-results-report.pptx").slides
                   if title_of(s) == "The overall profile")
    assert "1 at the centre, 5 at the outer edge" in slide_text(profile)


def test_a_radar_with_too_few_axes_gives_way_to_dots(tmp_path, results):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--chart", "radar",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    assert "Why there is no radar" in [title_of(s) for s in deck.slides]
    assert "Mean ratings by audience" in _charts(deck)


def test_the_action_plan_is_landscape_with_room_to_write(tmp_path, results):
    profile = tmp_path / "p.toml"
    profile.write_text('name = "Northshire"\npaper = "Letter"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--profile",
                                      str(profile), "--out", str(out)])
    assert result.exit_code == 0, result.output
    plan = Document(out / "northshire-action-plan.docx")
    for section in plan.sections:
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (
            279.4, 215.9)
    styles = [p.style.name for p in plan.paragraphs]
    assert styles.count("List Bullet") >= 4  # the prompts, one to a line
    headings = [p.text for p in plan.paragraphs if p.style.name == "Heading 2"]
    assert headings[0].startswith("Q6: ")  # the lowest-rated first
    for table in plan.tables:
        assert [c.text for c in table.rows[0].cells] == [
            "Action", "Owner", "By when", "How we will know it is working"]
        assert all(column.width.mm >= 40 for column in table.columns)


def test_every_comment_is_in_the_comments_document_by_audience(tmp_path, results):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--out",
                                    str(out)]).exit_code == 0
    doc = Document(out / "partnership-innovation-comments.docx")
    lines = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 3", "Politicians and board members (5)") in lines
    assert ("Heading 3", "Frontline staff (6)") in lines
    assert [t for s, t in lines if s == "List Bullet"].count("We should listen more.") == 5


def test_no_summary_cell_could_run_as_a_formula(tmp_path, results):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["report", *map(str, results), "--out",
                                    str(out)]).exit_code == 0
    with (out / "partnership-innovation-results-summary.csv").open(encoding="utf-8-sig") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert cells and not [c for c in cells if c.startswith(FORMULA_STARTS)]
    means = [row for row in cells if row.count(".") == 1 and row.replace(".", "").isdigit()]
    assert all(len(m.split(".")[1]) == 1 for m in means)  # one decimal place


# A property: any results at all, any minimum group: nothing published comes from fewer
# people than the minimum, and nothing hidden can be worked out by subtraction.
AUDIENCES = ("frontline", "politicians", "managers")
ROWS = st.lists(
    st.tuples(
        st.sampled_from(AUDIENCES),
        st.dictionaries(st.sampled_from(("q1", "q2", "q3")), st.integers(1, 5)),
        st.dictionaries(st.sampled_from(("q1", "q2")), st.just("said")),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, threshold=st.sampled_from((3, 5, 10)))
def test_no_published_figure_comes_from_fewer_than_the_minimum(rows, threshold):
    framework = load_framework(default_framework())
    audiences = load_audiences()
    responses = [Response(a, f"R{i}", r, c) for i, (a, r, c) in enumerate(rows)]
    data = summarise(responses, framework, audiences, threshold)
    for result in data.questions:
        assert result.everyone.count >= threshold
        assert all(f.count >= threshold for _slug, f in result.audiences)
        assert result.hidden == 0 or result.hidden >= threshold
        assert result.everyone.count - sum(f.count for _s, f in result.audiences) == result.hidden
    rated = {q.id: sum(q.id in r for _a, r, _c in rows) for q in framework.questions}
    assert {q.id for q in data.withheld} == {q for q, n in rated.items() if 0 < n < threshold}
    enough = {q for q, n in rated.items() if n >= threshold}
    assert {r.question.id for r in data.questions} == enough
    shown = [t.count for t in data.taking_part if t.count is not None]
    assert all(n >= threshold for n in shown)
    if data.total >= threshold:
        assert data.total - sum(shown) == 0 or data.total - sum(shown) >= threshold
    else:
        assert str(data.people) == f"fewer than {threshold}" and shown == []
    for question, comments in data.comments:
        result = next(r for r in data.questions if r.question == question)
        labelled = {slug for slug, _f in result.audiences}
        assert {c.audience for c in comments} <= labelled | {""}
        if any(c.audience == "" for c in comments):
            pool = sum(question.id in r or question.id in c for a, r, c in rows
                       if a not in labelled)
            assert pool >= threshold


BAD = [
    ("Respondent code,Audience,Q1,Q1 coments\nR1,frontline,3,4\n",
     ":1:4: unknown column 'Q1 coments'\n       did you mean 'Q1 comments'?"),
    ("Respondent code,Audience,Q1\nR1,frontline,7\n",
     ":2:3: the rating '7' is not a whole number from 1 to 5"),
    ("Respondent code,Audience,Q1\nR1,frontlne,3\n",
     ":2:2: unknown audience 'frontlne'; did you mean 'frontline'?"),
    ("Respondent code,Audience,Q1\nR1,frontline,3\nR1,staff,4\n",
     ":3:1: respondent code 'R1' is used twice for frontline (first in row 2)"),
    ("Respondent code,Audience,Q1\n\n\n", ": the file has no ratings or comments yet"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_results_give_file_row_column(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {path}{message}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_every_problem_is_reported_in_one_run(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Respondent code,Audience,Q1\nR1,frontline,0\nR2,nobody,3\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(path)])
    assert result.exit_code == 1
    assert result.output.count("error: ") == 2


def test_every_pack_has_a_results_template(default_build):
    path = next(f for f in default_build.files if f.name.endswith("-results.csv"))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    labels = [f"Q{n}" for n in range(1, 8)]
    assert header == ["Respondent code", "Audience", *labels,
                      *(f"{label} comments" for label in labels)]
    assert data.decode("utf-8-sig").splitlines()[1].startswith("R01,partnership-board,")


@pytest.mark.libreoffice
def test_report_files_render_with_no_findings(soffice, tmp_path, results):
    from toolkit.checks.render import check_rendering

    made = []
    for chart, paths in (("dots", results), ("radar", results[:2])):
        out = tmp_path / chart
        result = CliRunner().invoke(cli, ["report", *map(str, paths), "--chart", chart,
                                          "--out", str(out)])
        assert result.exit_code == 0, result.output
        made += sorted(out.glob("*.pptx")) + sorted(out.glob("*.docx"))
    assert len(made) == 6  # report deck, action plan and comments, twice
    found = check_rendering(made, soffice)
    assert [f"{f.path.name}: {f.where}: {f.message}" for f in found] == []


def test_the_same_ratings_make_the_same_report_files(tmp_path, results, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    made = []
    for run in (1, 2):
        out = tmp_path / f"out{run}"
        result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--out", str(out)])
        assert result.exit_code == 0, result.output
        made.append({p.name: p.read_bytes() for p in out.iterdir()})
        time.sleep(1.1)  # the clock moves on; the files must not
    assert made[0] == made[1]
