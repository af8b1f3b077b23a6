"""Real code keeps working under install(): the same results as an eager run."""

import pytest

from _ci import need_module

APP = {
    "shapes/__init__.py": "",
    "shapes/base.py": """
        import dataclasses
        class Shape:
            sides = 0
            def area(self):
                raise NotImplementedError
        @dataclasses.dataclass
        class Point:
            x: int
            y: int
        def register(cls):
            cls.registered = True
            return cls
        class ShapeError(Exception):
            pass
    """,
    "shapes/square.py": """
        from shapes.base import Shape, Point, register, ShapeError
        import dataclasses
        @register
        class Square(Shape):
            sides = 4
            def __init__(self, side: int) -> None:
                self.side = side
            def area(self) -> int:
                return self.side ** 2
        @dataclasses.dataclass
        class Labeled(Point):
            label: str = "p"
        def check(n: "int") -> "Square":
            if n < 0:
                raise ShapeError("negative")
            return Square(n)
    """,
}

PROGRAM = """
import pickle, inspect, typing, importlib, types, sys
from shapes.square import Square, Labeled, check
from shapes.base import Shape, Point, ShapeError
import shapes.square as sq
# Used inside a function, as most code uses what it imports (a name the
# module's own body reads while it runs is imported there, not deferred).
def main():
    # Before first use: which names are still lazy, and which bodies have not run.
    print([lazyboot.is_lazy(x) for x in (Square, Labeled, check, Shape, Point, ShapeError, sq)],
          [n for n in ("shapes.base", "shapes.square")
           if n not in sys.modules or lazyboot.is_lazy(sys.modules[n])])
    s = Square(3)
    print(s.area(), Square.registered, isinstance(s, Shape), issubclass(Square, Shape))
    print(isinstance(s, Square), issubclass(Square, Square))
    class Big(Square):
        pass
    print(Big(2).area(), Big.__mro__[1].__name__)
    print(pickle.loads(pickle.dumps(s)).area(), pickle.loads(pickle.dumps(Square)) is sq.Square)
    print(Labeled(1, 2), typing.get_type_hints(check))
    print(inspect.getsource(check).splitlines()[0])
    try:
        check(-1)
    except ShapeError as exc:
        print("caught", exc)
    print(importlib.reload(sq).Square(2).area())
    print(Point(1, 2) == Point(1, 2), Square.__name__, Square.__module__)
main()
"""


@pytest.mark.parametrize("mode", ["default", "all"])
def test_program_behaves_as_eager(run, mode):
    install = {"default": "lazyboot.install()",
               "all": "lazyboot.install(filter=lambda *a: True)"}[mode]
    eager = run("import lazyboot\n" + PROGRAM, APP)
    lazy = run(f"import lazyboot\n{install}\n" + PROGRAM, APP)
    # Lazy before first use: shapes.square's names and module are deferred, its
    # body has not run.  shapes.base is imported at its statement: ShapeError
    # is named in an except clause, which needs the real class.
    assert eager.lines[0] == "[False, False, False, False, False, False, False] []"
    assert lazy.lines[0] == ("[True, True, True, False, False, False, True] "
                             "['shapes.square']")
    # The same behaviour after.
    assert lazy.lines[1:] == eager.lines[1:]
    assert len(eager.lines) == 10


def test_multiprocessing_spawn_with_lazy_modules(run):
    """spawn workers re-run the main module (install() included): lazy there too, same results."""
    files = dict(APP)
    files["work.py"] = """
import sys
import lazyboot
from shapes.square import Square
def area(n):
    return Square(n).area()
def state():
    # In a fresh worker, before any area(): is lazyboot on, and is shapes.square still deferred?
    return [lazyboot.is_installed(), lazyboot.is_lazy(globals()["Square"]),
            lazyboot.is_lazy(sys.modules["shapes.square"])]
"""
    script = """
import sys
import lazyboot
{install}
import multiprocessing
from work import area, state
def main():
    print(lazyboot.is_lazy(area), "work" not in sys.modules or lazyboot.is_lazy(sys.modules["work"]))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        print(pool.apply(state))
    with ctx.Pool(2) as pool:
        print(pool.map(area, [1, 2, 3]))
if __name__ == "__main__":
    main()
"""
    eager = run(script.format(install=""), files, timeout=120)
    lazy = run(script.format(install="lazyboot.install()"), files, timeout=120)
    assert eager.lines == ["False False", "[False, False, False]", "[1, 4, 9]"]
    assert lazy.lines == ["True True", "[True, True, True]", "[1, 4, 9]"]


def test_pytest_assertion_rewriting_still_applies(run):
    """A test module pytest imports under install(): its imports are lazy, and a
    failing assert is still rewritten (pytest explains the values)."""
    files = {
        "test_sample.py": "import lazyboot\n"
                          "from shapes.square import Square\n"
                          "LAZY_AT_IMPORT = [lazyboot.is_installed(), lazyboot.is_lazy(globals()['Square'])]\n"
                          "def test_imports_were_lazy():\n"
                          "    assert LAZY_AT_IMPORT == [True, True]\n"
                          "def test_area():\n    s = Square(2)\n    assert s.area() == 5\n",
        "conftest.py": "import lazyboot\nlazyboot.install()\n",
        **APP,
    }
    r = run("""
import subprocess, sys
p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "test_sample.py"], capture_output=True, text=True)
print("where 4 = <bound method" in p.stdout or "assert 4 == 5" in p.stdout, p.returncode)
print(p.stdout.strip().splitlines()[-1].split(" in ")[0])
""", files, timeout=120)
    assert r.lines == ["True 1", "1 failed, 1 passed"], r


THIRD_PARTY = """
import sys
import lazyboot
{install}
import json
import numpy as np
import pandas as pd
from click.testing import CliRunner
import click
from rich.console import Console
from rich.table import Table
from sklearn.linear_model import LinearRegression


def main():
    # Before first use: lazy names, and library bodies not run yet.
    print([lazyboot.is_lazy(x) for x in (np, pd, CliRunner, click, Console, Table, LinearRegression)],
          [n for n in ("numpy", "pandas", "click", "rich", "sklearn")
           if n not in sys.modules or lazyboot.is_lazy(sys.modules[n])])
    a = np.arange(12).reshape(3, 4)
    df = pd.DataFrame(a, columns=list("abcd"))
    print(a.sum(), df.describe().loc["mean"].tolist())
    @click.command()
    @click.option("--n", type=int, default=2)
    def cli(n):
        click.echo(n * 2)
    print(CliRunner().invoke(cli, ["--n", "21"]).output.strip())
    console = Console(record=True, width=60, color_system=None)
    t = Table("x", "y")
    t.add_row("1", "2")
    console.print(t)
    print(console.export_text().count("1"))
    m = LinearRegression().fit(a[:, :2], a[:, 3])
    print(round(float(m.coef_.sum()), 6))


main()
"""


def test_numpy_pandas_click_rich_sklearn_under_install(run):
    for name in ("numpy", "pandas", "click", "rich"):
        need_module(name, "pip install -e '.[compat]'")
    need_module("sklearn", "pip install -e examples/trader_app")
    eager = run(THIRD_PARTY.format(install=""), timeout=120)
    lazy = run(THIRD_PARTY.format(install="lazyboot.install()"), timeout=120)
    assert eager.lines[0] == "[False, False, False, False, False, False, False] []"
    assert lazy.lines[0] == ("[True, True, True, True, True, True, True] "
                             "['numpy', 'pandas', 'click', 'rich', 'sklearn']")
    assert lazy.lines[1:] == eager.lines[1:]
    assert len(eager.lines) > 5


def test_reload_of_a_module_that_never_ran_runs_it_twice_like_eager(run_both):
    files = {"counted.py": "import hits\nVALUE = hits.bump()\n",
             "hits.py": "n = 0\ndef bump():\n    global n\n    n += 1\n    return n\n"}
    script = """
import importlib, lazyboot, hits
{install}
import counted
print("before reload:", hits.n, lazyboot.is_lazy(counted))
m = importlib.reload(counted)
print(hits.n, m.VALUE, m is counted)
"""
    eager, lazy = run_both(script, files, install="lazyboot.install(exclude=['hits'])")
    # Lazily the body has not run when reload() is called; eagerly it ran once.
    assert eager.lines[0] == "before reload: 1 False"
    assert lazy.lines[0] == "before reload: 0 True"
    assert eager.lines[1:] == lazy.lines[1:] == ["2 2 True"]


def test_python_dash_m_package_counts_as_application(run):
    files = {
        "site-packages/mypkg/__init__.py": "",
        "site-packages/mypkg/__main__.py": "import lazyboot\nlazyboot.install()\n"
                                           "import mypkg.heavy\nimport sys\n"
                                           "print(lazyboot.is_lazy(sys.modules['mypkg.heavy']),"
                                           " mypkg.__name__)\n",
        "site-packages/mypkg/heavy.py": "X = 1\n",
    }
    r = run("""
import runpy, sys
sys.path.insert(0, "site-packages")
runpy.run_module("mypkg", run_name="__main__", alter_sys=True)
""", files)
    assert r.lines == ["True mypkg"]


def test_proxies_stored_as_values_by_module_code_become_real_objects(run_both):
    files = {
        "consts.py": "import json\nLIMIT = 10\nclass Kind:\n    pass\ndef handler():\n    return 'h'\n",
        "user.py": """
from consts import LIMIT, Kind, handler
HANDLERS = {"a": handler}
LIMITS = [LIMIT, (LIMIT, LIMIT)]
def f(x=LIMIT, *, kind=Kind):
    return x
import lazyboot
# Proxies or real objects when the dict, the list and the defaults above stored them?
WHILE_RUNNING = [lazyboot.is_lazy(globals()[n]) for n in ("LIMIT", "Kind", "handler")]
class Config:
    limit = LIMIT
    kinds = (Kind,)
""",
    }
    script = """
import json, sys, lazyboot
{install}
import user
print("before use:", lazyboot.is_lazy(user), "consts" in sys.modules)
print(json.dumps(user.LIMITS), type(user.HANDLERS["a"]).__name__, type(user.f.__defaults__[0]).__name__)
print(type(user.f.__kwdefaults__["kind"]).__name__, json.dumps(user.Config.limit), type(user.Config.kinds[0]).__name__)
print("while the body ran:", user.WHILE_RUNNING)
"""
    eager, lazy = run_both(script, files)
    assert eager.lines[0] == "before use: False True"
    assert lazy.lines[0] == "before use: True False"
    assert eager.lines[-1] == "while the body ran: [False, False, False]"
    # Names the body reads while it runs are imported there (as PEP 810
    # resolves a lazy name the body looks up): the values stored are real.
    assert lazy.lines[-1] == "while the body ran: [False, False, False]"
    assert eager.lines[1:-1] == lazy.lines[1:-1] == ['[10, [10, 10]] function int', 'type 10 type']


REGISTRY_FILES = {
    "plugins/__init__.py": "",
    "plugins/heavy.py": "import log\nRAN = log.runs.append('heavy')\nclass Heavy:\n    name = 'heavy'\n",
    "plugins/light.py": "class Light:\n    name = 'light'\n",
    "plugins/registry.py": "from .heavy import Heavy\nfrom .light import Light\n"
                           "def registry():\n    return {'heavy': Heavy, 'light': Light}\n",
    "plugins/table.py": "from .heavy import Heavy\nREGISTRY = {'heavy': Heavy}\n",
    "log.py": "runs = []\n",
}


def test_a_registry_built_in_a_function_stays_lazy_until_called(run):
    r = run("""
import lazyboot, log
lazyboot.install(exclude=["log"])
import plugins.registry as reg
print(reg.registry.__name__, log.runs)
table = reg.registry()
print(sorted(table), log.runs)
print(table["heavy"]().name, type(table["heavy"]).__name__, log.runs)
""", REGISTRY_FILES)
    # The table a function builds at run time holds the proxies themselves:
    # they forward, and after first use claim only what the class has.
    assert r.lines == ["registry []", "['heavy', 'light'] []", "heavy LazyObject ['heavy']"]


def test_a_registry_built_while_the_body_runs_holds_real_classes(run_both):
    """As PEP 810 resolves a lazy name when the body looks it up, a name the
    body reads is imported when the body runs: the table holds the class."""
    script = """
import lazyboot, log
{install}
import plugins.table as table
print(type(table.REGISTRY["heavy"]).__name__, log.runs)
"""
    eager, lazy = run_both(script, REGISTRY_FILES, install='lazyboot.install(exclude=["log"])')
    assert eager.lines == lazy.lines == ["type ['heavy']"]


def test_from_imported_exception_classes_work_in_except_clauses(run_both):
    files = {
        "errs.py": "class AppError(Exception):\n    pass\ndef fail():\n    raise AppError('x')\n",
        "user.py": "from errs import AppError\nimport errs\n"
                   "def call(f):\n    try:\n        f()\n    except AppError as exc:\n"
                   "        return 'caught ' + str(exc)\n    return 'none'\n"
                   "import lazyboot\n"
                   "WHILE_RUNNING = [lazyboot.is_lazy(globals()['AppError']), lazyboot.is_lazy(errs)]\n",
    }
    script = """
import sys, lazyboot
{install}
import user
print("before use:", lazyboot.is_lazy(user), "errs" in sys.modules)
def other():
    raise KeyError('k')
try:
    print(user.call(other))
except KeyError:
    print("KeyError")
print(user.call(lambda: user.errs.fail()))
print("while the body ran:", user.WHILE_RUNNING, "settled:", type(vars(user)["AppError"]).__name__)
"""
    eager, lazy = run_both(script, files)
    assert eager.lines[0] == "before use: False True"
    assert lazy.lines[0] == "before use: True False"
    assert eager.lines[-1] == "while the body ran: [False, False] settled: type"
    # A class named in an except clause must be the real class: the import
    # runs at its statement when the body runs.
    assert lazy.lines[-1] == "while the body ran: [False, False] settled: type"
    assert eager.lines[1:-1] == lazy.lines[1:-1] == ["KeyError", "caught x"]
