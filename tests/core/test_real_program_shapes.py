"""Shapes of real programs that must run under lazyboot exactly as they do eagerly.

Each was found in an open-source application that worked eagerly and broke
under ``install()`` or ``LAZYBOOT_INSTALL=1``; each test runs the same small
program both ways in fresh interpreters and compares what it prints, and
shows that the lazy side really deferred something.
"""

from __future__ import annotations

import pytest

LAZY_COUNT = """
import lazyboot
print("deferred", sum(r["kind"] == "module" for r in lazyboot.report()) > 0)
"""


def _same(eager, lazy):
    assert eager.returncode == 0, eager.stderr
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.stdout == eager.stdout


def test_a_module_keeping_its_own_globals_in_a_variable(run_both):
    """``NS = globals()`` next to a pending from-import: settling the body's
    containers must not recurse into the namespace itself."""
    files = {
        "app/__init__.py": "",
        "app/consts.py": "class Thing:\n    pass\n",
        "app/main.py": ("from app.consts import Thing\nNS = globals()\nREGISTRY = {'t': Thing}\n"
                        "REGISTRY['self'] = REGISTRY\n"
                        "def get():\n    return NS['Thing'].__name__, REGISTRY['t'].__name__\n"),
    }
    script = """
import lazyboot
{install}
import app.main
print(lazyboot.is_lazy(app.main) if lazyboot.is_installed() else True)
print(app.main.get())
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)
    assert lazy.lines == ["True", "('Thing', 'Thing')"]


@pytest.mark.parametrize("value", ["'1.2.3'", "b'data'"], ids=["str", "bytes"])
def test_a_from_imported_string_used_as_a_path(run_both, value):
    """``os.fspath`` of a from-imported ``str`` gives the ``str`` (a proxy
    forwarding ``__fspath__`` raised AttributeError), and only objects that
    are path-like pass ``isinstance(x, os.PathLike)``."""
    files = {
        "app/__init__.py": "",
        "app/_version.py": f"version = {value}\n",
        "app/main.py": ("import os\nfrom pathlib import PurePosixPath\n"
                        "from app._version import version as __version__\n"
                        "def show():\n"
                        "    print(os.fspath(__version__), isinstance(__version__, os.PathLike))\n"
                        "    if isinstance(__version__, str):\n"
                        "        print(PurePosixPath('/opt') / __version__)\n"),
    }
    script = """
import lazyboot
{install}
import app.main
app.main.show()
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)


def test_a_resolved_proxy_claims_only_the_protocols_of_its_object(run):
    """After resolution a proxy still held somewhere answers ABC and dunder
    checks as its object does: an ``int`` is not iterable, awaitable,
    callable or path-like; an Enum class is iterable and sized."""
    files = {"consts.py": "import enum\nLIMIT = 5\nclass Color(enum.Enum):\n    RED = 1\n"}
    result = run("""
import collections.abc as abc, os, lazyboot
__lazy_modules__ = {"consts"}
with lazyboot.lazy_imports():
    from consts import LIMIT, Color
held = [LIMIT, Color]
print(lazyboot.is_lazy(held[0]), lazyboot.is_lazy(held[1]))
print(held[0] + 1, held[1].RED.value)
for value in held:
    print([isinstance(value, t) for t in (os.PathLike, abc.Iterable, abc.Awaitable,
                                          abc.Sized, abc.Callable, abc.Hashable)],
          callable(value), hasattr(value, "__fspath__"))
""", files)
    assert result.lines == ["True True", "6 1",
                            "[False, False, False, False, False, True] False False",
                            "[False, True, False, True, True, True] True False"]


def test_install_right_after_a_future_import_and_a_docstring(run):
    """The ``install()`` line goes after the module docstring and any
    ``from __future__`` import (which must come first in a file); the imports
    after it are lazy."""
    files = {"heavy.py": "import sys\nRAN = sys.stdout.write('heavy ran\\n')\nVALUE = 3\n"}
    result = run('''"""An entry module, as users write them."""
from __future__ import annotations

import lazyboot
lazyboot.install()

import heavy

print(lazyboot.is_lazy(heavy))
print(heavy.VALUE)
''', files)
    assert result.lines == ["True", "heavy ran", "3"]
