"""A library's import tree runs with the interpreter's own ``__import__``
("plain") when nothing could tell the difference.

Each test checks one thing that must not change, or one place where the hook
must come back: lazy modules the tree imports still run at the statement, an
application module it imports still defers its own imports, a
``lazy_imports()`` block still works, another thread keeps the hook, and
``uninstall()`` inside a tree is not undone.
"""

import sys

import pytest

#: ``lazy_imports()`` blocks are lazyboot's own only where the interpreter has
#: no lazy imports; from 3.15 they are the interpreter's (tests/pep810).
needs_shim = pytest.mark.shim_lazy

HOOK_STATE = """
import builtins
import lazyboot._state as _state
PLAIN = builtins.__import__ is not _state.hook
"""

FILES = {
    # Installed code: ``site-packages`` in the path marks it.
    "lib/site-packages/libpkg/__init__.py": HOOK_STATE,
    "lib/site-packages/libdep.py": "import order\norder.append('libdep')\nVALUE = 7\n",
    "lib/site-packages/libbroken.py": "raise ImportError('libbroken needs a missing thing')\n",
    "lib/site-packages/libuses.py": """
        import order
        import libdep                      # lazy in sys.modules: runs here
        order.append('libuses after import libdep')
        from libdep import VALUE
        try:
            import libbroken
        except ImportError as exc:
            CAUGHT = str(exc)
    """,
    "lib/site-packages/libplugin.py": HOOK_STATE + "import app.plugin\n",
    "lib/site-packages/libblock.py": HOOK_STATE + (
        "import lazyboot\n"
        "__lazy_modules__ = {'libdep'}\n"
        "with lazyboot.lazy_imports():\n"
        "    import libdep\n"
        "DEP_LAZY = lazyboot.is_lazy(libdep)\n"
    ),
    "lib/site-packages/libuninstall.py": "import lazyboot\nlazyboot.uninstall()\n",
    "lib/site-packages/libsame/__init__.py": "from .sub import sub\n",
    "lib/site-packages/libsame/sub.py": "def sub():\n    return 'the function'\n",
    "lib/site-packages/libfrom/__init__.py": (
        "import order\norder.append('libfrom before')\nfrom . import sub\n"
        "order.append('libfrom after')\n"),
    "lib/site-packages/libfrom/sub.py": "import order\norder.append('libfrom.sub')\n",
    "lib/site-packages/libprobe.py": (
        "import importlib.util, lazyboot, sys\n"
        "SPEC_NAME = importlib.util.find_spec('libdep').name\n"
        "DEP_STILL_LAZY = lazyboot.is_lazy(sys.modules['libdep'])\n"),
    "lib/site-packages/order.py": "order = []\nappend = order.append\n",
    "app/__init__.py": "",
    "app/plugin.py": HOOK_STATE + "import app.heavy\nimport lazyboot\nHEAVY_LAZY = lazyboot.is_lazy(app.heavy)\n",
    "app/heavy.py": "VALUE = 42\n",
}

HEADER = """
import builtins, json, sys
sys.path.insert(0, "lib/site-packages")
import lazyboot
lazyboot.install()
import lazyboot._state as _state
"""


def test_a_library_tree_runs_plain_and_the_hook_comes_back(run):
    result = run(HEADER + """
import importlib._bootstrap as bootstrap
waits = bootstrap._lock_unlock_module
import libpkg
assert lazyboot.is_lazy(libpkg)
plain = libpkg.PLAIN
print(json.dumps([plain, builtins.__import__ is _state.hook,
                  bootstrap._lock_unlock_module is waits]))
""", FILES)
    assert result.json() == [True, True, True]


def test_another_thread_keeps_the_hook(run):
    result = run(HEADER + """
import threading
import libpkg
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
plain = libpkg.PLAIN
stop.set()
other.join()
print(json.dumps(plain))
""", FILES)
    assert result.json() is False


def test_a_lazy_module_a_plain_tree_imports_runs_at_the_statement(run):
    result = run(HEADER + """
import order
import libdep          # lazy
import libbroken       # lazy; its body raises ImportError
import libuses         # lazy; its body imports both
assert lazyboot.is_lazy(libdep) and lazyboot.is_lazy(libuses)
libuses.VALUE
print(json.dumps([order.order, libuses.VALUE, libuses.CAUGHT]))
""", FILES)
    assert result.json() == [["libdep", "libuses after import libdep"], 7,
                             "libbroken needs a missing thing"]


def test_a_lazy_submodule_a_plain_package_body_imports_runs_in_eager_order(run_both):
    script = HEADER.replace("lazyboot.install()", "{install}") + """
import order
import libfrom.sub     # lazily: libfrom and libfrom.sub
libfrom.sub.__doc__
print(json.dumps(order.order))
"""
    eager, lazy = run_both(script, FILES)
    assert eager.json() == ["libfrom before", "libfrom.sub", "libfrom after"]
    assert lazy.json() == eager.json()


def test_reading_a_spec_outside_an_import_leaves_a_lazy_module_lazy(run):
    # importlib.util.find_spec() of a module that is in sys.modules reads its
    # __spec__: that is not an import, so a lazy module must not run for it.
    result = run(HEADER + """
import libdep
import libprobe
print(json.dumps([libprobe.SPEC_NAME, libprobe.DEP_STILL_LAZY]))
""", FILES)
    assert result.json() == ["libdep", True]


def test_an_application_module_a_plain_tree_imports_defers_its_own_imports(run):
    result = run(HEADER + """
import libplugin
libplugin.PLAIN
import app.plugin as plugin
print(json.dumps([plugin.PLAIN, plugin.HEAVY_LAZY, plugin.app.heavy.VALUE]))
""", FILES)
    assert result.json() == [False, True, 42]


@needs_shim
def test_a_lazy_imports_block_in_a_plain_tree_is_lazy(run):
    result = run(HEADER + """
import libblock
print(json.dumps([libblock.DEP_LAZY, libblock.libdep.VALUE]))
""", FILES)
    assert result.json() == [True, 7]


def test_uninstall_inside_a_library_tree_stays_uninstalled(run):
    result = run(HEADER + """
original = _state.original_import
import libuninstall
libuninstall.lazyboot
print(json.dumps([lazyboot.is_installed(), builtins.__import__ is original]))
""", FILES)
    assert result.json() == [False, True]


def test_a_function_named_like_its_submodule_wins_as_eagerly(run_both):
    script = HEADER.replace("lazyboot.install()", "{install}") + """
import libsame.sub
print(json.dumps([callable(libsame.sub), libsame.sub() if callable(libsame.sub) else None]))
"""
    eager, lazy = run_both(script, FILES)
    assert eager.json() == [True, "the function"]
    assert lazy.json() == eager.json()
