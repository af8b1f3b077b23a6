"""What the ``lazyboot.pth`` line imports when ``LAZYBOOT_INSTALL``, ``LAZYBOOT_PROBE`` or ``LAZYBOOT_EAGER`` is set.

``LAZYBOOT_INSTALL=1`` calls :func:`lazyboot.install` with the default policy;
``LAZYBOOT_INSTALL=bot,sklearn`` installs with ``include=["bot", "sklearn"]``;
``LAZYBOOT_INSTALL=all`` is PEP 810's "all" mode (``filter`` accepting every
import outside the standard library);
``0``/``false``/``no``/``off``/empty leave lazyboot uninstalled.  The variable
stays in the environment, so subprocesses and ``multiprocessing`` spawn workers
activate the same way.

``LAZYBOOT_PROBE=path.json`` is the toolkit's window into a child process
(``lazyboot bench``, ``check``, the pytest plugin): a meta-path finder records
which module imported which (file:line), and at exit the loaded modules, the
still-pending lazy ones and lazyboot's records are written to ``path.json``.
The variable is removed from ``os.environ`` here, so only this process reports.

Nothing in this module may raise during interpreter start-up: a problem is one
line on stderr and the program runs as it would without lazyboot.
"""

import os
import sys

#: Modules present before this file did anything; everything ``lazyboot``'s
#: own package added is filtered from probe output by name instead.
_STARTUP = frozenset(sys.modules)

_OFF = frozenset({"", "0", "false", "no", "off"})
_ON = frozenset({"1", "true", "yes", "on"})


def _policy_eager():
    from ._policy import eager

    return eager()


def _every_import(importer, name, fromlist):
    return True


def _install(value):
    """Install lazyboot as ``LAZYBOOT_INSTALL`` asks; return whether it tried."""
    setting = value.strip()
    if setting.lower() in _OFF:
        return False
    from ._install import install

    if setting.lower() in _ON:
        install()
    elif setting.lower() == "all":  # PEP 810's "all" mode: every eligible import
        install(filter=_every_import)
    else:
        include = [name.strip() for name in setting.split(",") if name.strip()]
        if not include:
            raise ValueError("expected 1 or module names separated by commas")
        install(include=include)
    return True


class _ImporterRecorder:
    """A meta-path finder that finds nothing and remembers who asked.

    For every module the import system looks for, it records the first
    importing module and the ``file:line`` of the import statement, skipping
    frames of importlib and of lazyboot itself, so an import chain can be
    rebuilt later (``sklearn.ensemble <- bot.ml <- bot.cli``).
    """

    def __init__(self):
        self.parents = {}

    def find_spec(self, name, path=None, target=None):
        if name in self.parents:
            return None
        frame = sys._getframe(1)
        while frame is not None:
            module = frame.f_globals.get("__name__") or ""
            if not (frame.f_code.co_filename.startswith("<frozen")
                    or module == "importlib" or module.startswith("importlib.")
                    or module == "lazyboot" or module.startswith("lazyboot.")):
                break
            frame = frame.f_back
        if frame is None:
            self.parents[name] = None
        else:
            self.parents[name] = [frame.f_globals.get("__name__") or "?",
                                  f"{frame.f_code.co_filename}:{frame.f_lineno}"]
        return None

    def invalidate_caches(self):
        pass


def _write_probe(path, recorder, installed):
    """Write what this process loaded to ``path`` (called at exit)."""
    from ._install import is_installed
    from ._resolve import is_lazy

    loaded, pending = [], []
    for name, module in list(sys.modules.items()):
        if name == "lazyboot" or name.startswith("lazyboot.") or module is None:
            continue
        try:
            lazy = is_lazy(module)
        except Exception:
            lazy = False
        (pending if lazy else loaded).append(name)
    records = []
    if installed:
        try:
            from ._report import report

            records = report()
        except Exception as exc:  # the probe must never break the program's exit
            records = [{"error": f"lazyboot.report() failed: {exc!r}"}]
    data = {
        "pid": os.getpid(),
        "installed": is_installed(),
        "modules": sorted(loaded),
        "pending": sorted(pending),
        "startup": sorted(_STARTUP),
        "parents": recorder.parents,
        "records": records,
    }
    # Written as a Python literal, not JSON: importing json here could
    # materialise a lazy ``json`` the program deferred and never used.
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(repr(_plain(data)))
    except OSError as exc:
        sys.stderr.write(f"lazyboot: cannot write LAZYBOOT_PROBE file {path!r}: {exc}\n")


def _plain(value):
    """``value`` with only literals ``ast.literal_eval`` reads back (str for anything else)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _activate():
    installed = False
    if _policy_eager() and hasattr(sys, "set_lazy_imports_filter"):
        # LAZYBOOT_EAGER=1 is the "before" of every comparison: the
        # interpreter's own lazy imports (PYTHON_LAZY_IMPORTS=all) go off too.
        from ._native import force_eager

        force_eager()
    value = os.environ.get("LAZYBOOT_INSTALL")
    if value is not None:
        try:
            installed = _install(value)
        except Exception as exc:  # never stop the interpreter from starting
            sys.stderr.write(f"lazyboot: LAZYBOOT_INSTALL={value!r} ignored: "
                             f"{type(exc).__name__}: {exc}\n")
    probe = os.environ.pop("LAZYBOOT_PROBE", None)
    if probe:
        import atexit

        # After install(): lazyboot's own finder may sit at the front, and the
        # recorder must still see every lookup, so it goes in front of it.
        recorder = _ImporterRecorder()
        sys.meta_path.insert(0, recorder)
        atexit.register(_write_probe, probe, recorder, installed)


_activate()
