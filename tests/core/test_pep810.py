"""PEP 810 opt-in: ``__lazy_modules__`` honoured inside ``lazy_imports()``."""

FILES = {
    "p810/__init__.py": "",
    "p810/sub.py": "import log\nlog.runs.append('p810.sub')\nthing = 'thing'\n",
    "other.py": "import log\nlog.runs.append('other')\nVALUE = 1\n",
    "log.py": "runs = []\n",
    "flaky.py": "import log\nif not log.runs.count('ok'):\n    raise RuntimeError('flaky')\nOK = 1\n",
}


def test_selected_imports_are_lazy_and_not_in_sys_modules(run):
    r = run("""
import sys, lazyboot, log
__lazy_modules__ = {"p810.sub", "json"}
with lazyboot.lazy_imports():
    import json
    from p810.sub import thing
    import other
print("json" in sys.modules, "p810.sub" in sys.modules, log.runs)
print(lazyboot.is_lazy(globals()["thing"]), lazyboot.is_lazy(globals()["json"]))
print(thing.upper(), log.runs, json.dumps(1))
print(type(globals()["thing"]).__name__, type(globals()["json"]).__name__)
""", FILES)
    assert r.lines == [
        "False False ['other']",
        "True True",
        "THING ['other', 'p810.sub'] 1",
        "str module",
    ]


def test_without_lazy_modules_nothing_in_the_block_is_lazy(run):
    """As on 3.15: laziness is what ``__lazy_modules__`` selects, nothing else."""
    r = run("""
import sys, lazyboot, log
with lazyboot.lazy_imports():
    import other
    import p810.sub
print(log.runs, "p810" in sys.modules)
print(other.VALUE, p810.sub.thing, log.runs)
""", FILES)
    assert r.lines == ["['other', 'p810.sub'] True", "1 thing ['other', 'p810.sub']"]


def test_failed_resolution_can_be_retried(run):
    r = run("""
import sys, lazyboot, log
__lazy_modules__ = {"flaky"}
with lazyboot.lazy_imports():
    from flaky import OK
try:
    OK + 1
except RuntimeError:
    print("failed", "flaky" in sys.modules)
log.runs.append("ok")
print(OK + 1)
""", FILES)
    assert r.lines == ["failed False", "2"]


def test_imports_in_try_blocks_and_functions_stay_eager(run):
    r = run("""
import lazyboot, log
with lazyboot.lazy_imports():
    try:
        import other
    except ImportError:
        pass
print(log.runs, lazyboot.is_lazy(other))
""", FILES)
    assert r.lines == ["['other'] False"]


def test_eager_switch_and_context_outside_block(run):
    script = """
import lazyboot, log
__lazy_modules__ = {"other"}
with lazyboot.lazy_imports():
    import other
import p810.sub
print(log.runs)
"""
    assert run(script, FILES).lines == ["['p810.sub']"]
    assert run(script, FILES, env={"LAZYBOOT_EAGER": "1"}).lines == ["['other', 'p810.sub']"]


def test_native_lazy_imports_step_aside(run):
    r = run("""
import builtins
import sys; sys.set_lazy_imports_filter = print   # pretend the interpreter has PEP 810
import lazyboot, log
ctx = lazyboot.lazy_imports()
with ctx:
    import other
print(log.runs, type(ctx).__name__, builtins.__import__.__module__)
""", FILES)
    assert r.lines == ["['other'] _NoOp builtins"]


def test_dotted_import_as_binds_the_leaf_lazily(run):
    r = run("""
import sys, lazyboot, log
__lazy_modules__ = {"p810.sub"}
with lazyboot.lazy_imports():
    import p810.sub as s
print("p810" in sys.modules, log.runs)
print(s.thing, log.runs)
""", FILES)
    assert r.lines == ["False []", "thing ['p810.sub']"]
