"""Workshop materials for reviewing how a UK public service partnership innovates.

Use from Python::

    from toolkit import BuildConfig, build, load_profile
    result = build(BuildConfig(out=Path("pack"), audiences=("frontline",)))

Names are imported when first used, so ``toolkit --help`` starts quickly.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "BuildConfig": "toolkit.config",
    "ReportConfig": "toolkit.config",
    "report": "toolkit.api",
    "BuildResult": "toolkit.api",
    "build": "toolkit.api",
    "load_framework": "toolkit.content.framework",
    "parse_framework": "toolkit.content.framework",
    "load_profile": "toolkit.content.profile",
    "Audience": "toolkit.model",
    "Framework": "toolkit.model",
    "Group": "toolkit.model",
    "Partnership": "toolkit.model",
    "Prompt": "toolkit.model",
    "Question": "toolkit.model",
    "Section": "toolkit.model",
    "Session": "toolkit.model",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    """Return an exported name, importing its module on first use."""
    if name == "__version__":
        return _version()
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def _version() -> str:
    """Return the installed version (importlib.metadata is slow to import, so only now)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("partnership-innovation-toolkit")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+source"
