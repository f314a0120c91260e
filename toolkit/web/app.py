"""The web app: the build page and the results page, over the same ``build`` and
``report`` the CLI calls.

``create_app()`` returns a Flask (WSGI) app: ``toolkit serve`` runs it with waitress on
127.0.0.1, and an organisation can host the same app under any WSGI server
(``waitress-serve --call toolkit.web:create_app``). Each request works in a folder of its
own, removed when the response is made; nothing is kept (the results typed in so far
travel with the results page itself).
"""

from __future__ import annotations

import hmac
import io
import os
import secrets
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from flask import Flask, Response, redirect, render_template, request, session, url_for

from toolkit.config import CARD_SIZES, CHARTS, DEFAULT_MIN_GROUP, PAPERS
from toolkit.content.audiences import load_audiences
from toolkit.content.formats import load_formats
from toolkit.errors import ToolkitError
from toolkit.web import results as typed
from toolkit.web.forms import read_build_form, read_report_form, shown
from toolkit.web.packs import draw_first_pages, offered
from toolkit.web.store import Held, Store
from toolkit.web.uploads import KINDS, REQUEST_LIMIT

BUILD_UPLOADS = ("profile", "framework", "logo", "pptx-template", "docx-template")
REPORT_UPLOADS = ("profile", "logo")

# Which field a problem the toolkit reports belongs to, by the words it names.
_FIELDS_NAMED = (
    ("framework.md", "framework"),
    ("profile.toml", "profile"),
    ("logo", "logo"),
    ("audience", "audience"),
    ("format", "format"),
    ("minutes", "minutes"),
    ("question", "questions"),
    ("LibreOffice", "pdf"),
)


def create_app(secret_key: str | None = None, store: Store | None = None) -> Flask:
    """Return the web app. ``secret_key`` signs its cookies (its forms' tokens); several
    server processes must share one (``TOOLKIT_SECRET_KEY``), else each makes its own.
    ``store`` holds packs built from the page until they are downloaded (by default in
    the system's temporary folder, for 30 minutes at most)."""
    app = Flask(__name__)
    store = store or Store()
    app.config["MAX_CONTENT_LENGTH"] = REQUEST_LIMIT
    app.secret_key = secret_key or os.environ.get("TOOLKIT_SECRET_KEY") or secrets.token_hex(32)

    @app.get("/")
    def build_page():
        return _page({}, {})

    @app.post("/build")
    def build_pack():
        if not _token_ok():
            return _page({}, {"summary": _EXPIRED}, status=400)
        with tempfile.TemporaryDirectory(prefix="toolkit-web-") as work:
            folder = Path(work)
            (folder / "in").mkdir()
            files = _uploads(BUILD_UPLOADS)
            submitted = read_build_form(request.form, files, folder / "in", folder / "out")
            if submitted.config is None:
                return _page(submitted.values, submitted.errors, status=400)
            from toolkit.api import build  # the whole pipeline, only when building

            try:
                result = build(submitted.config)
            except ToolkitError as error:
                message = shown(error.format_message(), folder / "in", submitted.sent_as)
                where = _field_of(message, submitted.sent_as)
                return _page(submitted.values, {where: message}, status=400)
            if request.accept_mimetypes.best_match(["application/zip", "text/html"]) != "text/html":
                return _zip(result.files, folder / "out", "-deck.pptx", "-pack.zip")
            pack = _laid_out(result, folder / "out", folder / "pack")
            key = store.keep(pack, _owner())
        return redirect(url_for("pack_page", key=key), code=303)

    @app.get("/packs/<key>")
    def pack_page(key: str):
        held = store.held(key, _owner())
        if held is None:
            return _gone()
        files = offered(_files(held), held.folder / "files", held.folder / "pictures")
        notes = (held.folder / "notes.txt").read_text(encoding="utf-8").splitlines()
        return _render("pack.html", held=held, files=files, notes=notes, errors={})

    @app.get("/packs/<key>/files/<path:name>")
    def pack_file(key: str, name: str):
        held = store.held(key, _owner())
        path = _chosen(held, name)
        if path is None:
            return _gone()
        return _attachment(path.read_bytes(), path.name, "application/octet-stream")

    @app.get("/packs/<key>/pictures/<name>")
    def pack_picture(key: str, name: str):
        held = store.held(key, _owner())
        pictures = {p.name: p for p in (held.folder / "pictures").glob("*.png")} if held else {}
        if name not in pictures:
            return _gone()
        return Response(pictures[name].read_bytes(), mimetype="image/png")

    @app.post("/packs/<key>/zip")
    def pack_zip(key: str):
        held = store.held(key, _owner()) if _token_ok() else None
        if held is None:
            return _gone()
        answer = _zip(_files(held), held.folder / "files", "-deck.pptx", "-pack.zip")
        store.remove(key, _owner())  # the whole pack is with the person now
        return answer

    @app.post("/packs/<key>/remove")
    def pack_remove(key: str):
        if _token_ok():
            store.remove(key, _owner())
        return _gone(removed=True)

    @app.get("/results")
    def results_page():
        return _results_page(_no_results(), {}, {})

    @app.post("/results")
    def results_work():
        if not _token_ok():
            return _results_page(_no_results(), {}, {"summary": _EXPIRED}, status=400)
        action = request.form.get("action", "")
        values = {k: v for k, v in request.form.items() if k not in ("token", typed.STATE)}
        with tempfile.TemporaryDirectory(prefix="toolkit-web-") as work:
            folder = Path(work)
            try:
                results = typed.carried(request.form, folder)
            except typed.StateError as error:
                return _results_page(_no_results(), {}, {"summary": str(error)}, status=400)
            if action == "download":
                path = results.write(folder / "results.csv")
                name = f"{results.framework.slug}-results.csv"
                return _attachment(path.read_bytes(), name, "text/csv")
            if action == "report":
                return _report(results, folder, values)
            sent = {
                typed.UPLOADS: [
                    (f.filename or "", f.read()) for f in request.files.getlist(typed.UPLOADS)
                ],
                **_uploads(("framework",)),
            }
            values, errors, done = typed.act(action, results, values, sent, folder)
            return _results_page(results, values, errors, done, status=400 if errors else 200)

    @app.errorhandler(413)
    def too_large(_error):
        limit = REQUEST_LIMIT / (1024 * 1024)
        message = f"the files sent come to more than {limit:.0f} MB; send smaller files"
        if request.path == url_for("results_work"):  # the results are in the page sent
            message += (
                ". Nothing was added, and the results could not be read with them: go Back "
                "in the browser to the page that holds them"
            )
            return _results_page(_no_results(), {}, {"summary": message}, status=413)
        return _page({}, {"summary": message}, status=413)

    return app


_EXPIRED = (
    "this form has expired or did not come from this page (its security token is "
    "missing); nothing was built. Fill it in again and send it"
)


def _token_ok() -> bool:
    """Return whether the form carries this session's token (CSRF protection)."""
    expected = session.get("token", "")
    given = request.form.get("token", "")
    return bool(expected) and hmac.compare_digest(expected, given)


def _page(values: dict, errors: dict, status: int = 200):
    """Return the build page, with what was entered and each problem beside its field."""
    body = _render(
        "build.html",
        values=values,
        errors=errors,
        audiences=load_audiences(),
        formats=load_formats(),
        papers=PAPERS,
        card_sizes=CARD_SIZES,
    )
    return body, status


def _owner() -> str:
    """Return the session's own random name: packs built in it are held for it alone."""
    return session.setdefault("owner", secrets.token_urlsafe(32))


def _laid_out(result, out: Path, pack: Path) -> Path:
    """Return the folder ``pack`` holding the built files (``files/``, their folders
    kept), a picture of each document's first page (``pictures/``, where LibreOffice is
    installed) and what the build said (``notes.txt``)."""
    for path in result.files:
        target = pack / "files" / path.relative_to(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    files = sorted(p for p in (pack / "files").rglob("*") if p.is_file())
    draw_first_pages(files, pack / "files", pack / "pictures")
    (pack / "notes.txt").write_text("\n".join(result.warnings), encoding="utf-8")
    return pack


def _files(held: Held) -> list[Path]:
    """Return the files of a held pack, in order."""
    return sorted(p for p in (held.folder / "files").rglob("*") if p.is_file())


def _chosen(held: Held | None, name: str) -> Path | None:
    """Return the file of ``held`` called ``name`` (as the page names it), or None: the
    name is matched against the pack's files, never used as a path."""
    if held is None:
        return None
    files = {p.relative_to(held.folder / "files").as_posix(): p for p in _files(held)}
    return files.get(name)


def _gone(removed: bool = False):
    """Return the page saying a pack is not (or no longer) here."""
    return _render("pack.html", held=None, removed=removed, errors={}), 404


def _render(template: str, **context) -> str:
    """Return a page, with the session's form token."""
    session.setdefault("token", secrets.token_urlsafe(32))
    return render_template(template, token=session["token"], **context)


def _uploads(names: tuple[str, ...]) -> dict[str, tuple[str, bytes]]:
    """Return the files sent in the upload fields ``names``: name as sent, bytes."""
    return {
        name: (request.files[name].filename or "", request.files[name].read())
        for name in names
        if name in request.files
    }


def _no_results() -> typed.Results:
    return typed.Results(*typed.framework_of(None))


def _results_page(
    results: typed.Results, values: dict, errors: dict, done: str = "", status: int = 200
):
    """Return the results page: the results so far, the worksheet of the audience chosen
    to type in (what was typed kept, each problem beside its field), the other forms."""
    audience = results.audience(values.get(typed.GROUP, ""))
    if audience is not None and not values.get(typed.CODE) and not errors:
        values[typed.CODE] = results.next_code(audience.slug)
    body = _render(
        "results.html",
        results=results,
        audience=audience,
        values=values,
        errors=errors,
        done=done,
        charts=CHARTS,
        min_group=DEFAULT_MIN_GROUP,
        fields=typed,
    )
    return body, status


def _report(results: typed.Results, folder: Path, values: dict):
    """Return the report of ``results`` as a zip, or the page with the report form's
    problems beside its fields."""
    if not results.rows:
        errors = {"summary": "there are no results yet: type in or upload worksheets first"}
        return _results_page(results, values, errors, status=400)
    (folder / "in").mkdir()
    csv = results.write(folder / "in" / "results.csv")
    files = _uploads(REPORT_UPLOADS)
    submitted = read_report_form(request.form, files, folder / "in", csv, folder / "out")
    if submitted.config is None:
        return _results_page(results, values, submitted.errors, status=400)
    from toolkit.api import report

    try:
        result = report(replace(submitted.config, framework=results.framework_file(folder)))
    except ToolkitError as error:
        message = shown(error.format_message(), folder / "in", submitted.sent_as)
        return _results_page(results, values, {"summary": message}, status=400)
    return _zip(result.files, folder / "out", "-results-report.pptx", "-report.zip")


def _attachment(data: bytes, name: str, kind: str) -> Response:
    """Return ``data`` as a file to download, called ``name``."""
    return Response(
        data, mimetype=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _field_of(message: str, sent_as: dict[str, str]) -> str:
    """Return the field a message from the toolkit concerns: the upload it names (by the
    name it was sent as), else by its words, else ``summary``."""
    for saved, sent in sent_as.items():
        if message.startswith(f"{sent}:") or f" {sent}:" in message:
            stem = Path(saved).stem  # logo.jpg is the logo's, as logo.png is
            return next(f for f, kind in KINDS.items() if Path(kind.saved_as).stem == stem)
    return next((name for words, name in _FIELDS_NAMED if words in message), "summary")


def _zip(files, out: Path, first: str, ending: str) -> Response:
    """Return the built files as one zip, their folders kept, named after the file whose
    name ends ``first``, that ending made ``ending`` (``...-deck.pptx``: ``...-pack.zip``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(out).as_posix())
    named = next(p for p in files if p.name.endswith(first))
    name = named.name.removesuffix(first) + ending
    return _attachment(buffer.getvalue(), name, "application/zip")
