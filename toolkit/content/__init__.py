"""Readers of what people write: frameworks, audiences, activities, profiles, results.

Every input file is read here, through ``sources.read_input``, and turned into the frozen
objects of ``toolkit.model`` with a list of problems (file, line, message, fix). May import
``toolkit.errors``, ``toolkit.model``, ``toolkit.config`` and ``toolkit.layout`` (colours,
for the contrast of brand colours); nothing that plans, renders or writes.
"""
