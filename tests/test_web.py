"""The web page (issue 19): a thin skin over ``build``, tried over HTTP with Flask's test
client: the CLI's option names, uploads checked by content, CSRF tokens, a folder per
request, errors beside the field they concern."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from toolkit.cli import cli
from toolkit.content.resources import default_framework
from toolkit.web import create_app
from toolkit.web.uploads import REQUEST_LIMIT

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def client():
    app = create_app(secret_key="tests")
    return app.test_client()


def token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def post(client, data: dict, files: dict | None = None):
    form = {"token": token(client), **data}
    for name, (filename, content) in (files or {}).items():
        form[name] = (io.BytesIO(content), filename)
    return client.post("/build", data=form, content_type="multipart/form-data")


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error"><span[^>]*>Error:</span> (.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_the_page_lists_the_audiences_and_formats_with_their_descriptions(client):
    page = client.get("/").get_data(as_text=True)
    assert "The partnership board" in page and "Leaders from all the partner" in page
    assert 'value="members-discussion"' in page
    assert '<html lang="en-GB">' in page


class _Fields(HTMLParser):
    """The form's fields (id, type) and the ids its labels are for."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append((attrs.get("id", ""), attrs.get("name", "")))
        if tag == "label":
            self.labelled.add(attrs.get("for", ""))


def test_every_field_has_a_label_and_the_cli_option_name(client):
    parser = _Fields()
    parser.feed(client.get("/").get_data(as_text=True))
    names = {name for _id, name in parser.fields}
    assert {"audience", "format", "minutes", "questions", "paper", "card-size"} <= names
    assert {"large-print", "backs", "pdf", "language", "languages", "profile"} <= names
    assert {"framework", "logo", "name", "partners", "priorities", "primary"} <= names
    assert all(field_id in parser.labelled for field_id, _name in parser.fields)


def test_a_post_with_the_cli_option_names_returns_the_pack_as_one_zip(client):
    response = post(
        client,
        {
            "audience": "politicians",
            "minutes": "30",
            "format": "members-discussion",
            "name": "Northshire Together",
            "partners": "Northshire Council\nNorthshire NHS",
        },
        {"logo": ("logo.png", PNG)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="northshire-together-politicians-pack.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    deck = next(n for n in names if n.endswith("deck.pptx"))
    guide = next(n for n in names if n.endswith("guide.docx"))
    slides = Presentation(io.BytesIO(archive.read(deck))).slides
    assert "Northshire Together" in slides[0].shapes.title.text
    assert any(p.text for p in Document(io.BytesIO(archive.read(guide))).paragraphs)
    assert any("30 minutes" in p.text for p in Document(io.BytesIO(archive.read(guide))).paragraphs)


def test_a_request_without_the_token_is_refused_and_builds_nothing(client):
    response = client.post("/build", data={"audience": "politicians"})
    assert response.status_code == 400
    assert "security token is missing" in response.get_data(as_text=True)


def test_a_wrong_value_is_shown_beside_its_field_and_what_was_typed_is_kept(client):
    response = post(client, {"audience": "frontline", "minutes": "ninety", "name": "Mine"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not a valid integer" in error_beside(page, "minutes")
    assert 'value="ninety"' in page and 'value="Mine"' in page
    assert 'value="frontline" checked' in page
    assert '<a href="#minutes">' in page  # the summary links to the field


def test_a_broken_framework_is_named_with_its_line_beside_the_upload(client):
    text = default_framework().read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^(\s*[-*] .*\n)+", "", text, count=1)  # a question loses its prompts
    response = post(client, {"audience": "frontline"}, {"framework": ("mine.md", broken.encode())})
    message = error_beside(response.get_data(as_text=True), "framework")
    assert response.status_code == 400
    assert re.match(r"mine\.md:\d+: ", message), message


@pytest.mark.parametrize(
    ("field", "filename", "content", "said"),
    [
        ("framework", "mine.md", "# Ynys Môn\n".encode("cp1252"), "not UTF-8 text"),
        ("profile", "profile.toml", b"PK\x03\x04" + b"\x00" * 40, "not text"),
        ("logo", "logo.png", b"GIF89a not a png", "not a PNG or JPEG"),
        ("framework", "big.md", b"# x\n" * (3 * 1024 * 1024 // 4), "may be at most 2 MB"),
    ],
)
def test_uploads_are_checked_by_their_content(client, field, filename, content, said):
    response = post(client, {"audience": "frontline"}, {field: (filename, content)})
    assert response.status_code == 400
    assert said in error_beside(response.get_data(as_text=True), field)


def test_a_request_over_the_limit_is_refused(client):
    response = post(
        client, {"audience": "frontline"}, {"logo": ("x.png", PNG + b"0" * REQUEST_LIMIT)}
    )
    assert response.status_code == 413
    assert f"more than {REQUEST_LIMIT // (1024 * 1024)} MB" in response.get_data(as_text=True)


def test_a_file_name_never_reaches_the_file_system(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    framework = default_framework().read_bytes()
    response = post(
        client, {"audience": "frontline"}, {"framework": ("../../escaped.md", framework)}
    )
    assert response.status_code == 200
    assert not list(tmp_path.parent.rglob("escaped.md"))


def test_two_builds_at_once_do_not_see_each_others_files():
    app = create_app(secret_key="tests")
    results: dict[str, list[str]] = {}

    def build_for(name: str) -> None:
        client = app.test_client()
        response = post(client, {"audience": "frontline", "name": name})
        results[name] = zipfile.ZipFile(io.BytesIO(response.data)).namelist()

    threads = [threading.Thread(target=build_for, args=(n,)) for n in ("Alpha", "Beta")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(n.startswith("alpha/") for n in results["Alpha"]), results
    assert all(n.startswith("beta/") for n in results["Beta"]), results


def test_serve_binds_to_this_computer_unless_told_otherwise(monkeypatch):
    import waitress

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: calls.append(options))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "Open http://127.0.0.1:8000/" in result.output
    shared = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8080"])
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 8080
    assert "warning: listening on 0.0.0.0" in shared.output


def test_nothing_is_kept_after_a_build(client, monkeypatch, tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    post(client, {"audience": "politicians"})
    assert not [p for p in Path(tmp_path).iterdir() if p.name.startswith("toolkit-web-")]


def test_colours_filled_in_are_checked_as_a_profiles_are_and_shown_beside_their_field(client):
    response = post(client, {"audience": "frontline", "name": "Mine", "primary": "#777777"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_beside(page, "primary").startswith(
        "colours.primary #777777 gives text a contrast of only 4.4:1"
    )
    assert 'value="#777777"' in page
    good = post(client, {"audience": "frontline", "name": "Mine", "primary": "#1D4E89"})
    assert good.status_code == 200
    deck = next(n for n in zipfile.ZipFile(io.BytesIO(good.data)).namelist() if "deck" in n)
    xml = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(io.BytesIO(good.data)).read(deck)))
    assert "1D4E89" in xml.read("ppt/slides/slide1.xml").decode()


def test_house_templates_uploaded_shape_the_pack(client, tmp_path):
    from house import HOUSE_HEADER, slide_template, word_template

    slides = slide_template(tmp_path / "anytown.potx").read_bytes()
    words = word_template(tmp_path / "anytown.dotx").read_bytes()
    response = post(
        client,
        {"audience": "frontline"},
        {"pptx-template": ("anytown.potx", slides), "docx-template": ("anytown.dotx", words)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    guide = next(n for n in archive.namelist() if n.endswith("facilitator-guide.docx"))
    header = Document(io.BytesIO(archive.read(guide))).sections[0].header.paragraphs[0].text
    assert header == HOUSE_HEADER
    deck = next(n for n in archive.namelist() if n.endswith("deck.pptx"))
    layouts = {s.slide_layout.name for s in Presentation(io.BytesIO(archive.read(deck))).slides}
    assert layouts and all(name.startswith("Anytown ") for name in layouts)


def test_a_house_template_that_is_not_one_is_named_beside_its_upload(client, tmp_path):
    from house import word_template

    words = word_template(tmp_path / "anytown.dotx").read_bytes()
    wrong = post(client, {"audience": "frontline"}, {"pptx-template": ("ours.potx", words)})
    said = error_beside(wrong.get_data(as_text=True), "pptx-template")
    assert wrong.status_code == 400
    assert said.startswith("ours.potx: this is not a PowerPoint template"), said
    text = post(client, {"audience": "frontline"}, {"docx-template": ("ours.dotx", b"hello")})
    assert error_beside(text.get_data(as_text=True), "docx-template") == (
        "this is not an Office file; send a Word template (.dotx or .docx)"
    )


def test_contact_and_notes_language_reach_the_pack(client):
    response = post(
        client,
        {
            "audience": "frontline",
            "name": "Northshire Together",
            "contact-name": "Sam Jones",
            "contact-email": "sam.jones@northshire.gov.uk",
            "languages": "cy,en",
            "notes-language": "en",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    deck = next(n for n in archive.namelist() if n.endswith("deck.pptx"))
    slides = Presentation(io.BytesIO(archive.read(deck))).slides
    assert "sam.jones@northshire.gov.uk" in " ".join(
        shape.text for slide in slides for shape in slide.shapes if shape.has_text_frame
    )
    notes = slides[0].notes_slide.notes_text_frame.text
    assert "Welcome" in notes or "welcome" in notes  # the notes in English


def test_wrong_contact_and_notes_language_are_shown_beside_their_fields(client):
    response = post(
        client,
        {"audience": "frontline", "contact-email": "sam at council", "notes-language": "cy"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_beside(page, "notes-language") == (
        "is for a bilingual pack: choose both languages too"
    )
    assert error_beside(page, "contact-email").startswith(
        "email &#39;sam at council&#39; is not an email address"
    )


def test_partnership_fields_without_its_name_ask_for_the_name(client):
    response = post(client, {"audience": "frontline", "contact-name": "Sam Jones"})
    assert error_beside(response.get_data(as_text=True), "name") == (
        "give the partnership&#39;s name: the other partnership fields are its"
    )
