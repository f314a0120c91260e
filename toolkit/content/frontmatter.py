"""YAML front matter: parse it and check its keys against a small schema."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from toolkit.content.slugs import nearest
from toolkit.errors import Problem

# libyaml's loader where PyYAML was built with it: the same results, several times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # errors are re-read with PyYAML's


def parse_front_matter(
    path: Path | str, content: str, first_line: int, schema: Mapping[str, type]
) -> tuple[dict[str, object], list[Problem]]:
    """Return ``(values, problems)`` for the YAML between the ``---`` fences.

    ``first_line`` is the file line of the opening fence, so problems carry file lines.
    ``schema`` maps each allowed key to its type; numbers are accepted for ``str`` keys.
    """
    try:
        node = yaml.compose(content, Loader=LOADER)
        data = yaml.load(content, Loader=LOADER)
    except yaml.YAMLError as exc:
        exc = pure_python_error(content) or exc
        mark = getattr(exc, "problem_mark", None)
        line = first_line + 1 + (mark.line if mark else 0)
        reason = getattr(exc, "problem", None) or str(exc)
        return {}, [
            Problem(
                path,
                line,
                f"front matter is not valid YAML: {reason}",
                'write one "key: value" per line between the two --- lines',
            )
        ]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [
            Problem(path, first_line + 1, "front matter must be a list of 'key: value' lines")
        ]
    lines = {k.value: first_line + 1 + k.start_mark.line for k, _ in node.value}
    values: dict[str, object] = {}
    problems = []
    for key, value in data.items():
        line = lines.get(key, first_line + 1)
        if key not in schema:
            problems.append(
                Problem(path, line, f"unknown front matter key '{key}'", _suggest(str(key), schema))
            )
            continue
        wanted = schema[key]
        if wanted is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, wanted):
            problems.append(
                Problem(
                    path,
                    line,
                    f"front matter key '{key}' must be "
                    f"{_type_name(wanted)}, not {_type_name(type(value))}",
                )
            )
            continue
        values[key] = value
    return values, problems


def read_meta(
    path: Path,
    tokens: list,
    problems: list[Problem],
    schema: Mapping[str, type],
    missing: tuple[str, str],
    unclosed: bool,
) -> tuple[dict | None, int, dict[str, int]]:
    """Return a content file's front matter (``None`` if it is missing or unreadable, which
    is noted in ``problems``), its first line and the line of each key.

    ``tokens`` are the file's Markdown tokens; ``missing`` is the message and hint for a
    file with no front matter; an ``unclosed`` one is reported with the file's other lost
    markup, so not again here.
    """
    for token in tokens:
        if token.type == "front_matter":
            first = token.map[0] + 1
            values, found = parse_front_matter(path, token.content, first, schema)
            problems += found
            readable = values or not found
            return values if readable else None, first, key_lines(token.content, first)
    if not unclosed:
        problems.append(Problem(path, 1, *missing))
    return None, 1, {}


def key_lines(content: str, first_line: int) -> dict[str, int]:
    """Return the file line of each top-level key of the front matter (empty if unreadable)."""
    try:
        node = yaml.compose(content, Loader=LOADER)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: first_line + 1 + k.start_mark.line for k, _ in node.value}


def pure_python_error(content: str) -> yaml.YAMLError | None:
    """Return PyYAML's own error for ``content``: libyaml's points at the line after the
    mistake more often, and its wording is terser."""
    try:
        yaml.load(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return exc
    return None


def _suggest(key: str, schema: Mapping[str, type]) -> str:
    close = nearest(key, schema)
    allowed = ", ".join(schema)
    if close:
        return f"did you mean '{close}'? Allowed keys: {allowed}"
    return f"allowed keys: {allowed}"


def _type_name(kind: type) -> str:
    return {
        str: "text",
        int: "a whole number",
        list: "a list",
        dict: "a mapping",
        bool: "true or false",
        type(None): "empty",
    }.get(kind, kind.__name__)
