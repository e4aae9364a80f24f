"""The package's shape: layers as folders, imports only downward, no cycle, no oversized module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "soypace"
# Each layer may import the layers below it; model and render stand side by side and do not
# import each other. The root package (errors, version) is below everything.
RANK = {"soypace": 0, "calendar": 1, "data": 2, "model": 3, "render": 3, "views": 4, "cli": 5, "__main__": 6}
MAX_LINES = 350


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "soypace"


def imports_of(path: Path) -> set[str]:
    """Every soypace module a file imports, at any depth (lazy imports inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("soypace")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("soypace"):
            found.add(node.module)
            for alias in node.names:  # `from soypace.model import pacing` imports a module
                candidate = f"{node.module}.{alias.name}"
                if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists():
                    found.add(candidate)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_the_layers_are_folders():
    for folder in ("data", "model", "views", "render", "cli"):
        assert (PACKAGE / folder / "__init__.py").exists(), folder
    assert (PACKAGE / "calendar.py").exists()


def test_every_module_belongs_to_a_layer():
    assert {layer(m) for m in graph()} <= set(RANK)


def test_imports_run_downward_only():
    wrong = []
    for module, imported in graph().items():
        for target in imported:
            mine, theirs = layer(module), layer(target)
            if RANK[theirs] > RANK[mine] or (RANK[theirs] == RANK[mine] and theirs != mine):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layers: " + ", ".join(sorted(wrong))


def test_no_import_cycle():
    g = graph()
    edges = {m: {t for t in ts if t in g} for m, ts in g.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if nxt in (node, module_parent(node)):
                continue
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def module_parent(module: str) -> str:
    return module.rsplit(".", 1)[0]


def test_no_module_is_too_long_to_hold_in_mind():
    long = {
        module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long
