"""Templates to documents: the Jinja environment and the one Markdown dialect it writes.

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``,
``toolkit.content`` and ``toolkit.planning``.
"""
