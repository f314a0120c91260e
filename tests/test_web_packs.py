"""A pack built from the page (issue 19) is offered whole and file by file, with a picture
of each document's first page where LibreOffice is installed; it is held for the browser
that built it alone, and removed once downloaded whole, removed, or out of time."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from toolkit.web import create_app
from toolkit.web.packs import PICTURE_WIDTH
from toolkit.web.store import Store

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "packs")


@pytest.fixture
def app(store):
    return create_app(secret_key="tests", store=store)


def token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def built(client, **form) -> str:
    """Build a pack as a browser does; return the address of the page offering it."""
    answer = client.post("/build", data={"token": token(client), **form}, headers=BROWSER)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return answer.headers["Location"]


def links(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" download>', page)


def test_a_pack_is_offered_whole_and_file_by_file(app, store):
    client = app.test_client()
    where = built(client, audience="frontline", name="Northshire Together")
    page = client.get(where).get_data(as_text=True)
    assert "Your pack is ready" in page
    files = {link.split("/files/", 1)[1]: client.get(link) for link in links(page)}
    assert set(files) == {
        f"northshire-together/frontline/northshire-together-frontline-{kind}"
        for kind in ("deck.pptx", "cards.pptx", "worksheet.docx", "facilitator-guide.docx")
    } | {"northshire-together/frontline/northshire-together-frontline-results.csv"}
    assert "Slides for the session, with speaker notes" in page
    assert ">northshire-together-frontline-deck.pptx</a>" in page  # named without folders
    zipped = client.post(where + "/zip", data={"token": token(client)})
    assert zipped.headers["Content-Disposition"].endswith(
        '"northshire-together-frontline-pack.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    for name, answer in files.items():  # each file as it is in the zip, named as it is
        said = f'attachment; filename="{name.split("/")[-1]}"'
        assert answer.headers["Content-Disposition"] == said
        assert answer.data == archive.read(name)
    # downloaded whole, the pack is no longer kept
    assert client.get(where).status_code == 404
    assert not list(store.root.iterdir())


def test_a_pack_is_for_the_browser_that_built_it_alone(app):
    mine = app.test_client()
    where = built(mine, audience="residents")
    file = links(mine.get(where).get_data(as_text=True))[0]
    other = app.test_client()  # another person, another session
    assert other.get(where).status_code == 404
    assert other.get(file).status_code == 404
    assert other.post(where + "/zip", data={"token": token(other)}).status_code == 404
    assert mine.post(where + "/zip", data={}).status_code == 404  # no token: nothing given
    assert mine.get(file).status_code == 200


@pytest.mark.parametrize(
    "name", ["../notes.txt", "..%2Fnotes.txt", "notes.txt", "%2Fetc%2Fpasswd", "files/x.csv"]
)
def test_only_the_packs_own_files_are_given(app, name):
    client = app.test_client()
    where = built(client, audience="residents")
    for kind in ("files", "pictures"):
        assert client.get(f"{where}/{kind}/{name}", follow_redirects=True).status_code == 404
    assert client.get("/packs/not-a-key/files/x.csv").status_code == 404


def test_a_pack_can_be_removed_at_once(app, store):
    client = app.test_client()
    where = built(client, audience="frontline")
    removed = client.post(where + "/remove", data={"token": token(client)})
    assert "The pack was removed from the server" in removed.get_data(as_text=True)
    assert client.get(where).status_code == 404
    assert not list(store.root.iterdir())


def test_a_pack_is_removed_when_its_time_is_up(tmp_path):
    store = Store(tmp_path / "packs", lifetime=0)
    client = create_app(secret_key="tests", store=store).test_client()
    where = built(client, audience="frontline")
    assert client.get(where).status_code == 404
    assert not list(store.root.iterdir())


def test_a_request_that_does_not_ask_for_a_page_gets_the_zip_and_nothing_is_held(app, store):
    client = app.test_client()
    answer = client.post(
        "/build", data={"token": token(client), "audience": "frontline"}, headers={"Accept": "*/*"}
    )
    assert answer.mimetype == "application/zip"
    assert not store.root.exists() or not list(store.root.iterdir())


def test_each_documents_first_page_is_pictured(app, soffice, store):
    client = app.test_client()
    where = built(client, audience="politicians", pdf="yes")
    page = client.get(where).get_data(as_text=True)
    pictures = re.findall(r'<img src="([^"]+)"', page)
    assert len(pictures) == 3  # the deck, the rating sheet and the guide; not the CSV
    for address in pictures:
        image = Image.open(io.BytesIO(client.get(address).data))
        assert image.format == "PNG" and image.width <= PICTURE_WIDTH
    assert "As a PDF to print or share" in page
    assert len([link for link in links(page) if link.endswith(".pdf")]) == 3


def test_what_the_build_says_is_shown_with_the_pack(app, monkeypatch):
    import toolkit.api
    from toolkit.api import BuildResult

    real = toolkit.api.build

    def build_with_a_warning(config):
        result = real(config)
        return BuildResult(result.files, ("a prompt is too long for its card",))

    monkeypatch.setattr(toolkit.api, "build", build_with_a_warning)
    client = app.test_client()
    page = client.get(built(client, audience="frontline")).get_data(as_text=True)
    assert "What the build said" in page
    assert "<li>a prompt is too long for its card</li>" in page


def test_the_store_folder_is_private(app, store):
    client = app.test_client()
    built(client, audience="frontline")
    assert Path(store.root).stat().st_mode & 0o077 == 0
