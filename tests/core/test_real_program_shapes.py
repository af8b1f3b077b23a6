"""Shapes of real programs that must run under lazyboot exactly as they do eagerly.

Each was found in an open-source application that worked eagerly and broke
under ``install()`` or ``LAZYBOOT_INSTALL=1``; each test runs the same small
program both ways in fresh interpreters and compares what it prints, and
shows that the lazy side really deferred something.

On an interpreter with lazy imports of its own (3.15+) every test runs twice:
with lazyboot's own engine (``LAZYBOOT_ENGINE=hook``) and with the default,
the interpreter's lazy imports driven by lazyboot's policy.  The programs must
print what they print eagerly on both; what "deferred" looks like differs (the
interpreter resolves a lazy name as soon as it is looked up, so the checks
read ``globals()`` and ``sys.modules`` instead of the names).
"""

from __future__ import annotations

import sys

import pytest

#: ``lazy_imports()`` blocks are lazyboot's own only where the interpreter has
#: no lazy imports; from 3.15 they are the interpreter's (tests/pep810).
needs_shim = pytest.mark.shim_lazy

ENGINES = ["hook", "native"] if hasattr(sys, "set_lazy_imports_filter") else ["hook"]


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture
def run(run, engine):
    """The conftest ``run``, on ``engine``."""
    def _run(*args, env=None, **kwargs):
        return run(*args, env={"LAZYBOOT_ENGINE": engine, **(env or {})}, **kwargs)
    return _run

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
import sys, lazyboot
{install}
import app.main
main = sys.modules.get("app.main")
print(main is None or lazyboot.is_lazy(main) if lazyboot.is_installed() else True)
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


@needs_shim
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

print(lazyboot.is_lazy(globals()["heavy"]))
print(heavy.VALUE)
''', files)
    assert result.lines == ["True", "heavy ran", "3"]


def test_a_constant_used_while_the_importing_body_runs(run_both):
    """``option(default=DEFAULT)`` calls a callable default, as click does, and
    an object stores a separator a C method gets later: a constant is
    imported at the statement, so neither sees a proxy."""
    files = {
        "app/__init__.py": "",
        "app/consts.py": "DEFAULT_LINE_LENGTH = 88\nSEPARATOR = ':'\n",
        "app/options.py": ("def option(default):\n"
                           "    value = default() if callable(default) else default\n"
                           "    def decorate(function):\n"
                           "        function.default = value\n"
                           "        return function\n"
                           "    return decorate\n"
                           "class Splitter:\n"
                           "    def __init__(self, separator):\n"
                           "        self.separator = separator\n"
                           "    def split(self, text):\n"
                           "        return text[:text.find(self.separator)]\n"),
        "app/cli.py": ("from app.consts import DEFAULT_LINE_LENGTH, SEPARATOR\n"
                       "from app.options import Splitter, option\n"
                       "PARSER = Splitter(SEPARATOR)\n"
                       "@option(default=DEFAULT_LINE_LENGTH)\n"
                       "def main():\n"
                       "    return PARSER.split('key:value')\n"),
    }
    script = """
import lazyboot
{install}
import app.cli
print(app.cli.main.default, app.cli.main())
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)
    assert lazy.lines == ["88 key"]


def test_a_proxy_stored_into_another_module_before_its_own_module_ran(run_both):
    """``cookiejar.DefaultCookiePolicy = MyPolicy`` where MyPolicy's module
    subclasses ``cookiejar.DefaultCookiePolicy``: the name is read while the
    body runs, so it is imported at the statement, in eager order."""
    files = {
        "app/__init__.py": "",
        "app/policy.py": ("import http.cookiejar as cookiejar\n"
                          "class MyPolicy(cookiejar.DefaultCookiePolicy):\n"
                          "    pass\n"),
        "app/main.py": ("import http.cookiejar as cookiejar\n"
                        "from app.policy import MyPolicy\n"
                        "cookiejar.DefaultCookiePolicy = MyPolicy\n"),
    }
    script = """
import lazyboot
{install}
import app.main, http.cookiejar
print([c.__name__ for c in http.cookiejar.DefaultCookiePolicy.__mro__[:3]])
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)


def test_a_proxy_reaching_its_own_module_gets_an_error_that_says_so(run, engine):
    """If a proxy, stored somewhere at run time, is read by its own module's
    body, the error names the proxy, where it was bound and the fix, and
    does not blame a circular import.  (The interpreter's lazy imports make
    no proxies: there the program runs as it does eagerly.)"""
    files = {
        "app/__init__.py": "",
        "app/policy.py": ("import http.cookiejar as cookiejar\n"
                          "class MyPolicy(cookiejar.DefaultCookiePolicy):\n"
                          "    pass\n"),
        "app/main.py": ("import http.cookiejar as cookiejar\n"
                        "from app.policy import MyPolicy\n"
                        "def configure():\n"
                        "    cookiejar.DefaultCookiePolicy = MyPolicy\n"
                        "def policy():\n"
                        "    return MyPolicy()\n"),
    }
    result = run("""
import lazyboot
lazyboot.install()
import app.main
app.main.configure()
try:
    app.main.policy()
except ImportError as exc:
    text = str(exc)
    print(type(exc).__name__, exc.name)
    print("'app.policy.MyPolicy'" in text, "main.py:2" in text,
          "exclude=['app.policy']" in text, "circular" in text)
print("done")
""", files)
    if engine == "native":
        assert result.lines == ["done"]
    else:
        assert result.lines == ["ImportError app.policy", "True True True False", "done"]


#: ``pkg.formatters.terminal`` binds ``pkg.formatter`` as a side effect of its
#: own from-import (pygments' shape).
FORMATTERS = {
    "pkg/__init__.py": "",
    "pkg/formatter.py": "class Formatter:\n    name = 'base'\n",
    "pkg/formatters/__init__.py": "",
    "pkg/formatters/terminal.py": ("from pkg.formatter import Formatter\n"
                                   "class TerminalFormatter(Formatter):\n"
                                   "    name = 'terminal'\n"),
}


def test_a_package_attribute_another_import_would_have_bound(run_both):
    """``pkg.formatter`` exists eagerly only because ``terminal``'s body ran
    ``from pkg.formatter import Formatter``: the pending imports inside the
    package run, and the attribute is found."""
    files = FORMATTERS
    script = """
import sys, lazyboot
{install}
import pkg.formatters
from pkg.formatters.terminal import TerminalFormatter
def main():
    return pkg.formatter.Formatter.name, TerminalFormatter.name
formatters = sys.modules.get("pkg.formatters")
print(lazyboot.is_installed() and (formatters is None or lazyboot.is_lazy(formatters)))
print(main())
"""
    eager, lazy = run_both(script, files, check=False)
    assert lazy.lines[0] == "True"
    assert lazy.lines[1:] == eager.lines[1:] == ["('base', 'terminal')"]


def test_one_application_module_initialising_another(run_both):
    """``nodes`` calls ``grammar.initialize()`` at import, and ``parsing``
    relies on it: a module whose body calls out runs at its import
    statement, before ``parsing`` needs it."""
    files = {
        "app/__init__.py": "",
        "app/grammar.py": "TABLE = None\ndef initialize():\n    global TABLE\n    TABLE = {'x': 1}\n",
        "app/nodes.py": "from app import grammar\ngrammar.initialize()\nclass Node:\n    pass\n",
        "app/parsing.py": "from app import grammar\ndef parse(text):\n    return grammar.TABLE[text]\n",
    }
    script = """
import lazyboot
{install}
import app.nodes
import app.parsing
def main():
    return app.parsing.parse('x'), app.nodes.Node.__name__
print(main())
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)
    assert lazy.lines == ["(1, 'Node')"]


def test_an_application_module_imported_for_its_effect(run_both):
    """``import app.plugins`` whose name is never read registers plugins as
    its body runs: it runs at the statement."""
    files = {
        "app/__init__.py": "",
        "app/registry.py": "PLUGINS = []\ndef register(cls):\n    PLUGINS.append(cls.__name__)\n    return cls\n",
        "app/plugins.py": "from app.registry import register\n@register\nclass Csv:\n    pass\n",
    }
    script = """
import lazyboot
{install}
import app.plugins
from app import registry
def main():
    return registry.PLUGINS
print(main())
"""
    eager, lazy = run_both(script, files, check=False)
    _same(eager, lazy)
    assert lazy.lines == ["['Csv']"]


@pytest.mark.parametrize("annotation", ['"Settings | None"', "Settings"], ids=["string", "object"])
def test_an_annotation_only_use_does_not_load_the_module(run, engine, annotation):
    """A dataclass field typed with a from-imported class the module uses only
    in annotations: creating the dataclass (which asks typing whether the
    type is a ClassVar) does not import the class's module.  (A dataclass
    without a docstring formats its signature into one, which reads the
    annotation objects themselves.)

    The interpreter's lazy imports (3.15) resolve here: its ``dataclasses``
    looks the annotation's first name up on the module, which resolves a
    lazy name; the program's output is the same, the module loads earlier."""
    files = {
        "app/__init__.py": "",
        "app/settings.py": "import sys\nLOADED = sys.modules.setdefault('settings_loaded', True)\n"
                           "class Settings:\n    pass\n",
        "app/state.py": ("import typing\nfrom dataclasses import dataclass, field\n"
                         "from app.settings import Settings\n"
                         "@dataclass\nclass State:\n"
                         "    \"\"\"The CLI's state.\"\"\"\n"
                         f"    settings: {annotation} = field(default=None)\n"
                         "    def load(self):\n        return Settings()\n"),
    }
    result = run("""
import sys, lazyboot
lazyboot.install()
import app.state
state = app.state.State()
print("settings_loaded" in sys.modules, lazyboot.is_lazy(vars(app.state)["Settings"]))
print(type(state.load()).__name__, "settings_loaded" in sys.modules)
""", files)
    deferred = engine == "hook"
    assert result.lines == [f"{not deferred} {deferred}", "Settings True"]


SPEC1 = {
    "sci/__init__.py": ("import lazyboot\n"
                        "__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)\n"),
    "sci/__init__.pyi": "from .kinds import Kind as Kind\nfrom .kinds import LIMIT as LIMIT\n",
    "sci/kinds.py": "import log\nRAN = log.runs.append('kinds')\nclass Kind:\n    pass\nLIMIT = 3\n",
    "log.py": "runs = []\n",
}


def test_a_class_a_spec1_package_serves_through_its_stub_stays_deferred(run_both, engine):
    """``from sci import Kind`` where ``sci`` serves ``Kind`` through
    ``__getattr__`` as its ``__init__.pyi`` lists: the class is followed
    through the stub, so the name is deferred (the submodule has not run)
    until first use; a plain value (``LIMIT``) is fetched at the statement
    (the interpreter's lazy imports defer it too, to its first lookup)."""
    script = """
import lazyboot, log
{install}
from sci import Kind
def main():
    print(lazyboot.is_lazy(globals()["Kind"]), log.runs)
    print(Kind.__name__, Kind().__class__.__name__, log.runs)
main()
from sci import LIMIT
print(lazyboot.is_lazy(globals()["LIMIT"]), LIMIT, log.runs)
"""
    eager, lazy = run_both(script, SPEC1, install="lazyboot.install(exclude=['log'])")
    assert eager.lines == ["False ['kinds']", "Kind Kind ['kinds']", "False 3 ['kinds']"]
    assert lazy.lines == ["True []", "Kind Kind ['kinds']", f"{engine == 'native'} 3 ['kinds']"]


def test_a_stub_without_a_getattr_is_not_trusted(run_both):
    """A ``.pyi`` beside a package that has no ``__getattr__`` is for type
    checkers only: a name the stub lists but the package lacks fails at the
    import statement, as eagerly."""
    files = dict(SPEC1)
    files["sci/__init__.py"] = ""
    script = """
import lazyboot, log
{install}
try:
    from sci import Kind
except ImportError as exc:
    print(type(exc).__name__, exc.name, log.runs)
"""
    eager, lazy = run_both(script, files, install="lazyboot.install(exclude=['log'])")
    assert eager.lines == lazy.lines == ["ImportError sci []"]


def test_a_module_found_on_a_path_entry_that_is_gone_at_first_use(run_both):
    """mkdocs loads a hook file with the hook's directory on ``sys.path`` only
    while the file runs; the hook's ``from shouting import shout`` must find
    ``shouting`` then, as eagerly, and still load it at first use."""
    files = {
        "hooks/shouting.py": "def shout(word):\n    return word.upper() + '!'\n",
        "hooks/hook.py": "from shouting import shout\ndef run(word):\n    return shout(word)\n",
        "loader.py": ("import importlib.util, sys\n"
                      "def load(path):\n"
                      "    sys.path.insert(0, 'hooks')\n"
                      "    try:\n"
                      "        spec = importlib.util.spec_from_file_location('hook', path)\n"
                      "        module = importlib.util.module_from_spec(spec)\n"
                      "        spec.loader.exec_module(module)\n"
                      "    finally:\n"
                      "        sys.path.remove('hooks')\n"
                      "    return module\n"),
    }
    script = """
import sys, lazyboot
{install}
import loader
def main():
    hook = loader.load("hooks/hook.py")
    print("shouting" in sys.modules and not lazyboot.is_lazy(sys.modules["shouting"]))
    print(hook.run("hello"))
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["True", "HELLO!"], eager
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.lines == ["False", "HELLO!"]


def test_a_name_the_target_lacks_fails_at_the_statement(run_both):
    """``from compat import missing`` raises ImportError at the statement, as
    eagerly, so ``try: import app.feature`` around a module that does it
    takes its ``except`` branch."""
    files = {
        "app/__init__.py": "",
        "app/compat.py": "OLD = 1\n",
        "app/feature.py": "from app.compat import NEW\ndef use():\n    return NEW\n",
    }
    script = """
import lazyboot
{install}
try:
    import app.feature as feature
except ImportError as exc:
    feature = None
    print("ImportError", exc.name)
print(feature)
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == lazy.lines == ["ImportError app.compat", "None"], (eager, lazy)


def test_a_package_loaded_before_the_lazy_import_inside_it(run_both):
    """The same shape with ``pkg`` already loaded when the lazy import inside
    it is made: the loaded package, too, runs the pending import when an
    attribute is missing, and is a plain module again afterwards."""
    files = FORMATTERS
    script = """
import sys, lazyboot
import pkg
{install}
from pkg.formatters.terminal import TerminalFormatter
def main():
    terminal = sys.modules.get("pkg.formatters.terminal")
    print(lazyboot.is_installed() and (terminal is None or lazyboot.is_lazy(terminal)))
    print(pkg.formatter.Formatter.name, TerminalFormatter.name, type(pkg).__name__)
    print("fallback left behind:", "__getattr__" in vars(pkg))
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["False", "base terminal module", "fallback left behind: False"], eager
    assert lazy.lines == ["True", "base terminal module", "fallback left behind: False"], lazy


def test_a_package_init_importing_its_submodules_in_a_cycle(run_both):
    """pdoc's shape: ``pkg/__init__.py`` does ``from pkg import doc``, and
    ``doc``'s imports reach ``web``, which does ``from pkg import doc`` and
    reads it while ``doc`` is still running.  Eagerly ``web`` gets the partial
    module; lazily it must too (not an import-cycle error)."""
    files = {
        "pkg/__init__.py": "VERSION = '1.0'\nfrom pkg import doc\nfrom pkg import web\n",
        "pkg/doc.py": "class Module:\n    pass\nfrom pkg import web\n",
        "pkg/web.py": "from pkg import doc\nKIND = doc.Module\ndef serve():\n    return KIND.__name__\n",
    }
    script = """
import lazyboot
{install}
import pkg.web
def main():
    print(pkg.VERSION, pkg.web.serve())
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["1.0 Module"], eager
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.lines == ["1.0 Module"]


def test_code_executed_into_a_namespace_without_a_name(run_both):
    """pygments' ``-l mylexer.py``: a file's text run with ``exec(code, {})``,
    whose imports have no importing module name."""
    files = {
        "app/__init__.py": "",
        "app/lexer.py": "class RegexLexer:\n    name = 'regex'\n",
        "plugin.txt": "from app.lexer import RegexLexer\nclass Custom(RegexLexer):\n    pass\n",
    }
    script = """
import lazyboot
{install}
import app
def main():
    namespace = dict()
    with open("plugin.txt") as stream:
        exec(stream.read(), namespace)
    print(namespace["Custom"].name, sorted(k for k in namespace if not k.startswith("__")))
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["regex ['Custom', 'RegexLexer']"], eager
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.lines == eager.lines


def test_a_package_init_that_uses_the_name_of_a_submodule_it_imports_from(run_both):
    """toolz.curried's shape: ``from .exceptions import merge`` binds
    ``exceptions`` in the package's namespace as a side effect, and the
    ``__init__`` then deletes it; it also re-exports names of a package already
    loaded, and the program filters the namespace by ``callable``."""
    files = {
        "tz/__init__.py": "def merge():\n    pass\ndef first():\n    pass\n",
        "tz/curried/__init__.py": ("import tz\nfrom tz import first\nfrom .exceptions import merge\n"
                                   "from .extra import later\ndel exceptions\n"),
        "tz/curried/exceptions.py": "def merge():\n    return 'curried merge'\n",
        "tz/curried/extra.py": "def later():\n    return 'later'\n",
    }
    script = """
import sys, lazyboot
{install}
import tz.curried
def main():
    print("extra pending:", "tz.curried.extra" not in sys.modules)
    namespace = vars(tz.curried)
    callables = sorted(k for k in ("first", "merge") if callable(namespace[k]))
    print(callables, hasattr(tz.curried, "exceptions"), tz.curried.merge(), tz.curried.later())
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["extra pending: False", "['first', 'merge'] False curried merge later"], eager
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.lines == ["extra pending: True", "['first', 'merge'] False curried merge later"], lazy


def test_the_import_system_asking_a_package_for_a_submodule_runs_nothing_else(run_both):
    """Found by the nightly differential run: ``from .sub import m3`` asks
    ``sub`` for ``m3`` before importing it; that lookup must not run the
    imports pending inside ``sub`` (here ``m4``, which reads a name its
    package's body has not bound yet, so its body would run, fail and run
    again later)."""
    files = {
        "pkg/__init__.py": "from .sub import m3 as helper\nREADY = helper.value()\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/m3.py": "def value():\n    return 'ready'\n",
        "pkg/sub/m4.py": "RAN = print('m4 runs')\nimport pkg\nSTATE = pkg.READY\n",
    }
    script = """
import sys, lazyboot
{install}
import pkg.sub.m4
def main():
    print("m4 pending:", lazyboot.is_lazy(sys.modules.get("pkg.sub.m4")) or "pkg.sub.m4" not in sys.modules)
    print(pkg.sub.m4.STATE)
main()
"""
    eager, lazy = run_both(script, files, check=False)
    assert eager.lines == ["m4 runs", "m4 pending: False", "ready"], eager
    assert lazy.returncode == 0, lazy.stderr
    assert lazy.lines == ["m4 pending: True", "m4 runs", "ready"], lazy
