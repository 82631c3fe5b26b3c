"""The package's plan, read from its source: imports run one way, down the pipeline, and no
module imports one that imports it back, counting imports inside functions too."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "pressroom"
# The stages, lowest first: a module may import its own layer and the layers below it.
LAYERS = (
    ("errors", "model", "langtags", "slotstyle", "read"),
    ("text",),
    ("template",),
    ("printing",),
    ("brandbook",),
    ("kit",),
    ("draw", "png"),
    ("motion",),
    ("workers", "progress"),
    ("press",),
    ("site",),
    ("build", "check"),
    ("preview",),
    ("cli", "__main__", ""),
)
LEAVES = ("png",)  # packages that import nothing of pressroom outside themselves


def _modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = file
    return found


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every module's imports of pressroom's own modules, at any depth of its code."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, file in modules.items():
        for node in ast.walk(ast.parse(file.read_text(), str(file))):
            targets = []
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pressroom"):
                targets = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                if not (target == "pressroom" or target.startswith("pressroom.")):
                    continue
                target = target.removeprefix("pressroom").removeprefix(".")
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def _layer(name: str) -> int:
    top = name.split(".")[0]
    return next(i for i, layer in enumerate(LAYERS) if top in layer)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


MODULES = _modules()
GRAPH = _imports(MODULES)


def test_every_module_has_a_layer():
    assert [m for m in MODULES if not any(m.split(".")[0] in layer for layer in LAYERS)] == []


def test_no_import_cycle_even_inside_functions():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_pipeline(module):
    upward = sorted(t for t in GRAPH[module] if _layer(t) > _layer(module))
    assert upward == [], f"{module} imports a later stage"


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaf_packages_import_nothing_of_pressroom_outside(leaf):
    outside = {
        (m, t) for m in MODULES if m.split(".")[0] == leaf for t in GRAPH[m]
        if t.split(".")[0] != leaf
    }
    assert outside == set()


def test_the_checker_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
