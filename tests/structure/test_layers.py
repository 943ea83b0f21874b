"""The house rules of generator/ (docs/architecture.md): layers never import upward, one printer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "generator"
# layer of each top-level part of the package; a module may import only its own layer or lower ones
LAYERS = {"errors": 0, "source": 1, "domain": 2, "kinds": 3, "render": 4, "run": 5, "importing": 5, "yearly": 5, "conformance": 5, "commands": 6, "web": 6,
          "cli": 7, "__main__": 8, "__init__": 0}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else 0


def name_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every import of a generator module in `path`, type-checking ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names
                         if (PACKAGE / Path(*node.module.split(".")[1:]) / f"{a.name}.py").exists()
                         or (PACKAGE / Path(*node.module.split(".")[1:]) / a.name).is_dir())
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("generator"))
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path):
    own = layer_of(name_of(path))
    upward = [f"line {line}: {module}" for line, module in imports(path)
              if module not in ("generator", "generator.__init__") and layer_of(module) > own]
    assert not upward, f"{name_of(path)} (layer {own}) imports upward: {upward}"


def test_kinds_do_not_import_each_other_in_a_circle():
    graph: dict[str, set[str]] = {}
    for path in (PACKAGE / "kinds").rglob("*.py"):
        name = name_of(path).split(".")
        if len(name) < 3 or name[2] in ("kind", "links", "__init__"):
            continue
        for _, module in imports(path):
            parts = module.split(".")
            if len(parts) > 2 and parts[1] == "kinds" and parts[2] not in (name[2], "kind", "links"):
                graph.setdefault(name[2], set()).add(parts[2])
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ()))
    assert not [k for k in graph if reaches(k, k, {k})], graph


def _runtime_graph() -> dict[str, set[str]]:
    """Module → the generator modules it imports when it runs (lazy imports included, type-checking ones not)."""
    known = {name_of(p) for p in modules()}
    graph = {}
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                node.body = []
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    found.add(full if full in known else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("generator"))
        graph[name_of(path)] = {m for m in found if m in known and m != name_of(path) and m != "generator"}
    return graph


def test_no_two_modules_import_each_other_even_lazily():
    """A cycle (conformance.rules ↔ conformance.edit, run.pdf → run.pdfa → conformance → run.pdf)
    makes the order of imports matter and hides which module owns what."""
    graph = _runtime_graph()
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                cycles.append(" → ".join(path[path.index(dep):] + [module, dep]) if dep in path else f"{module} → {dep}")
            elif dep not in state:
                visit(dep, path + [module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not cycles, cycles


def test_only_the_command_line_prints_problems_and_exits():
    offenders = []
    for path in modules():
        text = path.read_text(encoding="utf-8")
        name = name_of(path)
        if name in ("generator.cli", "generator.__main__", "generator.yearly.lo_compare"):
            continue  # lo_compare is a program of its own, run by LibreOffice's Python
        for needle in ("sys.stderr", "sys.exit(", "print(", "tqdm"):
            if needle in text:
                offenders.append(f"{name}: {needle}")
    assert not offenders


def test_the_core_never_sees_the_command_line():
    below_commands = [p for p in modules() if layer_of(name_of(p)) < LAYERS["commands"]]
    assert [name_of(p) for p in below_commands if "argparse" in p.read_text(encoding="utf-8")] == []


def test_every_error_class_for_users_is_in_errors_py():
    for path in modules():
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not bases & {"KehoachError", "InputError", "UsageError", "PdfError", "TemplateFault"}, \
                    f"{name_of(path)}.{node.name} belongs in generator/errors.py"
