"""From-import proxies: ``from heavy import Name`` without running ``heavy``.

A :class:`LazyObject` stands for the object an import will produce.  Any use
resolves it; it then *rebinds itself*: every namespace it was bound in gets the
real object in its place, so steady-state access is an ordinary global lookup.
Proxies that a lazy module's import created are also rebound as soon as that
module finishes loading, whoever loaded it.

Thread safety: resolution runs the import without any proxy lock (the
module's own import lock serialises the body); two threads resolving the
same proxy get the same object and rebinding twice is harmless.
"""

import _operator as op
import os
import sys
from _thread import get_ident
from time import perf_counter

from . import _records, _state
from ._bytecode import executes
from ._records import add_note, first_use, site_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._records import Site

_UNSET = object()
_get = object.__getattribute__
_set = object.__setattr__


class ProxyRecord:
    """The :func:`lazyboot.report` record of one proxy."""

    __slots__ = ("module", "attribute", "imported_at", "first_used_at", "status",
                 "thread", "load_ms", "error", "key", "defined")

    def __init__(self, module: str, attribute: "str | None", site: "Site",
                 defined: bool = False):
        #: Read from the module's code: a ``def`` or ``class`` statement (or a
        #: module) binds the name, so it is never a typing construct.
        self.defined = defined
        self.module = module
        self.attribute = attribute
        self.imported_at = site
        self.first_used_at = None
        self.status = "pending"
        self.thread = None
        self.load_ms = None
        self.error = None
        self.key = 0          # of its report record

    def fields(self) -> tuple:
        """The record's values in :data:`lazyboot._records.FIELDS` order."""
        return (self.module, self.attribute, "attribute" if self.attribute else "module",
                self.status, self.imported_at, self.first_used_at, self.thread,
                self.load_ms, self.error)


_OWN_ON_INSTANCE = frozenset({"__mro_entries__", "__reduce_ex__"})
#: Modules that read annotations to tell typing constructs from classes.
_ANNOTATION_READERS = frozenset({"typing", "dataclasses", "annotationlib"})


class _ProxyBase:
    """The layout every proxy shares: an unresolved one is a :class:`LazyObject`;
    once resolved, its class becomes one that claims only the protocols its
    object has (:func:`_resolved_class`)."""

    __slots__ = ("_lb_resolver", "_lb_value", "_lb_namespaces", "_lb_children",
                 "_lb_record", "_lb_patches", "__weakref__")


class LazyObject(_ProxyBase):
    """Stands for the result of a deferred import until first use."""

    __slots__ = ()

    def __init__(self, resolver: "Callable[[], Any]", record: "ProxyRecord",
                 namespace: "dict | None" = None):
        _set(self, "_lb_resolver", resolver)
        _set(self, "_lb_value", _UNSET)
        _set(self, "_lb_namespaces", [namespace] if namespace is not None else [])
        if namespace is not None:
            _state.lazy_holders.add(id(namespace))
        _set(self, "_lb_children", None)
        _set(self, "_lb_record", record)
        _set(self, "_lb_patches", None)
        record.key = _records.add(record)

    def __getattribute__(self, name: str) -> "Any":
        if name in _OWN_ON_INSTANCE:
            # ``class C(Proxy)`` and pickle look these up on the instance: they must
            # be ours (else the proxy's type becomes the metaclass, or pickle asks
            # a function to pickle itself by value).
            return _get(self, name)
        if _get(self, "_lb_value") is _UNSET:
            children = _get(self, "_lb_children")
            if children and name in children:
                return children[name]  # ``import a.b as c`` (PEP 810 mode) stays lazy
            frame = sys._getframe(1)
            if executes(frame, "IMPORT_FROM"):  # ``import a.b.c as d``: one more lazy step
                return _state.import_from_proxy(self, name, frame)  # type: ignore[misc]
            if name == "__class__" and _get(self, "_lb_record").defined and \
                    frame.f_globals.get("__name__") in _ANNOTATION_READERS:
                # Their ``isinstance`` checks ask whether an annotation is a
                # typing construct or a string (``get_origin``, a dataclass
                # field's ClassVar test); for a name a ``def`` or ``class``
                # binds the answer is no without importing anything, so an
                # annotation-only use keeps its module unloaded.
                return LazyObject
        return getattr(resolve_proxy(self), name)

    def __setattr__(self, name: str, value: "Any") -> None:
        setattr(resolve_proxy(self), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(resolve_proxy(self), name)

    def __dir__(self) -> "list[str]":
        return dir(resolve_proxy(self))

    def __call__(self, *args: "Any", **kwargs: "Any") -> "Any":
        return resolve_proxy(self)(*args, **kwargs)

    def __get__(self, instance: "Any", owner: "Any" = None) -> "Any":
        target = resolve_proxy(self)
        get = getattr(type(target), "__get__", None)
        return target if get is None else get(target, instance, owner)

    def __set_name__(self, owner: type, name: str) -> None:
        # ``class C: attr = proxy`` -- the real object may be a descriptor that
        # needs to learn its name, as it would have eagerly.
        target = resolve_proxy(self)
        set_name = getattr(type(target), "__set_name__", None)
        if set_name is not None:
            set_name(target, owner, name)

    def __instancecheck__(self, obj: "Any") -> bool:
        return isinstance(obj, resolve_proxy(self))

    def __subclasscheck__(self, cls: "Any") -> bool:
        return issubclass(cls, resolve_proxy(self))

    def __mro_entries__(self, bases: tuple) -> tuple:
        return (resolve_proxy(self),)

    def __reduce_ex__(self, protocol: "Any") -> "Any":
        target = resolve_proxy(self)
        qualname = getattr(target, "__qualname__", None)
        module = getattr(target, "__module__", None)
        if isinstance(qualname, str) and isinstance(module, str) and (
            isinstance(target, type) or callable(target)
        ):
            # Classes and functions pickle by reference: ``module.qualname``.
            return op.attrgetter(qualname), (_ModuleByName(module),)
        return target.__reduce_ex__(protocol)

    def __copy__(self) -> "Any":
        import copy  # only when a proxy is copied

        return copy.copy(resolve_proxy(self))

    def __deepcopy__(self, memo: dict) -> "Any":
        import copy  # only when a proxy is copied

        return copy.deepcopy(resolve_proxy(self), memo)


class _ModuleByName:
    """Pickles as ``importlib.import_module(name)``."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __reduce__(self) -> "Any":
        import importlib  # only when pickling a proxy

        return importlib.import_module, (self.name,)


def _unary(function: "Callable[[Any], Any]") -> "Callable[[LazyObject], Any]":
    return lambda self: function(resolve_proxy(self))


def _binary(function: "Callable[[Any, Any], Any]") -> "Callable[[LazyObject, Any], Any]":
    return lambda self, other: function(resolve_proxy(self), other)


def _reflected(function: "Callable[[Any, Any], Any]") -> "Callable[[LazyObject, Any], Any]":
    return lambda self, other: function(other, resolve_proxy(self))


def _define_protocol() -> None:
    """Special methods are looked up on the type: forward each one explicitly."""
    unary: dict[str, Any] = {
        "repr": repr, "str": str, "bytes": bytes, "bool": bool, "hash": hash,
        "len": len, "iter": iter, "next": next, "reversed": reversed,
        "int": int, "float": float, "complex": complex, "index": op.index,
        "neg": op.neg, "pos": op.pos, "abs": abs, "invert": op.invert,
        "length_hint": op.length_hint, "sizeof": sys.getsizeof,
        "await": lambda t: t.__await__(), "aiter": lambda t: t.__aiter__(),
        "anext": lambda t: t.__anext__(), "aenter": lambda t: t.__aenter__(),
        "enter": lambda t: type(t).__enter__(t), "fspath": os.fspath,
        "trunc": lambda t: type(t).__trunc__(t), "floor": lambda t: type(t).__floor__(t),
        "ceil": lambda t: type(t).__ceil__(t),
    }
    for name, function in unary.items():
        setattr(LazyObject, f"__{name}__", _unary(function))
    binary: dict[str, Any] = {
        "add": op.add, "sub": op.sub, "mul": op.mul, "matmul": op.matmul,
        "truediv": op.truediv, "floordiv": op.floordiv, "mod": op.mod,
        "divmod": divmod, "pow": pow, "lshift": op.lshift, "rshift": op.rshift,
        "and": op.and_, "xor": op.xor, "or": op.or_,
    }
    for name, function in binary.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
        setattr(LazyObject, f"__r{name}__", _reflected(function))
    inplace: dict[str, Any] = {
        "iadd": op.iadd, "isub": op.isub, "imul": op.imul, "imatmul": op.imatmul,
        "itruediv": op.itruediv, "ifloordiv": op.ifloordiv, "imod": op.imod,
        "ipow": op.ipow, "ilshift": op.ilshift, "irshift": op.irshift,
        "iand": op.iand, "ixor": op.ixor, "ior": op.ior,
    }
    for name, function in inplace.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
    compare: dict[str, Any] = {"lt": op.lt, "le": op.le, "eq": op.eq, "ne": op.ne, "gt": op.gt, "ge": op.ge,
               "contains": op.contains, "getitem": op.getitem, "delitem": op.delitem,
               "format": format}
    for name, function in compare.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
    special: dict[str, Any] = {
        "setitem": lambda self, key, value: op.setitem(resolve_proxy(self), key, value),
        "round": lambda self, *nd: round(resolve_proxy(self), *nd),
        "exit": lambda self, *exc: type(resolve_proxy(self)).__exit__(resolve_proxy(self), *exc),
        "aexit": lambda self, *exc: resolve_proxy(self).__aexit__(*exc),
    }
    for name, function in special.items():
        setattr(LazyObject, f"__{name}__", function)


_define_protocol()


def is_unresolved(obj: "Any") -> bool:
    return type(obj) is LazyObject and _get(obj, "_lb_value") is _UNSET


def add_namespace(proxy: "LazyObject", namespace: dict) -> None:
    """Also rebind ``proxy`` in ``namespace`` when it resolves."""
    namespaces = _get(proxy, "_lb_namespaces")
    if not any(ns is namespace for ns in namespaces):
        namespaces.append(namespace)
        _state.lazy_holders.add(id(namespace))


def describe(proxy: "_ProxyBase") -> str:
    """``module.name`` (or ``module``) that ``proxy`` stands for."""
    record = _get(proxy, "_lb_record")
    return f"{record.module}.{record.attribute}" if record.attribute else record.module


#: thread -> proxies that thread is resolving now (to tell re-entry from a cycle).
_resolving: "dict[int, list]" = {}


def resolve_proxy(proxy: "LazyObject") -> "Any":
    """The real object behind ``proxy``: import it on first use, then rebind."""
    value = _get(proxy, "_lb_value")
    if value is not _UNSET:
        return value
    me = get_ident()
    active = _resolving.setdefault(me, [])
    if any(p is proxy for p in active):
        raise _used_during_own_import(proxy)
    active.append(proxy)
    try:
        return _resolve(proxy)
    finally:
        active.pop()
        if not active:
            del _resolving[me]


def _used_during_own_import(proxy: "LazyObject") -> ImportError:
    """The error for a proxy used while the import it stands for is running."""
    record = _get(proxy, "_lb_record")
    return ImportError(
        f"lazyboot: {describe(proxy)!r} was used while its own module {record.module!r} was "
        f"still running: the from-import proxy bound at {site_text(record.imported_at)} "
        f"reached code that this module runs, where it cannot stand for the object yet. "
        f"Import the module at the statement: lazyboot.install(exclude=[{record.module!r}])",
        name=record.module)


def _resolve(proxy: "LazyObject") -> "Any":
    chain: list[Any] = [proxy]
    current: Any = proxy
    start = perf_counter()
    while True:
        record = _get(current, "_lb_record")
        if record.first_used_at is None:
            record.first_used_at = first_use()
        try:
            value = _get(current, "_lb_resolver")()
        except BaseException as exc:
            record.status = "failed"
            record.error = f"{type(exc).__name__}: {exc}"
            add_note(exc, f"lazyboot: raised resolving lazy import of {describe(current)!r} "
                          f"(import written at {site_text(record.imported_at)}, first used at "
                          f"{site_text(record.first_used_at)})")
            raise
        if not isinstance(value, _ProxyBase):
            break
        resolved = _get(value, "_lb_value")
        if resolved is not _UNSET:
            value = resolved
            break
        if any(p is value for p in chain):  # a re-export that points back at itself
            cycle = " -> ".join(describe(p) for p in [*chain, value])
            raise ImportError(f"cannot import name {_get(proxy, '_lb_record').attribute!r}: "
                              f"circular lazy import ({cycle})",
                              name=_get(proxy, "_lb_record").module)
        chain.append(value)
        current = value
    _get(proxy, "_lb_record").load_ms = (perf_counter() - start) * 1e3
    for item in chain:
        _bind(item, value)
    return value


def _bind(proxy: "LazyObject", value: "Any") -> None:
    """Record ``value`` and put it in place of ``proxy`` wherever it was bound."""
    if _get(proxy, "_lb_value") is _UNSET:
        _set(proxy, "_lb_value", value)
        # Wherever the proxy itself is still held, it now claims only what
        # its object has: ``os.PathLike``, ``callable()``, iteration, ...
        _set(proxy, "__class__", _resolved_class(value))
        record = _get(proxy, "_lb_record")
        record.status = "loaded"
        record.thread = get_ident()
        _records.freeze(record.key, record.fields())
    for namespace in _get(proxy, "_lb_namespaces"):
        for key, bound in list(namespace.items()):
            if bound is proxy:
                namespace[key] = value
    patches = _get(proxy, "_lb_patches")
    if patches:
        _set(proxy, "_lb_patches", None)
        for patch in patches:
            try:
                patch(value)
            except Exception:
                pass  # the slot changed shape since: leave it


def bind_from_loaded(proxy: "LazyObject", namespace: dict) -> None:
    """``proxy``'s module just loaded: rebind it now if the name is defined there."""
    record = _get(proxy, "_lb_record")
    if _get(proxy, "_lb_value") is not _UNSET or record.attribute not in namespace:
        return
    value = namespace[record.attribute]
    if isinstance(value, _ProxyBase):
        value = _get(value, "_lb_value")
        if value is _UNSET:
            return  # a re-export of another deferred import: resolves on first use
    _bind(proxy, value)


def on_resolve(proxy: "LazyObject", patch: "Callable[[Any], None]") -> None:
    """Call ``patch(value)`` when ``proxy`` resolves (an error in it is ignored:
    the slot it patches may have changed shape since)."""
    patches = _get(proxy, "_lb_patches")
    if patches is None:
        _set(proxy, "_lb_patches", [patch])
    else:
        patches.append(patch)


#: Special methods a proxy forwards only if its object's type has them: ABCs
#: (``os.PathLike``, ``collections.abc``) and ``callable()`` look for these.
_PROTOCOLS = frozenset({
    "__fspath__", "__iter__", "__next__", "__reversed__", "__len__", "__contains__",
    "__call__", "__await__", "__aiter__", "__anext__", "__aenter__", "__aexit__",
    "__enter__", "__exit__", "__index__", "__int__", "__float__", "__complex__",
    "__bytes__", "__getitem__", "__setitem__", "__delitem__", "__get__", "__set_name__",
    "__instancecheck__", "__subclasscheck__", "__length_hint__", "__round__",
    "__trunc__", "__floor__", "__ceil__",
})
_resolved_classes: "dict[tuple, type]" = {}


def _resolved_class(value: "Any") -> type:
    """The class of a resolved proxy of ``value``: every forwarding method of
    :class:`LazyObject` except the protocols ``value``'s type lacks."""
    kind = type(value)
    is_class = isinstance(value, type)
    generic = is_class and hasattr(value, "__class_getitem__")
    key = (kind, is_class, generic)
    cls = _resolved_classes.get(key)
    if cls is None:
        namespace: dict[str, Any] = {"__slots__": (), "__module__": __name__,
                                       "__doc__": LazyObject.__doc__}
        for name, method in LazyObject.__dict__.items():
            if name in ("__slots__", "__module__", "__doc__", "__qualname__"):
                continue
            if name in _PROTOCOLS and not _defines(kind, name) and not (
                    generic and name == "__getitem__"):
                continue
            if name == "__mro_entries__" and not is_class:
                continue
            namespace[name] = method
        if _special(kind, "__hash__") is None:
            namespace["__hash__"] = None
        cls = type("LazyObject", (_ProxyBase,), namespace)
        _resolved_classes[key] = cls
    return cls


def _special(kind: type, name: str) -> "Any":
    """``name`` as the interpreter looks up a special method: in the type's
    MRO only, never on its metaclass (``hasattr(int, "__call__")`` is True)."""
    for base in kind.__mro__:
        if name in base.__dict__:
            return base.__dict__[name]
    return None


def _defines(kind: type, name: str) -> bool:
    return _special(kind, name) is not None
