"""``--check``: do the ``.pyi`` and the runtime declaration serve the same names?"""

from __future__ import annotations

import ast
from pathlib import Path

from ._analyse import Export, Plan, import_exports, parse


def relative_exports(body: list[ast.stmt], package: str | None) -> list[Export]:
    """Names that top-level import statements bind from inside ``package``.

    Unlike the rewrite, renamed imports count too (``from .a import X as Y``
    serves ``Y``), so a hand-written ``.pyi`` can be compared as it is.
    """
    exports: list[Export] = []
    for node in body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                source: str | None = node.module or ""
            elif node.level == 0 and package is not None and node.module is not None:
                source = import_source(node.module, package)
            else:
                source = None
            if source is None:
                continue
            for alias in node.names:
                if alias.name == "*":
                    continue
                name = alias.asname or alias.name
                if source == "":
                    exports.append(Export(name, alias.name))
                else:
                    exports.append(Export(name, source, alias.name))
            continue
        outcome = import_exports(node, package) if package is not None else []
        if isinstance(outcome, list):
            exports.extend(outcome)
    return exports


def import_source(module: str, package: str) -> str | None:
    if module == package:
        return ""
    if module.startswith(package + "."):
        return module[len(package) + 1 :]
    return None


def stub_exports(path: Path, package: str | None = None) -> list[Export]:
    """The lazy names a ``.pyi`` declares (its top-level package-relative imports)."""
    return relative_exports(parse(path).body, package)


def runtime_exports(plan: Plan) -> list[Export]:
    """Names ``__init__.py`` serves at runtime: its attach() mapping plus eager re-exports."""
    exports = list(plan.declaration.exports) if plan.declaration is not None else []
    exports.extend(relative_exports(plan.tree.body, plan.package))
    return exports


def compare(plan: Plan) -> list[str]:
    """Every disagreement between ``__init__.py`` and its ``.pyi`` (empty when they agree)."""
    stub_path = plan.path.with_suffix(".pyi")
    init = _display(plan.path)
    if not stub_path.is_file():
        if plan.declaration is not None and not plan.declaration.stub_form:
            return [f"{init}: has a lazy declaration (line {plan.declaration.node.lineno}) but no "
                    f"{stub_path.name}; type checkers cannot see its names (run `lazyboot stubgen --write`)"]
        if plan.declaration is not None:
            return [f"{init}: attach_stub() needs {stub_path.name}, which does not exist"]
        return []
    if plan.declaration is not None and plan.declaration.stub_form:
        return []  # attach_stub reads the .pyi itself: they cannot disagree
    runtime = _by_name(runtime_exports(plan))
    stub = _by_name(stub_exports(stub_path, plan.package))
    problems = []
    stub_name = stub_path.name
    for name in sorted(runtime.keys() - stub.keys()):
        problems.append(f"{init}: {name!r} is served at runtime ({runtime[name].describe()}) "
                        f"but missing from {stub_name}")
    for name in sorted(stub.keys() - runtime.keys()):
        problems.append(f"{init}: {name!r} is in {stub_name} ({stub[name].describe()}) "
                        f"but not served at runtime")
    for name in sorted(runtime.keys() & stub.keys()):
        if runtime[name] != stub[name]:
            problems.append(f"{init}: {name!r} is {runtime[name].describe()} at runtime "
                            f"but {stub[name].describe()} in {stub_name}")
    return problems


def _by_name(exports: list[Export]) -> dict[str, Export]:
    result: dict[str, Export] = {}
    for export in exports:
        result.setdefault(export.name, export)
    return result


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
