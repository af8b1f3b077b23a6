"""Global mode: what ``install()`` defers, when bodies run, what stays eager."""

import pytest

HEAVY = {
    "app/__init__.py": "",
    "app/heavy.py": """
        import counter
        RAN = counter.hit("app.heavy")
        VALUE = 42
        class Thing:
            def hello(self):
                return "hi"
        def func():
            return VALUE + 1
    """,
    "app/pkg/__init__.py": "import counter\nRAN = counter.hit('app.pkg')\n",
    "app/pkg/sub/__init__.py": "import counter\nRAN = counter.hit('app.pkg.sub')\n",
    "app/pkg/sub/leaf.py": "import counter\nRAN = counter.hit('app.pkg.sub.leaf')\nX = 'leaf'\n",
    # a shared, eager (stdlib-like) counter: modules report their body runs
    # here (``RAN = counter.hit(...)``: a body that only binds names may be
    # deferred; one that calls out and discards the result runs eagerly)
    "counter.py": """
        import sys
        runs = {}
        def hit(name):
            runs[name] = runs.get(name, 0) + 1
    """,
}

PRELUDE = """
import sys, types, lazyboot
import counter
lazyboot.install(exclude=["counter"])
"""


def test_import_binds_lazy_module_and_body_runs_on_first_attribute(run):
    r = run(PRELUDE + """
import app.heavy
print(counter.runs.get("app.heavy", 0), lazyboot.is_lazy(app.heavy))
print(app.heavy.VALUE, counter.runs["app.heavy"], lazyboot.is_lazy(app.heavy))
print(type(sys.modules["app.heavy"]) is types.ModuleType)
""", HEAVY)
    assert r.lines == ["0 True", "42 1 False", "True"]


def test_from_import_does_not_run_the_module_and_rebinds_itself(run):
    """Names a ``def``/``class`` binds, read only inside functions: proxies."""
    r = run(PRELUDE + """
from app.heavy import Thing, func
g = globals()
def main():
    print(counter.runs.get("app.heavy", 0), lazyboot.is_lazy(g["Thing"]), lazyboot.is_lazy(g["func"]))
    print(func())
    # the module loaded: every pending proxy to it was rebound, used or not
    print(type(g["func"]).__name__, type(g["Thing"]).__name__, counter.runs["app.heavy"])
    print(Thing().hello())
main()
""", HEAVY)
    assert r.lines == ["0 True True", "43", "function type 1", "hi"]


@pytest.mark.parametrize("statement, why", [
    ("from app.heavy import VALUE\ndef main():\n    return VALUE", "a constant"),
    ("from app.heavy import func\nprint(func.__name__)", "read while the body runs"),
    ("from app.heavy import Thing\ntry:\n    pass\nexcept Thing:\n    pass",
     "used in an except clause"),
    ("from app.heavy import nothing_there\n", "not bound by the module"),
], ids=["constant", "read-by-body", "except-clause", "missing"])
def test_a_from_import_a_proxy_could_not_serve_is_eager(run, statement, why):
    """PEP 810 resolves a lazy name when it is looked up; a pure-Python proxy
    cannot, so where it could be observed the import runs at the statement."""
    r = run(PRELUDE + f"""
try:
    exec({statement!r}, {{"__name__": "app.main", "__file__": "app/main.py"}})
except ImportError as exc:
    print(type(exc).__name__)
print(counter.runs.get("app.heavy", 0))
""", HEAVY)
    assert r.lines[-1] == "1", why


def test_from_import_alias_is_rebound_too(run):
    r = run(PRELUDE + """
from app.heavy import func as f
def main():
    print(lazyboot.is_lazy(globals()["f"]), f(), type(globals()["f"]).__name__)
main()
""", HEAVY)
    assert r.lines == ["True 43 function"]


def test_missing_module_raises_at_the_import_statement(run):
    r = run(PRELUDE + """
try:
    import does_not_exist_anywhere
except ModuleNotFoundError as exc:
    print("caught", exc.name)
import app.heavy
try:
    import app.nope
except ModuleNotFoundError as exc:
    print("caught", exc.name)
""", HEAVY)
    assert r.lines == ["caught does_not_exist_anywhere", "caught app.nope"]


def test_optional_dependency_pattern_keeps_working(run):
    # try/except ImportError: imports in a try block are eager (PEP 810's rule),
    # so a missing *name* is detected where the program expects it.
    # Control: the same import outside ``try`` is lazy, so install() is on.
    r = run(PRELUDE + """
import app.pkg
print(lazyboot.is_lazy(app.pkg), counter.runs.get("app.pkg"))
try:
    from app.heavy import not_there
except ImportError:
    not_there = "fallback"
print(not_there, counter.runs.get("app.heavy"))
""", HEAVY)
    assert r.lines == ["True None", "fallback 1"]


def test_dotted_import_keeps_parents_lazy(run):
    r = run(PRELUDE + """
import app.pkg.sub.leaf
print(sorted(counter.runs))
print(all(lazyboot.is_lazy(sys.modules[n]) for n in ["app", "app.pkg", "app.pkg.sub", "app.pkg.sub.leaf"]),
      lazyboot.is_lazy(app))
import app.pkg.sub.leaf as leaf
print(sorted(counter.runs), lazyboot.is_lazy(leaf))
print(leaf.X)
print(sorted(counter.runs))
""", HEAVY)
    assert r.lines == [
        "[]", "True True", "[] True", "leaf",
        "['app.pkg', 'app.pkg.sub', 'app.pkg.sub.leaf']",
    ]


def test_metadata_repr_isinstance_and_probes_do_not_materialise(run):
    r = run(PRELUDE + """
import app.heavy as m
import app.pkg as p
_ = (m.__name__, m.__spec__, m.__loader__, m.__file__, m.__package__, p.__path__)
_ = repr(m), isinstance(m, types.ModuleType)
print(hasattr(m, "__wrapped__"), hasattr(m, "__path__"))
import inspect
print(inspect.ismodule(m), counter.runs)
print(hasattr(m, "missing"), counter.runs)
""", HEAVY)
    assert r.lines == ["False False", "True {}", "False {'app.heavy': 1}"]


def test_imports_in_functions_classes_and_star_imports_stay_eager(run):
    r = run(PRELUDE + """
import app.heavy as control   # control: at module level, lazy
print(lazyboot.is_lazy(control), counter.runs)
def f():
    import app.heavy
    return app.heavy
print(lazyboot.is_lazy(f()), counter.runs)
class C:
    import app.pkg
print(counter.runs.get("app.pkg"))
from app.pkg.sub.leaf import *
print(X, counter.runs.get("app.pkg.sub.leaf"))
""", HEAVY)
    assert r.lines == ["True {}", "False {'app.heavy': 1}", "1", "leaf 1"]


def test_eager_statement_materialises_a_module_made_lazy_earlier(run):
    r = run(PRELUDE + """
import app.heavy
print(counter.runs)
try:
    import app.heavy
except ImportError:
    pass
print(counter.runs, lazyboot.is_lazy(app.heavy))
""", HEAVY)
    assert r.lines == ["{}", "{'app.heavy': 1} False"]


def test_policy_include_exclude_and_filter(run):
    r = run("""
import sys, lazyboot, counter
lazyboot.install(include=["app.pkg"])
import app.heavy, app.pkg
print(lazyboot.is_lazy(sys.modules["app.heavy"]), lazyboot.is_lazy(sys.modules["app.pkg"]), app.__name__)
seen = []
def only_from_main(importer, name, fromlist):
    seen.append((importer, name, fromlist))
    return name != "app.pkg.sub"
lazyboot.install(filter=only_from_main, exclude=["counter"])
import app.pkg.sub
from app.pkg.sub import leaf
print(lazyboot.is_lazy(sys.modules["app.pkg.sub"]), seen, leaf.__name__)
""", HEAVY)
    assert r.lines == [
        "False True app",
        "False [('__main__', 'app.pkg.sub', None), ('__main__', 'app.pkg.sub', ('leaf',))] "
        "app.pkg.sub.leaf",
    ]


def test_default_scope_leaves_third_party_imports_eager(run):
    # ``site-packages`` in a path marks installed code: its imports run as written.
    files = dict(HEAVY)
    files["lib/site-packages/thirdparty/__init__.py"] = "import app.heavy\n"
    r = run("""
import sys, lazyboot, counter
sys.path.insert(0, "lib/site-packages")
lazyboot.install()
import thirdparty
thirdparty.__name__
print(counter.runs)
thirdparty.__doc__
print(counter.runs)
""", files)
    assert r.lines == ["{}", "{'app.heavy': 1}"]


def test_install_is_idempotent_and_uninstall_restores_import_exactly(run):
    r = run("""
import builtins, sys, lazyboot
original = builtins.__import__
meta_path = list(sys.meta_path)
lazyboot.install(); lazyboot.install()
print(lazyboot.is_installed(), builtins.__import__ is original)
import app.heavy
lazyboot.uninstall()
print(lazyboot.is_installed(), builtins.__import__ is original and sys.meta_path == meta_path)
import app.pkg
print(lazyboot.is_lazy(app.pkg), lazyboot.is_lazy(app.heavy), app.heavy.VALUE)
""", HEAVY)
    assert r.lines == ["True False", "False True", "False True 42"]


def test_eager_switch_makes_install_a_no_op(run):
    script = PRELUDE + """
import app.heavy
print(lazyboot.is_installed(), lazyboot.is_lazy(app.heavy), counter.runs)
"""
    assert run(script, HEAVY).lines == ["True True {}"]   # control: the same program, lazy
    r = run(script, HEAVY, env={"LAZYBOOT_EAGER": "1"})
    assert r.lines == ["False False {'app.heavy': 1}"]


def test_materialised_module_is_the_plain_module_type(run):
    r = run(PRELUDE + """
import app.heavy
print(lazyboot.is_lazy(app.heavy), type(app.heavy) is types.ModuleType)
app.heavy.VALUE
print(type(app.heavy) is types.ModuleType, type(app.heavy).__getattribute__ is types.ModuleType.__getattribute__)
""", HEAVY)
    assert r.lines == ["True False", "True True"]


def test_function_named_like_its_submodule_follows_eager_binding(run_both):
    files = {
        "shadow/__init__.py": "from .tool import tool\n",
        "shadow/tool.py": "def tool():\n    return 'function'\n",
    }
    script = """
import sys, lazyboot
{install}
import shadow.tool
import shadow
print(lazyboot.is_lazy(sys.modules["shadow"]), lazyboot.is_lazy(sys.modules["shadow.tool"]))
print(shadow.tool())
print(type(shadow.tool).__name__)
"""
    eager, lazy = run_both(script, files)
    assert (eager.lines[0], lazy.lines[0]) == ("False False", "True True")
    assert eager.lines[1:] == lazy.lines[1:] == ["function", "function"]


def test_submodule_binding_wins_when_package_does_not_import_it(run_both):
    files = {
        "shadow/__init__.py": "def tool():\n    return 'function'\n",
        "shadow/tool.py": "X = 1\n",
    }
    script = """
import sys, lazyboot, types
{install}
import shadow.tool
print(lazyboot.is_lazy(sys.modules["shadow"]), lazyboot.is_lazy(sys.modules["shadow.tool"]))
print(isinstance(shadow.tool, types.ModuleType), shadow.tool.X)
"""
    eager, lazy = run_both(script, files)
    assert (eager.lines[0], lazy.lines[0]) == ("False False", "True True")
    assert eager.lines[1:] == lazy.lines[1:] == ["True 1"]


@pytest.mark.parametrize(("replace", "deferred"), [
    # A body that writes into an object it did not create (here sys.modules)
    # runs at the import statement: the write may matter before any name is used.
    ("sys.modules[__name__] = S()", "False"),
    # Written as an assigned call, nothing marks the body as having effects:
    # it is deferred, and the module object it leaves behind is what callers get.
    ("REPLACED = sys.modules.__setitem__(__name__, S())", "True"),
])
def test_module_replacing_itself_in_sys_modules(run_both, replace, deferred):
    files = {"swap.py": f"import sys\nclass S:\n    value = 7\n{replace}\n"}
    script = """
import lazyboot
{install}
import swap
print(lazyboot.is_lazy(globals()["swap"]))
print(swap.value, type(swap).__name__)
print(type(globals()["swap"]).__name__)
"""
    eager, lazy = run_both(script, files)
    assert (eager.lines[0], lazy.lines[0]) == ("False", deferred)
    assert eager.lines[1:] == lazy.lines[1:] == ["7 S", "S"]


def test_second_install_without_arguments_keeps_the_policy(run):
    r = run("""
import sys, lazyboot, counter
lazyboot.install(include=["app.pkg"])
lazyboot.install()
import app.heavy, app.pkg
print(lazyboot.is_lazy(sys.modules["app.heavy"]), lazyboot.is_lazy(sys.modules["app.pkg"]), app.__name__)
""", HEAVY)
    assert r.lines == ["False True app"]


def test_submodule_reaching_itself_through_its_parent_during_its_body(run):
    # Found by the differential fuzzer.  Eagerly, ``pkg.m1`` is bound on ``pkg``
    # only after m1's body finished, so a body reaching itself that way fails.
    # Lazily the binding exists from the import statement on (other threads and
    # import cycles must find it), so the same program succeeds: documented
    # in the README's Semantics, never the other way round.
    files = {
        "zp/__init__.py": "X = 100\n",
        "zp/m1.py": "X_0 = 200\nimport zp.m1\nY = zp.m1.X_0\n",
    }
    script = """
import lazyboot
{install}
import zp.m1 as t
print(t.Y)
"""
    eager = run(script.format(install=""), files, check=False)
    lazy = run(script.format(install="lazyboot.install()"), files)
    assert eager.returncode == 1 and "AttributeError" in eager.stderr
    assert lazy.lines == ["200"]


def test_import_module_of_a_submodule_runs_its_lazy_parent_first(run):
    files = {
        "par/__init__.py": "import log\nRAN = log.runs.append('par')\n",
        "par/child.py": "import log\nRAN = log.runs.append('par.child')\n",
        "log.py": "runs = []\n",
    }
    r = run("""
import importlib, lazyboot, log
lazyboot.install(exclude=["log"])
import par
print(log.runs, lazyboot.is_lazy(par))
importlib.import_module("par.child")
print(log.runs)
""", files)
    assert r.lines == ["[] True", "['par', 'par.child']"]


def test_custom_loaders_and_finders_installed_after_install_are_honoured(run):
    # lazyboot runs plain source files itself and looks for new lazy modules
    # without its own finder; a finder added later, and a loader with its own
    # exec_module (on the class or on the instance, as wrapt's does), must
    # still be the ones that find and run the module.
    r = run("""
import importlib.machinery, sys, lazyboot
lazyboot.install()
calls = []

class Loader(importlib.machinery.SourceFileLoader):
    def exec_module(self, module):
        calls.append(("class", module.__name__))
        super().exec_module(module)

class Finder:
    def find_spec(self, name, path=None, target=None):
        if name not in ("viaclass", "viainstance"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name)
        if name == "viaclass":
            spec.loader = Loader(name, spec.origin)
        else:
            loader = spec.loader
            def exec_module(module, _original=loader.exec_module):
                calls.append(("instance", module.__name__))
                _original(module)
            loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Finder())
import viaclass, viainstance
print(lazyboot.is_lazy(viaclass), lazyboot.is_lazy(viainstance), calls)
print(viaclass.X + viainstance.X, calls)
""", {"viaclass.py": "X = 1\n", "viainstance.py": "X = 2\n"})
    assert r.lines == ["True True []",
                       "3 [('class', 'viaclass'), ('instance', 'viainstance')]"]
