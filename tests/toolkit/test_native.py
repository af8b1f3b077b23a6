"""The interpreter's own lazy imports (PEP 810, 3.15+) in the toolkit.

``lazyboot bench --compare`` runs a third side, native 'all'
(``PYTHON_LAZY_IMPORTS=all``), when CMD's interpreter has lazy imports of its
own; the fake runner scripts that answer, so these tests run everywhere.  The
tests marked ``native_lazy`` run the real commands on 3.15 against fresh
interpreters, with the native engine and with ``LAZYBOOT_ENGINE=hook``.
"""

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from lazyboot.bench import native
from lazyboot.bench.probe import side_env
from lazyboot.cli import bench

from ._helpers import FakeRunner, lazyboot_cmd, subprocess_env

CMD = ["--", "python", "-c", "pass"]
NATIVE_LAZY = hasattr(sys, "set_lazy_imports_filter")


def run_bench(capsys, argv, runner):
    rc = bench.main(argv, runner=runner)
    out, err = capsys.readouterr()
    return rc, out, err


def timed(runner):
    return [c for c in runner.calls if "LAZYBOOT_PROBE" not in c[2]]


# --- bench --compare with a native side (fake runner) -------------------------------------


def test_native_side_alternates_and_has_its_own_environment(capsys, monkeypatch):
    """Three sides per round, the order reversed every other round; native runs with
    PYTHON_LAZY_IMPORTS=all and no LAZYBOOT_* variable; eager and lazy never inherit
    the interpreter's "all" mode."""
    monkeypatch.setenv("PYTHON_LAZY_IMPORTS", "all")
    monkeypatch.setenv("LAZYBOOT_ENGINE", "hook")
    runner = FakeRunner({"eager": [0.4], "lazy": [0.2], "native": [0.1]}, native=True)
    rc, out, err = run_bench(capsys, ["--runs", "3", "--compare", *CMD], runner)
    assert rc == 0, err
    assert [c[0] for c in timed(runner)] == ["eager", "lazy", "native", "native", "lazy", "eager",
                                             "eager", "lazy", "native"]
    envs = {side: env for side, _, env in timed(runner)}
    assert envs["native"]["PYTHON_LAZY_IMPORTS"] == "all"
    assert not [k for k in envs["native"] if k.startswith("LAZYBOOT_")]
    for side in ("eager", "lazy"):
        assert "PYTHON_LAZY_IMPORTS" not in envs[side]
    assert envs["lazy"]["LAZYBOOT_ENGINE"] == "hook"  # the lazy side keeps the chosen engine
    assert "Benchmark 3: python -c pass [native 'all']" in out


def test_native_side_that_matches_eager_gets_its_ratios(capsys, tmp_path):
    """Same exit status and output as eager: eager/native and native/lazy per round, in
    the summary and in the JSON."""
    runner = FakeRunner({"eager": [0.8, 0.8], "lazy": [0.2, 0.4], "native": [0.4, 0.2]}, native=True,
                        modules={"eager": [f"m{i}" for i in range(50)], "lazy": ["a"], "native": ["a", "b"]})
    export = tmp_path / "b.json"
    rc, out, err = run_bench(capsys, ["--runs", "2", "--compare", "--export-json", str(export), *CMD], runner)
    assert rc == 0, err
    assert "native 'all' (PYTHON_LAZY_IMPORTS=all): exit 0; same output as eager" in out
    assert "native 'all' ran 3.00 ± 1.41 times faster than eager" in out
    assert "per round (eager/native): 2.00 4.00" in out
    assert "per round (native/lazy): 2.00 0.50" in out
    assert "modules loaded: native 'all' 2;" in out
    data = json.loads(export.read_text())
    assert [r["side"] for r in data["results"]] == ["eager", "lazy", "native"]
    assert data["results"][2]["times"] == [0.4, 0.2] and data["results"][2]["modules"] == 2
    part = data["comparison"]["native"]
    assert part["ratios"] == pytest.approx([2.0, 4.0]) and part["lazy_ratios"] == pytest.approx([2.0, 0.5])
    assert (part["exit_codes"], part["same_exit_status"], part["same_output"]) == ([0], True, True)
    assert data["comparison"]["ratios"] == pytest.approx([4.0, 2.0])  # eager/lazy, as before


def test_a_failing_native_side_never_makes_bench_exit_non_zero(capsys):
    """native 'all' exits 1 on every run: reported with its last stderr line, no ratio,
    and bench still exits 0 (without --ignore-failure too): it is information about
    the interpreter's mode, not about lazyboot."""
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True,
                        exit_codes={"native": 1}, stdout={"native": ""},
                        stderr={"native": "Traceback (most recent call last):\nKeyError: 'csv-export'\n"})
    rc, out, err = run_bench(capsys, ["--runs", "3", "--compare", "--max-modules", "5", *CMD], runner)
    assert rc == 0, out + err
    assert "native 'all' failed: exit 1 on every run; different output from eager" in out
    assert "last line on stderr: KeyError: 'csv-export'" in out
    assert "no ratio for native 'all'" in out
    assert "native 'all' ran" not in out and "than native 'all'" not in out
    assert "lazy ran 2.50 ± 0.00 times faster than eager" in out  # eager vs lazy is unaffected
    assert "Modules: 2 loaded, limit 5: ok" in out


def test_a_failing_native_side_through_the_command(cli, monkeypatch):
    """The same through ``lazyboot bench``: exit 0, not the exit 2 of a failing command."""
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True,
                        exit_codes={"native": 3})
    monkeypatch.setattr(bench, "ProcessRunner", lambda: runner)
    rc, out, err = cli("bench", "--runs", "2", "--compare", *CMD)
    assert rc == 0 and err == "" and "native 'all' failed: exit 3 on every run" in out


def test_a_native_side_with_different_output_gets_no_ratio(capsys, tmp_path):
    """Exit 0 but other output: no ratio for native 'all', with or without
    --allow-differences, and none in the JSON either."""
    for extra in ([], ["--allow-differences"]):
        runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True,
                            stdout={"eager": "plugins: ['csv']\n", "lazy": "plugins: ['csv']\n",
                                    "native": "plugins: []\n"})
        export = tmp_path / "b.json"
        rc, out, err = run_bench(capsys, ["--runs", "3", "--compare", "--export-json", str(export),
                                          *extra, *CMD], runner)
        assert rc == 0, err
        assert "native 'all' (PYTHON_LAZY_IMPORTS=all): exit 0; different output from eager" in out
        assert "no ratio for native 'all'" in out
        assert "native 'all' ran" not in out and "per round" not in out and "than native 'all'" not in out
        part = json.loads(export.read_text())["comparison"]["native"]
        assert part["same_output"] is False and part["ratios"] is None and part["lazy_ratios"] is None


def test_a_native_side_that_fails_on_some_runs_gets_no_ratio(capsys):
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True)
    codes = iter([0, 1, 0, 1])
    real_run = runner.run

    def flaky(argv, env=None, **kw):
        sample = real_run(argv, env, **kw)
        if runner.calls[-1][0] == "native" and "LAZYBOOT_PROBE" not in (env or {}):
            from dataclasses import replace
            return replace(sample, exit_code=next(codes))
        return sample

    runner.run = flaky
    rc, out, _ = run_bench(capsys, ["--runs", "4", "--compare", *CMD], runner)
    assert rc == 0
    assert "native 'all' failed on some runs: exited 0 and 1, eager exited 0" in out
    assert "native 'all' ran" not in out


def test_a_native_side_that_fails_as_eager_does_gets_no_ratio(capsys):
    """With --ignore-failure every side may exit 1 alike: eager and lazy still get
    their ratio, native 'all' none (it needs runs that succeed)."""
    runner = FakeRunner({"eager": [0.5], "lazy": [0.25], "native": [0.1]}, native=True, exit_code=1)
    rc, out, _ = run_bench(capsys, ["--runs", "2", "--compare", "-i", *CMD], runner)
    assert rc == 0
    assert "lazy ran 2.00 ± 0.00 times faster than eager" in out
    assert "native 'all' (PYTHON_LAZY_IMPORTS=all): exit 1; same output as eager" in out
    assert "no ratio for native 'all': its runs did not succeed" in out
    assert "native 'all' ran" not in out


def test_eager_lazy_differences_still_exit_1_and_native_is_still_shown(capsys):
    """The eager-vs-lazy rule is unchanged; the native lines follow, with no lazy-vs-native ratio."""
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True,
                        stdout={"eager": "a\n", "lazy": "b\n", "native": "a\n"})
    rc, out, _ = run_bench(capsys, ["--runs", "2", "--compare", *CMD], runner)
    assert rc == 1
    assert "the sides printed different output" in out and "lazy ran" not in out
    assert "native 'all' ran 5.00 ± 0.00 times faster than eager" in out
    assert "than native 'all'" not in out


def test_no_native_side_when_turned_off_unavailable_or_unknown(capsys):
    """--no-native, an interpreter without lazy imports of its own, or one bench cannot
    identify: two sides; only the last is mentioned, as not measured."""
    for flag, answer in ((["--no-native"], True), ([], False), ([], None)):
        runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=answer)
        rc, out, _ = run_bench(capsys, ["--runs", "2", "--compare", *flag, *CMD], runner)
        assert rc == 0
        assert {c[0] for c in runner.calls} == {"eager", "lazy"}
        assert "[native" not in out
        said = "native 'all' not measured: cannot tell which Python runs CMD" in out
        assert said is (answer is None)


def test_gates_apply_to_the_lazy_side_only(capsys, tmp_path):
    """A native side that loads a forbidden module, too many modules, or is slower than
    the baseline's lazy side fails no gate."""
    baseline = tmp_path / "base.json"
    baseline.write_text(json.dumps({"results": [{"side": "lazy", "median": 0.2}]}))
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.9]}, native=True,
                        modules={"eager": ["a", "b", "torch"], "lazy": ["a"], "native": ["a", "b", "torch"]})
    rc, out, _ = run_bench(capsys, ["--runs", "2", "--compare", "--max-modules", "1", "--forbid", "torch",
                                    "--baseline", str(baseline), *CMD], runner)
    assert rc == 0, out
    assert "Modules: 1 loaded, limit 1: ok" in out and "none of torch loaded: ok" in out
    assert "Baseline" in out and "ok: median 200.0 ms" in out


def test_a_program_that_installs_lazyboot_itself_is_said_so(capsys):
    """On the native side lazyboot.install() (called by CMD) takes over from 'all'."""
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.2]}, native=True,
                        installed_sides=("native",))
    _, out, _ = run_bench(capsys, ["--runs", "2", "--compare", *CMD], runner)
    assert "CMD calls lazyboot.install() itself" in out


def test_html_export_holds_the_native_side(capsys, tmp_path):
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2], "native": [0.1]}, native=True)
    page = tmp_path / "b.html"
    rc, _, err = run_bench(capsys, ["--runs", "2", "--compare", "--export-html", str(page), *CMD], runner)
    assert rc == 0, err
    text = page.read_text()
    data = json.loads(text.split('type="application/json">')[1].split("</script>")[0])
    assert [r["side"] for r in data["results"]] == ["eager", "lazy", "native"]
    assert [t["label"] for t in data["trees"]] == ["eager", "lazy", "native 'all'"]
    assert data["comparison"]["native"]["ratio_median"] == pytest.approx(5.0)


# --- finding CMD's interpreter ------------------------------------------------------------


def executable(path, text):
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_interpreter_of_reads_names_and_shebang_lines(tmp_path):
    """Interpreters by name, scripts by their #! line (direct, env, pip's trampoline);
    anything else is unknown."""
    assert native.interpreter_of(["/opt/py/bin/python3.15", "app.py"]) == "/opt/py/bin/python3.15"
    assert native.interpreter_of(["/usr/bin/python3.15t"]) == "/usr/bin/python3.15t"
    script = executable(tmp_path / "trader", "#!/venv/bin/python3.15\nimport sys\n")
    assert native.interpreter_of([script, "--help"]) == "/venv/bin/python3.15"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python3")
    script = executable(tmp_path / "tool", "#!/usr/bin/env -S python3 -X dev\n")
    assert native.interpreter_of([script], {"PATH": str(bindir)}) == str(bindir / "python3")
    long_path = "/a/very long/venv/bin/python"
    script = executable(tmp_path / "long", f"#!/bin/sh\n'''exec' \"{long_path}\" \"$0\" \"$@\"\n' '''\n")
    assert native.interpreter_of([script]) == long_path
    script = executable(tmp_path / "wrap.sh", "#!/bin/sh\nexec python \"$@\"\n")
    assert native.interpreter_of([script]) is None
    assert native.interpreter_of([str(tmp_path / "missing")]) is None
    assert native.interpreter_of(["/bin/true"]) is None


def test_detect_asks_the_interpreter_itself(monkeypatch):
    """A fresh interpreter answers; a program that cannot run is 'unknown', not 'no'."""
    python = sys.executable
    monkeypatch.setattr(native, "_answers", {})
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")  # no in-process shortcut
    assert native.has_native_lazy_imports(python) is NATIVE_LAZY
    support = native.detect(["/nonexistent/bin/python3"])
    assert support.available is None and "could not ask" in support.reason


def test_sides_set_the_interpreter_mode_themselves():
    base = {"PYTHON_LAZY_IMPORTS": "all", "LAZYBOOT_ENGINE": "hook", "LAZYBOOT_INSTALL": "bot", "PATH": "/bin"}
    assert "PYTHON_LAZY_IMPORTS" not in side_env("eager", base)
    assert "PYTHON_LAZY_IMPORTS" not in side_env("lazy", base)
    assert side_env("lazy", base)["LAZYBOOT_INSTALL"] == "bot"
    assert side_env("native", base) == {"PYTHON_LAZY_IMPORTS": "all", "PATH": "/bin"}
    assert side_env(None, base) == base
    with pytest.raises(ValueError):
        side_env("sideways", base)


# --- verify: "install() as written" ------------------------------------------------------


def test_verify_as_written_keeps_the_users_configuration(capsys, monkeypatch):
    """The "as written" run keeps LAZYBOOT_ENGINE/LAZYBOOT_EXCLUDE, asks for LAZYBOOT_REPORT,
    and never inherits PYTHON_LAZY_IMPORTS."""
    from lazyboot.cli import verify

    monkeypatch.setenv("LAZYBOOT_ENGINE", "hook")
    monkeypatch.setenv("LAZYBOOT_EXCLUDE", "pandas")
    monkeypatch.setenv("PYTHON_LAZY_IMPORTS", "all")
    runner = FakeRunner({"eager": [0.1], "lazy": [0.1], "plain": [0.1]})
    verify.main(CMD, runner=runner)
    (env,) = [env for side, _, env in runner.calls if side == "plain"]
    assert env["LAZYBOOT_ENGINE"] == "hook" and env["LAZYBOOT_EXCLUDE"] == "pandas"
    assert env["LAZYBOOT_REPORT"] and "PYTHON_LAZY_IMPORTS" not in env and "LAZYBOOT_INSTALL" not in env


# --- the real commands, fresh interpreters ------------------------------------------------


def run_cli(*argv, cwd, engine=None, **env):
    extra = {"LAZYBOOT_ENGINE": engine} if engine else {}
    return subprocess.run([*lazyboot_cmd(), *argv], env=subprocess_env(**extra, **env), cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


APP = {
    "app.py": """\
        import json
        import decimal
        from json import loads

        print(json.dumps([1]))
        """,
}

#: Eagerly, importing ``plugin`` registers it; under "all" the import is lazy
#: and never used, so nothing registers and the program exits 1.
PLUGINS = {
    "registry.py": "PLUGINS = []\n",
    "plugin.py": "import registry\nregistry.PLUGINS.append('csv-export')\n",
    "app.py": """\
        import sys
        import registry
        import plugin

        print("plugins:", registry.PLUGINS)
        sys.exit(0 if registry.PLUGINS else 1)
        """,
}

#: A module that cannot compile, imported by another that uses it later.
SHOP = {
    "shop/__init__.py": "",
    "shop/feature.py": "VALUE = (1\n",
    "shop/orders.py": "import shop.feature as feature\n\ndef total():\n    return feature.VALUE\n",
}


def test_verify_as_written_reports_its_lazy_imports(tmp_path):
    """A program that calls lazyboot.install() itself: its records are counted (they
    were 0 when only LAZYBOOT_INSTALL activated the report)."""
    write(tmp_path, {"app.py": """\
        import lazyboot
        lazyboot.install()
        import decimal
        print("ok")
        """})
    proc = run_cli("verify", "--", "python", "app.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(text for text in proc.stdout.splitlines() if "install() as written" in text)
    assert "same (1 lazy imports, 1 never used)" in line, proc.stdout


@pytest.mark.parametrize("engine", ["native", "hook"])
def test_verify_ignores_an_inherited_all_mode(tmp_path, engine):
    """PYTHON_LAZY_IMPORTS=all in the user's environment does not make the eager side
    differ (on 3.15 it used to print a line on the eager side's stderr)."""
    write(tmp_path, APP)
    proc = run_cli("verify", "--", "python", "app.py", cwd=tmp_path, engine=engine,
                   PYTHON_LAZY_IMPORTS="all")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "DIFFERS" not in proc.stdout and "LAZYBOOT_INSTALL=1           same" in proc.stdout


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("engine", ["native", "hook"])
def test_check_points_at_the_users_code_not_its_own(tmp_path, engine, lazy):
    """A syntax error is reported at its file and line, eagerly and when --lazy uses a
    lazily imported module (on 3.15 the interpreter resolves it inside the import
    system, so no frame of the user's code is left); never at a line of check's own
    child script."""
    write(tmp_path, SHOP)
    proc = run_cli("check", *(["--lazy"] if lazy else []), "shop", "-j", "1", cwd=tmp_path, engine=engine)
    assert proc.returncode == 1, proc.stderr
    feature = tmp_path / "shop" / "feature.py"
    for name in ("shop.feature", "shop.orders"):
        line = next(text for text in proc.stdout.splitlines() if text.startswith(f"  {name}: "))
        assert line.startswith(f"  {name}: SyntaxError: ") and line.endswith(f"(at {feature}:1)"), line
    assert "(at <string>" not in proc.stdout
    if lazy:
        assert "lazyboot check: raised when shop.orders.feature was used" in proc.stdout


@pytest.mark.parametrize("engine", ["native", "hook"])
def test_import_probe_pending_lists_deferred_modules(engine):
    """import_probe's pending: a lazy import never used, with either engine."""
    from lazyboot.bench.importprobe import run_probe

    env = subprocess_env(**({"LAZYBOOT_ENGINE": engine} if engine == "hook" else {}))
    result = run_probe(code="import decimal", lazy=True, env=env)
    assert "decimal" in result.pending and not result.loaded("decimal")


def test_bench_subprocess_sides_follow_the_interpreter(tmp_path):
    """A real --compare: the native side is there exactly when this interpreter has
    lazy imports of its own."""
    write(tmp_path, APP)
    proc = run_cli("bench", "--runs", "1", "--compare", "--export-json", "b.json", "--",
                   "python", "app.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sides = [r["side"] for r in json.loads((tmp_path / "b.json").read_text())["results"]]
    assert sides == ["eager", "lazy", "native"] if NATIVE_LAZY else sides == ["eager", "lazy"]


@pytest.mark.native_lazy
def test_bench_native_side_for_real(tmp_path):
    """3.15: the native side defers decimal as 'all' does, prints what eager prints,
    and gets both ratios; --no-native drops it."""
    write(tmp_path, APP)
    proc = run_cli("bench", "--runs", "2", "--compare", "--export-json", "b.json", "--export-html",
                   "b.html", "--", "python", "app.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((tmp_path / "b.json").read_text())
    eager, lazy, native_side = data["results"]
    assert native_side["side"] == "native" and native_side["exit_codes"] == [0, 0]
    assert native_side["modules"] < eager["modules"], (native_side["modules"], eager["modules"])
    part = data["comparison"]["native"]
    assert part["same_exit_status"] and part["same_output"] and not part["lazyboot_installed"]
    assert len(part["ratios"]) == 2 and len(part["lazy_ratios"]) == 2
    assert "native 'all' (PYTHON_LAZY_IMPORTS=all): exit 0; same output as eager" in proc.stdout
    assert "native-summary" in (tmp_path / "b.html").read_text()
    proc = run_cli("bench", "--runs", "1", "--compare", "--no-native", "--", "python", "app.py", cwd=tmp_path)
    assert proc.returncode == 0 and "native" not in proc.stdout


@pytest.mark.native_lazy
def test_bench_native_side_that_breaks_the_program_for_real(tmp_path):
    """3.15: 'all' defers an import kept for its effect and the program exits 1;
    lazyboot keeps that import eager.  Reported, no native ratio, exit status 0."""
    write(tmp_path, PLUGINS)
    proc = run_cli("bench", "--runs", "2", "--compare", "--", "python", "app.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "native 'all' failed: exit 1 on every run; different output from eager" in proc.stdout
    assert "no ratio for native 'all'" in proc.stdout
    assert "lazy ran " in proc.stdout and "native 'all' ran" not in proc.stdout


@pytest.mark.native_lazy
@pytest.mark.parametrize("engine", ["native", "hook"])
def test_tree_and_report_on_315(tmp_path, engine):
    """3.15, both engines: tree and report show decimal deferred and json used first at
    line 5; a from-imported name is never claimed as used without a recorded use."""
    write(tmp_path, APP)
    script = tmp_path / "app.py"
    proc = run_cli("tree", "--min-ms", "0", "--top", "100", "--", "python", "app.py", cwd=tmp_path,
                   engine=engine)
    assert proc.returncode == 0, proc.stderr
    assert "Deferred by lazyboot and never loaded (1): decimal" in proc.stdout
    assert f"  json  [materialised at {script}:5]" in proc.stdout
    proc = run_cli("report", "--", "python", "app.py", cwd=tmp_path, engine=engine)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"decimal  imported at {script}:2" in out
    assert f"json  first used at {script}:5" in out
    used = out.split("Used (")[1].split("\n\n")[0]
    assert "json:loads" not in used
    if engine == "native":
        # The interpreter resolves a from-imported name without telling anyone.
        unseen = out.split("Loaded, first use not recorded (")[1]
        assert f"json:loads  imported at {script}:3" in unseen


@pytest.mark.native_lazy
def test_import_probe_pending_includes_the_interpreters_own(tmp_path):
    """3.15: a lazy import made by PYTHON_LAZY_IMPORTS=all alone (no lazyboot) is pending."""
    from lazyboot.bench.importprobe import run_probe

    result = run_probe(code="import decimal", lazy=None, env=subprocess_env(PYTHON_LAZY_IMPORTS="all"))
    assert "decimal" in result.pending and not result.loaded("decimal")
