"""attach / attach_stub / load: drop-in compatible with lazy_loader (SPEC 1)."""

import pytest

PKG = {
    "spkg/__init__.py": """
        import lazy as lazy
        __getattr__, __dir__, __all__ = lazy.attach(
            __name__, submodules=["sub"], submod_attrs={"_impl": ["Engine", "run"], "maxtree": ["maxtree"]}
        )
    """,
    "spkg/sub.py": "import events\nevents.log.append('sub')\nX = 1\n",
    "spkg/_impl.py": "import events\nevents.log.append('_impl')\nclass Engine:\n    pass\ndef run():\n    return 'ran'\n",
    "spkg/maxtree.py": "def maxtree():\n    return 'function'\nhelper = 1\n",
    "events.py": "log = []\n",
}

SCRIPT = """
import sys, types, events
import spkg
print(spkg.__all__, dir(spkg), events.log)
print(spkg.run(), events.log, isinstance(spkg.Engine, type))
print(spkg.sub.X, events.log)
import spkg.maxtree
print(spkg.maxtree())
try:
    spkg.nothing
except AttributeError as exc:
    print("AttributeError", "spkg" in str(exc), "nothing" in str(exc))
"""


@pytest.mark.parametrize("lib", ["lazyboot", "lazy_loader"])
def test_attach_behaves_like_lazy_loader(run, lib):
    if lib == "lazy_loader":
        pytest.importorskip("lazy_loader")
    files = dict(PKG, **{"lazy.py": f"from {lib} import *\nfrom {lib} import attach, attach_stub, load\n"})
    r = run(SCRIPT, files)
    assert r.lines == [
        "['Engine', 'maxtree', 'run', 'sub'] ['Engine', 'maxtree', 'run', 'sub'] []",
        "ran ['_impl'] True",
        "1 ['_impl', 'sub']",
        "function",
        "AttributeError True True",
    ]


def test_attach_stub_reads_the_pyi(run):
    files = dict(PKG)
    files["spkg/__init__.py"] = "import lazyboot\n__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)\n"
    files["spkg/__init__.pyi"] = "from . import sub\nfrom ._impl import Engine, run\nfrom .maxtree import maxtree\n"
    r = run(SCRIPT, files)
    assert r.lines[0] == "['Engine', 'maxtree', 'run', 'sub'] ['Engine', 'maxtree', 'run', 'sub'] []"
    assert r.lines[3] == "function"


def test_attach_stub_missing_or_malformed_stub_names_file_and_line(run):
    r = run("""
import lazyboot, os
try:
    lazyboot.attach_stub("x", os.path.abspath("nostub/__init__.py"))
except ValueError as exc:
    print("missing", "nostub/__init__.pyi" in str(exc))
for text in ["from . import a\\nfrom .b import (\\n", "from . import a\\nimport os\\nfrom os import path\\n"]:
    with open("bad.pyi", "w") as f:
        f.write(text)
    try:
        lazyboot.attach_stub("x", "bad.py")
    except SyntaxError as exc:           # as lazy_loader: the parser's own error
        print("syntax", os.path.basename(exc.filename), exc.lineno)
    except ValueError as exc:            # lazy_loader's wording first, then where
        print("bad", str(exc).startswith("Only within-module imports are supported"),
              "(bad.pyi, line 3)" in str(exc))
""")
    assert r.lines == ["missing True", "syntax bad.pyi 2", "bad True True"]


def test_misspelt_submod_attr_raises_attribute_error_naming_package_and_name(run):
    files = dict(PKG, **{"lazy.py": "from lazyboot import attach\n"})
    files["spkg/__init__.py"] = ("import lazyboot\n__getattr__, __dir__, __all__ = lazyboot.attach("
                                 "__name__, submod_attrs={'_impl': ['Engien']})\n")
    r = run("""
import spkg
try:
    spkg.Engien
except AttributeError as exc:
    # lazy_loader's wording (Python's own) first; then the mapping to check.
    print(str(exc).startswith("module 'spkg._impl' has no attribute 'Engien'"),
          "spkg.Engien" in str(exc), exc.name)
try:
    spkg.nothing
except AttributeError as exc:
    print(str(exc))
""", files)
    assert r.lines == ["True True Engien", "No spkg attribute nothing"]


def test_eager_switch_imports_every_declared_name_at_declaration(run):
    files = dict(PKG, **{"lazy.py": "from lazyboot import attach\n"})
    script = "import events, spkg\nprint(sorted(events.log))\n"
    assert run(script, files).lines == ["[]"]
    assert run(script, files, env={"LAZYBOOT_EAGER": "1"}).lines == ["['_impl', 'sub']"]
    assert run(script, files, env={"EAGER_IMPORT": "1"}).lines == ["['_impl', 'sub']"]


def test_load_defers_and_reports_missing_module_at_first_use(run):
    r = run("""
import sys, lazyboot
j = lazyboot.load("jsonmod")
print(lazyboot.is_lazy(j), "jsonmod" in sys.modules, j.VALUE, lazyboot.is_lazy(j))
missing = lazyboot.load("not_a_real_module_xyz")   # line 5
print(hasattr(missing, "__wrapped__"))
try:
    missing.attr
except ModuleNotFoundError as exc:
    print("No module named 'not_a_real_module_xyz'" in str(exc), "line 5" in str(exc))
try:
    lazyboot.load("not_a_real_module_xyz", error_on_import=True)
except ModuleNotFoundError as exc:
    print("now", exc.name)
print(lazyboot.load("jsonmod") is j)
""", {"jsonmod.py": "VALUE = 3\n"})
    assert r.lines == ["True True 3 False", "False", "True True", "now not_a_real_module_xyz", "True"]


def test_load_require_checks_the_installed_distribution(run):
    pytest.importorskip("packaging")
    r = run("""
import lazyboot
ok = lazyboot.load("pytest", require="pytest>=1.0")
print(ok.__name__)
bad = lazyboot.load("packaging", require="packaging>=999")
try:
    bad.version
except ModuleNotFoundError as exc:
    print("No distribution can be found matching" in str(exc))
""")
    assert r.lines == ["pytest", "True"]


def test_load_dotted_name_keeps_parent_lazy(run):
    r = run("""
import sys, warnings, lazyboot
warnings.simplefilter("ignore")
leaf = lazyboot.load("lpkg.leaf")
print(lazyboot.is_lazy(sys.modules["lpkg"]), lazyboot.is_lazy(leaf), leaf.X)
""", {"lpkg/__init__.py": "", "lpkg/leaf.py": "X = 5\n"})
    assert r.lines == ["True True 5"]


@pytest.mark.parametrize("call, error", [
    ("lazyboot.attach(3)", "TypeError: attach() argument 'package_name' must be a module name (str), not int"),
    ("lazyboot.attach('p', submodules='abc')", "TypeError: attach() argument 'submodules' must be an iterable of str, not str"),
    ("lazyboot.attach('p', submod_attrs=['a'])", "TypeError: attach() argument 'submod_attrs' must be a mapping"),
    ("lazyboot.load('')", "ValueError: load() argument 'fullname' must be a dotted module name such as 'pkg.sub', not ''"),
    ("lazyboot.load('x', require=3)", "TypeError: load() argument 'require' must be str or None"),
    ("lazyboot.install(include='bot')", "TypeError: install() argument 'include' must be an iterable of module names, not str"),
    ("lazyboot.install(exclude=[1])", "TypeError: each name in install() argument 'exclude' must be a module name (str), not int"),
    ("lazyboot.install(include=['bad name'])", "ValueError: each name in install() argument 'include' must be a dotted module name such as 'pkg.sub', not 'bad name'"),
    ("lazyboot.install(filter=3)", "TypeError: install() argument 'filter' must be callable, not int"),
    ("lazyboot.attach_stub('p', 3)", "TypeError: attach_stub() argument 'filename' must be str or os.PathLike, not int"),
])
def test_bad_input_gets_a_clear_error_naming_the_argument(run, call, error):
    r = run(f"""
import lazyboot
try:
    {call}
except Exception as exc:
    print(f"{{type(exc).__name__}}: {{exc}}")
print(lazyboot.is_installed())
""")
    assert r.lines[0].startswith(error)
    assert r.lines[1] == "False"
