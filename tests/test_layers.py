"""The layers of the package, visible in its tree: no module imports a layer above its own.

errors, model, config < layout < content < planning < render < writers < checks < publish
< api < cli, entry, web (the web page, a skin over api as the CLI is). Modules of one
layer may import each other; imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import toolkit

PACKAGE = Path(toolkit.__file__).parent
ORDER = [
    {"errors", "model", "config"},
    {"layout"},
    {"content"},
    {"planning"},
    {"render"},
    {"writers"},
    {"checks"},
    {"publish"},
    {"api"},
    {"cli", "entry", "web", "__init__", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(ORDER) for name in names}


def layer(module: str) -> str:
    """Return the layer of ``toolkit.a.b``: its subpackage, or its top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> set[str]:
    """Return every ``toolkit...`` module that ``path`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "toolkit" or name.startswith("toolkit.")}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "_builtin" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts)] = path
    return found


def test_every_module_belongs_to_a_layer():
    assert {layer(m) for m in modules()} - {"toolkit"} <= set(RANK)


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for module, path in modules().items():
        mine = layer(module)
        for imported in imports(path):
            theirs = layer(imported)
            if RANK.get(theirs, 99) > RANK[mine] and theirs != "__init__":
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_at_most_six_modules_at_the_top_and_every_subpackage_says_what_it_holds():
    top = [p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")]
    assert len(top) <= 6, sorted(top)
    for package in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert doc and "import" in doc, f"{package.name}/__init__.py says nothing of its imports"
