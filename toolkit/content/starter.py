"""``toolkit new``: a commented starter profile that builds as it is."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit.content.slugs import safe_slug
from toolkit.errors import ConfigError

STARTER = """\
# Partnership profile for the innovation review toolkit.
# Edit the values, keep the quotes, then run:  toolkit build {file}
# Lines starting with # are comments. See 'toolkit audiences' for the audiences.

name = {name}
short_name = {name}

# The organisations in the partnership, shown to participants.
partners = [
  "Our county council",
  "Our NHS trust",
  "Our police force",
  "Our council for voluntary service",
]

# Your logo: a PNG or JPEG file, given relative to this profile. Remove the # to use it.
# logo = "logo.png"

facilitator = "Your name"

# The areas where the partnership most wants to innovate, shown with the questions about
# priorities (the framework's priority_questions).
priorities = [
  "Ageing well at home",
  "Young people's mental health",
]

# Local examples of innovation, which the facilitator can mention to start a discussion.
examples = [
  "A joint team for hospital discharge",
]

# Paper for printed materials: "A4" or "Letter".
paper = "A4"

# Your organisation's own PowerPoint and Word templates, relative to this profile. Remove
# the # to use them: the deck takes the template's layouts, fonts and colours; the Word
# documents its page, styles, headers and footers.
# pptx_template = "house.potx"
# docx_template = "house.dotx"

# Brand colours, as six hex digits. Text over them must stay readable (4.5:1 contrast).
[colours]
primary = "#1F2A44"
accent = "#00625A"

# One [[sessions]] block per workshop. audience: see 'toolkit audiences'.
[[sessions]]
audience = "partnership-board"
participants = 24
minutes = 120
date = 2026-03-03
time = "10:00"
venue = "County Hall"

[[sessions]]
audience = "frontline"
participants = 12
minutes = 90
# format = "focus-group"   # how it is run: see 'toolkit formats' (default: the audience's)
# questions = [1, 5]       # focus on some questions (default: the audience's)
"""


def write_starter(name: str, folder: Path) -> Path:
    """Write ``<slug>.toml`` for partnership ``name`` into ``folder``; return its path.

    Raises ``ConfigError`` if the name is empty or the file already exists (it is never
    overwritten).
    """
    if not name.strip():
        raise ConfigError('give the partnership\'s name, e.g. toolkit new "Northshire Together"')
    path = folder / f"{safe_slug(name)}.toml"
    text = STARTER.format(file=path.name, name=json.dumps(name.strip(), ensure_ascii=False))
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ConfigError(
            f"{path} already exists; it was left as it is. Edit it, or choose another name"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    return path
