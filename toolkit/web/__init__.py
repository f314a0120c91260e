"""The toolkit in a browser (``toolkit serve``): a thin skin over ``toolkit.api``, at the
same layer as the CLI. It imports api, content, config and errors, and Flask; only the CLI
imports it. ``create_app`` is the WSGI app any server can host."""

from toolkit.web.app import create_app

__all__ = ["create_app"]
