"""Which import statements ``install()`` makes lazy.

Precedence, cheapest check first:

1. always eager: ``__future__``, star imports, built-in modules, the modules
   in :data:`ALWAYS_EAGER` (imported for their side effects), imports
   written inside the standard library (its C code checks types exactly), and
   a package ``__init__`` importing its own private submodules
   (``from . import _setup``: imported for their effect);
2. ``exclude``: a listed name (or one of its submodules) is eager;
3. ``include``: when given, only listed names (and their submodules) may be lazy;
4. ``filter(importer, name, fromlist)``: when given, decides (PEP 810's
   signature; ``filter=lambda *a: True`` is PEP 810's "all" mode);
5. otherwise the default, **application scope**: imports written in the
   application's own modules are lazy, imports written inside the standard
   library or installed third-party packages run as their authors wrote them.

Why application scope by default: it keeps nearly all of the start-up gain
(the application's imports of heavy packages are exactly what gets deferred)
while third-party packages, whose internals may rely on eager import order,
C-level type checks or import-time registration, run untouched once they are
used.  The measurements behind this choice are in docs/semantics.md ("Why
application scope by default").
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

#: Modules imported for their side effects (or that must see the real import
#: system): never deferred, whatever the policy says.
ALWAYS_EAGER = frozenset({
    "__future__", "__main__", "builtins", "sys", "site", "sitecustomize",
    "usercustomize", "encodings", "codecs", "readline", "rlcompleter",
    "antigravity", "this", "faulthandler", "tracemalloc", "atexit", "signal",
    "lazyboot", "_distutils_hack", "setuptools", "pkg_resources", "distutils",
    "gevent", "eventlet", "coverage", "_pytest", "pytest", "pluggy", "typing",
    "typing_extensions", "__phello__", "importlib", "zipimport",
})

_STDLIB = frozenset(sys.stdlib_module_names)
_BUILTIN = frozenset(sys.builtin_module_names)


def is_module_name(text: object) -> bool:
    """Is ``text`` a dotted module name (``pkg.sub``)?"""
    return isinstance(text, str) and bool(text) and all(
        part.isidentifier() for part in text.split("."))


def check_module_name(value: object, where: str) -> str:
    """``value`` if it is a module name; else the TypeError or ValueError that
    says what ``where`` (an argument, named for the caller) must be."""
    if not isinstance(value, str):
        raise TypeError(f"{where} must be a module name (str), not {type(value).__name__}")
    if not is_module_name(value):
        raise ValueError(f"{where} must be a dotted module name such as 'pkg.sub', "
                         f"not {value!r}")
    return value


def check_module_names(values: "Any", where: str) -> "tuple[str, ...]":
    """``values`` as a tuple of module names (an iterable of them, not a str)."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{where} must be an iterable of module names, not "
                        f"{type(values).__name__} (did you mean [{values!r}]?)")
    try:
        names = tuple(values)
    except TypeError:
        raise TypeError(f"{where} must be an iterable of module names, "
                        f"not {type(values).__name__}") from None
    return tuple(check_module_name(name, f"each name in {where}") for name in names)


def _validate_names(argument: str, names: "Iterable[str] | None") -> frozenset[str] | None:
    if names is None:
        return None
    return frozenset(check_module_names(names, f"install() argument {argument!r}"))


def covered(name: str, names: frozenset[str]) -> bool:
    """Is ``name`` one of ``names`` or a submodule of one of them?"""
    if name in names:
        return True
    while "." in name:
        name = name.rpartition(".")[0]
        if name in names:
            return True
    return False


class Policy:
    """Decides, per import statement, whether it may be lazy."""

    def __init__(self, include: "Iterable[str] | None" = None,
                 exclude: "Iterable[str] | None" = None,
                 filter: "Callable[[str, str, tuple | None], bool] | None" = None,
                 application: "Iterable[str]" = ()):
        if filter is not None and not callable(filter):
            raise TypeError(f"install() argument 'filter' must be callable, "
                            f"not {type(filter).__name__}")
        self.include = _validate_names("include", include)
        self.exclude = _validate_names("exclude", exclude) or frozenset()
        self.filter = filter
        #: whether include, exclude or filter narrow the default at all
        self.narrowed = bool(self.exclude) or self.include is not None or filter is not None
        #: top-level packages that count as the application even when installed
        self.application = frozenset(application)
        #: importer name -> may its statements be lazy at all (read by the hook)
        self.importer_scope: dict[str, bool] = {}

    def add_application(self, packages: "Iterable[str]") -> None:
        """Count ``packages`` (top-level names) as application code too."""
        added = frozenset(packages) - self.application
        if added:
            self.application = self.application | added
            self.importer_scope.clear()

    def may_be_lazy(self, globals: dict) -> bool:
        """May any statement written in the module owning ``globals`` be lazy?
        Remembered per module name, except for the scripts' shared names.

        One function, not one per rule: it runs once per module, and 3.10
        runs a function called a few hundred times without its opcode cache,
        so each call saved shows on an import-heavy start."""
        importer = globals.get("__name__") or ""
        scope = self.importer_scope.get(importer)
        if scope is not None:
            return scope
        top = importer.partition(".")[0]
        if top in _STDLIB:
            # The standard library's own imports stay eager under any policy:
            # its C functions check types exactly (``abc.register``), which a
            # proxy cannot pass.
            scope = False
        elif self.filter is not None:
            scope = True  # the filter decides, statement by statement
        else:
            if importer in ("__main__", "__mp_main__"):
                spec = globals.get("__spec__")  # ``python -m pkg``: the real name
                top = (getattr(spec, "name", None) or importer).partition(".")[0]
            if top in self.application:
                scope = True
            elif top in _STDLIB or top == "lazyboot":
                scope = False
            else:
                scope = not library_file(globals.get("__file__"))
        if importer not in ("__main__", "__mp_main__"):  # several scripts share these
            self.importer_scope[importer] = scope
        return scope

    def selects(self, globals: dict, name: str, fromlist: tuple | None) -> bool:
        importer = globals.get("__name__") or ""
        scope = self.importer_scope.get(importer)
        if scope is None:
            scope = self.may_be_lazy(globals)
        if not scope or name.partition(".")[0] in ALWAYS_EAGER or name in _BUILTIN:
            return False
        if "__path__" in globals:
            # A package's ``__init__`` importing one of its own private
            # submodules (``from . import _setup``, ``import pkg._registry``)
            # does it for the effect (toolz's ``tlz`` builds itself this way):
            # eager.  So is a re-export from one (``from ._core import
            # Engine``): the private module may register things as it runs.
            if fromlist and name == importer:
                for attr in fromlist:
                    if isinstance(attr, str) and attr.startswith("_"):
                        return False
            elif name.startswith(importer + ".") and name[len(importer) + 1:].startswith("_"):
                return False
        if self.narrowed:
            return self._narrowed_selects(importer, name, fromlist)
        return True

    def _narrowed_selects(self, importer: str, name: str, fromlist: tuple | None) -> bool:
        """``include``, ``exclude`` and ``filter``, in that order of precedence."""
        if self.exclude and covered(name, self.exclude):
            return False
        if self.include is not None and not covered(name, self.include):
            return False
        if self.filter is not None:
            return bool(self.filter(importer, name, tuple(fromlist) if fromlist else None))
        return True


def library_file(filename: object) -> bool:
    """Is ``filename`` part of an installed package or the standard library?"""
    if not isinstance(filename, str):
        return False
    if "site-packages" in filename or "dist-packages" in filename:
        return True
    return filename.startswith(STDLIB_DIR)


STDLIB_DIR = os.path.dirname(os.__file__) + os.sep


# Which from-imports may bind proxies.  A proxy serves calls, attribute
# access, subclassing and ``isinstance`` exactly; it cannot pass a C-level
# type check (``str.find(proxy)``), an ``except`` clause, ``type(x) is``, or
# a library that stores it and later calls it (``click.option(default=X)``).
# So a from-import is deferred only for names a ``def`` or ``class``
# statement binds (or a module), read from the target's code before it runs,
# that the importing body neither reads while it runs nor uses in an
# ``except`` clause; anything else is imported at the statement.

#: Binding kinds (``_static``) whose names may stand behind a proxy.
PROXY_KINDS = frozenset({"defined", "module"})


def may_be_proxy(kind: str) -> bool:
    """May a from-imported name bound this way be deferred behind a proxy?"""
    return kind in PROXY_KINDS


# Settling: what happens to a proxy the importing body stored as a value
# (``_settle``).  A constant or an exception class is replaced by the real
# object when the body ends: code that checks types exactly (C functions,
# ``json``, ``except`` clauses) reads such places, and a proxy cannot pass
# those checks.

#: Name endings of exception classes: an ``except`` clause checks its classes in C.
EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt", "Abort")


def is_constant_name(name: str) -> bool:
    """``UPPER_CASE``: a constant, cheap to load and often handed to C code."""
    return name.isupper()


def looks_like_exception(name: str) -> bool:
    """Does the name look like an exception class (``ParseError``)?"""
    return name.endswith(EXCEPTION_SUFFIXES)


# ``LAZYBOOT_*`` settings, read when needed (never cached, so a test or a parent
# process can change them).

_FALSE = ("", "0", "false", "no", "off")


def eager() -> bool:
    """``LAZYBOOT_EAGER=1``: every lazy feature behaves eagerly (the "before" side)."""
    return os.environ.get("LAZYBOOT_EAGER", "").strip().lower() not in _FALSE


def native_engine(available: bool) -> bool:
    """Drive the interpreter's own lazy imports (``available``: it has them)?
    ``LAZYBOOT_ENGINE=hook`` keeps lazyboot's import hook instead (to compare
    the two, or to fall back)."""
    return available and os.environ.get("LAZYBOOT_ENGINE", "").strip().lower() != "hook"


def eager_attach() -> bool:
    """Eager ``attach``: ``LAZYBOOT_EAGER``, or lazy_loader's ``EAGER_IMPORT`` for
    packages migrating from lazy_loader with that switch in their CI."""
    return eager() or os.environ.get("EAGER_IMPORT", "").strip().lower() not in _FALSE


def excluded_by_environment() -> "list[str] | None":
    """``LAZYBOOT_EXCLUDE=pkg.mod,other``: modules imported at their statement."""
    value = os.environ.get("LAZYBOOT_EXCLUDE", "").strip()
    if not value:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


# ``[tool.lazyboot]`` in the application's ``pyproject.toml``: ``include`` and
# ``exclude`` lists, for zero-code users as much as for ``install()``.  Read
# without a TOML parser (none on 3.10; ``tomllib`` costs more than lazyboot
# itself): the file is only searched for the table's header, and only that
# table's two string lists are read.

CONFIG_KEYS = ("include", "exclude")


def configured(start: str) -> "tuple[str | None, dict[str, list[str]]]":
    """``(path, {"include": [...], "exclude": [...]})`` from the
    ``[tool.lazyboot]`` table of the nearest ``pyproject.toml`` at or above
    directory ``start`` (the project's root, as for other tools); ``(None,
    {})`` when that file has no such table or there is no file."""
    directory = os.path.abspath(start)
    for _ in range(32):
        path = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as stream:
                    text = stream.read()
            except OSError:
                return None, {}
            header = _table_start(text) if "lazyboot" in text else None
            if header is None:  # no table (perhaps mentioned in a comment)
                return None, {}
            return path, _read_table(path, text.splitlines(), header)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None, {}


def _table_start(text: str) -> "int | None":
    """The index of the ``[tool.lazyboot]`` header line (a comment may follow
    it; spaces inside the brackets are allowed, as TOML allows them)."""
    for index, line in enumerate(text.splitlines()):
        header = _uncommented(line).strip()
        if header.startswith("[") and not header.startswith("[[") and header.endswith("]") \
                and [part.strip() for part in header[1:-1].split(".")] == ["tool", "lazyboot"]:
            return index
    return None


def _read_table(path: str, lines: "list[str]", start: int) -> "dict[str, list[str]]":
    """The string lists of the ``[tool.lazyboot]`` table whose header is
    ``lines[start]`` (a pyproject.toml)."""
    settings: dict[str, list[str]] = {}
    pending = ""
    for number, line in enumerate(lines[start + 1:], start + 2):
        stripped = _uncommented(line).strip()
        if not pending and stripped.startswith("["):
            break  # the next table
        if not stripped:
            continue
        pending = f"{pending} {stripped}" if pending else stripped
        if pending.count("[") > pending.count("]"):
            continue  # a list that goes on
        key, sep, value = pending.partition("=")
        key = key.strip()
        pending = ""
        if not sep or key not in CONFIG_KEYS:
            raise ValueError(f"{path}:{number}: [tool.lazyboot] takes {' and '.join(CONFIG_KEYS)} "
                             f"(lists of module names), not {key!r}")
        settings[key] = _string_list(path, number, value.strip())
    return settings


def _uncommented(line: str) -> str:
    """``line`` without a ``#`` comment (one outside quotes)."""
    quote = None
    for index, char in enumerate(line):
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def _string_list(path: str, number: int, value: str) -> "list[str]":
    if not (value.startswith("[") and value.endswith("]")):
        raise ValueError(f"{path}:{number}: [tool.lazyboot] settings are lists of module "
                         f"names, such as [\"pkg.mod\"], not {value!r}")
    names = []
    for item in value[1:-1].split(","):
        item = item.strip()
        if not item:
            continue
        if len(item) < 2 or item[0] not in "\"'" or item[-1] != item[0]:
            raise ValueError(f"{path}:{number}: {item!r} is not a quoted module name")
        names.append(check_module_name(item[1:-1], f"{path}:{number}: each name"))
    return names
