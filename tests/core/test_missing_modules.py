"""A missing module fails at its import statement, under ``install()`` as eagerly.

lazyboot finds a lazy module's spec at the statement, so ``import missing``,
``import pkg.missing``, ``from missing import x``, ``from .missing import x``
and the like raise ``ModuleNotFoundError`` there, not at first use (README,
Semantics item 2).  A from-import of a name that a package which has already
run lacks (``from pkg import nothere``, ``from . import nothere``) raises
``ImportError`` at the statement, as it does eagerly.

Each case runs in two fresh interpreters, eagerly and under ``install()``.
Both must report the same exception: its exact type, ``exc.name``, its
message, and the file and line of the innermost frame outside lazyboot,
which must be the statement's own line; the line after the statement must
not run.  The lazy side must also show that ``install()`` is in effect: an
existing module imported just before the statement is still lazy.
"""

from __future__ import annotations

import json

import pytest

#: The statement under test is the line marked ``# STATEMENT`` in ``where``.
PACKAGE = {
    "present.py": "VALUE = 1\n",
    "pkg/__init__.py": "X = 1\n",
    "pkg/sub.py": "Y = 2\n",
}

#: Prints one JSON line describing the uncaught exception: the statement is
#: at module level, outside any ``try`` (where imports are eager by design).
PRELUDE = """\
import json, os, sys, traceback
import lazyboot
{install}
import present
CONTROL = {{"installed": lazyboot.is_installed(), "control_lazy": lazyboot.is_lazy(present)}}
LAZYBOOT_DIR = os.path.dirname(lazyboot.__file__) + os.sep

def report(kind, exc, tb):
    frames = [f for f in traceback.extract_tb(tb) if not f.filename.startswith(LAZYBOOT_DIR)]
    last = frames[-1]
    print(json.dumps(dict(CONTROL, type=kind.__name__, name=getattr(exc, "name", None),
                          message=str(exc),
                          site=[os.path.relpath(last.filename), last.lineno, last.line])))

sys.excepthook = report
"""

#: (id, files beyond PACKAGE, script body after the prelude, file holding the
#:  statement, expected type, expected ``exc.name``)
CASES = [
    ("import-missing", {}, "import missing_top  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "missing_top"),
    ("import-missing-dotted", {}, "import missing_top.sub  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "missing_top"),
    ("import-pkg-missing", {}, "import pkg.missing_sub  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("import-pkg-missing-as", {}, "import pkg.missing_sub as alias  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("import-pkg-missing-after-a-lazy-sibling", {},
     "import pkg.sub\nimport pkg.missing_sub  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("from-missing-import", {}, "from missing_top import x  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "missing_top"),
    ("from-pkg-missing-import", {}, "from pkg.missing_sub import x  # STATEMENT\n",
     "scenario.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("from-loaded-pkg-import-missing-submodule", {},
     "import pkg\npkg.X\nfrom pkg import missing_sub  # STATEMENT\n",
     "scenario.py", "ImportError", "pkg"),
    ("relative-from-dot-import-missing",
     {"pkg/user.py": "A = 1\nfrom . import missing_sub  # STATEMENT\nprint('after the statement')\n"},
     "import pkg.user\npkg.user.A\n", "pkg/user.py", "ImportError", "pkg"),
    ("relative-from-dot-missing-import",
     {"pkg/user.py": "A = 1\nfrom .missing_sub import x  # STATEMENT\nprint('after the statement')\n"},
     "import pkg.user\npkg.user.A\n", "pkg/user.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("relative-from-dot-missing-import-in-init",
     {"pkg/__init__.py": "X = 1\nfrom .missing_sub import x  # STATEMENT\nprint('after the statement')\n"},
     "import pkg\npkg.X\n", "pkg/__init__.py", "ModuleNotFoundError", "pkg.missing_sub"),
    ("relative-from-dot-import-missing-in-init",
     {"pkg/__init__.py": "X = 1\nfrom . import missing_sub  # STATEMENT\nprint('after the statement')\n"},
     "import pkg\npkg.X\n", "pkg/__init__.py", "ImportError", "pkg"),
    ("relative-from-dotdot-missing-import",
     {"pkg/inner/__init__.py": "",
      "pkg/inner/user.py": "A = 1\nfrom ..missing_sub import x  # STATEMENT\nprint('after the statement')\n"},
     "import pkg.inner.user\npkg.inner.user.A\n", "pkg/inner/user.py", "ModuleNotFoundError",
     "pkg.missing_sub"),
    ("absolute-import-of-a-missing-sibling-inside-the-package",
     {"pkg/user.py": "A = 1\nimport pkg.missing_sub  # STATEMENT\nprint('after the statement')\n"},
     "import pkg.user\npkg.user.A\n", "pkg/user.py", "ModuleNotFoundError", "pkg.missing_sub"),
]


def _statement_line(source: str) -> int:
    lines = [n for n, line in enumerate(source.splitlines(), 1) if line.endswith("# STATEMENT")]
    assert len(lines) == 1, source
    return lines[0]


@pytest.mark.parametrize(("extra", "body", "where", "kind", "name"),
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_missing_module_raises_at_the_import_statement(run, extra, body, where, kind, name):
    files = {**PACKAGE, **extra}
    results = {}
    for side, install in (("eager", ""), ("lazy", "lazyboot.install()")):
        script = PRELUDE.format(install=install) + body + "print('after the statement')\n"
        result = run(script, files, check=False)
        # The excepthook printed the only line: nothing after the statement ran.
        assert result.returncode == 1, (side, result)
        assert len(result.lines) == 1, (side, result)
        results[side] = json.loads(result.lines[0])
    source = script if where == "scenario.py" else files[where]
    line = _statement_line(source)
    eager, lazy = results["eager"], results["lazy"]
    # The lazy side really ran under install(): an existing module stayed lazy.
    assert (eager["installed"], eager["control_lazy"]) == (False, False), eager
    assert (lazy["installed"], lazy["control_lazy"]) == (True, True), lazy
    for side, got in results.items():
        assert got["type"] == kind, (side, got)
        assert got["name"] == name, (side, got)
        assert got["site"][:2] == [where, line], (side, got)
        assert got["site"][2].endswith("# STATEMENT"), (side, got)
    # Eager equivalence: the same exception, message and site.
    for key in ("type", "name", "message", "site"):
        assert lazy[key] == eager[key], (key, eager, lazy)
