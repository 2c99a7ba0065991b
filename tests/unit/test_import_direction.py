"""Imports flow one way: later features -> earlier ones -> foundations.

Read from the source (``ast``), every import counts — at the top of a module
and inside a function alike: an import put inside a function still ties the
two modules together, it only hides the knot until run time."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import rsi_case

PACKAGE = Path(rsi_case.__file__).parent
# the features built on cases and documents (rsi_case/__init__.py includes them later)
ABOVE_CASES_AND_DOCUMENTS = ("meetings", "actions", "participation", "search", "export", "admin", "audit",
                             "dashboard", "demo", "scripts")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["rsi_case", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _targets(module: str, path: Path, node) -> set[str]:
    """The rsi_case modules an import statement names (``from .x import y``
    names the module ``x.y`` when ``y`` is one, else ``x``)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) if node.level \
            else node.module
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
    return {name for name in names if name in MODULES and name != module}


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[module] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[module] |= _targets(module, path, node)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(root):
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def _feature(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def test_the_graph_sees_imports_inside_functions_too():
    graph = import_graph()
    # (a function-level import and a top-level one: if these are missed, the tests below prove nothing)
    assert "rsi_case.meetings.access" in graph["rsi_case.search.views"]
    assert "rsi_case.cases.models" in graph["rsi_case.meetings.models"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_cases_and_documents_import_no_feature_above_them():
    graph = import_graph()
    upward = sorted((module, target) for module, targets in graph.items()
                    if _feature(module) in ("cases", "documents")
                    for target in targets if _feature(target) in ABOVE_CASES_AND_DOCUMENTS)
    assert upward == []


def test_no_import_cycle_among_rsi_case_modules():
    assert cycles(import_graph()) == []
