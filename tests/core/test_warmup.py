"""lazyboot.warmup: materialise pending lazy modules in a background thread."""

from __future__ import annotations

import json

import pytest

#: Each module counts its body runs in builtins (binding the result, so that
#: its body only binds names and may be deferred); ``bad`` fails until builtins.BAD_OK is set;
#: ``a`` lazily imports ``c`` (pending only once a has loaded).
FILES = {
    "a.py": '''
        import builtins
        RAN = builtins.__dict__.setdefault("RUNS", []).append("a")
        import c
        A = "a"
        def c_module():
            return c
    ''',
    "b.py": '''
        import builtins
        RAN = builtins.__dict__.setdefault("RUNS", []).append("b")
        B = "b"
    ''',
    "c.py": '''
        import builtins
        RAN = builtins.__dict__.setdefault("RUNS", []).append("c")
        C = "c"
    ''',
    "bad.py": '''
        import builtins
        RAN = builtins.__dict__.setdefault("RUNS", []).append("bad")
        if not getattr(builtins, "BAD_OK", False):
            raise RuntimeError("bad body")
        BAD = "bad"
    ''',
    "slow1.py": "import builtins, time\nRAN = builtins.__dict__.__setitem__('SLOW1_STARTED', True)\nSLEPT = time.sleep(0.4)\nVALUE = 1\n",
    "slow2.py": "import time\nSLEPT = time.sleep(0.4)\nVALUE = 2\n",
}

SETUP = '''
        import builtins, json, sys
        import lazyboot
        from lazyboot._warmup import warmup
        lazyboot.install(include=["a", "b", "c", "bad", "slow1", "slow2"])
        def lazy(*names):
            return {n: lazyboot.is_lazy(sys.modules[n]) for n in names if n in sys.modules}
'''


def test_all_pending_modules_end_up_loaded(run):
    """warmup() with no names materialises every pending module, including ones that become pending."""
    result = run(SETUP + """
        import a, b
        a, b  # read here: imported for use, not for an effect
        before = lazy("a", "b")
        handle = warmup()
        finished = handle.join(10)
        import c
        print(json.dumps({"before": before, "after": lazy("a", "b", "c"), "finished": finished,
                          "done": handle.done, "loaded": handle.loaded, "runs": sorted(builtins.RUNS),
                          "values": [a.A, b.B, c.C], "errors": list(handle.errors)}))
    """, FILES)
    assert result.json() == {
        "before": {"a": True, "b": True}, "after": {"a": False, "b": False, "c": False},
        "finished": True, "done": True, "loaded": ["a", "b", "c"], "runs": ["a", "b", "c"],
        "values": ["a", "b", "c"], "errors": [],
    }


def test_given_names_only(run):
    """warmup(["b"]) loads b and leaves a pending."""
    result = run(SETUP + """
        import a, b
        a, b  # read here: imported for use, not for an effect
        handle = warmup(["b"])
        handle.join(10)
        print(json.dumps([lazy("a", "b"), handle.loaded, getattr(builtins, "RUNS", [])]))
    """, FILES)
    assert result.json() == [{"a": True, "b": False}, ["b"], ["b"]]


def test_a_failing_module_does_not_stop_the_warmup_and_can_be_retried(run):
    """A body that raises is recorded; the other modules load; a later use retries and succeeds."""
    result = run(SETUP + """
        import bad, b
        bad, b  # read here: imported for use, not for an effect
        handle = warmup()
        handle.join(10)
        error = handle.errors.get("bad")
        try:
            bad.BAD
        except RuntimeError as exc:
            second = str(exc)
        builtins.BAD_OK = True
        third = bad.BAD
        print(json.dumps({"loaded": handle.loaded, "error": repr(error), "second": second,
                          "third": third, "runs": builtins.RUNS, "still_lazy_after_fix": lazy("bad")}))
    """, FILES)
    assert result.json() == {
        "loaded": ["b"], "error": "RuntimeError('bad body')", "second": "bad body", "third": "bad",
        "runs": ["bad", "b", "bad", "bad"], "still_lazy_after_fix": {"bad": False},
    }


def test_a_second_warmup_retries_a_failed_module_in_place(run):
    """After a failure, a later warm-up materialises the very object the importer holds."""
    result = run(SETUP + """
        import bad
        bad  # read here: imported for use, not for an effect
        first = warmup()
        first.join(10)
        builtins.BAD_OK = True
        second = warmup()
        second.join(10)
        print(json.dumps([list(first.errors), second.loaded, lazyboot.is_lazy(bad), bad.BAD,
                          sys.modules["bad"] is bad, builtins.RUNS]))
    """, FILES)
    assert result.json() == [["bad"], ["bad"], False, "bad", True, ["bad", "bad"]]


def test_delay_then_cancel_loads_nothing(run):
    """A warm-up cancelled during its delay stops without touching any module."""
    result = run(SETUP + """
        import a, b
        a, b  # read here: imported for use, not for an effect
        handle = warmup(delay=30)
        handle.cancel()
        finished = handle.join(10)
        print(json.dumps([finished, handle.loaded, lazy("a", "b"), repr(handle)]))
    """, FILES)
    assert result.json() == [True, [], {"a": True, "b": True}, "<lazyboot.WarmupHandle done loaded=0 errors=0>"]


def test_the_thread_is_a_named_daemon(run):
    """The warm-up never keeps the process alive on its own."""
    result = run(SETUP + """
        import threading
        handle = warmup(delay=30)
        thread = [t for t in threading.enumerate() if t.name == "lazyboot-warmup"]
        print(json.dumps([len(thread), thread[0].daemon, handle.done]))
        handle.cancel()
    """, FILES)
    assert result.json() == [1, True, False]


def test_main_thread_waits_only_for_the_module_it_needs(run):
    """Touching the module the warm-up is loading waits for that module, not for the rest of the warm-up."""
    result = run(SETUP + """
        import threading, time
        import slow1, slow2
        slow1, slow2  # read here: imported for use, not for an effect
        handle = warmup(["slow1", "slow2"])
        while not getattr(builtins, "SLOW1_STARTED", False):
            time.sleep(0.005)     # until the warm-up thread is inside slow1's body
        value = slow1.VALUE       # blocks on slow1's import lock only
        slow2_pending = lazy("slow2")["slow2"]
        handle.join(10)
        print(json.dumps([value, slow2_pending, handle.loaded]))
    """, FILES)
    assert result.json() == [1, True, ["slow1", "slow2"]]


def test_interpreter_exit_stops_the_warmup_before_its_next_body(run):
    """Exit while the warm-up is inside one body: that body may finish, no other body starts.

    Counted, not timed: every body records its start in ``wlog.started``.  The
    first body to start blocks until the interpreter has begun to exit (an
    ``atexit`` function registered before ``warmup()``, so it runs after any
    exit hook the warm-up registers), then finishes; that function then waits
    for the warm-up thread and prints which bodies started.  Exactly one may
    have: eight pending modules, one body run.
    """
    files = {f"slow{i}.py": "import wlog\nSTARTED = wlog.body(__name__)\nVALUE = 1\n" for i in range(8)}
    files["wlog.py"] = """
        import threading
        started = []
        first_started = threading.Event()
        exiting = threading.Event()

        def body(name):
            started.append(name)
            if len(started) == 1:
                first_started.set()
                exiting.wait(30)      # until the interpreter is exiting
    """
    result = run("""
        import atexit, json
        import lazyboot, wlog
        from lazyboot._warmup import warmup
        lazyboot.install(include=[f"slow{i}" for i in range(8)])
        import slow0, slow1, slow2, slow3, slow4, slow5, slow6, slow7
        handle = None

        def at_exit():
            wlog.exiting.set()
            finished = handle.join(30)
            print(json.dumps({"started": len(wlog.started), "finished": finished,
                              "loaded": len(handle.loaded)}), flush=True)

        atexit.register(at_exit)
        pending = sum(lazyboot.is_lazy(m) for m in (slow0, slow1, slow2, slow3,
                                                   slow4, slow5, slow6, slow7))
        handle = warmup()
        assert wlog.first_started.wait(30), "the warm-up never started a body"
        print(json.dumps({"pending": pending, "started": len(wlog.started)}), flush=True)
    """, files, timeout=90)
    assert result.stderr == "", result
    before, after = (json.loads(line) for line in result.lines)
    assert before == {"pending": 8, "started": 1}
    # The body in progress finished; the warm-up thread then stopped without
    # starting any of the seven others.
    assert after == {"started": 1, "finished": True, "loaded": 1}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("warmup('json')", "TypeError: warmup() argument 'names' must be an iterable of module names, not str (did you mean ['json']?)"),
        ("warmup(3)", "TypeError: warmup() argument 'names' must be an iterable of module names, not int"),
        ("warmup([3])", "TypeError: each name in warmup() argument 'names' must be a module name (str), not int"),
        ("warmup(['a b'])", "ValueError: each name in warmup() argument 'names' must be a dotted module name such as 'pkg.sub', not 'a b'"),
        ("warmup(delay='1')", "TypeError: delay must be a number of seconds, not str"),
        ("warmup(delay=True)", "TypeError: delay must be a number of seconds, not bool"),
        ("warmup(delay=-1)", "ValueError: delay must be a finite number of seconds >= 0, not -1"),
        ("warmup(delay=float('nan'))", "ValueError: delay must be a finite number of seconds >= 0, not nan"),
        ("warmup(delay=float('inf'))", "ValueError: delay must be a finite number of seconds >= 0, not inf"),
        ("warmup().join(-1)", "ValueError: timeout must be None or a non-negative number, not -1"),
    ],
    ids=["str-names", "int-names", "int-name", "bad-name", "str-delay", "bool-delay",
         "negative-delay", "nan-delay", "inf-delay", "negative-timeout"],
)
def test_bad_arguments_name_the_argument(run, call, error):
    """Wrong types and values are rejected before any thread starts."""
    result = run(f"from lazyboot._warmup import warmup\n{call}\n", check=False)
    assert error in result.stderr


def test_without_lazy_modules_the_warmup_finishes_at_once(run):
    """Nothing pending: the handle is done with nothing loaded."""
    result = run("""
        import json
        from lazyboot._warmup import warmup
        handle = warmup()
        print(json.dumps([handle.join(10), handle.loaded, handle.errors]))
    """)
    assert result.json() == [True, [], {}]
