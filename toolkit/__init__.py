"""Workshop materials for reviewing how a UK public service partnership innovates.

Use from Python::

    from toolkit import BuildConfig, build, load_profile
    result = build(BuildConfig(out=Path("pack"), audiences=("frontline",)))
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("partnership-innovation-toolkit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

from toolkit.build import BuildConfig, BuildResult, build
from toolkit.framework_reader import load_framework, parse_framework
from toolkit.model import (
    Audience,
    Framework,
    Group,
    Partnership,
    Prompt,
    Question,
    Section,
    Session,
)
from toolkit.profile import load_profile

__all__ = [
    "Audience",
    "BuildConfig",
    "BuildResult",
    "Framework",
    "Group",
    "Partnership",
    "Prompt",
    "Question",
    "Section",
    "Session",
    "__version__",
    "build",
    "load_framework",
    "load_profile",
    "parse_framework",
]
