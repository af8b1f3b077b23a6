"""Run worlds eagerly and lazily in fresh interpreters and compare what they saw.

What is compared, per world, between the eager run (no lazyboot imported) and
each lazy run:

1. every program step, in order: the observed values and the type of the
   exception that ended the step (messages may differ: lazyboot adds where the
   import was written and first used);
2. the world's module names in ``sys.modules`` after forcing every lazy object
   the program left behind;
3. every module's namespace after forcing, observed as plain data, except
   names a lazy run still binds to a lazy object whose first use failed
   during the program (eagerly the import statement raised and bound
   nothing; lazily it bound a retryable lazy object: documented deferral).
   The program module's own namespace is not compared (a failed step binds
   nothing eagerly, but ``import a.bad`` lazily binds ``a`` before the use
   fails); its observations are compared step by step in 1.;
4. the shared log as a multiset (how often each side effect ran), and, per
   module, the order of that module's own log entries.  The interleaving of
   different modules' entries is *not* compared: running a body at first use
   instead of at the import statement is the documented reordering;
5. that no lazy object is left after forcing, and forcing raised nothing.

One exception, both ways round: when a run fails because a name was missing
from a module whose body was still running (a circular import caught
half-way: CPython's "partially initialized module" error, or the module's own
``__getattr__`` raising while its body is on the stack; see
``_runner.circular_failure``), the comparison of that world stops before that
step (steps before it still count) and skips 2-5.  Deferring bodies changes
the order in which modules of an import cycle run, so lazy resolution may
succeed where the eager cycle failed, and (documented, see
``test_regressions.py::test_reordered_cycle_is_classified``) fail where the
eager order happened to work.  ``check`` counts both kinds.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

from _worlds import World

RUNNER = (Path(__file__).parent / "_runner.py").read_text()
LAZY_MODES = ("all", "default")
_serial = itertools.count()


def write(run, worlds: list[World]) -> Path:
    """Write ``worlds`` into a fresh directory under the test's tmp_path."""
    root = Path(run.path) / f"ex{next(_serial)}"
    for world in worlds:
        for rel, text in world.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return root


def execute(run, worlds: list[World], mode: str, *, python: str | None = None,
            timeout: float = 120, root: Path | None = None) -> dict[str, dict]:
    """Run ``worlds`` in one fresh interpreter in ``mode``; results by prefix."""
    root = root or write(run, worlds)
    env = {"LAZYBOOT_EAGER": "1"} if mode == "eager-switch" else {}
    result = run(RUNNER, env=env, python=python, timeout=timeout,
                 args=(mode, str(root), *(w.prefix for w in worlds)))
    found = {}
    for line in result.lines:
        if line.startswith("{"):
            data = json.loads(line)
            if "lazy_records" in data:
                found["lazy_records"] = data["lazy_records"]
                continue
            found[data["prefix"]] = data
    if mode in LAZY_MODES:
        assert found.get("lazy_records", 0) > 0, f"{mode}: lazyboot made no import lazy"
    missing = [w.prefix for w in worlds if w.prefix not in found]
    assert not missing, f"{mode}: no result for {missing}\n{result.stderr}"
    return found


def _log_by_module(log: list[str]) -> dict[str, list[str]]:
    per = collections.defaultdict(list)
    for entry in log:
        per[entry.rpartition(":")[0]].append(entry)
    return dict(per)


def compare(eager: dict, lazy: dict) -> list[str]:
    """Differences between an eager and a lazy result of the same world."""
    problems = []
    if eager["crash"]:
        problems.append(f"eager run crashed (generator bug?): {eager['crash']}")
        return problems
    if lazy["crash"]:
        problems.append(f"lazy program crashed: {lazy['crash']}")
    circular = False
    for e, z in itertools.zip_longest(eager["steps"], lazy["steps"]):
        if e is None or z is None:
            problems.append(f"step count differs: eager {e} lazy {z}")
            break
        if e["circular"] or z["circular"]:
            circular = True
            break
        if e["outs"] != z["outs"] or e["exc"] != z["exc"]:
            problems.append(
                f"step {e['k']}: eager outs={e['outs']} exc={e['exc']}({e['msg']}) | "
                f"lazy outs={z['outs']} exc={z['exc']}({z['msg']})")
    if circular or any(error[3] for error in lazy["force_errors"]):
        return problems
    if eager["modules"] != lazy["modules"]:
        problems.append(f"modules: eager-only {sorted(set(eager['modules']) - set(lazy['modules']))}"
                        f" lazy-only {sorted(set(lazy['modules']) - set(eager['modules']))}")
    skip = set(lazy.get("failed_bindings", ()))
    for name in sorted(set(eager["ns"]) & set(lazy["ns"])):
        if name == eager["prefix"] + "prog":
            continue  # observed step by step instead (see 3. above)
        e, z = eager["ns"][name], lazy["ns"][name]
        for key in sorted(set(e) | set(z)):
            if f"{name}.{key}" in skip:
                continue
            if e.get(key) != z.get(key):
                problems.append(f"namespace {name}.{key}: eager {e.get(key)} | lazy {z.get(key)}")
    ce, cz = collections.Counter(eager["log"]), collections.Counter(lazy["log"])
    if ce != cz:
        problems.append(f"log multiset: eager-only {dict(ce - cz)} lazy-only {dict(cz - ce)}")
    else:
        pe, pz = _log_by_module(eager["log"]), _log_by_module(lazy["log"])
        for name in sorted(pe):
            if pe[name] != pz.get(name):
                problems.append(f"log order of {name}: eager {pe[name]} | lazy {pz.get(name)}")
    if lazy["leaks"]:
        problems.append(f"lazy objects left after forcing: {lazy['leaks']}")
    if lazy["force_errors"]:
        problems.append(f"forcing raised: {lazy['force_errors']}")
    return problems


def render(world: World) -> str:
    """A world as source for a regression test (``WORLD = World(...)``)."""
    lines = [f"World({world.prefix!r}, {{"]
    for rel, text in sorted(world.files.items()):
        lines.append(f"    {rel!r}: {text!r},")
    lines.append("})")
    return "\n".join(lines)


def check(run, worlds: list[World], modes=LAZY_MODES, *, python: str | None = None) -> dict:
    """Run ``worlds`` eagerly and in every lazy mode; fail on any difference.

    Returns counters (worlds compared, worlds cut short by an eager circular
    import) so callers can report coverage.
    """
    root = write(run, worlds)
    eager = execute(run, worlds, "eager", python=python, root=root)
    report = []
    stats = collections.Counter(worlds=len(worlds))
    results = {}
    for mode in modes:
        lazy = results[mode] = execute(run, worlds, mode, python=python, root=root)
        for world in worlds:
            problems = compare(eager[world.prefix], lazy[world.prefix])
            if problems:
                report.append(
                    f"--- mode {mode!r}, world {world.prefix} (replay: python "
                    f"tests/differential/_runner.py {mode} {root} {world.prefix}):\n  "
                    + "\n  ".join(problems) + "\n" + render(world.renamed("z0")))
    for world in worlds:
        if any(s["circular"] for s in eager[world.prefix]["steps"]):
            stats["circular"] += 1
        for mode in modes:
            lazy = results[mode][world.prefix]
            if (not any(s["circular"] for s in eager[world.prefix]["steps"])
                    and (any(s["circular"] for s in lazy["steps"])
                         or any(e[3] for e in lazy["force_errors"]))):
                stats[f"reordered-cycle-{mode}"] += 1
    if report:
        # pytest keeps only its last few tmp dirs: keep the failing batch.
        keep = Path(tempfile.gettempdir()) / "lazyboot-differential" / f"{root.name}-{os.getpid()}"
        shutil.copytree(root, keep, dirs_exist_ok=True)
        report.insert(0, f"failing batch kept in {keep} (replay paths below point there too)")
        report = [line.replace(str(root), str(keep)) for line in report]
    assert not report, "\n".join(report)
    return stats
