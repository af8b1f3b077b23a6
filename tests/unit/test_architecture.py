"""The runtime's modules form layers, and imports only point down.

Read with ``ast`` (nothing is imported): every import of a lazyboot module
written in a runtime module -- at module level or inside a function, and the
``import_module("lazyboot._x")`` calls that load layers late -- must name a
module of a strictly lower layer (type-only imports under ``TYPE_CHECKING``
do not count); no runtime module may assign into another
lazyboot module's globals except ``_state``, the one shared place; and the
runtime never imports the tools.  ``docs/internals.md`` describes the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lazyboot"

#: Bottom to top.  Modules in one layer do not import each other.
LAYERS = [
    # bottom: shared state, records and sites, the policy, interpreter internals
    {"_cpython", "_state", "_records", "_policy"},
    # reading code objects (the statement; what a module body does); room on the frame stack
    {"_bytecode", "_stack", "_static"},
    # loaded packages with lazy imports pending inside them
    {"_packages"},
    # from-import proxies, then what happens to them when a body ends; what an
    # import's target is, read without running it
    {"_proxy", "_targets"},
    {"_settle"},
    # the lazy module type and materialisation
    {"_module"},
    # plain library trees, eager imports, creation of lazy values
    {"_tree"},
    {"_eager"},
    {"_create", "_lazyblock"},
    # the per-statement decision: the hook, or the interpreter's lazy imports driven (3.15+)
    {"_hook", "_native"},
    # public faces
    {"_resolve", "_report"},
    {"_install", "_pep810", "_stubs", "_onload", "_warmup"},
    {"_activate"},
    {"__init__"},
]
LAYER = {name: index for index, layer in enumerate(LAYERS) for name in layer}
#: Tools: may import the runtime; the runtime never imports them.
TOOLS = {"cli", "bench", "stubgen", "click", "pytest_plugin", "__main__"}
SHARED = "_state"


def walk(tree: ast.AST):
    """``ast.walk`` without the bodies of ``if TYPE_CHECKING:`` (type-only imports)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def runtime_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.stem not in TOOLS)


def _lazyboot_target(node: ast.AST) -> list[str]:
    """The lazyboot modules an import node (or ``import_module`` call) names."""
    if isinstance(node, ast.ImportFrom):
        if node.level == 1:
            if node.module is None:
                return [alias.name for alias in node.names]
            return [node.module.split(".")[0]]
        if node.level == 0 and node.module and node.module.split(".")[0] == "lazyboot":
            parts = node.module.split(".")
            if len(parts) == 1:
                return [alias.name if alias.name in LAYER or alias.name in TOOLS else "__init__"
                        for alias in node.names]
            return [parts[1]]
        return []
    if isinstance(node, ast.Import):
        found = []
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] == "lazyboot":
                found.append(parts[1] if len(parts) > 1 else "__init__")
        return found
    if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
            in ("import_module", "__import__") and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("lazyboot.")):
        return [node.args[0].value.split(".")[1]]
    return []


def test_every_runtime_module_has_a_layer():
    names = {path.stem for path in runtime_modules()}
    assert names == set(LAYER), (
        f"not in a layer: {sorted(names - set(LAYER))}; gone: {sorted(set(LAYER) - names)}")


@pytest.mark.parametrize("path", runtime_modules(), ids=lambda p: p.stem)
def test_imports_point_down(path):
    """A runtime module imports only modules of lower layers, never a tool."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = path.stem
    wrong = []
    for node in walk(tree):
        for target in _lazyboot_target(node):
            if target in TOOLS:
                wrong.append(f"line {node.lineno}: imports the tool {target}")
            elif target not in LAYER:
                wrong.append(f"line {node.lineno}: imports {target}, which has no layer")
            elif LAYER[target] >= LAYER[here]:
                wrong.append(f"line {node.lineno}: imports {target} (layer {LAYER[target]}) "
                             f"from layer {LAYER[here]}")
    assert not wrong, f"{here}: " + "; ".join(wrong)


def _module_aliases(tree: ast.AST) -> dict[str, str]:
    """Local names bound to lazyboot modules: ``from . import _x`` -> {"_x": "_x"}."""
    aliases = {}
    for node in walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None:
            for alias in node.names:
                aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("lazyboot.") and alias.asname:
                    aliases[alias.asname] = alias.name.split(".")[1]
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            targets = _lazyboot_target(node.value)
            for name in node.targets:
                if targets and isinstance(name, ast.Name):
                    aliases[name.id] = targets[0]
    return aliases


@pytest.mark.parametrize("path", runtime_modules(), ids=lambda p: p.stem)
def test_only_the_shared_state_module_is_written_from_outside(path):
    """``other.x = ...``, ``del other.x`` and ``setattr(other, ...)`` only for ``_state``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    aliases = _module_aliases(tree)
    wrong = []
    for node in walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("setattr", "delattr")
              and node.args):
            targets = [ast.Attribute(value=node.args[0], attr="?")]
        for target in targets:
            for sub in walk(target):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name)
                        and sub.value.id in aliases and aliases[sub.value.id] != SHARED):
                    wrong.append(f"line {node.lineno}: writes {sub.value.id}.{sub.attr}")
    assert not wrong, f"{path.stem}: " + "; ".join(wrong)


def test_the_bottom_layer_imports_nothing_from_lazyboot():
    for name in LAYERS[0]:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        found = [t for node in walk(tree) for t in _lazyboot_target(node)]
        assert found == [], f"{name} imports {found}"


def test_the_checker_sees_an_upward_import_and_a_foreign_write(tmp_path):
    """The two checks above fail on the mistakes they exist for."""
    source = "from . import _hook\n\ndef f():\n    _hook.x = 1\n    from ._create import y\n"
    tree = ast.parse(source)
    targets = [t for node in walk(tree) for t in _lazyboot_target(node)]
    assert sorted(targets) == ["_create", "_hook"]
    assert all(LAYER[t] > LAYER["_module"] for t in targets)
    assert _module_aliases(tree) == {"_hook": "_hook"}
