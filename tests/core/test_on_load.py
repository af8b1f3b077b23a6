"""lazyboot.on_load: callbacks right after a module loads, lazily or eagerly, exactly once."""

from __future__ import annotations

import pytest

#: ``heavy`` counts how often its body ran (in builtins, which survives a failed import).
FILES = {
    "heavy.py": '''
        import builtins, time
        builtins.HEAVY_RUNS = getattr(builtins, "HEAVY_RUNS", 0) + 1
        time.sleep(0.05)
        VALUE = 42
    ''',
    "other.py": "OTHER = 1\n",
}


def test_callback_runs_after_an_eager_import_and_the_finder_goes_away(run):
    """Registered before `import heavy`: called once with the finished module; meta_path restored."""
    result = run("""
        import json, sys, importlib.machinery
        import lazyboot._onload as onload
        original = list(sys.meta_path)
        seen = []
        onload.on_load("heavy", lambda m: seen.append((m.__name__, m.VALUE, sys.modules["heavy"] is m)))
        during = [type(f).__name__ for f in sys.meta_path[:1]]
        import other          # not watched: untouched
        import heavy
        import heavy          # a second import statement fires nothing
        print(json.dumps({
            "seen": seen, "during": during, "restored": sys.meta_path == original,
            "loader": type(heavy.__loader__).__name__, "spec_loader": type(heavy.__spec__.loader).__name__,
            "other_loader": type(other.__loader__).__name__,
        }))
    """, FILES)
    assert result.json() == {
        "seen": [["heavy", 42, True]], "during": ["_OnLoadFinder"], "restored": True,
        "loader": "SourceFileLoader", "spec_loader": "SourceFileLoader", "other_loader": "SourceFileLoader",
    }


def test_already_loaded_module_runs_the_callback_immediately(run):
    """on_load of a module that is already imported calls back before returning."""
    result = run("""
        import json, sys, heavy
        import lazyboot._onload as onload
        seen = []
        onload.on_load("heavy", lambda m: seen.append(m.VALUE))
        print(json.dumps([seen, any(type(f).__name__ == "_OnLoadFinder" for f in sys.meta_path)]))
    """, FILES)
    assert result.json() == [[42], False]


def test_decorator_form_returns_the_function(run):
    """@on_load("name") registers the function and leaves it usable."""
    result = run("""
        import json
        import lazyboot._onload as onload
        seen = []

        @onload.on_load("heavy")
        def configure(module):
            seen.append(module.VALUE)
            return "ran"

        import heavy
        print(json.dumps([seen, configure(heavy), configure.__name__]))
    """, FILES)
    assert result.json() == [[42, 42], "ran", "configure"]


def test_lazy_module_calls_back_on_materialisation_outside_any_lock(run):
    """Under install(), the callback waits for first use and may hand the module to another thread."""
    result = run("""
        import json, sys, threading, types
        import lazyboot
        import lazyboot._onload as onload
        lazyboot.install(include=["heavy"])
        seen = []

        def callback(module):
            # A thread that touches the module must not block on any lock held here.
            box = []
            t = threading.Thread(target=lambda: box.append(module.VALUE))
            t.start(); t.join(10)
            seen.append({"type": type(module).__name__, "value_from_thread": box,
                         "runs": __import__("builtins").HEAVY_RUNS})

        onload.on_load("heavy", callback)
        import heavy
        before = list(seen)
        lazy = lazyboot.is_lazy(heavy)
        value = heavy.VALUE
        print(json.dumps({"before": before, "lazy": lazy, "value": value, "seen": seen}))
    """, FILES)
    assert result.json() == {
        "before": [], "lazy": True, "value": 42,
        "seen": [{"type": "module", "value_from_thread": [42], "runs": 1}],
    }


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_exception_in_callback_is_reported_and_module_stays_loaded(run, lazy):
    """A failing callback becomes a RuntimeWarning naming it and the module; the import succeeds."""
    result = run(f"""
        import json, sys, warnings
        import lazyboot
        import lazyboot._onload as onload
        if {lazy}:
            lazyboot.install(include=["heavy"])

        class Setup:
            @staticmethod
            def broken(module):
                raise KeyError("no backend")

        after = []
        onload.on_load("heavy", Setup.broken)
        onload.on_load("heavy", lambda m: after.append(m.VALUE))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import heavy
            before = [lazyboot.is_lazy(heavy), list(after)]
            value = heavy.VALUE
        print(json.dumps({{
            "before": before,
            "value": value, "in_sys_modules": sys.modules.get("heavy") is heavy,
            "lazy_now": lazyboot.is_lazy(heavy), "later_callbacks_ran": after,
            "warnings": [(w.category.__name__, str(w.message)) for w in caught],
        }}))
    """, FILES)
    data = result.json()
    # Lazily nothing has run (no callback either) until the first use.
    assert data["before"] == ([True, []] if lazy else [False, [42]])
    assert data["value"] == 42 and data["in_sys_modules"] and not data["lazy_now"]
    assert data["later_callbacks_ran"] == [42]
    assert data["warnings"] == [[
        "RuntimeWarning",
        "lazyboot.on_load callback __main__.Setup.broken for module 'heavy' raised "
        "KeyError: 'no backend' (the module stays loaded)",
    ]]


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_many_threads_one_body_one_callback(run, lazy):
    """Eight threads importing and using the module at once: body once, callback once."""
    result = run(f"""
        import builtins, json, threading
        import lazyboot
        import lazyboot._onload as onload
        if {lazy}:
            lazyboot.install(include=["heavy"])
        calls = []
        onload.on_load("heavy", lambda m: calls.append(threading.current_thread().name))
        barrier = threading.Barrier(8)
        values = []
        before = None
        if {lazy}:
            # Imported at module level (an import in a function is eager): the
            # threads then race to materialise one lazy module.
            import heavy
            before = [lazyboot.is_lazy(heavy), getattr(builtins, "HEAVY_RUNS", 0), len(calls)]

        def worker():
            barrier.wait()
            if {lazy}:
                values.append(heavy.VALUE)
            else:
                import heavy as eager_heavy
                values.append(eager_heavy.VALUE)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join(20)
        print(json.dumps([before, builtins.HEAVY_RUNS, len(calls), values]))
    """, FILES)
    assert result.json() == [[True, 0, 0] if lazy else None, 1, 1, [42] * 8]


def test_registration_racing_an_import_fires_each_callback_exactly_once(run):
    """Forty threads register while a forty-first imports: every registration fires once (10 rounds).

    Without waiting for an import already past the finder, about half of the
    rounds lose a registration on 3.12.
    """
    files = {f"race{i}.py": "import time\nVALUE = 1\ntime.sleep(0.02)\n" for i in range(10)}
    result = run("""
        import importlib, json, threading
        import lazyboot._onload as onload
        outcomes = set()
        for round_ in range(10):
            name = f"race{round_}"
            counts = [0] * 40
            barrier = threading.Barrier(41)

            def register(i):
                barrier.wait()
                def callback(module, i=i):
                    counts[i] += 1
                onload.on_load(name, callback)

            def importer():
                barrier.wait()
                importlib.import_module(name)

            threads = [threading.Thread(target=register, args=(i,)) for i in range(40)]
            threads.append(threading.Thread(target=importer))
            for t in threads: t.start()
            for t in threads: t.join(20)
            outcomes.update(counts)
        print(json.dumps(sorted(outcomes)))
    """, files)
    assert result.json() == [1]


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("wrapt_first", [True, False], ids=["wrapt-first", "lazyboot-first"])
def test_wrapt_post_import_hooks_and_on_load_each_fire_once(run, lazy, wrapt_first):
    """A hook registered through wrapt or through on_load fires exactly once per load, in either order."""
    result = run(f"""
        import json
        import lazyboot
        import lazyboot._onload as onload
        import wrapt
        if {lazy}:
            lazyboot.install(include=["heavy"])
        fired = {{"wrapt": 0, "wrapt_decorator": 0, "lazyboot": 0}}

        def via_wrapt(module):
            fired["wrapt"] += 1
            assert module.VALUE == 42
        def via_lazyboot(module):
            fired["lazyboot"] += 1

        if {wrapt_first}:
            wrapt.register_post_import_hook(via_wrapt, "heavy")
            onload.on_load("heavy", via_lazyboot)
        else:
            onload.on_load("heavy", via_lazyboot)
            wrapt.register_post_import_hook(via_wrapt, "heavy")

        @wrapt.when_imported("heavy")
        def decorated(module):
            fired["wrapt_decorator"] += 1

        import heavy
        before = [lazyboot.is_lazy(heavy), dict(fired)]
        heavy.VALUE
        import heavy
        heavy.VALUE
        print(json.dumps([before, fired]))
    """, FILES)
    once = {"wrapt": 1, "wrapt_decorator": 1, "lazyboot": 1}
    before = [True, dict.fromkeys(once, 0)] if lazy else [False, once]
    assert result.json() == [before, once]


def test_wrapt_hooks_fire_for_lazy_modules_without_on_load(run):
    """A wrapt hook on a lazily imported module fires once it materialises, not before."""
    result = run("""
        import json
        import lazyboot
        import wrapt
        lazyboot.install(include=["heavy"])
        fired = []
        wrapt.register_post_import_hook(lambda m: fired.append(m.VALUE), "heavy")
        import heavy
        before = list(fired)
        heavy.VALUE
        print(json.dumps([before, fired]))
    """, FILES)
    assert result.json() == [[], [42]]


def test_on_load_never_imports_wrapt_or_threading(run):
    """The hook machinery is stdlib-only and cheap: no wrapt, no threading."""
    result = run("""
        import json, sys
        import lazyboot._onload as onload
        onload.on_load("heavy", lambda m: None)
        import heavy
        print(json.dumps(["wrapt" in sys.modules, "threading" in sys.modules]))
    """, FILES, args=())
    assert result.json() == [False, False]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("on_load(3, print)", "TypeError: on_load() argument 'name' must be a module name (str), not int"),
        ("on_load('', print)", "ValueError: on_load() argument 'name' must be a dotted module name such as 'pkg.sub', not ''"),
        ("on_load('a..b', print)", "ValueError: on_load() argument 'name' must be a dotted module name such as 'pkg.sub', not 'a..b'"),
        ("on_load('json', 3)", "TypeError: callback must be callable, not int"),
    ],
    ids=["name-type", "empty-name", "bad-name", "callback-type"],
)
def test_bad_arguments_name_the_argument(run, call, error):
    """Wrong types and values are rejected up front."""
    result = run(f"from lazyboot._onload import on_load\n{call}\n", check=False)
    assert error in result.stderr
