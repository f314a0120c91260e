"""Geometry and measurement, without files: text widths, card sheets, colours.

May import ``toolkit.errors``, ``toolkit.model`` and ``toolkit.config`` only.
"""
