"""The package's layering (docs/layout.md): no import cycle, no import from a lower layer upward.

Every ``import`` in ``src/sgs`` is read from the source (function-level ones
too), so a lazy import cannot hide an upward arrow. Layers, from the ground:
errors, display, collector, inputs, ids, standard, calendar → records → io → validation → plugins,
adapters → store → publication, exchange → department, platform, reports (side
by side: they do not import each other) → cli.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "sgs"

#: The layer of each top-level part of ``sgs``; higher may import lower, never the reverse.
LAYERS: dict[str, int] = {
    "errors": 0,
    "display": 0,
    "collector": 0,
    "inputs": 0,
    "ids": 0,
    "standard": 0,
    "calendar": 0,
    "records": 1,
    "io": 2,
    "validation": 3,
    "plugins": 4,
    "adapters": 4,
    "store": 5,
    "publication": 6,
    "exchange": 6,
    "department": 7,
    "platform": 7,
    "reports": 7,
    "cli": 8,
    "__main__": 9,
}
#: Wings of one layer that must not import each other.
SIDE_BY_SIDE = {"department", "platform", "reports"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(path: Path, name: str, modules: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """The ``sgs`` modules that ``path`` imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sgs":
                    yield _existing(alias.name, modules), node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "sgs":
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in modules else _existing(base, modules)), node.lineno


def _existing(name: str, modules: dict[str, Path]) -> str:
    while name not in modules and "." in name:
        name = name.rpartition(".")[0]
    return name


def graph() -> dict[str, dict[str, int]]:
    modules = all_modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        targets = edges.setdefault(name, {})
        for target, line in imported(path, name, modules):
            if target != name and target != "sgs":
                targets.setdefault(target, line)
    return edges


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else ""


def test_every_part_has_a_layer() -> None:
    parts = {part(m) for m in all_modules()} - {""}
    assert parts <= set(LAYERS), f"parts without a layer: {sorted(parts - set(LAYERS))}"


def test_no_import_runs_upward_or_sideways() -> None:
    wrong = []
    for module, targets in graph().items():
        here = part(module)
        if not here:
            continue  # the package's own __init__ re-exports the public API
        for target, line in targets.items():
            there = part(target)
            upward = LAYERS[there] > LAYERS[here]
            sideways = there != here and {here, there} <= SIDE_BY_SIDE
            if upward or sideways:
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def find_cycle(edges: dict[str, dict[str, int]]) -> list[str] | None:
    """A cycle of the import graph, or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in edges.get(node, {}):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle() -> None:
    edges = graph()
    # A package's __init__ re-exports its modules; a module of the package that
    # imports its own package's __init__ makes a cycle, and is reported too.
    cycle = find_cycle(edges)
    assert cycle is None, " → ".join(cycle or [])


def test_the_checks_see_a_cycle_and_an_upward_import() -> None:
    """The checker itself: a made-up graph with a cycle is caught."""
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None


def test_private_names_stay_inside_their_module() -> None:
    """No module takes another module's ``_private`` name."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sgs"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {alias.name}")
    assert not offenders, "\n".join(offenders)
