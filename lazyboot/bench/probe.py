"""Ask a child process what it loaded: ``LAZYBOOT_PROBE`` plus rusage.

The child needs lazyboot installed in its interpreter (the ``.pth`` reads the
variable).  :func:`probe` returns ``None`` for ``data`` when the child wrote
nothing, which means lazyboot is not installed where the command runs.
"""

from __future__ import annotations

import ast
import os
import tempfile
from dataclasses import dataclass, field

from lazyboot.bench.runner import ProcessRunner, Sample

#: Variables that decide how lazyboot behaves in a child; a probe sets them
#: explicitly and never inherits them by accident.
LAZYBOOT_VARS = ("LAZYBOOT_INSTALL", "LAZYBOOT_EAGER", "LAZYBOOT_REPORT", "LAZYBOOT_PROBE")

#: The interpreter's own lazy-import mode (PEP 810, Python 3.15+): every side
#: sets it itself, so an inherited ``PYTHON_LAZY_IMPORTS=all`` never makes the
#: eager side lazy or the lazy side something other than lazyboot.
NATIVE_MODE_VAR = "PYTHON_LAZY_IMPORTS"

SIDES = ("eager", "lazy", "native")


def side_env(side: str | None, base: dict[str, str] | None = None,
             include: str | None = None) -> dict[str, str]:
    """The environment for one side: ``"lazy"``, ``"eager"``, ``"native"`` or ``None`` (as given).

    ``include`` (``"bot,sklearn"``) becomes ``LAZYBOOT_INSTALL``'s value on the
    lazy side; the inherited ``LAZYBOOT_INSTALL`` is used otherwise, else ``1``.
    The eager and lazy sides run without ``PYTHON_LAZY_IMPORTS``; the native
    side is the interpreter's own "all" mode (``PYTHON_LAZY_IMPORTS=all``)
    with no ``LAZYBOOT_*`` variable at all.
    """
    env = dict(os.environ if base is None else base)
    if side is None:
        return env
    if side not in SIDES:
        raise ValueError(f"side must be 'lazy', 'eager', 'native' or None, not {side!r}")
    inherited = env.get("LAZYBOOT_INSTALL")
    for name in LAZYBOOT_VARS:
        env.pop(name, None)
    env.pop(NATIVE_MODE_VAR, None)
    if side == "lazy":
        env["LAZYBOOT_INSTALL"] = include or inherited or "1"
    elif side == "eager":
        env["LAZYBOOT_EAGER"] = "1"
    else:
        for name in [n for n in env if n.startswith("LAZYBOOT_")]:
            del env[name]
        env[NATIVE_MODE_VAR] = "all"
    return env


@dataclass
class ProbeResult:
    """What one probed run loaded; ``data`` is the child's LAZYBOOT_PROBE JSON."""

    sample: Sample
    data: dict | None
    stderr: str = ""
    modules: frozenset = field(default_factory=frozenset)

    @property
    def active(self) -> bool:
        """Whether the child ran lazyboot's probe at all (lazyboot importable there)."""
        return self.data is not None

    def chain(self, name: str) -> list[tuple[str, str | None]]:
        """``[(module, "file:line" of the import that loaded it), ...]`` from ``name`` up to the root."""
        parents = (self.data or {}).get("parents", {})
        chain: list[tuple[str, str | None]] = []
        seen: set[str] = set()
        current: str | None = name
        while current is not None and current not in seen:
            seen.add(current)
            parent = parents.get(current)
            if parent is None:
                chain.append((current, None))
                break
            chain.append((current, parent[1]))
            current = parent[0] if parent[0] != current else None
        return chain

    def first_use(self, name: str) -> str | None:
        """Where a lazily imported ``name`` was first used (from lazyboot's records)."""
        for record in (self.data or {}).get("records", []):
            if record.get("module") == name and record.get("first_used_at"):
                return record["first_used_at"]
        return None

    def explain_lines(self, name: str) -> list[str]:
        """How ``name`` got loaded: ``[name, "<- imported by b at file:line", ...]``."""
        chain = self.chain(name)
        lines = [chain[0][0]]
        for (_, where), (importer, _) in zip(chain, chain[1:], strict=False):
            lines.append(f"<- imported by {importer} at {where}")
        if len(chain) == 1:
            lines.append("<- loaded at interpreter start-up" if name in (self.data or {}).get("startup", ())
                         else "<- importer not recorded")
        use = self.first_use(name)
        if use:
            lines.append(f"(lazy; materialised at {use})")
        return lines

    def explain(self, name: str) -> str:
        """:meth:`explain_lines` on one line."""
        return " ".join(self.explain_lines(name))


def read_probe(path: str) -> dict | None:
    """The child's LAZYBOOT_PROBE file (a Python literal), or None when absent or unreadable."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = ast.literal_eval(fh.read())
    except (OSError, ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def probe(argv: list[str], env: dict[str, str], runner=None, *, cwd: str | None = None,
          capture_stderr: bool = False, timeout: float | None = None) -> ProbeResult:
    """Run ``argv`` once with ``LAZYBOOT_PROBE`` set and read what it reported."""
    runner = runner or ProcessRunner()
    with tempfile.TemporaryDirectory(prefix="lazyboot-probe-") as tmp:
        out = os.path.join(tmp, "probe.json")
        err = os.path.join(tmp, "stderr.txt") if capture_stderr else None
        sample = runner.run(argv, {**env, "LAZYBOOT_PROBE": out}, stderr_path=err,
                            cwd=cwd, timeout=timeout)
        data = read_probe(out)
        stderr = ""
        if err:
            with open(err, encoding="utf-8", errors="replace") as fh:
                stderr = fh.read()
    modules = frozenset(data["modules"]) if data else frozenset()
    return ProbeResult(sample=sample, data=data, stderr=stderr, modules=modules)
