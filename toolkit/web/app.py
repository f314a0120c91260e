"""The web app: the build page over the same ``build`` the CLI calls.

``create_app()`` returns a Flask (WSGI) app: ``toolkit serve`` runs it with waitress on
127.0.0.1, and an organisation can host the same app under any WSGI server
(``waitress-serve --call toolkit.web:create_app``). Each request works in a folder of its
own, removed when the response is made; nothing is kept.
"""

from __future__ import annotations

import hmac
import io
import os
import secrets
import tempfile
import zipfile
from pathlib import Path

from flask import Flask, Response, render_template, request, session

from toolkit.config import CARD_SIZES, PAPERS
from toolkit.content.audiences import load_audiences
from toolkit.content.formats import load_formats
from toolkit.errors import ToolkitError
from toolkit.web.forms import read_build_form, shown
from toolkit.web.uploads import KINDS, REQUEST_LIMIT

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


def create_app(secret_key: str | None = None) -> Flask:
    """Return the web app. ``secret_key`` signs its cookies (its forms' tokens); several
    server processes must share one (``TOOLKIT_SECRET_KEY``), else each makes its own."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = REQUEST_LIMIT
    app.secret_key = secret_key or os.environ.get("TOOLKIT_SECRET_KEY") or secrets.token_hex(32)

    @app.get("/")
    def build_page():
        return _page({}, {})

    @app.post("/build")
    def build_pack():
        if not _token_ok():
            return _page({}, {"summary": _EXPIRED}, status=400)
        files = {
            name: (request.files[name].filename or "", request.files[name].read())
            for name in KINDS
            if name in request.files
        }
        with tempfile.TemporaryDirectory(prefix="toolkit-web-") as work:
            folder = Path(work)
            (folder / "in").mkdir()
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
            return _zip(result.files, folder / "out")

    @app.errorhandler(413)
    def too_large(_error):
        limit = REQUEST_LIMIT / (1024 * 1024)
        message = f"the files sent come to more than {limit:.0f} MB; send smaller files"
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
    session.setdefault("token", secrets.token_urlsafe(32))
    body = render_template(
        "build.html",
        values=values,
        errors=errors,
        token=session["token"],
        audiences=load_audiences(),
        formats=load_formats(),
        papers=PAPERS,
        card_sizes=CARD_SIZES,
    )
    return body, status


def _field_of(message: str, sent_as: dict[str, str]) -> str:
    """Return the field a message from the toolkit concerns: the upload it names (by the
    name it was sent as), else by its words, else ``summary``."""
    for saved, sent in sent_as.items():
        if message.startswith(f"{sent}:") or f" {sent}:" in message:
            stem = Path(saved).stem  # logo.jpg is the logo's, as logo.png is
            return next(f for f, kind in KINDS.items() if Path(kind.saved_as).stem == stem)
    return next((name for words, name in _FIELDS_NAMED if words in message), "summary")


def _zip(files, out: Path) -> Response:
    """Return the built files as one zip (``...-pack.zip``), their folders kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(out).as_posix())
    first = next(p for p in files if p.name.endswith("deck.pptx"))
    name = first.name.removesuffix("-deck.pptx") + "-pack.zip"
    return Response(
        buffer.getvalue(),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
