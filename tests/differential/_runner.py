"""Run generated worlds in one fresh interpreter and print what they observed.

Usage: ``python _runner.py MODE ROOT PREFIX...`` where MODE is ``eager`` (no
lazyboot at all), ``all`` (``install(filter=lambda *a: True)``), ``default``
(``install()``) or ``eager-switch`` (``install()`` under ``LAZYBOOT_EAGER=1``).
Prints one JSON line per world:

* ``steps``: per program step, the observed values and the exception type (and
  message) that ended the step, if any;
* after the program, every lazy object the world left behind is forced (lazy
  modules in ``sys.modules`` and lazy values in the world's module
  namespaces, until nothing lazy is left), then
* ``modules``: the world's names in ``sys.modules``; ``ns``: each module's
  namespace, observed; ``log``: the shared log; ``leaks``: lazy objects still
  present after forcing; ``force_errors``: exceptions raised while forcing.
"""

import builtins
import importlib
import json
import re
import sys
import types

mode, root, *prefixes = sys.argv[1:]
sys.path.insert(0, root)

lb = None
if mode == "all":
    import lazyboot as lb
    lb.install(filter=lambda *args: True)
elif mode in ("default", "eager-switch"):
    import lazyboot as lb
    lb.install()


def obs(value):
    """A plain-data description of ``value``, read through ordinary protocols."""
    cls = value.__class__
    if issubclass(cls, types.ModuleType):
        return "module:" + value.__name__
    if issubclass(cls, type):
        return "class:" + value.__qualname__
    if issubclass(cls, (types.FunctionType, types.BuiltinFunctionType)):
        return "function:" + value.__qualname__
    if cls in (int, str, bool, float, tuple, list, type(None)):
        return cls.__name__ + ":" + repr(value)
    return "other:" + cls.__name__


def safe_obs(value):
    try:
        return obs(value)
    except Exception as exc:  # noqa: BLE001 - recorded, compared across modes
        return "error:" + type(exc).__name__


class Step:
    def __init__(self, steps, k):
        self.record = {"k": k, "outs": [], "exc": None, "msg": None, "circular": False}
        steps.append(self.record)

    def __enter__(self):
        builtins._current = self.record
        return self

    def __exit__(self, exc_type, exc, tb):
        builtins._current = None
        if exc_type is None or not issubclass(exc_type, Exception):
            return False
        self.record["exc"] = exc_type.__name__
        self.record["msg"] = str(exc)[:300]
        self.record["circular"] = circular_failure(exc, tb)
        return True


_MISSING = (re.compile(r"module '([\w.]+)' has no attribute '(\w+)'"),
            re.compile(r"cannot import name '(\w+)' from '([\w.]+)'"))


def circular_failure(exc, tb):
    """True if ``exc`` says a name is missing from a module whose body was still
    running when it was raised (or the name is a submodule whose body was still
    running): an eager circular import caught half-way.

    CPython says "partially initialized module" itself, except when the module
    defines ``__getattr__`` (then the module's own AttributeError is raised),
    so the traceback is checked for the module's body as well.
    """
    if not isinstance(exc, (AttributeError, ImportError)):
        return False
    text = str(exc)
    if "partially initialized module" in text or "circular import" in text:
        return True
    candidates = set()
    match = _MISSING[0].search(text)
    if match:
        candidates = {match.group(1), f"{match.group(1)}.{match.group(2)}"}
    match = _MISSING[1].search(text)
    if match:
        candidates = {match.group(2), f"{match.group(2)}.{match.group(1)}"}
    running = set()
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "<module>":
            running.add(frame.f_globals.get("__name__"))
        tb = tb.tb_next
    return bool(candidates & running)


def out(*values):
    builtins._current["outs"].append([obs(v) for v in values])


def is_lazy(value):
    return lb is not None and lb.is_lazy(value)


def failed_earlier(value, failed_modules):
    """True for a lazy object whose resolution already failed during the program.

    Such a binding is the documented deferral: the import statement bound a
    retryable lazy object where the eager statement raised and bound nothing.
    Forcing it again would re-run a failing body the eager run ran only once.
    """
    if type(value).__name__ == "LazyModule":
        return value.__name__ in failed_modules
    if type(value).__name__ == "lazy_import":  # the interpreter's own (3.15+)
        target = repr(value).split("'")[1]  # <lazy_import 'module'> or 'module.name'
        module, _, attr = target.rpartition(".")
        if target in failed_modules or module in failed_modules:
            return True
        # ``from m import missing`` of a loaded m (a star import hid that the
        # name is missing): it failed when the program used it, and the
        # interpreter keeps no record of that.
        loaded = sys.modules.get(module)
        return (loaded is not None and not is_lazy(loaded) and attr not in vars(loaded)
                and f"{module}.{attr}" not in sys.modules)
    # A from-import proxy: its own report record says whether it failed.  (Reads
    # a private slot; the public report() cannot map an object to its record.)
    record = getattr(type(value), "_lb_record", None)
    return record is not None and record.__get__(value).status == "failed"


def attempt(errors, label, function, *args):
    """``function(*args)``; an exception is recorded in ``errors`` under ``label``."""
    try:
        function(*args)
    except Exception as exc:  # noqa: BLE001
        errors.append([label, type(exc).__name__, str(exc)[:300],
                       circular_failure(exc, exc.__traceback__)])


def force(prefix, errors, failed_modules):
    """Resolve every lazy object of this world until none is left."""
    tried = set()
    for _ in range(100):
        progress = False
        # The interpreter's lazy submodules (3.15+): resolving ``import a.b``
        # binds ``a`` and leaves ``a.b`` pending until ``a.b`` is looked up.
        for pending in sorted(getattr(sys, "lazy_modules", ())):
            # 'm.name' of a from-import is listed too: import the deepest
            # package above it that is not loaded yet, or the submodule.
            parts = pending.split(".")
            name = next((".".join(parts[:end]) for end in range(1, len(parts) + 1)
                         if ".".join(parts[:end]) not in sys.modules), None)
            if name is None or not name.startswith(prefix):
                continue
            parent, _, short = name.rpartition(".")
            package = sys.modules.get(parent)
            if parent and (package is None or not hasattr(package, "__path__") or short in vars(package)):
                continue  # not a submodule, or bound
            if name in failed_modules:
                continue  # its body failed during the program (see failed_earlier)
            if name.startswith(prefix) and name not in sys.modules and ("sub", name) not in tried:
                tried.add(("sub", name))
                progress = True
                attempt(errors, name, importlib.import_module, name)
        for name in sorted(sys.modules):
            if not name.startswith(prefix):
                continue
            mod = sys.modules.get(name)
            if is_lazy(mod) and ("mod", name) not in tried:
                tried.add(("mod", name))
                progress = True
                attempt(errors, name, lb.resolve, mod)
            mod = sys.modules.get(name)
            if mod is None or is_lazy(mod):
                continue
            for key, value in list(vars(mod).items()):
                if is_lazy(value) and failed_earlier(value, failed_modules):
                    continue
                if is_lazy(value) and (name, key, id(value)) not in tried:
                    tried.add((name, key, id(value)))
                    progress = True
                    if type(value).__name__ == "lazy_import":
                        # Looked up as the program would (the interpreter's
                        # resolve() does not rebind).
                        attempt(errors, f"{name}.{key}", eval, key, vars(mod))
                    else:
                        attempt(errors, f"{name}.{key}", lb.resolve, value)
        if not progress:
            return


def observe(prefix):
    """Run one world's program, force what it left lazy, and return what it
    observed.  A function, so that the values it reads are locals: on 3.15 a
    module-level name holding one of the interpreter's lazy objects would be
    resolved by reading it."""
    log = builtins.LOG = []
    steps = []
    builtins._step = lambda k, steps=steps: Step(steps, k)
    result = {"prefix": prefix, "steps": steps, "crash": None}
    try:
        program = importlib.import_module(prefix + "prog")
        if lb is not None:
            lb.resolve(program)
    except Exception as exc:  # noqa: BLE001
        result["crash"] = [type(exc).__name__, str(exc)[:300]]
    errors = []
    failed_modules = set()
    if lb is not None:
        failed_modules = {r["module"] for r in lb.report()
                          if r["state"] == "failed" and r["attribute"] is None}
    force(prefix, errors, failed_modules)
    names = sorted(n for n in sys.modules if n.startswith(prefix))
    ns, leaks, failed_bindings = {}, [], []
    for name in names:
        mod = sys.modules[name]
        if is_lazy(mod):
            leaks.append(name)
            continue
        space = {}
        for key, value in sorted(vars(mod).items()):
            if key.startswith("__") and key != "__all__":
                continue
            if is_lazy(value) and failed_earlier(value, failed_modules):
                failed_bindings.append(f"{name}.{key}")
                continue
            if is_lazy(value):
                leaks.append(f"{name}.{key}")
            space[key] = safe_obs(value)
        ns[name] = space
    result.update(modules=names, ns=ns, log=list(log), leaks=leaks, force_errors=errors,
                  failed_bindings=failed_bindings)
    return result


builtins._out = out
for prefix in prefixes:
    print(json.dumps(observe(prefix)), flush=True)

# Proof that the lazy modes were lazy at all (a vacuous pass is a failure).
print(json.dumps({"lazy_records": len(lb.report()) if lb is not None else 0}), flush=True)
