"""Any rendered document as plain Markdown: the words of a pack, for review and diff.

The Markdown is the document as its template wrote it, before any layout: headings at
their levels (``##`` for each slide or card), lists, tables, and speaker notes in
``::: notes`` blocks (as pandoc writes them). What the Office writers add in laying it
out (continuation slides, the numbers of a rating scale) is not in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from toolkit.content.markdown import escape
from toolkit.layout.printing import PrintSettings
from toolkit.render.document import Block, Document, Paragraph, Run, Table
from toolkit.writers import WriterNotes


def write_markdown(
    document: Document, path: Path, when: datetime, options: PrintSettings | None = None
) -> WriterNotes:
    """Write ``document`` as Markdown (UTF-8, ``\\n`` line ends) at ``path``; return no
    warnings. ``when`` and ``options`` are unused: the text does not depend on them."""
    path.write_text(markdown_text(document), encoding="utf-8", newline="\n")
    return WriterNotes()


def markdown_text(document: Document) -> str:
    """Return ``document`` as Markdown: front matter with its title, then its blocks."""
    title = str(document.meta.get("title") or "")
    parts = [f"---\ntitle: {_quoted(title)}\n---"] if title else []
    parts += ["\n".join(_group(group)) for group in _groups(document.blocks)]
    return "\n\n".join(part for part in parts if part) + "\n"


def _groups(blocks: Sequence[Block]) -> Iterator[list[Block]]:
    """Yield runs of blocks written without blank lines between them: a list's items, a
    block of speaker notes; every other block alone."""
    group: list[Block] = []
    for block in blocks:
        if group and _joins(group[-1], block):
            group.append(block)
            continue
        if group:
            yield group
        group = [block]
    if group:
        yield group


def _joins(previous: Block, block: Block) -> bool:
    if previous.notes != block.notes:
        return False
    if block.notes:
        return True
    return _list_style(previous) is not None and _list_style(previous) == _list_style(block)


def _list_style(block: Block) -> str | None:
    style = getattr(block, "style", "")
    return style if style in ("bullet", "number") else None


def _group(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    number = 0
    for block in blocks:
        number = number + 1 if _list_style(block) == "number" else 0
        text = _table(block) if isinstance(block, Table) else _paragraph(block, number)
        if not text.strip():
            continue
        if lines and block.notes:
            lines.append("")  # a new paragraph of the same notes
        lines.append(text)
    if lines and blocks[0].notes:
        return ["::: notes", *lines, ":::"]
    return lines


def _paragraph(paragraph: Paragraph, number: int) -> str:
    text = _inline(paragraph.runs)
    style = paragraph.style
    if style[:1] == "h" and style[1:].isdigit():
        return f"{'#' * int(style[1:])} {text}"
    if style == "heading":
        return f"### {text}"
    if style == "bullet":
        return f"- {text}"
    if style == "number":
        return f"{number}. {text}"
    return text


def _inline(runs: Sequence[Run]) -> str:
    out = []
    for run in runs:
        text = escape(run.text.replace("\n", " / "))  # a bilingual title's two lines
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if run.bold:
            core = f"**{core}**"
        if run.italic:
            core = f"*{core}*"
        if run.href:
            core = f"[{core}]({run.href})"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def _table(table: Table) -> str:
    if not table.rows:
        return ""
    width = max(len(row) for row in table.rows)
    rows = [[*(escape(c) for c in row), *[""] * (width - len(row))] for row in table.rows]
    lines = [_row(rows[0]), _row(["---"] * width), *(_row(r) for r in rows[1:])]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
