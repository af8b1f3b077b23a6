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
import sys
from _thread import get_ident
from time import perf_counter

from . import _hook, _module, _report
from ._bytecode import import_from_frame
from ._module import first_use, hold, is_pending, site_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

_UNSET = object()
_get = object.__getattribute__
_set = object.__setattr__


class ProxyRecord:
    """The :func:`lazyboot.report` record of one proxy."""

    __slots__ = ("module", "attribute", "imported_at", "first_used_at", "status",
                 "thread", "load_ms", "error", "key")

    def __init__(self, module: str, attribute: "str | None", site: str):
        self.module = module
        self.attribute = attribute
        self.imported_at = site
        self.first_used_at = None
        self.status = "pending"
        self.thread = None
        self.load_ms = None
        self.error = None
        self.key = 0          # of its report record

    def as_dict(self) -> dict:
        from ._module import thread_name

        return {
            "module": self.module, "attribute": self.attribute,
            "kind": "attribute" if self.attribute else "module",
            "state": self.status, "imported_at": site_text(self.imported_at),
            "first_used_at": site_text(self.first_used_at), "thread": thread_name(self.thread),
            "load_ms": self.load_ms, "error": self.error,
        }


_OWN_ON_INSTANCE = frozenset({"__mro_entries__", "__reduce_ex__"})


class LazyObject:
    """Stands for the result of a deferred import until first use."""

    __slots__ = ("_lb_resolver", "_lb_value", "_lb_namespaces", "_lb_children",
                 "_lb_record", "_lb_patches", "__weakref__")

    def __init__(self, resolver: "Callable[[], Any]", record: "ProxyRecord",
                 namespace: "dict | None" = None):
        _set(self, "_lb_resolver", resolver)
        _set(self, "_lb_value", _UNSET)
        _set(self, "_lb_namespaces", [namespace] if namespace is not None else [])
        if namespace is not None:
            hold(namespace)
        _set(self, "_lb_children", None)
        _set(self, "_lb_record", record)
        _set(self, "_lb_patches", None)
        record.key = _report.add(record)

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
            frame = import_from_frame()
            if frame is not None:  # ``import a.b.c as d``: one more lazy step
                return _child_proxy(self, name, frame)
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

    def __reduce_ex__(self, protocol: int) -> "Any":
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


def _child_proxy(parent: "LazyObject", name: str, frame: "Any") -> "LazyObject":
    from ._hook import get_attribute

    record = _get(parent, "_lb_record")
    module = f"{record.module}.{record.attribute}" if record.attribute else record.module
    child = LazyObject(lambda: get_attribute(resolve_proxy(parent), name),
                       ProxyRecord(module, name, f"{frame.f_code.co_filename}:{frame.f_lineno}"),
                       frame.f_globals)
    children = _get(parent, "_lb_children")
    if children is None:
        _set(parent, "_lb_children", {name: child})
    else:
        children[name] = child
    return child


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
    unary = {
        "repr": repr, "str": str, "bytes": bytes, "bool": bool, "hash": hash,
        "len": len, "iter": iter, "next": next, "reversed": reversed,
        "int": int, "float": float, "complex": complex, "index": op.index,
        "neg": op.neg, "pos": op.pos, "abs": abs, "invert": op.invert,
        "length_hint": op.length_hint, "sizeof": sys.getsizeof,
        "await": lambda t: t.__await__(), "aiter": lambda t: t.__aiter__(),
        "anext": lambda t: t.__anext__(), "aenter": lambda t: t.__aenter__(),
        "enter": lambda t: type(t).__enter__(t), "fspath": lambda t: t.__fspath__(),
        "trunc": lambda t: type(t).__trunc__(t), "floor": lambda t: type(t).__floor__(t),
        "ceil": lambda t: type(t).__ceil__(t),
    }
    for name, function in unary.items():
        setattr(LazyObject, f"__{name}__", _unary(function))
    binary = {
        "add": op.add, "sub": op.sub, "mul": op.mul, "matmul": op.matmul,
        "truediv": op.truediv, "floordiv": op.floordiv, "mod": op.mod,
        "divmod": divmod, "pow": pow, "lshift": op.lshift, "rshift": op.rshift,
        "and": op.and_, "xor": op.xor, "or": op.or_,
    }
    for name, function in binary.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
        setattr(LazyObject, f"__r{name}__", _reflected(function))
    inplace = {
        "iadd": op.iadd, "isub": op.isub, "imul": op.imul, "imatmul": op.imatmul,
        "itruediv": op.itruediv, "ifloordiv": op.ifloordiv, "imod": op.imod,
        "ipow": op.ipow, "ilshift": op.ilshift, "irshift": op.irshift,
        "iand": op.iand, "ixor": op.ixor, "ior": op.ior,
    }
    for name, function in inplace.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
    compare = {"lt": op.lt, "le": op.le, "eq": op.eq, "ne": op.ne, "gt": op.gt, "ge": op.ge,
               "contains": op.contains, "getitem": op.getitem, "delitem": op.delitem,
               "format": format}
    for name, function in compare.items():
        setattr(LazyObject, f"__{name}__", _binary(function))
    LazyObject.__setitem__ = lambda self, key, value: op.setitem(resolve_proxy(self), key, value)
    LazyObject.__round__ = lambda self, *nd: round(resolve_proxy(self), *nd)
    LazyObject.__exit__ = lambda self, *exc: type(resolve_proxy(self)).__exit__(
        resolve_proxy(self), *exc)
    LazyObject.__aexit__ = lambda self, *exc: resolve_proxy(self).__aexit__(*exc)


_define_protocol()
_hook.LazyObjectType = LazyObject
_hook.proxy_module = _module.proxy_module = sys.modules[__name__]


def is_unresolved(obj: "Any") -> bool:
    return type(obj) is LazyObject and _get(obj, "_lb_value") is _UNSET


def add_namespace(proxy: "LazyObject", namespace: dict) -> None:
    """Also rebind ``proxy`` in ``namespace`` when it resolves."""
    namespaces = _get(proxy, "_lb_namespaces")
    if not any(ns is namespace for ns in namespaces):
        namespaces.append(namespace)
        hold(namespace)


def _describe(proxy: "LazyObject") -> str:
    record = _get(proxy, "_lb_record")
    return f"{record.module}.{record.attribute}" if record.attribute else record.module


def resolve_proxy(proxy: "LazyObject") -> "Any":
    """The real object behind ``proxy``: import it on first use, then rebind."""
    value = _get(proxy, "_lb_value")
    if value is not _UNSET:
        return value
    chain = [proxy]
    current = proxy
    start = perf_counter()
    while True:
        record = _get(current, "_lb_record")
        if record.first_used_at is None:
            record.first_used_at = first_use(1)
        try:
            value = _get(current, "_lb_resolver")()
        except BaseException as exc:
            record.status = "failed"
            record.error = f"{type(exc).__name__}: {exc}"
            from ._module import add_note

            add_note(exc, f"lazyboot: raised resolving lazy import of {_describe(current)!r} "
                          f"(import written at {site_text(record.imported_at)}, first used at "
                          f"{site_text(record.first_used_at)})")
            raise
        if type(value) is not LazyObject:
            break
        resolved = _get(value, "_lb_value")
        if resolved is not _UNSET:
            value = resolved
            break
        if any(p is value for p in chain):  # a re-export that points back at itself
            cycle = " -> ".join(_describe(p) for p in [*chain, value])
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
        record = _get(proxy, "_lb_record")
        record.status = "loaded"
        record.thread = get_ident()
        _report.freeze(record.key, (record.module, record.attribute,
                                    "attribute" if record.attribute else "module", "loaded",
                                    record.imported_at, record.first_used_at, record.thread,
                                    record.load_ms, None))
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
    if type(value) is LazyObject:
        value = _get(value, "_lb_value")
        if value is _UNSET:
            return  # a re-export of another deferred import: resolves on first use
    _bind(proxy, value)


# Settling: when a module body that created proxies completes, the proxies
# that its top-level code stored *as values* -- default arguments, class
# attributes, module-level lists, dicts, tuples and sets -- are dealt with as
# PEP 810 would have at the name lookup:
#
# * constants (``UPPER_CASE`` names), exception classes (``*Error``, ...: an
#   ``except`` clause checks them in C) and names whose module is already
#   loaded are replaced by the real objects now: code that checks types exactly
#   (``json``, C functions, ``type(x) is``) reads such places, and a proxy
#   cannot pass those checks;
# * other names (classes, functions: a registry ``{"sma": SMACrossover}``) stay
#   proxies, which call, subclass and ``isinstance`` like the real thing, and
#   are patched into place when they resolve -- so a registry does not load
#   every module it names.
#
# Annotations are left alone: evaluating them must not defeat laziness.

#: ``id(namespace) -> namespace`` of module bodies that bound proxies.
_unsettled: "dict[int, dict]" = {}
_CONTAINERS = (list, dict, set, tuple, frozenset)


def note_namespace(namespace: dict) -> None:
    if namespace.get("__name__") not in ("__main__", "__mp_main__"):
        _unsettled[id(namespace)] = namespace  # a script's body never "finishes"


def settle(namespace: dict) -> None:
    """The body that owns ``namespace`` finished: replace escaped proxies."""
    if _unsettled.pop(id(namespace), None) is None:
        return
    module_name = namespace.get("__name__")
    for key, value in list(namespace.items()):
        kind = type(value)
        if kind is LazyObject:
            if _exception_like(value):
                _real(value)  # ``except Name:`` cannot resolve a proxy: do it now
            continue  # bound by name: resolves on use, rebinds itself
        if kind in _CONTAINERS:
            settled = _settle_value(value)
            if settled is not value:
                namespace[key] = settled
        elif kind is _FunctionType:
            _settle_function(value)
        elif isinstance(value, type) and value.__dict__.get("__module__") == module_name:
            _settle_class(value)


_FunctionType = type(_unary)


def settle_finished() -> None:
    """Settle every noted namespace whose module body has finished running."""
    for namespace in list(_unsettled.values()):
        name = namespace.get("__name__")
        if name in (None, "__main__", "__mp_main__"):
            continue  # a script's body runs as long as the program
        module = sys.modules.get(name)
        if module is None or _get(module, "__dict__") is not namespace:
            continue
        spec = namespace.get("__spec__")
        if spec is None or getattr(spec, "_initializing", False):
            continue  # unknown, or still running
        settle(namespace)


def _real(value: "Any") -> "Any":
    """The resolved object, or the proxy itself if it cannot resolve now."""
    try:
        return resolve_proxy(value)
    except Exception:
        return value  # its error belongs to its first real use


def _resolve_now(proxy: "LazyObject") -> bool:
    """Replace this proxy in a container now (rather than when it resolves)?"""
    record = _get(proxy, "_lb_record")
    name = record.attribute or ""
    if name.isupper():
        return True  # a constant: cheap, and often handed to C code
    module = sys.modules.get(record.module)
    return module is not None and not is_pending(module)


_EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt", "Abort")


def _exception_like(proxy: "LazyObject") -> bool:
    """Does the name look like an exception class?  An ``except`` clause
    checks its classes in C, where a proxy cannot stand in."""
    name = _get(proxy, "_lb_record").attribute or ""
    return name.endswith(_EXCEPTION_SUFFIXES)


def _later(proxy: "LazyObject", patch: "Callable[[Any], None]") -> None:
    patches = _get(proxy, "_lb_patches")
    if patches is None:
        _set(proxy, "_lb_patches", [patch])
    else:
        patches.append(patch)


def _patch_list(items: list, proxy: "LazyObject") -> "Callable[[Any], None]":
    def patch(value: "Any") -> None:
        for index, item in enumerate(items):
            if item is proxy:
                items[index] = value
    return patch


def _patch_dict(mapping: dict, key: "Any", proxy: "LazyObject") -> "Callable[[Any], None]":
    def patch(value: "Any") -> None:
        if mapping.get(key) is proxy:
            mapping[key] = value
    return patch


def _settle_value(value: "Any") -> "Any":
    kind = type(value)
    if kind is LazyObject:
        return _real(value)
    if kind is list:
        for index, item in enumerate(value):
            if type(item) is LazyObject and not _resolve_now(item):
                _later(item, _patch_list(value, item))
            elif type(item) is LazyObject or type(item) in _CONTAINERS:
                value[index] = _settle_value(item)
        return value
    if kind is dict:
        for key, item in list(value.items()):
            if type(item) is LazyObject and not _resolve_now(item):
                _later(item, _patch_dict(value, key, item))
            elif type(item) is LazyObject or type(item) in _CONTAINERS:
                value[key] = _settle_value(item)
        return value
    if kind in (tuple, set, frozenset):  # immutable: replaced whole, now
        items = [_settle_value(item) for item in value]
        if any(new is not old for new, old in zip(items, value)):
            return kind(items)
        return value
    return value


def _settle_function(function: "Any") -> None:
    defaults = function.__defaults__
    if defaults and any(type(d) is LazyObject for d in defaults):
        function.__defaults__ = tuple(_settle_value(d) for d in defaults)
    kwdefaults = function.__kwdefaults__
    if kwdefaults:
        _settle_value(kwdefaults)


def _set_class_attribute(cls: type, name: str, proxy: "LazyObject", value: "Any") -> None:
    if cls.__dict__.get(name) is proxy and value is not proxy:
        try:
            setattr(cls, name, value)
        except (AttributeError, TypeError):
            pass


def _settle_class(cls: type) -> None:
    for name, value in list(cls.__dict__.items()):
        kind = type(value)
        if kind is LazyObject:
            if _resolve_now(value):
                _set_class_attribute(cls, name, value, _real(value))
            else:
                _later(value, lambda real, cls=cls, name=name, proxy=value:
                       _set_class_attribute(cls, name, proxy, real))
        elif kind is _FunctionType:
            _settle_function(value)
        elif kind in (staticmethod, classmethod):
            _settle_function(value.__func__) if type(value.__func__) is _FunctionType else None
        elif kind in _CONTAINERS:
            settled = _settle_value(value)
            if settled is not value:
                setattr(cls, name, settled)
