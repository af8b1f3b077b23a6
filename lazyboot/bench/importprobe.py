"""Import a module (or run code) in a fresh interpreter and see what it loaded.

The engine behind the pytest plugin's ``import_probe`` fixture and its
``forbid_imports`` / ``import_budget`` markers.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from dataclasses import dataclass

from lazyboot.bench.gates import forbidden_loaded, top_level_hits
from lazyboot.bench.probe import NATIVE_MODE_VAR, ProbeResult, probe, side_env
from lazyboot.bench.runner import ProcessRunner

#: The child: time only the user's code; report through a Python literal, so
#: the harness imports nothing but ``time`` (a built-in module).
_HARNESS = """\
import sys, time
if "lazyboot._activate" not in sys.modules:
    # No lazyboot.pth in this interpreter (lazyboot run from a checkout):
    # activate the same way it would have.
    try:
        import lazyboot._activate
    except ImportError:
        pass
_before = sorted(sys.modules)
_code = compile(sys.argv[2], "<import_probe>", "exec")
_start = time.perf_counter()
exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})
_elapsed = time.perf_counter() - _start

def _native_pending():
    # The interpreter's own lazy imports (3.15+) that never resolved: names in
    # sys.lazy_modules that are not loaded, leaving out a from-imported name
    # of a loaded module ("json.loads") and anything below a pending module.
    found = []
    for name in sorted(getattr(sys, "lazy_modules", ())):
        if name in sys.modules or any(name.startswith(p + ".") for p in found):
            continue
        parent, _, attr = name.rpartition(".")
        if parent in sys.modules and attr in getattr(sys.modules[parent], "__dict__", {}):
            continue
        found.append(name)
    return found

with open(sys.argv[1], "w") as _fh:
    _fh.write(repr({"import_ms": _elapsed * 1000, "before": _before, "native_pending": _native_pending()}))
"""


class ProbeError(Exception):
    """The probed code failed, or lazyboot is not importable in the child."""


@dataclass
class ImportProbeResult:
    """What a fresh interpreter loaded while running the probed code.

    ``modules``: every module loaded at exit (lazy modules never used are not
    loaded); ``new_modules``: those the probed code added; ``pending``: lazy
    modules bound but never materialised, lazyboot's and, on an interpreter
    with lazy imports of its own (3.15+), the interpreter's (``sys.lazy_modules``
    not loaded); ``import_ms``: time of the code alone;
    ``peak_rss_bytes``: the child's peak RSS; ``wall``: the whole process, s.
    """

    target: str
    modules: frozenset
    new_modules: frozenset
    pending: frozenset
    import_ms: float
    peak_rss_bytes: int
    wall: float
    raw: ProbeResult

    def loaded(self, name: str) -> bool:
        """Whether ``name`` (or any submodule of it) was loaded."""
        return bool(forbidden_loaded(self.modules, [name]))

    def chain(self, name: str) -> str:
        """How ``name`` got loaded: ``sklearn`` and one ``<- imported by X at file:line`` line per step."""
        return "\n".join(self.raw.explain_lines(name))

    def forbidden(self, names) -> list[str]:
        """The shortest loaded names covered by ``names``."""
        return top_level_hits(forbidden_loaded(self.modules, list(names)))


def run_probe(target: str | None = None, *, code: str | None = None, lazy: bool | None = None,
              env: dict | None = None, path=(), cwd: str | None = None,
              python: str | None = None, timeout: float = 120.0, runner=None) -> ImportProbeResult:
    """Import ``target`` (or run ``code``) in a fresh interpreter.

    ``lazy=True`` sets ``LAZYBOOT_INSTALL=1``, ``False`` sets ``LAZYBOOT_EAGER=1``,
    ``None`` sets neither (inherited LAZYBOOT_* variables are always dropped).
    ``path`` entries go in front of ``PYTHONPATH``.
    """
    if (target is None) == (code is None):
        raise TypeError("give exactly one of target= (a module name) or code= (source to run)")
    if target is not None:
        if not isinstance(target, str) or not all(p.isidentifier() for p in target.split(".")):
            raise ValueError(f"target must be a dotted module name, not {target!r}")
        code = f"import {target}"
    assert code is not None
    base = side_env("lazy" if lazy else "eager", env)
    if lazy is None:  # neither variable: the code behaves as it would on its own
        base.pop("LAZYBOOT_EAGER", None)
        mode = (os.environ if env is None else env).get(NATIVE_MODE_VAR)
        if mode is not None:  # the interpreter's own lazy-import mode, as given
            base[NATIVE_MODE_VAR] = mode
    extra = [os.fspath(p) for p in path]
    if extra:
        base["PYTHONPATH"] = os.pathsep.join(extra + ([base["PYTHONPATH"]] if base.get("PYTHONPATH") else []))
    with tempfile.TemporaryDirectory(prefix="lazyboot-import-probe-") as tmp:
        out = os.path.join(tmp, "harness.txt")
        argv = [python or sys.executable, "-c", _HARNESS, out, code]
        result = probe(argv, base, runner or ProcessRunner(), cwd=cwd, capture_stderr=True,
                       timeout=timeout)
        try:
            with open(out, encoding="utf-8") as fh:
                harness = ast.literal_eval(fh.read())
        except (OSError, ValueError, SyntaxError):
            harness = None
    shown: str = target or code
    if harness is None:
        last = result.stderr.strip().splitlines()[-1:] or [f"exit status {result.sample.exit_code}"]
        raise ProbeError(f"probing {shown!r} failed: {last[0]}")
    if not result.active:
        raise ProbeError(f"probing {shown!r}: lazyboot is not installed in {argv[0]} "
                         "(its .pth reports the loaded modules through LAZYBOOT_PROBE)")
    modules = frozenset(result.modules)
    return ImportProbeResult(
        target=shown, modules=modules, new_modules=modules - frozenset(harness["before"]),
        pending=frozenset((result.data or {}).get("pending", ())) | frozenset(harness.get("native_pending", ())),
        import_ms=harness["import_ms"],
        peak_rss_bytes=result.sample.max_rss, wall=result.sample.wall, raw=result)
