"""Checks of generated files: accessibility (as the UK regulations expect), read from
the files' XML as a screen reader would meet it.

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``
and ``toolkit.content``; nothing that writes files.
"""
