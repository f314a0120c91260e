"""Checks of generated files: accessibility (as the UK regulations expect).

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config``, ``toolkit.layout``
and ``toolkit.content``; nothing that writes files.
"""
