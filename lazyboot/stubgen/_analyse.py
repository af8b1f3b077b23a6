"""Read one ``__init__.py`` with ``ast`` and decide what can become lazy.

Nothing here executes the file.  The result is a :class:`Plan`: which
top-level import statements become lazy names, the existing lazy declaration
(if any), and a note for everything left alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from ._locate import StubgenError

#: Libraries whose ``attach`` / ``attach_stub`` we understand.
LAZY_LIBRARIES = ("lazyboot", "lazy_loader")


@dataclass(frozen=True)
class Export:
    """A name the package serves: ``name`` bound to ``submodule`` or ``submodule.attribute``."""

    name: str
    submodule: str
    attribute: str | None = None

    def describe(self) -> str:
        if self.attribute is None:
            return f"submodule .{self.submodule}"
        alias = "" if self.attribute == self.name else f" as {self.name}"
        return f"from .{self.submodule} import {self.attribute}{alias}"


@dataclass
class Declaration:
    """An ``__getattr__, __dir__, ... = lib.attach(...)`` statement already in the file."""

    node: ast.stmt
    library_alias: str
    stub_form: bool  # attach_stub(__name__, __file__)
    exports: list[Export]


@dataclass
class Plan:
    package: str
    path: Path
    source: str
    tree: ast.Module
    #: Statements that become lazy, with the names each one provides.
    converted: list[tuple[ast.stmt, list[Export]]] = field(default_factory=list)
    declaration: Declaration | None = None
    #: ``(line, message)`` for everything left as it was that a reader may care about.
    notes: list[tuple[int, str]] = field(default_factory=list)
    #: Set when the whole file is left alone.
    skip_reason: str | None = None
    #: Local name of an existing top-level ``import lazyboot [as x]``.
    lazyboot_alias: str | None = None
    binds_all: bool = False
    binds_lazy_modules: bool = False

    @property
    def lazy_exports(self) -> list[Export]:
        """Names the rewritten declaration will carry: existing ones first."""
        seen: dict[str, Export] = {}
        if self.declaration is not None:
            for export in self.declaration.exports:
                seen.setdefault(export.name, export)
        for _, exports in self.converted:
            for export in exports:
                seen.setdefault(export.name, export)
        return list(seen.values())

    def note(self, node: ast.AST | int, message: str) -> None:
        line = node if isinstance(node, int) else getattr(node, "lineno", 0)
        self.notes.append((line, message))


def parse(path: Path, source: str | None = None) -> ast.Module:
    """Parse ``path``; a syntax error becomes a one-line :class:`StubgenError`."""
    try:
        text = path.read_text(encoding="utf-8") if source is None else source
    except OSError as exc:
        raise StubgenError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise StubgenError(f"cannot read {path}: not UTF-8 ({exc.reason})") from None
    try:
        return ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise StubgenError(f"cannot parse {path}, line {exc.lineno}: {exc.msg}") from None


def resolve_from(node: ast.ImportFrom, package: str) -> str | None:
    """The submodule path (relative to ``package``) a from-import reads, or None if outside.

    ``""`` means the package itself (``from . import sub``).
    """
    if node.level == 1:
        return node.module or ""
    if node.level == 0 and node.module is not None:
        if node.module == package:
            return ""
        if node.module.startswith(package + "."):
            return node.module[len(package) + 1 :]
    return None


def import_exports(node: ast.stmt, package: str, *, allow_rename: bool = False) -> list[Export] | str:
    """The names an import statement binds from inside ``package``, or why it cannot be lazy."""
    if isinstance(node, ast.ImportFrom):
        if node.module == "__future__":
            return "a __future__ import"
        source = resolve_from(node, package)
        if source is None:
            return "imports from outside the package"
        exports: list[Export] = []
        for alias in node.names:
            if alias.name == "*":
                return "a star import"
            if alias.asname not in (None, alias.name) and not allow_rename:
                return f"renames {alias.name} to {alias.asname}; attach() serves names unchanged"
            name = alias.asname or alias.name
            if source == "":
                exports.append(Export(name, alias.name))
            else:
                exports.append(Export(name, source, alias.name))
        return exports
    if isinstance(node, ast.Import):
        exports = []
        for alias in node.names:
            if not alias.name.startswith(package + "."):
                return "imports a module outside the package"
            rest = alias.name[len(package) + 1 :]
            if "." in rest:
                return f"imports a nested submodule ({alias.name})"
            if alias.asname is None:
                # ``import pkg.sub`` binds the top-level name and sets pkg.sub.
                exports.append(Export(rest, rest))
            elif alias.asname == rest:
                exports.append(Export(rest, rest))
            elif allow_rename:
                exports.append(Export(alias.asname, rest))
            else:
                return f"renames {alias.name} to {alias.asname}"
        return exports
    return "not an import"


def submodule_exists(directory: Path, dotted: str) -> bool:
    """True if ``directory`` holds module ``dotted`` as a file or a package."""
    import importlib.machinery

    *parents, last = dotted.split(".")
    for part in parents:
        directory = directory / part
    if (directory / last / "__init__.py").is_file():
        return True
    return any((directory / (last + suffix)).is_file() for suffix in importlib.machinery.all_suffixes())


def bound_by_import(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Names an import statement binds in the importing namespace."""
    names = []
    for alias in node.names:
        if alias.asname is not None:
            names.append(alias.asname)
        elif isinstance(node, ast.Import):
            names.append(alias.name.partition(".")[0])
        elif alias.name != "*":
            names.append(alias.name)
    return names


def _literal(node: ast.expr, what: str) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise _NotLiteral(what) from None


class _NotLiteral(Exception):
    pass


def parse_declaration(node: ast.stmt, libraries: dict[str, str], stub_path: Path) -> Declaration | None:
    """Recognise ``__getattr__, __dir__[, __all__] = lib.attach(...)`` (or ``[:2]``)."""
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return None
    target = node.targets[0]
    if not isinstance(target, ast.Tuple) or not target.elts:
        return None
    names = [elt.id if isinstance(elt, ast.Name) else None for elt in target.elts]
    if names[:2] != ["__getattr__", "__dir__"]:
        return None
    call = node.value
    if isinstance(call, ast.Subscript):
        call = call.value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in libraries
        and call.func.attr in ("attach", "attach_stub")
    ):
        return None
    alias = call.func.value.id
    if call.func.attr == "attach_stub":
        from ._check import stub_exports  # the .pyi is the declaration

        exports = stub_exports(stub_path) if stub_path.is_file() else []
        return Declaration(node, alias, True, exports)
    args = list(call.args)
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
    submodules_node = args[1] if len(args) > 1 else keywords.get("submodules")
    attrs_node = args[2] if len(args) > 2 else keywords.get("submod_attrs")
    submodules = _literal(submodules_node, "submodules") if submodules_node is not None else None
    attrs = _literal(attrs_node, "submod_attrs") if attrs_node is not None else None
    exports = []
    if submodules is not None:
        if not isinstance(submodules, (list, tuple, set, frozenset)):
            raise _NotLiteral("submodules")
        ordered = sorted(submodules) if isinstance(submodules, (set, frozenset)) else submodules
        exports.extend(Export(str(sub), str(sub)) for sub in ordered)
    if attrs is not None:
        if not isinstance(attrs, dict):
            raise _NotLiteral("submod_attrs")
        for sub, names_ in attrs.items():
            exports.extend(Export(str(name), str(sub), str(name)) for name in names_)
    return Declaration(node, alias, False, exports)


def analyse(package: str, path: Path, *, style: str = "attach") -> Plan:
    """Decide what to rewrite in ``path`` (the ``__init__.py`` of ``package``)."""
    source = path.read_text(encoding="utf-8") if path.is_file() else ""
    tree = parse(path, source)
    plan = Plan(package, path, source, tree)
    stub_path = path.with_suffix(".pyi")

    # Which local names refer to a lazy-loading library, and is lazyboot imported?
    libraries: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in LAZY_LIBRARIES:
                    libraries[alias.asname or alias.name] = alias.name
                    if alias.name == "lazyboot" and plan.lazyboot_alias is None:
                        plan.lazyboot_alias = alias.asname or alias.name

    # Names bound anywhere, and statements that must keep the file as it is.
    line_owners: dict[int, int] = {}
    for node in tree.body:
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            line_owners[line] = line_owners.get(line, 0) + 1
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ("__getattr__", "__dir__"):
            plan.skip_reason = f"defines {node.name}() itself (line {node.lineno}); merge it by hand"
            return plan
        if isinstance(node, ast.Assign):
            try:
                declaration = parse_declaration(node, libraries, stub_path)
            except _NotLiteral as exc:
                plan.skip_reason = f"its lazy declaration (line {node.lineno}) has a non-literal {exc.args[0]}"
                return plan
            if declaration is not None:
                if plan.declaration is not None:
                    first = plan.declaration.node.lineno
                    plan.skip_reason = f"it has two lazy declarations (lines {first} and {node.lineno})"
                    return plan
                plan.declaration = declaration
                continue
            targets = [t for t in node.targets]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            targets = []
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    if sub.id == "__all__":
                        plan.binds_all = True
                    if sub.id == "__lazy_modules__":
                        plan.binds_lazy_modules = True
                    if sub.id in ("__getattr__", "__dir__"):
                        plan.skip_reason = f"assigns {sub.id} itself (line {node.lineno}); merge it by hand"
                        return plan

    if plan.declaration is not None and style == "pep810":
        plan.skip_reason = "it already has an attach() declaration (pep810 style converts eager imports only)"
        return plan
    if style == "pep810" and plan.binds_lazy_modules:
        plan.skip_reason = "it already sets __lazy_modules__; edit it by hand"
        return plan

    # Every name the module reads or binds outside the import statements: a
    # name the module body itself uses must stay eager, because module code
    # looks names up in globals() and never reaches the module __getattr__.
    used: dict[str, int] = {}
    bound_elsewhere: dict[str, list[int]] = {}
    for child in ast.walk(tree):
        if isinstance(child, ast.Name):
            used.setdefault(child.id, child.lineno)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound_elsewhere.setdefault(child.name, []).append(child.lineno)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            for name in bound_by_import(child):
                bound_elsewhere.setdefault(name, []).append(child.lineno)
        elif isinstance(child, ast.Global):
            for name in child.names:
                used.setdefault(name, child.lineno)

    for node in tree.body:
        if isinstance(node, (ast.If, ast.Try)) or type(node).__name__ == "TryStar":
            if any(isinstance(sub, (ast.Import, ast.ImportFrom)) for sub in ast.walk(node)):
                kind = "if" if isinstance(node, ast.If) else "try"
                test = ast.get_source_segment(source, node.test) if isinstance(node, ast.If) else None
                label = f"`if {test}:` block" if test else f"`{kind}` block"
                plan.note(node, f"kept as written: conditional imports in the {label}")
            continue
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        text = " ".join((ast.get_source_segment(source, node) or "").split())
        outcome = import_exports(node, package, allow_rename=style == "pep810")
        if isinstance(outcome, str):
            if outcome not in ("imports from outside the package", "imports a module outside the package",
                               "a __future__ import"):
                plan.note(node, f"kept eager: `{text}` ({outcome})")
            continue
        if any(line_owners.get(line, 0) > 1 for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)):
            plan.note(node, f"kept eager: `{text}` (shares a line with another statement)")
            continue
        missing = [e for e in outcome if not submodule_exists(path.parent, e.submodule)]
        if missing:
            plan.note(node, f"kept eager: `{text}` (no submodule file for .{missing[0].submodule})")
            continue
        if style == "pep810" and isinstance(node, ast.Import) and any(a.asname is None for a in node.names):
            # A lazy `import pkg.sub` binds a proxy for `pkg`; pkg.sub itself
            # would stay unset until something resolves that proxy.
            plan.note(node, f"kept eager: `{text}` (made lazy it would bind {bound_by_import(node)[0]}, "
                            f"not the submodule attribute)")
            continue
        bound = bound_by_import(node)
        if style == "attach":
            reason = None
            for name in bound:
                if name in used:
                    reason = f"{name} is used in the module itself, line {used[name]}"
                    break
                if len(bound_elsewhere.get(name, ())) > 1:
                    others = [line for line in bound_elsewhere[name] if line != node.lineno] or bound_elsewhere[name]
                    reason = f"{name} is also bound on line {others[0]}"
                    break
            if reason is not None:
                plan.note(node, f"kept eager: `{text}` ({reason})")
                continue
        plan.converted.append((node, outcome))

    if style == "attach" and plan.declaration is not None:
        declared = {export.name: export for export in plan.declaration.exports}
        for node, exports in plan.converted:
            for export in exports:
                other = declared.get(export.name)
                if other is not None and other != export:
                    plan.skip_reason = (
                        f"line {node.lineno} imports {export.name} from .{export.submodule} but "
                        f"the lazy declaration maps it to .{other.submodule}"
                    )
                    return plan
    return plan
