"""Putting built files into place: staging, the manifest, signals, processes, batches.

May import ``toolkit.errors``, ``toolkit.model``, ``toolkit.config`` and
``toolkit.content`` (to read profiles for a batch); a batch is given the build function
to run, so nothing here imports ``toolkit.api``.
"""
