"""From typed-in ratings to the report: reading, figures, charts, privacy, errors."""

from __future__ import annotations

import csv
import time

import pytest
from click.testing import CliRunner
from deckinspect import load, slide_text, title_of
from docx import Document
from pptx.enum.chart import XL_CHART_TYPE

from toolkit.cli import cli
from toolkit.content.audiences import load_audiences
from toolkit.content.framework import load_framework
from toolkit.content.resources import default_framework
from toolkit.content.results import read_results
from toolkit.planning.figures import summarise

# Three audiences; each row: respondent, ratings for the listed questions.
FRONTLINE = [("F1", {"Q1": 2, "Q6": 1}), ("F2", {"Q1": 3, "Q6": 2}), ("F3", {"Q1": 4, "Q6": None}),
             ("F4", {"Q1": 3, "Q6": 3})]
POLITICIANS = [("P1", {"Q1": 5, "Q6": 4}), ("P2", {"Q1": 4, "Q6": 4}), ("P3", {"Q1": 4, "Q6": 5})]
MANAGERS = [("M1", {"Q1": 1, "Q6": 2}), ("M2", {"Q1": 2, "Q6": 2})]


def write(path, audience, rows, delimiter=",", bom=False, crlf=False, comment=None):
    labels = ["Q1", "Q6"]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter,
                            lineterminator="\r\n" if crlf else "\n")
        writer.writerow(["Respondent code", "Audience", *labels, "Q1 comments"])
        for code, ratings in rows:
            cells = ["" if ratings[q] is None else f" {ratings[q]} " for q in labels]
            writer.writerow([code, audience, *cells, comment or ""])
        writer.writerow([])  # spreadsheets leave blank rows
    return path


@pytest.fixture
def results(tmp_path):
    return [write(tmp_path / "frontline.csv", "frontline", FRONTLINE),
            write(tmp_path / "politicians.csv", "councillors", POLITICIANS,
                  comment="We should listen more."),
            write(tmp_path / "managers.csv", "managers", MANAGERS)]


def figures(paths, threshold=3):
    framework = load_framework(default_framework())
    audiences = load_audiences()
    return summarise(read_results(paths, framework, audiences), framework, audiences,
                     threshold)


def test_figures_match_hand_calculations(results):
    data = figures(results[:2])  # frontline and politicians, each shown
    q1, q6 = data.questions
    # Q1: frontline (2+3+4+3)/4 = 3.0; politicians (5+4+4)/3 = 4.33; everyone 25/7 = 3.57
    assert q1.audience("frontline").mean == 3.0 and q1.audience("frontline").count == 4
    assert q1.audience("politicians").mean == 4.33
    assert q1.overall.count == 7 and q1.overall.mean == 3.57
    assert q1.gap == 1.33
    # Q6: frontline (1+2+3)/3 = 2.0 (one blank); politicians 13/3 = 4.33; all 19/6 = 3.17
    assert q6.audience("frontline").count == 3 and q6.audience("frontline").mean == 2.0
    assert q6.overall.count == 6 and q6.overall.mean == 3.17
    assert q6.gap == 2.33
    assert q1.spread == (0, 1, 2, 3, 1)
    assert [r.question.label for r in data.by_gap()] == ["Q6", "Q1"]


def test_managers_with_two_responses_are_suppressed_but_counted(results):
    data = figures(results)
    assert [a.slug for a in data.shown] == ["politicians", "frontline"]
    assert [(a.slug, n) for a, n in data.suppressed] == [("managers", 2)]
    assert data.questions[0].overall.count == 9  # 4 + 3 + 2
    assert data.questions[0].overall.mean == 3.11  # 28 / 9


def test_no_hidden_group_can_be_worked_out_from_everyone(results):
    # Everyone (9) minus frontline (4) and politicians (3) would be the 2 managers:
    # (9 x 3.11 - 12 - 13) / 2 = 1.5, their exact mean. So no audience figure is shown.
    data = figures(results)
    for result in data.questions:
        assert [f.mean for _slug, f in result.by_audience] == [None, None]
        assert result.gap is None
        assert result.overall.mean is not None


def test_no_figure_or_comment_from_fewer_than_the_minimum(tmp_path):
    one = write(tmp_path / "one.csv", "frontline", FRONTLINE[:1], comment="Only mine.")
    data = figures([one])
    assert data.questions == () and data.comments == ()
    assert [(q.label, n) for q, n in data.withheld] == [("Q1", 1), ("Q6", 1)]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(one), "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "Only mine." not in text
    assert "Q1 was rated on 1 worksheet: fewer than 3, so its ratings and comments" in text
    assert not any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    summary = (out / "partnership-innovation-results-summary.csv").read_text("utf-8-sig")
    assert summary.splitlines()[1:] == []


def test_threshold_can_only_go_up(results):
    assert [a.slug for a in figures(results, threshold=4).shown] == ["frontline"]
    result = CliRunner().invoke(cli, ["report", *map(str, results), "--min-group", "2"])
    assert result.exit_code == 2


def test_excel_csv_reads_the_same_as_a_clean_one(tmp_path, results):
    excel = write(tmp_path / "excel.csv", "frontline", FRONTLINE, delimiter=";", bom=True,
                  crlf=True)
    framework = load_framework(default_framework())
    audiences = load_audiences()
    assert read_results([excel], framework, audiences) == read_results(
        [results[0]], framework, audiences)


def test_the_report_deck_and_action_plan(tmp_path, results):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    titles = [title_of(s) for s in deck.slides]
    assert "The overall profile" in titles
    radar = next(s for s in deck.slides if title_of(s) == "The overall profile")
    chart = next(s for s in radar.shapes if s.has_chart).chart
    assert chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {"Politicians and board members": [4.33, 4.33],
                      "Frontline staff": [3.0, 2.0], "Everyone": [3.57, 3.17]}
    bars = next(s for s in deck.slides if title_of(s) == "Q6: ratings by audience")
    bar = next(s for s in bars.shapes if s.has_chart)
    assert list(bar.chart.plots[0].categories) == [
        "Politicians and board members (n=3)", "Frontline staff (n=3)", "Everyone (n=6)"]
    assert list(bar.chart.plots[0].series[0].values) == [4.33, 2.0, 3.17]
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                alt = shape._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0]
                assert len(alt) > 30
    text = "\n".join(slide_text(s) for s in deck.slides)
    assert "We should listen more." in text
    assert "P1" not in text and "F2" not in text  # respondent codes never appear
    plan = Document(out / "partnership-innovation-action-plan.docx")
    table = plan.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Where to start", "Action", "Owner", "By when", "How we will measure progress"]
    assert table.rows[1].cells[0].text.startswith("Q6 (mean 3.17)")
    summary = (out / "partnership-innovation-results-summary.csv").read_bytes()
    assert summary.startswith(b"\xef\xbb\xbf")
    assert b"Q6,Are employees motivated and skilled for innovation?,Everyone,6,3.17" in summary


def test_a_small_audience_is_named_but_not_shown(tmp_path, results):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results), "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = load(out / "partnership-innovation-results-report.pptx")
    who = next(s for s in deck.slides if title_of(s) == "Who took part")
    assert ("Managers returned 2 worksheets: fewer than 3, so they are not shown on their "
            "own") in slide_text(who)
    bars = next(s for s in deck.slides if title_of(s) == "Q6: ratings by audience")
    bar = next(s for s in bars.shapes if s.has_chart)
    assert list(bar.chart.plots[0].categories) == ["Everyone (n=8)"]
    assert "Audiences are not shown one by one for this question" in slide_text(bars)


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


def test_report_files_open_in_libreoffice(soffice, tmp_path, results):
    import subprocess

    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["report", *map(str, results), "--out",
                                    str(out)]).exit_code == 0
    files = sorted(out.glob("*.pptx")) + sorted(out.glob("*.docx"))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, files)], check=True, capture_output=True, timeout=300)
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 2


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


def test_the_action_plan_follows_the_profiles_paper(tmp_path, results):
    profile = tmp_path / "p.toml"
    profile.write_text('name = "Northshire"\npaper = "Letter"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, results[:2]), "--profile",
                                      str(profile), "--out", str(out)])
    assert result.exit_code == 0, result.output
    section = Document(out / "northshire-action-plan.docx").sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (215.9, 279.4)
