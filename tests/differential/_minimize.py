"""Shrink a failing world by deleting top-level statements (a debugging tool).

    python tests/differential/_minimize.py ROOT PREFIX MODE PATTERN [OUT]

ROOT holds the world's files (a ``replay:`` directory from a failure), PREFIX
is the world (``z2``), MODE the lazy mode (``all`` or ``default``), and
PATTERN a substring of the problem line to keep (e.g. ``Y_69``).  Statements
are deleted one at a time, and kept deleted while eager and lazy still differ
in a problem line containing PATTERN.  The result is written to OUT (default
``ROOT-min``) and printed as a ``World(...)`` for test_regressions.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import compare, render  # noqa: E402
from _worlds import World  # noqa: E402


def _statements(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") or line.startswith(("except", "else", "finally")):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def _run(root: Path, prefix: str, mode: str) -> dict:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=os.pathsep.join([str(root), str(HERE.parent.parent)]))
    proc = subprocess.run([sys.executable, str(HERE / "_runner.py"), mode, str(root), prefix],
                          capture_output=True, text=True, env=env, timeout=60)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return {"prefix": prefix, "crash": ["runner", proc.stderr[-300:]], "steps": []}


_ORIGINAL: list = []


def _eager_view(result: dict) -> list:
    return [(s["outs"], s["exc"]) for s in result["steps"]]


def _fails(files: dict[str, list[str]], prefix: str, mode: str, pattern: str, scratch: Path) -> bool:
    """Still failing the same way?  The eager run must observe exactly what it
    observed originally (so deleting a statement cannot turn a clean module
    into a failing one, which would drift into a documented difference)."""
    shutil.rmtree(scratch, ignore_errors=True)
    for rel, stmts in files.items():
        path = scratch / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(stmts) + "\n")
    eager, lazy = _run(scratch, prefix, "eager"), _run(scratch, prefix, mode)
    if eager.get("crash"):
        return False
    if not _ORIGINAL:
        _ORIGINAL.append(_eager_view(eager))
    elif _eager_view(eager) != _ORIGINAL[0]:
        return False
    return any(pattern in p for p in compare(eager, lazy))


def main(argv: list[str]) -> None:
    root, prefix, mode, pattern = Path(argv[0]), argv[1], argv[2], argv[3]
    out = Path(argv[4]) if len(argv) > 4 else Path(str(root) + "-min")
    files = {str(p.relative_to(root)): _statements(p.read_text())
             for p in sorted(root.rglob("*.py")) if str(p.relative_to(root)).startswith(prefix)}
    scratch = out
    assert _fails(files, prefix, mode, pattern, scratch), "does not fail to begin with"
    changed = True
    while changed:
        changed = False
        for rel in list(files):
            i = 0
            while i < len(files[rel]):
                trial = dict(files)
                trial[rel] = files[rel][:i] + files[rel][i + 1:]
                if _fails(trial, prefix, mode, pattern, scratch):
                    files, changed = trial, True
                else:
                    i += 1
    _fails(files, prefix, mode, pattern, scratch)
    world = World(prefix, {rel: "\n".join(s) + "\n" for rel, s in files.items()})
    print(render(world.renamed("z0") if prefix != "z0" else world))


if __name__ == "__main__":
    main(sys.argv[1:])
