"""The results page (issue 19) over HTTP: worksheets typed in one at a time in a form laid
out like the worksheet, results spreadsheets uploaded, the combined results downloaded,
the report built, every problem beside its field in the words ``toolkit report`` uses,
and nothing typed lost on a mistake. The results travel with the page, never kept."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from toolkit.api import usable_audiences
from toolkit.cli import cli
from toolkit.content.framework import load_framework
from toolkit.content.resources import default_framework
from toolkit.web import create_app


@pytest.fixture
def client():
    return create_app(secret_key="tests").test_client()


def send(client, data: dict, files: dict | None = None):
    """POST the results page's form ``data`` (its action, the results it carries...)."""
    page = client.get("/results").get_data(as_text=True)
    form = {"token": re.search(r'name="token" value="([^"]+)"', page).group(1), **data}
    for name, sent in (files or {}).items():
        form[name] = [(io.BytesIO(content), filename) for filename, content in sent]
    return client.post("/results", data=form, content_type="multipart/form-data")


def carried(response) -> str:
    """Return the results a page carries in its forms (all its forms carry the same)."""
    page = response.get_data(as_text=True)
    states = set(re.findall(r'name="results" value="([^"]*)"', page))
    assert len(states) == 1, "every form carries the same results"
    return html.unescape(states.pop())


def typed(client, results: str, audience: str, **fields):
    """Type in one worksheet: ``fields`` as the form names them (rating-Q1=4 ...)."""
    data = {"action": "add", "results": results, "audience": audience}
    data.update({name.replace("_", "-"): value for name, value in fields.items()})
    return send(client, data)


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error"><span[^>]*>Error:</span> (.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_the_worksheet_form_asks_the_audiences_questions_in_its_words(client):
    page = send(client, {"action": "choose", "audience": "residents", "results": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    framework = load_framework(default_framework())
    asked = re.findall(r"<legend><h3>(Q\d)\. (.*?)</h3></legend>", text)
    assert [label for label, _ in asked] == ["Q1", "Q2", "Q7"]  # the residents' worksheet
    assert html.unescape(asked[0][1]) == (
        "Do local services listen to people like you when they try new ways of doing things?"
    )
    residents = next(a for a in usable_audiences(framework) if a.slug == "residents")
    for label, words in asked:  # each as the residents' worksheet words it
        question = framework.question(label.lower())
        assert html.unescape(words) == residents.reworded(question.id, question.text)
    assert 'id="respondent"' in text and 'value="R01"' in text  # the next free code
    for label, _ in asked:  # a rating from 1 to 5, or none; the evidence written
        assert len(re.findall(rf'type="radio" id="rating-{label}-', text)) == 6
        assert f'<label for="comments-{label}">' in text


def test_worksheets_typed_in_are_carried_by_the_page_and_numbered_on(client):
    first = typed(
        client, "", "frontline", respondent="R01", rating_Q1="4", comments_Q5="-less paper"
    )
    assert first.status_code == 200
    assert "Worksheet R01 for Frontline staff added" in first.get_data(as_text=True)
    second = typed(client, carried(first), "frontline", rating_Q6="2")
    rows = json.loads(carried(second))
    assert [row[:3] for row in rows] == [["R01", "frontline", "4"], ["", "frontline", ""]]
    assert rows[0][2 + 7 + 4] == "-less paper"  # Q5's comments, after the 7 ratings
    assert 'value="R02"' in second.get_data(as_text=True)  # the next code offered


def test_a_mistake_keeps_what_was_typed_and_marks_the_field(client):
    results = carried(typed(client, "", "frontline", respondent="R01", rating_Q1="4"))
    again = typed(
        client, results, "frontline", respondent="R01", rating_Q5="3", comments_Q5="Data shared"
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert error_beside(page, "respondent") == (
        "respondent code 'R01' is used twice for frontline\ngive each worksheet its own code"
    )
    assert '<a href="#respondent">' in page  # the error summary links to the field
    assert 'id="rating-Q5-3" name="rating-Q5" value="3" checked' in page
    assert ">Data shared</textarea>" in page
    assert carried(again) == results  # nothing added

    wrong = typed(client, results, "frontline", respondent="R02", rating_Q6="7")
    assert error_beside(wrong.get_data(as_text=True), "rating-Q6") == (
        "the rating '7' is not a whole number from 1 to 5\nleave it blank if unanswered"
    )
    empty = typed(client, results, "frontline", respondent="R02")
    assert error_beside(empty.get_data(as_text=True), "rating-Q1").startswith("nothing is typed in")


def test_the_results_download_at_any_time_as_the_results_spreadsheet(client, tmp_path):
    results = carried(
        typed(client, "", "managers", respondent="R01", rating_Q3="5", comments_Q3="=SUM(A1)")
    )
    download = send(client, {"action": "download", "results": results})
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].endswith('"partnership-innovation-results.csv"')
    rows = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Respondent code", "Audience", "Q1"]
    assert rows[1][:5] == ["R01", "managers", "", "", "5"]
    assert rows[1][11] == "'=SUM(A1)"  # a spreadsheet shows it as text, not a formula
    # ... and the toolkit reads it back as it was typed, through the CLI too
    saved = tmp_path / "results.csv"
    saved.write_bytes(download.get_data())
    again = send(
        client,
        {"action": "upload", "results": ""},
        {"results-files": [("r.csv", saved.read_bytes())]},
    )
    assert carried(again) == results


def test_uploaded_results_are_added_and_their_problems_named_by_row_and_column(client, tmp_path):
    template = tmp_path / "out"
    built = CliRunner().invoke(cli, ["build", "--audience", "frontline", "--out", str(template)])
    assert built.exit_code == 0, built.output
    sheet = next(template.rglob("*-results.csv"))
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    rows[1][2], rows[2][2] = "4", "2"  # two worksheets typed in, the rest not returned
    body = io.StringIO()
    csv.writer(body).writerows(rows)
    good = body.getvalue().encode()
    added = send(
        client, {"action": "upload", "results": ""}, {"results-files": [("frontline.csv", good)]}
    )
    assert added.status_code == 200
    assert [row[:3] for row in json.loads(carried(added))] == [
        ["R01", "frontline", "4"],
        ["R02", "frontline", "2"],
    ]
    twice = send(
        client,
        {"action": "upload", "results": carried(added)},
        {"results-files": [("again.csv", good)]},
    )
    assert twice.status_code == 400
    assert error_beside(twice.get_data(as_text=True), "results-files").startswith(
        "respondent codes R01, R02 are used twice for frontline"
    )

    rows[2][2] = "high"
    body = io.StringIO()
    csv.writer(body).writerows(rows)
    broken = send(
        client,
        {"action": "upload", "results": carried(added)},
        {
            "results-files": [
                ("frontline.csv", good),
                ("../../broken.csv", body.getvalue().encode()),
            ]
        },
    )
    said = error_beside(broken.get_data(as_text=True), "results-files")
    assert broken.status_code == 400
    assert said == (
        "broken.csv:3:3: the rating 'high' is not a whole number from 1 to 5\n"
        "       leave it blank if unanswered"
    )
    assert carried(broken) == carried(added)  # nothing added from either file

    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    refused = send(
        client,
        {"action": "upload", "results": ""},
        {"results-files": [("r.csv", workbook.getvalue())]},
    )
    assert refused.status_code == 400
    assert "r.csv: this is not text" in error_beside(
        refused.get_data(as_text=True), "results-files"
    )


def test_six_worksheets_make_a_report_with_their_figures(client):
    results = ""
    for number, rating in enumerate(["4", "5", "3", "4", "2", "4"], start=1):
        response = typed(
            client,
            results,
            "frontline",
            respondent=f"R{number:02d}",
            rating_Q1=rating,
            comments_Q1=f"Comment {number}",
        )
        assert response.status_code == 200
        results = carried(response)
    report = send(client, {"action": "report", "results": results, "name": "Northshire Together"})
    assert report.status_code == 200
    assert report.headers["Content-Disposition"].endswith('"northshire-together-report.zip"')
    archive = zipfile.ZipFile(io.BytesIO(report.get_data()))
    names = archive.namelist()
    assert sorted(names) == [
        "northshire-together-action-plan.docx",
        "northshire-together-comments.docx",
        "northshire-together-results-report.pptx",
        "northshire-together-results-summary.csv",
    ]
    summary = list(csv.reader(io.StringIO(archive.read(names[-1]).decode("utf-8-sig"))))
    everyone = next(row for row in summary if row[0] == "Q1" and row[2] == "Everyone")
    assert everyone[3:5] == ["6", "3.7"]  # six ratings, their mean
    deck = Presentation(io.BytesIO(archive.read("northshire-together-results-report.pptx")))
    assert "Northshire Together" in deck.slides[0].shapes.title.text
    comments = Document(io.BytesIO(archive.read("northshire-together-comments.docx")))
    assert "Comment 6" in "\n".join(p.text for p in comments.paragraphs)


def test_the_report_holds_back_groups_smaller_than_the_minimum(client):
    results = ""
    for number in (1, 2):
        results = carried(
            typed(
                client,
                results,
                "frontline",
                respondent=f"R{number}",
                rating_Q1="5",
                comments_Q1="Mine",
            )
        )
    report = send(client, {"action": "report", "results": results})
    archive = zipfile.ZipFile(io.BytesIO(report.get_data()))
    summary = next(n for n in archive.namelist() if n.endswith(".csv"))
    assert "5.0" not in archive.read(summary).decode("utf-8-sig")
    comments = next(n for n in archive.namelist() if n.endswith("comments.docx"))
    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(comments))).paragraphs)
    assert "Mine" not in text


def test_the_report_form_shows_the_clis_words_beside_its_fields(client):
    results = carried(typed(client, "", "frontline", rating_Q1="4"))
    page = send(client, {"action": "report", "results": results, "min-group": "2"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert error_beside(text, "min-group") == "2 is not in the range x>=3."
    assert 'name="min-group" value="2"' in text  # what was typed, kept
    french = send(client, {"action": "report", "results": results, "languages": "cy,fr"})
    text = french.get_data(as_text=True)
    assert french.status_code == 400
    assert "content/frameworks/partnership-innovation.md: there is no fr translation" in text
    assert str(default_framework().parent.parent.parent) not in text  # nor where it is kept
    nothing = send(client, {"action": "report", "results": ""})
    assert nothing.status_code == 400
    assert "there are no results yet" in nothing.get_data(as_text=True)


def test_a_worksheet_can_be_removed(client):
    results = carried(typed(client, "", "frontline", respondent="R01", rating_Q1="4"))
    results = carried(typed(client, results, "frontline", respondent="R02", rating_Q1="2"))
    left = send(client, {"action": "remove", "results": results, "row": "1"})
    assert [row[0] for row in json.loads(carried(left))] == ["R02"]


@pytest.mark.parametrize(
    "results", ['[["R01"]]', "not json", '[["R01","nobody",' + '"",' * 13 + '""]]']
)
def test_results_changed_in_the_page_are_refused_clearly(client, results):
    page = send(client, {"action": "add", "results": results, "audience": "frontline"})
    assert page.status_code == 400
    assert "Upload the results spreadsheet you downloaded" in page.get_data(as_text=True)


def test_the_results_page_refuses_a_form_without_its_token(client):
    page = client.post("/results", data={"action": "download", "results": "[]"})
    assert page.status_code == 400
    assert "security token" in page.get_data(as_text=True)


OWN = """# The Riverside Youth Services Review

A framework about another subject.

## Listening

### 1. Do young people shape the services they use?

- Are they asked before changes are made?

## Delivering

### 2. Do services reach the young people who need them most?

- Do outreach workers know where to find them?
"""


def test_results_are_typed_in_for_a_framework_of_ones_own(client):
    files = {"framework": [("riverside.md", OWN.encode())]}
    chosen = send(client, {"action": "framework", "results": ""}, files)
    page = chosen.get_data(as_text=True)
    assert chosen.status_code == 200, page
    assert "Results for <strong>The Riverside Youth Services Review</strong> (riverside.md)" in page
    carried_on = {
        "framework-text": html.unescape(
            re.search(r'name="framework-text" value="([^"]*)"', page).group(1)
        ),
        "framework-name": "riverside.md",
    }
    shown_form = send(
        client, {"action": "choose", "audience": "frontline", "results": "", **carried_on}
    )
    asked = re.findall(
        r"<legend><h3>(Q\d)\. (.*?)</h3></legend>", shown_form.get_data(as_text=True)
    )
    assert asked == [
        ("Q1", "Do young people shape the services they use?"),
        ("Q2", "Do services reach the young people who need them most?"),
    ]
    results = ""
    for number in range(1, 6):
        data = {"action": "add", "audience": "frontline", "results": results, **carried_on}
        data.update({"respondent": f"R{number}", "rating-Q2": "4"})
        results = carried(send(client, data))
    assert len(json.loads(results)[0]) == 2 + 2 + 2  # code, audience, 2 ratings, 2 comments
    report = send(client, {"action": "report", "results": results, **carried_on})
    assert report.status_code == 200, report.get_data(as_text=True)[:3000]
    archive = zipfile.ZipFile(io.BytesIO(report.get_data()))
    summary = next(n for n in archive.namelist() if n.endswith(".csv"))
    text = archive.read(summary).decode("utf-8-sig")
    assert "Do services reach the young people who need them most?" in text
    changed = send(client, {"action": "framework", "results": results, **carried_on})
    assert "download them and remove them" in error_beside(
        changed.get_data(as_text=True), "framework"
    )


def test_a_broken_framework_is_named_by_line_beside_its_upload(client):
    files = {"framework": [("mine.md", b"# A framework\n\n1. A question with no prompts?\n")]}
    page = send(client, {"action": "framework", "results": ""}, files)
    assert page.status_code == 400
    said = error_beside(page.get_data(as_text=True), "framework")
    assert said.startswith("mine.md:1: the framework has no questions"), said


def test_an_upload_over_the_limit_says_where_the_results_still_are(client):
    from toolkit.web.uploads import REQUEST_LIMIT

    files = {"results-files": [("huge.csv", b"a" * (REQUEST_LIMIT + 1))]}
    page = send(client, {"action": "upload", "results": "[]"}, files)
    assert page.status_code == 413
    assert "go Back in the browser to the page that holds them" in page.get_data(as_text=True)
