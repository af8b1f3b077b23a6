"""Random package worlds and programs for the eager-vs-lazy differential tests.

A *world* is a set of packages plus one program module, all named with a
prefix (``z3a``, ``z3b``, ``z3prog``) so that many worlds can run one after
the other in the same interpreter without touching each other.  The program
runs its steps at module level inside ``with _step(k):`` blocks (``with``
blocks keep imports eligible for laziness; ``try`` blocks would not), and
observes values only through attribute access, calls and ``repr`` of plain
data, which a transparent lazy layer must forward.

What the generator deliberately does not produce, because lazyboot documents
it as a difference (errors are deferred to first use, see issue 2):

* a module-level import, written in a package module, of a module whose body
  raises (the eager importer fails at the statement, the lazy one only if the
  name is used); raising modules are imported only by program steps that use
  them in the same step, inside ``try`` blocks, or inside functions;
* a program step that imports a raising module without using it;
* a module-level use of a name that is not defined at the top of its module
  (before the module's first import).  Such uses are generated rarely on
  purpose (``unsafe``), and when a run then fails on a half-built module the
  comparison of that program stops at that step (see ``_harness.py``);
* code whose result depends on *when* another module's body ran, which is
  the documented reordering: module-level reads of another module's state
  are limited to header names (defined before any import, unique per module,
  so no star import can overwrite them); star imports read only ``__all__``
  lists that sit in the header; a package re-exports its same-named function
  (``from .fn import fn``) right after its header and ``fn`` is a leaf; a
  guard around an import catches only the error it expects;
* modules that rely on another module's import side effects (a lazy import
  that nothing uses never runs: tested separately in test_regressions.py).
"""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

#: Standard-library modules generated code may import; each maps to a zero-arg
#: expression over the bound name whose value is plain data.
STDLIB = {
    "json": "{0}.dumps([1, 2])",
    "textwrap": "{0}.shorten('a b c d e f', 7)",
    "fractions": "str({0}.Fraction(3, 6))",
    "colorsys": "{0}.rgb_to_hsv(0.0, 0.0, 0.0)",
    "string": "{0}.digits",
}


@dataclasses.dataclass
class Module:
    name: str                      # dotted name
    is_pkg: bool
    raises: bool = False           # body raises (never imported at module level)
    error: str = ""                # the exception type it raises
    header: list = dataclasses.field(default_factory=list)   # X_*, f_*, C_* names
    getattr_names: list = dataclasses.field(default_factory=list)
    same_name_fn: bool = False     # defines a function named like the module
    stars: bool = False            # may star-import (then is never star-imported)
    shadowed: bool = False         # its package rebinds its name to a function
    exports: list = dataclasses.field(default_factory=list)  # header ``__all__``
    later: list = dataclasses.field(default_factory=list)    # names defined later
    body: list = dataclasses.field(default_factory=list)     # source lines

    @property
    def leaf(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def parent(self) -> str:
        return self.name.rpartition(".")[0]

    @property
    def path(self) -> str:
        base = self.name.replace(".", "/")
        return f"{base}/__init__.py" if self.is_pkg else f"{base}.py"


@dataclasses.dataclass
class World:
    prefix: str
    files: dict

    def renamed(self, prefix: str) -> "World":
        """The same world with every name moved from this prefix to ``prefix``."""
        files = {}
        for path, text in self.files.items():
            files[path.replace(self.prefix, prefix, 1)] = text.replace(self.prefix, prefix)
        return World(prefix, files)


def _relative(importer: Module, target: str) -> tuple[str, str] | None:
    """``(dots+module, name)`` for a relative ``from`` import, or None."""
    package = importer.name if importer.is_pkg else importer.parent
    if not package:
        return None
    parts = package.split(".")
    tparts = target.split(".")
    # Walk up at most two levels while still inside the same top-level package.
    for up in range(0, min(2, len(parts) - 1) + 1):
        base = parts[: len(parts) - up]
        if tparts[: len(base)] == base and len(tparts) > len(base):
            rest = tparts[len(base):]
            dots = "." * (up + 1)
            return dots + ".".join(rest[:-1]), rest[-1]
    return None


@st.composite
def worlds(draw, prefix: str = "z0") -> World:
    """Draw one world: packages, modules and a program, as files."""
    modules: list[Module] = []
    counter = [0]

    def new(name: str, is_pkg: bool) -> Module:
        m = Module(name, is_pkg)
        modules.append(m)
        return m

    tops = [f"{prefix}a"] + ([f"{prefix}b"] if draw(st.booleans()) else [])
    for top in tops:
        root = new(top, True)
        frontier = [(root, 0)]
        while frontier:
            pkg, depth = frontier.pop(0)
            for i in range(draw(st.integers(1, 3))):
                new(f"{pkg.name}.m{len(modules)}", False)
            if depth < 2:
                for i in range(draw(st.integers(0, 2 if depth == 0 else 1))):
                    sub = new(f"{pkg.name}.s{len(modules)}", True)
                    frontier.append((sub, depth + 1))
            if draw(st.integers(0, 4)) == 0:
                bad = new(f"{pkg.name}.bad{len(modules)}", False)
                bad.raises = True
                bad.error = draw(st.sampled_from(
                    ["ValueError", "KeyError", "RuntimeError", "ModuleNotFoundError"]))
            if draw(st.integers(0, 3)) == 0:
                fn = new(f"{pkg.name}.fn{len(modules)}", False)
                fn.same_name_fn = True

    # Headers: names defined before a module's first import (safe in cycles).
    for idx, m in enumerate(modules):
        base = (idx + 1) * 100
        m.body.append(f"RAN = LOG.append({m.name + ':0'!r})")
        for j in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from("XfC"))
            name = f"{kind}_{idx}_{j}"  # unique per module: star imports never clobber a header
            if kind == "X":
                m.body.append(f"{name} = {base + j}")
            elif kind == "f":
                m.body.append(f"def {name}():\n    return {base + j}")
            else:
                m.body.append(f"class {name}:\n    def tag(self):\n        return {m.name + '.' + name!r}")
            m.header.append(name)
        if m.same_name_fn:
            m.body.append(f"def {m.leaf}():\n    return {m.name + ' fn'!r}")
            m.header.append(m.leaf)
        # A module either may star-import others, or may be star-imported
        # (then its ``__all__`` lists header names only and sits in the
        # header): eagerly a star import can run against a partially
        # initialised module in a cycle and copy a different set of names,
        # which is reordering, not a laziness bug.
        m.stars = draw(st.integers(0, 3)) == 0
        if not m.stars and draw(st.booleans()):
            m.exports = draw(st.lists(st.sampled_from(m.header), unique=True, min_size=1))
            m.body.append(f"__all__ = {m.exports!r}")
        if m.is_pkg:
            # Re-export a same-name function from a submodule (SPEC 1's
            # "function with the same name as its submodule" case).
            for child in modules:
                if child.parent == m.name and child.same_name_fn and draw(st.booleans()):
                    m.body.append(f"from .{child.leaf} import {child.leaf}")
                    m.later.append(child.leaf)
                    child.shadowed = True
        if draw(st.integers(0, 5)) == 0:
            m.getattr_names = [f"dyn_{idx}"]
            m.body.append(
                "def __getattr__(name):\n"
                f"    if name == {m.getattr_names[0]!r}:\n"
                f"        return {m.name + ' dyn'!r}\n"
                f"    raise AttributeError(f\"module {{__name__!r}} has no attribute {{name!r}}\")"
            )

    # Module bodies import only modules that import cleanly, whatever the
    # form (a shadowed submodule reached through its package is a function).
    safe_targets = [m for m in modules if not m.raises and not m.shadowed]

    def uniq(stem: str) -> str:
        counter[0] += 1
        return f"{stem}{counter[0]}"

    def use_expr(target: Module, ref: str, *, safe: bool) -> str | None:
        """An expression over a bound module reference with a plain value."""
        names = target.header if safe else target.header + target.later
        if not names:
            return None
        name = draw(st.sampled_from(names))
        return _value_expr(f"{ref}.{name}", name, target)

    def import_statement(importer: Module, target: Module) -> tuple[list[str], str]:
        """One import of ``target`` written in ``importer``; returns (lines, module ref)."""
        # ``import pkg.fn as t`` where the package rebinds ``fn`` to a function:
        # a known lazyboot difference kept as an explicit regression test
        # (test_regressions.py::test_import_as_of_submodule_shadowed_by_function).
        forms = ["import_dotted"] if target.shadowed else ["import_as", "import_dotted"]
        rel = _relative(importer, target.name) if importer is not None else None
        if target.parent:
            forms.append("from_pkg")
        if rel:
            forms.append("from_rel")
        form = draw(st.sampled_from(forms))
        alias = uniq("t")
        if form == "import_as":
            return [f"import {target.name} as {alias}"], alias
        if form == "import_dotted":
            return [f"import {target.name}"], target.name
        if form == "from_pkg":
            return [f"from {target.parent} import {target.leaf} as {alias}"], alias
        mod, leaf = rel
        return [f"from {mod} import {leaf} as {alias}"], alias

    # Module bodies after the header.
    for m in modules:
        if m.same_name_fn:
            # A leaf, re-exported by its package right after the package's
            # header: no module can see the package between the submodule
            # binding and the function binding (eagerly that is a window of
            # partial initialisation, i.e. reordering, not laziness).
            m.body.append(f"RAN = LOG.append({m.name + ':end'!r})")
            continue
        if m.raises:
            kind = "missing" if m.error == "ModuleNotFoundError" else m.error
            m.body.append(f"RAN = LOG.append({m.name + ':1'!r})")
            if kind == "missing":
                m.body.append(f"import {m.name}_nosuch")
            else:
                m.body.append(f"raise {kind}({m.name!r})")
            continue
        for k in range(draw(st.integers(0, 5))):
            action = draw(st.sampled_from([
                "import", "import", "import_use", "from_name", "from_name_use", "def_use",
                "log", "guarded_missing", "guarded_bad", "func_import", "reexport",
                "star", "stdlib", "later", "unsafe_use",
            ]))
            target = draw(st.sampled_from(safe_targets))
            if action in ("import", "import_use", "def_use"):
                lines, ref = import_statement(m, target)
                m.body.extend(lines)
                if action == "import_use":
                    expr = use_expr(target, ref, safe=True)
                    if expr:
                        var = uniq("Y_")
                        m.body.append(f"{var} = {expr}")
                        m.later.append(var)
                elif action == "def_use":
                    expr = use_expr(target, ref, safe=False)
                    if expr:
                        fn = uniq("g_")
                        m.body.append(f"def {fn}():\n    return {expr}")
                        m.later.append(fn)
            elif action in ("from_name", "from_name_use"):
                if not target.header:
                    continue
                name = draw(st.sampled_from(target.header + target.getattr_names))
                alias = uniq("n")
                rel = _relative(m, target.name)
                if rel and draw(st.booleans()):
                    mod, leaf = rel
                    src = mod + leaf if mod.endswith(".") else mod + "." + leaf
                    m.body.append(f"from {src} import {name} as {alias}")
                else:
                    m.body.append(f"from {target.name} import {name} as {alias}")
                if action == "from_name_use" and name in target.header:
                    var = uniq("Y_")
                    m.body.append(f"{var} = {_value_expr(alias, name, target)}")
                    m.later.append(var)
                else:
                    fn = uniq("g_")
                    body = _value_expr(alias, name, target) if name in target.header else alias
                    m.body.append(f"def {fn}():\n    return {body}")
                    m.later.append(fn)
            elif action == "log":
                m.body.append(f"RAN = LOG.append({m.name + ':' + str(k + 2)!r})")
            # Guards catch only the error they expect: a broad ``except`` would
            # turn an eager cycle's partial-module error into a stored value.
            elif action == "guarded_missing":
                var = uniq("HAVE_")
                m.body.append(f"try:\n    import {target.name}.nosuch{k}\n    {var} = True\n"
                              f"except ModuleNotFoundError:\n    {var} = False")
                m.later.append(var)
            elif action == "guarded_bad":
                bads = [b for b in modules if b.raises]
                if not bads:
                    continue
                bad = draw(st.sampled_from(bads))
                var = uniq("CAUGHT_")
                m.body.append(f"try:\n    import {bad.name}\n    {var} = 'no'\n"
                              f"except {bad.error} as exc:\n    {var} = type(exc).__name__")
                m.later.append(var)
            elif action == "func_import":
                if not target.header:
                    continue
                name = draw(st.sampled_from(target.header))
                fn = uniq("h_")
                m.body.append(f"def {fn}():\n    from {target.name} import {name}\n"
                              f"    return {_value_expr(name, name, target)}")
                m.later.append(fn)
            elif action == "reexport":
                if not target.header:
                    continue
                name = draw(st.sampled_from(target.header))
                alias = uniq("R_")
                m.body.append(f"from {target.name} import {name} as {alias}")
                m.later.append(alias)
            elif action == "star":
                if target is m or not m.stars or target.stars or not target.exports:
                    continue
                m.body.append(f"from {target.name} import *")
            elif action == "stdlib":
                lib = draw(st.sampled_from(sorted(STDLIB)))
                fn = uniq("lib_")
                if draw(st.booleans()):
                    m.body.append(f"import {lib}")
                    m.body.append(f"def {fn}():\n    return {STDLIB[lib].format(lib)}")
                else:
                    alias = uniq("sl")
                    m.body.append(f"import {lib} as {alias}")
                    m.body.append(f"def {fn}():\n    return {STDLIB[lib].format(alias)}")
                m.later.append(fn)
            elif action == "later":
                var = uniq("L_")
                m.body.append(f"{var} = {counter[0] * 7}")
                m.later.append(var)
            elif action == "unsafe_use" and target.later:
                # May hit a partially initialised module in an eager cycle.
                lines, ref = import_statement(m, target)
                m.body.extend(lines)
                var = uniq("U_")
                m.body.append(f"{var} = {_value_expr(ref + '.' + target.later[0], target.later[0], target)}")
                m.later.append(var)
        m.body.append(f"RAN = LOG.append({m.name + ':end'!r})")

    # The program.
    prog: list[str] = []
    for k in range(draw(st.integers(1, 8))):
        target = draw(st.sampled_from(modules))
        kind = draw(st.sampled_from(["import_use", "import_use", "from_name", "import_only",
                                     "missing", "missing_name", "attr_chain", "star",
                                     "isinstance", "hasattr", "dunder"]))
        block: list[str] = []
        if kind == "import_only" and target.raises:
            kind = "import_use"
        if kind in ("import_use", "import_only", "isinstance", "hasattr", "dunder", "attr_chain"):
            lines, ref = import_statement(None, target)
            if kind == "attr_chain":
                lines, ref = [f"import {target.name}"], target.name
            block.extend(lines)
            if target.raises:
                # Use it at once: an unused failing import is a documented difference.
                h0 = target.header[0]
                block.append(f"_out({_value_expr(ref + '.' + h0, h0, target)})")
            if kind == "import_use":
                names = target.header + target.later + target.getattr_names
                name = draw(st.sampled_from(names)) if names else "__name__"
                block.append(f"_out({_value_expr(ref + '.' + name, name, target)})")
            elif kind == "isinstance":
                classes = [n for n in target.header if n.startswith("C_")]
                if classes:
                    c = f"{ref}.{classes[0]}"
                    block.append(f"_out(isinstance({c}(), {c}))")
                    block.append(f"_out({c}().tag())")
                else:
                    block.append(f"_out({ref}.__name__)")
            elif kind == "hasattr":
                block.append(f"_out(hasattr({ref}, 'nosuch'))")
                block.append(f"_out(hasattr({ref}, {(target.header or ['__name__'])[0]!r}))")
            elif kind == "dunder":
                block.append(f"_out({ref}.__name__, {ref}.__spec__.name, {ref}.__package__)")
                block.append(f"_out(hasattr({ref}, '__path__'))")
            elif kind == "attr_chain":
                names = target.header + target.later
                name = draw(st.sampled_from(names)) if names else "__name__"
                block.append(f"_out({_value_expr(target.name + '.' + name, name, target)})")
        elif kind == "from_name":
            names = target.header + target.later + target.getattr_names
            if not names:
                continue
            name = draw(st.sampled_from(names))
            alias = uniq("p")
            block.append(f"from {target.name} import {name} as {alias}")
            block.append(f"_out({_value_expr(alias, name, target)})")
        elif kind == "missing":
            alias = uniq("q")
            block.append(f"import {target.name}_nosuch as {alias}")
            block.append(f"_out({alias}.X_0)")
        elif kind == "missing_name":
            alias = uniq("q")
            block.append(f"from {target.name} import nosuch_{k} as {alias}")
            block.append(f"_out({alias})")
        elif kind == "star":
            block.append(f"from {target.name} import *")
            names = target.header or ["__name__"]
            block.append(f"_out({_value_expr(names[0], names[0], target)})")
        prog.append(f"with _step({k}):\n" + "\n".join("    " + line for line in block))

    files = {m.path: "\n".join(m.body) + "\n" for m in modules}
    files[f"{prefix}prog.py"] = "\n".join(prog) + "\n"
    return World(prefix, files)


def _value_expr(expr: str, name: str, target: Module) -> str:
    """Turn a reference to ``name`` into an expression with a plain value."""
    if name.startswith(("f_", "g_", "h_", "lib_")) or name == target.leaf and target.same_name_fn:
        return f"{expr}()"
    if name.startswith("C_"):
        return f"{expr}().tag()"
    return expr


@st.composite
def batches(draw, size: int):
    """``size`` independent worlds, prefixes z0 … z{size-1}."""
    return [draw(worlds(prefix=f"z{i}")) for i in range(size)]

