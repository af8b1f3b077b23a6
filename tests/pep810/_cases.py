"""Run the PEP 810 cases (see ``test_pep810_contract.py``).

    python tests/pep810/_cases.py [--update] [CASE...]   # with Python 3.15+

prints each case's output on this interpreter; ``--update`` writes the
interpreter's own output (``__lazy_modules__`` alone) to ``expected.txt``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CASES = sorted(p.name for p in HERE.iterdir() if p.is_dir() and p.name[:2].isdigit())

#: What only resolution at name lookup can do (a pure-Python implementation
#: cannot see a name being read), with the reason.
NATIVE_ONLY = {
    "15_access_from_other_modules":
        "getattr(module, name) from another module resolves natively; lazyboot's proxy "
        "is handed out and resolves at its first use there",
    "17_alias_of_lazy_object_reifies":
        "reading a lazy name under another name resolves natively; lazyboot's proxy "
        "resolves at its first use",
    "24_explicit_resolve_keeps_binding":
        "lazyboot.resolve() rebinds the name; the interpreter's resolve() does not",
}


def expected(case: str) -> str:
    return (HERE / case / "expected.txt").read_text()


def _strip_shim(text: str) -> str:
    """The case without its ``# shim`` lines, the ``with`` block dedented."""
    out: list[str] = []
    block = None
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        indent = len(body) - len(body.lstrip())
        if block is not None:
            if body.strip() and indent <= block:
                block = None
            else:
                out.append(line[4:] if body.strip() else line)
                continue
        if body.rstrip().endswith("# shim"):
            if body.strip().startswith("with "):
                block = indent
            continue
        out.append(line)
    return "".join(out)


def run(case: str, native: bool) -> str:
    """What ``main.py`` of ``case`` prints in a fresh interpreter (with the
    ``# shim`` lines stripped when ``native``), temporary paths hidden."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / case
        shutil.copytree(HERE / case, work, ignore=shutil.ignore_patterns("expected.txt",
                                                                          "__pycache__"))
        shutil.copy(HERE / "_obs.py", work)
        if native:
            for path in work.rglob("*.py"):
                path.write_text(_strip_shim(path.read_text()))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("LAZYBOOT_") and k != "PYTHON_LAZY_IMPORTS"}
        env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
                   PYTHONPATH=os.pathsep.join([str(work), str(REPO)]))
        proc = subprocess.run([sys.executable, "main.py"], cwd=work, env=env,
                              capture_output=True, text=True, timeout=60)
        out = proc.stdout.replace(tmp, "<tmp>")
        if proc.returncode:
            out += f"exit {proc.returncode}\n" + "".join(
                line for line in proc.stderr.replace(tmp, "<tmp>").splitlines(keepends=True)
                if not line.startswith(("  File", "    ")))
        return out


if __name__ == "__main__":
    update = "--update" in sys.argv
    for case in [a for a in sys.argv[1:] if not a.startswith("--")] or CASES:
        output = run(case, native=True)
        if update:
            (HERE / case / "expected.txt").write_text(output)
        print(f"== {case}\n{output}")
