"""Pure functions from content to plans: the timed session, materials, report figures.

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``
and ``toolkit.content``; no file is read or written here.
"""
