"""The ``lazyboot`` command: dispatch, each subcommand in-process and as a real process, bad input."""

import json
import subprocess
import sys

import pytest

from lazyboot import cli as cli_module

from ._helpers import lazyboot_cmd, needs_install, subprocess_env

PASS = ["--", "python", "-c", "pass"]


def one_line_error(rc, err):
    return rc == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_help_lists_every_subcommand(cli):
    """--help names bench, tree, check, report and stubgen."""
    rc, out, _ = cli("--help")
    assert rc == 0
    for name in ("bench", "tree", "check", "report", "stubgen"):
        assert f"  {name}" in out


def test_no_arguments_is_usage_and_exit_2(cli):
    """Bare 'lazyboot' prints usage on stderr."""
    rc, out, err = cli()
    assert rc == 2 and err.startswith("usage: lazyboot") and out == ""


def test_unknown_subcommand_suggests_the_close_one(cli):
    """A misspelt subcommand: one line, exit 2, a suggestion."""
    rc, _, err = cli("bnech")
    assert one_line_error(rc, err) and "Did you mean 'bench'?" in err
    rc, _, err = cli("frobnicate")
    assert one_line_error(rc, err) and "Choose from bench, tree, check, report, verify, stubgen" in err


def test_missing_subcommand_module_is_one_line(cli, monkeypatch):
    """A subcommand whose module is absent (stubgen before it lands) is exit 2, not a traceback."""
    monkeypatch.setitem(cli_module.COMMANDS, "stubgen", ("lazyboot._no_such_stubgen", "x"))
    rc, _, err = cli("stubgen", "pkg")
    assert one_line_error(rc, err) and "not available" in err


def test_import_errors_inside_a_subcommand_are_not_hidden(cli, monkeypatch, tmp_path):
    """An ImportError raised inside a subcommand module keeps its traceback (it is a bug)."""
    (tmp_path / "broken_sub.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli_module.COMMANDS, "stubgen", ("broken_sub", "x"))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        cli("stubgen")


def test_importing_lazyboot_or_the_dispatcher_loads_no_subcommand():
    """import lazyboot pulls in no toolkit module; lazyboot.cli pulls in no subcommand."""
    code = ("import sys; import lazyboot; a = sorted(m for m in sys.modules if m.startswith("
            "('lazyboot.cli', 'lazyboot.bench', 'lazyboot.pytest_plugin', 'lazyboot._activate', 'rich')));"
            "import lazyboot.cli; b = sorted(m for m in sys.modules if m.startswith("
            "('lazyboot.cli.', 'lazyboot.bench', 'lazyboot.stubgen', 'rich', 'argparse')));"
            "print(a, b)")
    out = subprocess.run([sys.executable, "-c", code], env=subprocess_env(), capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[] []"


# --- each subcommand in-process, for real -------------------------------------------------

def test_bench_in_process(cli, tmp_path):
    """bench runs a real command and writes hyperfine-style JSON."""
    out_json = tmp_path / "b.json"
    rc, out, err = cli("bench", "--runs", "2", "--export-json", str(out_json), *PASS)
    assert rc == 0, err
    assert "Benchmark 1: python -c pass" in out
    result = json.loads(out_json.read_text())["results"][0]
    assert len(result["times"]) == 2 and result["exit_codes"] == [0, 0] and result["memory_peak_bytes"] > 0


@needs_install
def test_tree_in_process(cli, tmp_path):
    """tree prints the import tree of a real run, heaviest first, with deferred modules."""
    rc, out, err = cli("tree", "--min-ms", "0", "--top", "50", "--",
                       "python", "-c", "import json; import decimal; json.dumps(1)")
    assert rc == 0, err
    assert "Import tree of: python -c 'import json; import decimal; json.dumps(1)'  (lazy;" in out
    assert "cumulative" in out and "encodings" in out
    # json ran outside any import statement: grafted in with its load time and first use.
    assert "  json  [materialised at <string>:1]" in out
    assert "Deferred by lazyboot and never loaded (1): decimal" in out
    lines = out.splitlines()
    child = lines[lines.index(next(l for l in lines if l.endswith("json  [materialised at <string>:1]"))) + 1]
    assert child.endswith("    json.decoder")


def test_graft_materialised_adopts_submodule_rows():
    """A materialised module without an importtime row becomes a node over its submodules."""
    from lazyboot.bench.importtime import Node
    from lazyboot.cli._lazyrun import annotate, graft_materialised

    roots = [Node("json.decoder", 100, 800, 0), Node("site", 50, 50, 0)]
    records = [{"module": "json", "kind": "module", "state": "loaded", "load_ms": 1.0,
                "first_used_at": "app.py:3"},
               {"module": "decimal", "kind": "module", "state": "pending", "load_ms": None}]
    grafted = graft_materialised(roots, records)
    json_node = next(r for r in grafted if r.name == "json")
    assert (json_node.cumulative_us, json_node.self_us) == (1000, 200)
    assert [c.name for c in json_node.children] == ["json.decoder"]
    assert [r.name for r in grafted] == ["site", "json"]
    assert annotate(records) == {"json": {"lazy": "materialised", "first_used_at": "app.py:3"},
                                 "decimal": {"lazy": "deferred", "first_used_at": None}}


def test_tree_eager_shows_the_real_imports(cli):
    """--eager: without lazyboot, json's subtree shows up."""
    rc, out, err = cli("tree", "--eager", "--min-ms", "0", "--top", "100", "--", "python", "-c", "import json")
    assert rc == 0, err
    assert "json.decoder" in out and "(eager;" in out


def test_check_in_process(cli):
    """check imports every module of a stdlib package; all succeed."""
    rc, out, err = cli("check", "json", "--jobs", "2")
    assert rc == 0, err
    import json as json_package
    import pkgutil

    expected = 1 + len(list(pkgutil.iter_modules(json_package.__path__)))
    assert out.splitlines()[-1] == f"json: {expected}/{expected} modules import (100.0%)"
    assert "json.decoder" in out


@needs_install
def test_report_in_process(capfd):
    """report shows deferred-and-unused and used imports with who used them first."""
    rc = cli_module.main(["report", "--", "python", "-c",
                          "import json\nimport decimal\nprint(json.dumps([7]))"])
    out, err = capfd.readouterr()
    assert rc == 0, err
    assert out.startswith("[7]\n")  # the program's own output comes first
    assert "Deferred and never used" in out and "decimal" in out
    assert "json  first used at <string>:3" in out


@needs_install
def test_report_json(capfd):
    """--json prints the records as report() returns them."""
    rc = cli_module.main(["report", "--json", "--", "python", "-c", "import decimal"])
    out, err = capfd.readouterr()
    records = json.loads(out)
    assert rc == 0 and [(r["module"], r["state"]) for r in records if r["kind"] == "module"] == [
        ("decimal", "pending")]


def test_bad_input_per_subcommand(cli):
    """Nothing after '--', a missing program, a missing package: one line, exit 2."""
    for argv in (["tree", "--"], ["report", "--"], ["tree", "--", "no-such-program-lazyboot"],
                 ["report", "--", "no-such-program-lazyboot"], ["check", "no_such_package_lazyboot"],
                 ["check", "not a name"], ["tree", "--top", "-1", *PASS], ["check", "json", "--jobs", "0"],
                 ["check", "json", "--timeout", "0"], ["tree", "--min-ms", "nan", *PASS]):
        rc, _, err = cli(*argv)
        assert one_line_error(rc, err), (argv, err)


def test_a_command_that_cannot_start_is_exit_2(cli, tmp_path):
    """A file that is not executable: one line naming it, exit 2."""
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\n")
    for sub in ("bench", "tree", "report"):
        rc, _, err = cli(sub, "--", str(script))
        assert one_line_error(rc, err) and "not-executable" in err, (sub, err)


def test_progress_is_silent_off_a_terminal_and_rich_on_one(monkeypatch):
    """Plain output when stderr is not a TTY; a rich bar when it is."""
    from lazyboot.cli import _progress

    with _progress.progress(3, "x") as bar:
        bar.advance()
    assert isinstance(bar, _progress._Silent)
    pytest.importorskip("rich")
    monkeypatch.setattr(_progress, "stderr_is_tty", lambda: True)
    with _progress.progress(3, "x") as bar:
        bar.advance("y")
    assert isinstance(bar, _progress._Rich)


def test_tree_of_a_non_python_command_is_exit_2(cli):
    """No importtime rows means it was not a Python program."""
    rc, _, err = cli("tree", "--", "true")
    assert one_line_error(rc, err) and "is it a Python program" in err


# --- one real process per subcommand ------------------------------------------------------

def run_cli(*argv, **kw):
    return subprocess.run([*lazyboot_cmd(), *argv], env=subprocess_env(), capture_output=True,
                          text=True, timeout=300, **kw)


def test_bench_subprocess(tmp_path):
    """The installed command benchmarks --compare end to end (JSON and HTML); the lazy
    side really ran lazily (``decimal`` is imported and never used)."""
    proc = run_cli("bench", "--runs", "2", "--compare", "--export-json", str(tmp_path / "b.json"),
                   "--export-html", str(tmp_path / "b.html"),
                   "--", "python", "-c", "import json, decimal; json.dumps(1)")
    assert proc.returncode == 0, proc.stderr
    assert "Summary" in proc.stdout and "per pair (eager/lazy)" in proc.stdout
    assert "lazyboot was not active" not in proc.stdout + proc.stderr
    results = json.loads((tmp_path / "b.json").read_text())["results"]
    # A third side, native 'all', where this interpreter has lazy imports of its own (test_native.py).
    assert [r["side"] for r in results][:2] == ["eager", "lazy"]
    eager, lazy = results[:2]
    assert lazy["modules"] < eager["modules"], (eager["modules"], lazy["modules"])
    assert (tmp_path / "b.html").read_text().startswith("<!DOCTYPE html>")


def test_tree_subprocess(tmp_path):
    """tree runs as a real process and writes its HTML."""
    proc = run_cli("tree", "--export-html", str(tmp_path / "t.html"), "--", "python", "-c", "import json")
    assert proc.returncode == 0, proc.stderr
    assert "Import tree of:" in proc.stdout and (tmp_path / "t.html").exists()
    assert "Deferred by lazyboot and never loaded (1): json" in proc.stdout


def test_check_subprocess():
    """check as a real process, with --json."""
    proc = run_cli("check", "json", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["success_rate"] == 100.0 and {m["module"] for m in data["modules"]} >= {"json", "json.decoder"}


def test_check_subprocess_reports_failures_with_exit_1(tmp_path):
    """A package with a broken module: exit 1, the exception named, the rate below 100%."""
    pkg = tmp_path / "halfbroken"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "good.py").write_text("X = 1\n")
    (pkg / "bad.py").write_text("raise RuntimeError('boom at import')\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "missing.py").write_text("import no_such_dependency_xyz\n")
    # The __main__ module users edit is checked too, with 'prog --help' as its
    # command line: exiting with a message is a failure.
    (pkg / "__main__.py").write_text("import sys\nif sys.argv[1:] != ['--help']:\n"
                                     "    raise SystemExit('not with --help')\n"
                                     "raise SystemExit(0)\n")
    proc = run_cli("check", "halfbroken", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "halfbroken.bad: RuntimeError: boom at import" in proc.stdout
    assert f"(at {pkg / 'bad.py'}:1)" in proc.stdout
    assert ("halfbroken.sub.missing: ModuleNotFoundError: No module named "
            "'no_such_dependency_xyz'") in proc.stdout
    assert "halfbroken: 4/6 modules import (66.7%)" in proc.stdout
    assert "ok" in next(line for line in proc.stdout.splitlines()
                        if line.endswith("halfbroken.__main__"))


@needs_install
def test_report_subprocess(tmp_path):
    """report as a real process: what was deferred, what was used and where."""
    script = tmp_path / "app.py"
    script.write_text("import json\nimport decimal\n\ndef main():\n    return json.dumps([1])\n\nmain()\n")
    proc = run_cli("report", "--", "python", str(script))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Deferred and never used" in out and "decimal" in out
    assert f"first used at {script}:5" in out


def test_python_m_lazyboot():
    """python -m lazyboot is the same command."""
    proc = subprocess.run([sys.executable, "-m", "lazyboot", "frobnicate"], env=subprocess_env(),
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


# --- tree and report against the fake runner (exact output) ------------------------------

def test_tree_prints_the_recorded_sample_heaviest_first(capsys):
    """A recorded importtime sample becomes the exact tree, with --top and --min-ms applied."""
    from lazyboot.cli import tree

    from ._helpers import DATA, FakeRunner

    runner = FakeRunner({"lazy": [0.1]}, stderr=(DATA / "importtime-py313.txt").read_text())
    assert tree.main(["--top", "1", "--min-ms", "5", "--", "python", "-c", "import json"], runner=runner) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:6] == [
        "     23.6 ms     0.5 ms  json",
        "     19.3 ms     3.2 ms    json.decoder",
        "     14.1 ms     0.7 ms      re",
        "      7.1 ms     0.8 ms        functools",
    ]
    assert any(line.startswith("  ... ") and "more top-level imports" in line for line in out)


def test_report_without_lazyboot_in_the_child_is_exit_2(capsys):
    """No records (lazyboot not installed where CMD runs): one line saying so."""
    from lazyboot.cli import report

    from ._helpers import FakeRunner

    with pytest.raises(report.NoReport, match="lazyboot was not active"):
        report.main(["--", "python", "-c", "pass"], runner=FakeRunner({"lazy": [0.1]}, installed=False))


@needs_install
def test_bench_gates_subprocess(tmp_path):
    """--forbid and --max-modules on a real run: exit 1, the chain printed; a saved baseline gates too."""
    script = tmp_path / "app.py"
    script.write_text("import helper\n")
    (tmp_path / "helper.py").write_text("import decimal\n")
    proc = run_cli("bench", "--runs", "1", "--forbid", "decimal", "--max-modules", "5",
                   "--export-json", str(tmp_path / "b.json"), "--", "python", str(script), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Modules: " in proc.stdout and "limit 5: TOO MANY" in proc.stdout
    assert "Forbidden module loaded: decimal\n    <- imported by helper at " in proc.stdout
    assert f"<- imported by __main__ at {script}:1" in proc.stdout
    proc = run_cli("bench", "--runs", "2", "--baseline", str(tmp_path / "b.json"), "--max-regress-ms", "100000",
                   "--", "python", str(script), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "(allowed 100000 ms)" in proc.stdout and "(allowed 10%)" in proc.stdout
