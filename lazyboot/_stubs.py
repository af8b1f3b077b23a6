"""``attach``, ``attach_stub`` and ``load``: SPEC 1, drop-in for ``lazy_loader``.

Same arguments, return values and behaviour as scientific-python's
``lazy_loader``, so ``import lazyboot as lazy`` can replace
``import lazy_loader as lazy``.  Differences, all on the side of safety:
arguments are validated, a probe (``hasattr(m, "__wrapped__")``) on a module
``load`` could not find raises ``AttributeError`` rather than
``ModuleNotFoundError``, ``load`` of a dotted name keeps its parent packages
lazy, and ``LAZYBOOT_EAGER=1`` (as well as lazy_loader's ``EAGER_IMPORT``)
imports every declared name at declaration time.
"""

from __future__ import annotations

import sys
from types import ModuleType

from . import _policy, _state
from ._cpython import import_module
from ._policy import check_module_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any


class _ShadowGuardModule(ModuleType):
    """A package whose function shares its name with the submodule defining it.

    Importing ``pkg.max_tree`` makes the import system bind the *submodule* on
    ``pkg``, hiding the ``max_tree`` function that ``__getattr__`` should
    serve.  This class ignores exactly those bindings (names listed in the
    package's ``__lazy_shadowed__``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        shadowed = self.__dict__.get("__lazy_shadowed__", ())
        if name in shadowed and value is sys.modules.get(f"{self.__name__}.{name}"):
            return
        super().__setattr__(name, value)


def _names(function: str, argument: str, values: Any) -> list[str]:
    if isinstance(values, (str, bytes)) or not _iterable(values):
        raise TypeError(f"{function}() argument {argument!r} must be an iterable of str, "
                        f"not {type(values).__name__}")
    names = list(values)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{function}() argument {argument!r} must contain str, "
                            f"not {type(name).__name__}")
    return names


def _iterable(value: Any) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True


def attach(package_name: str, submodules: Iterable[str] | None = None,
           submod_attrs: Mapping[str, Iterable[str]] | None = None,
           ) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Serve submodules and attributes of a package lazily (SPEC 1).

    Use in a package's ``__init__.py``::

        __getattr__, __dir__, __all__ = lazyboot.attach(
            __name__, submodules=["linalg"], submod_attrs={"_core": ["Engine", "run"]}
        )

    ``pkg.linalg`` imports ``pkg.linalg`` on first access; ``pkg.Engine``
    imports ``pkg._core`` and returns its ``Engine``.  Returns
    ``(__getattr__, __dir__, __all__)`` with ``__all__`` sorted.
    """
    check_module_name(package_name, "attach() argument 'package_name'")
    submodule_set = set(_names("attach", "submodules", submodules)) if submodules is not None \
        else set()
    if submod_attrs is None:
        submod_attrs = {}
    if not hasattr(submod_attrs, "items"):
        raise TypeError(f"attach() argument 'submod_attrs' must be a mapping of submodule "
                        f"name to attribute names, not {type(submod_attrs).__name__}")
    attr_to_module: dict[str, str] = {}
    for module, attrs in submod_attrs.items():
        check_module_name(module, "each key of attach() argument 'submod_attrs'")
        for attr in _names("attach", f"submod_attrs[{module!r}]", attrs):
            attr_to_module[attr] = module
    names = sorted(submodule_set | attr_to_module.keys())

    def __getattr__(name: str) -> Any:
        if name in submodule_set:
            value = import_module(f"{package_name}.{name}")
        elif name in attr_to_module:
            module_name = f"{package_name}.{attr_to_module[name]}"
            module = import_module(module_name)
            try:
                value = getattr(module, name)
            except AttributeError:
                # The wording starts as lazy_loader's (Python's own), which
                # callers and their tests match on.
                raise AttributeError(
                    f"module {module_name!r} has no attribute {name!r} (attach() maps "
                    f"{package_name}.{name} to it: check submod_attrs)",
                    name=name, obj=module,
                ) from None
        else:
            raise AttributeError(f"No {package_name} attribute {name}",
                                 name=name, obj=sys.modules.get(package_name))
        package = sys.modules.get(package_name)
        if package is not None:
            # Cache on the package: later accesses skip __getattr__, and an
            # attribute wins over a same-named submodule.
            vars(package)[name] = value
        return value

    def __dir__() -> list[str]:
        return names.copy()

    shadowed = {attr for attr, module in attr_to_module.items()
                if attr == module.split(".")[0]}
    if shadowed:
        _guard(package_name, shadowed)
    if _policy.eager_attach():
        for name in sorted(attr_to_module.keys() | submodule_set):
            __getattr__(name)
    return __getattr__, __dir__, names.copy()


def _guard(package_name: str, shadowed: set[str]) -> None:
    package = sys.modules.get(package_name)
    if package is None:
        return
    namespace = object.__getattribute__(package, "__dict__")
    namespace["__lazy_shadowed__"] = set(namespace.get("__lazy_shadowed__", ())) | shadowed
    cls = type(package)
    state = _state.states.get(id(package))
    if state is not None and state.module is package:
        # attach() runs inside a lazily imported package's body: the class
        # the module reverts to when its body finishes is the guard.
        if state.original_class is ModuleType:
            state.original_class = _ShadowGuardModule
    elif cls is ModuleType:
        package.__class__ = _ShadowGuardModule


def attach_stub(package_name: str, filename: str
                ) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``attach`` with the names read from the package's ``.pyi`` stub.

    Call as ``attach_stub(__name__, __file__)``; the stub next to the file
    (``__init__.pyi``) may contain only ``from .sub import a, b`` and
    ``from . import sub`` imports.  Raises ``ValueError`` naming the file (and
    line) when the stub is missing or malformed.
    """
    import os  # loaded by site; here for its path functions

    check_module_name(package_name, "attach_stub() argument 'package_name'")
    if not isinstance(filename, (str, os.PathLike)):
        raise TypeError(f"attach_stub() argument 'filename' must be str or os.PathLike, "
                        f"not {type(filename).__name__}")
    filename = os.fspath(filename)
    stub = filename if filename.endswith("i") else f"{os.path.splitext(filename)[0]}.pyi"
    if not os.path.exists(stub):
        raise ValueError(f"Cannot load imports from non-existent stub {stub!r} "
                         f"(attach_stub needs a .pyi next to {filename!r})")
    submodules, submod_attrs = read_stub(stub)
    return attach(package_name, submodules, submod_attrs)


def read_stub(stub: str) -> tuple[set[str], dict[str, list[str]]]:
    """The ``submodules`` and ``submod_attrs`` a stub declares."""
    import ast  # parsing a stub only happens when a stub-declared package loads

    with open(stub, encoding="utf-8") as stream:
        source = stream.read()
    tree = ast.parse(source, filename=stub)  # a SyntaxError names the file and line
    submodules: set[str] = set()
    submod_attrs: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        # Messages start with lazy_loader's wording: callers match on it.
        if node.level != 1:
            raise ValueError(f"Only within-module imports are supported (`from .* import`), "
                             f"not `{ast.unparse(node)}` ({stub}, line {node.lineno})")
        aliases = [alias.name for alias in node.names]
        if node.module:
            if "*" in aliases:
                raise ValueError(f"lazy stub loader does not support star import "
                                 f"`from {node.module} import *` ({stub}, line {node.lineno})")
            submod_attrs.setdefault(node.module, []).extend(aliases)
        else:
            submodules.update(aliases)
    return submodules, submod_attrs


class DelayedImportErrorModule(ModuleType):
    """What ``load`` returns for a module it cannot find (``error_on_import=False``).

    Any attribute access raises ``ModuleNotFoundError`` naming the module and
    the line that called ``load``; dunder probes raise ``AttributeError``.
    """

    def __init__(self, frame_data: dict, *args: Any, message: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.__frame_data = frame_data
        self.__message = message

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}",
                                 name=name, obj=self)
        data = self.__frame_data
        raise ModuleNotFoundError(
            f"{self.__message}\n\nThis error is lazily reported, having originally occurred in\n"
            f"  File {data['filename']}, line {data['lineno']}, in {data['function']}\n\n"
            f"----> {(data['code_context'] or '').strip()}"
        )


def load(fullname: str, *, require: str | None = None, error_on_import: bool = False,
         suppress_warning: bool = False) -> ModuleType:
    """A module whose import happens on first attribute access (SPEC 1).

    ``np = lazyboot.load("numpy")``.  With ``require="numpy>=1.22"`` the
    installed distribution must satisfy the PEP 508 requirement.  A missing
    module (or unmet requirement) raises ``ModuleNotFoundError`` now with
    ``error_on_import=True``, else on first use, naming this call's line.
    """
    check_module_name(fullname, "load() argument 'fullname'")
    caller = sys._getframe(1)
    if require is not None and not isinstance(require, str):
        raise TypeError(f"load() argument 'require' must be str or None, "
                        f"not {type(require).__name__}")
    module = sys.modules.get(fullname)
    if module is not None and require is None:
        return module
    if not suppress_warning and "." in fullname:
        import warnings

        warnings.warn(
            "subpackages can technically be lazily loaded, but it causes the package to be "
            "eagerly loaded even if it is already lazily loaded. So, you probably shouldn't "
            "use subpackages with this lazy feature.", RuntimeWarning, stacklevel=2)
    found = module is not None
    if not found:
        from ._create import lazy_chain
        from ._records import site_of, user_frame
        from ._report import arm

        arm()
        frame = user_frame(caller)
        module = lazy_chain(fullname, None if frame is None else site_of(frame))
        found = module is not None
        if not found and _find(fullname):  # exists, but cannot be deferred (extension)
            module = import_module(fullname)
            found = True
    message = f"No module named '{fullname}'"
    if found and require is not None:
        try:
            found = _satisfied(require)
        except ModuleNotFoundError as exc:
            raise ValueError(f"Found module {fullname!r} but cannot test requirement "
                             f"{require!r}. Requirements must match distribution name, "
                             f"not module name.") from exc
        message = f"No distribution can be found matching {require!r}"
    if not found:
        if error_on_import:
            raise ModuleNotFoundError(message, name=fullname)
        import linecache  # only for the error message of a missing module

        frame_data = {
            "filename": caller.f_code.co_filename, "lineno": caller.f_lineno,
            "function": caller.f_code.co_name,
            "code_context": linecache.getline(caller.f_code.co_filename, caller.f_lineno),
        }
        return DelayedImportErrorModule(frame_data, "DelayedImportErrorModule", message=message)
    if _policy.eager():
        from ._module import materialise

        return materialise(module)  # type: ignore[no-any-return]
    return module  # type: ignore[return-value]  # found: not None


def _find(fullname: str) -> bool:
    import importlib.util  # see load()

    try:
        return importlib.util.find_spec(fullname) is not None
    except (ImportError, ValueError):
        return False


def _satisfied(require: str) -> bool:
    """Does the installed distribution satisfy the PEP 508 ``require``?"""
    import importlib.metadata  # only when a version requirement is given

    try:
        from packaging.requirements import Requirement  # PEP 508 parsing, as lazy_loader
    except ImportError:
        raise ImportError("load(require=...) needs the 'packaging' distribution: "
                          "pip install 'lazyboot[require]'") from None
    requirement = Requirement(require)
    return requirement.specifier.contains(importlib.metadata.version(requirement.name),
                                          prereleases=True)
