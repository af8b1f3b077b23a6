"""``lazyboot bench`` against a deterministic fake runner: statistics, alternation, exports, gates."""

import json

import pytest

from lazyboot.cli import bench

from ._helpers import FakeRunner

CMD = ["--", "python", "-c", "pass"]


def run_bench(capsys, argv, runner):
    rc = bench.main(argv, runner=runner)
    out, err = capsys.readouterr()
    return rc, out, err


def test_plain_run_reports_median_range_and_rss(capsys):
    """Five scripted runs give their exact median, min and max."""
    runner = FakeRunner({"plain": [0.30, 0.10, 0.20, 0.50, 0.40]},
                        modules={"plain": ["a", "b", "c"]}, rss={"plain": 20 * 1024 * 1024})
    rc, out, err = run_bench(capsys, ["--runs", "5", *CMD], runner)
    assert rc == 0
    assert "Time (median ± σ):  300.0 ms ± 158.1 ms" in out
    assert "Range (min … max):  100.0 ms … 500.0 ms    5 runs" in out
    assert "Peak RSS (median):  20.0 MiB    Modules loaded: 3" in out
    timed = [c for c in runner.calls if "LAZYBOOT_PROBE" not in c[2]]
    assert len(timed) == 5


def test_warmup_runs_are_not_counted(capsys):
    """--warmup runs first and never enters the statistics."""
    runner = FakeRunner({"plain": [9.0, 9.0, 0.1, 0.1, 0.1]})
    rc, out, _ = run_bench(capsys, ["--runs", "3", "--warmup", "2", *CMD], runner)
    assert rc == 0 and "Range (min … max):  100.0 ms … 100.0 ms    3 runs" in out


def test_slow_first_run_warns_with_the_fix(capsys):
    """hyperfine's slow-first-run warning names --warmup."""
    runner = FakeRunner({"plain": [0.9, 0.1, 0.1, 0.1, 0.1, 0.1]})
    rc, _, err = run_bench(capsys, ["--runs", "6", *CMD], runner)
    assert rc == 0 and "first run was significantly slower" in err and "--warmup" in err


def test_compare_alternates_sides_and_reports_pair_ratios(capsys, tmp_path):
    """Pairs run eager/lazy, then lazy/eager; ratios are eager/lazy per pair."""
    runner = FakeRunner({"eager": [0.40, 0.60, 0.50, 0.45], "lazy": [0.10, 0.20, 0.25, 0.15]},
                        modules={"eager": ["m%d" % i for i in range(900)], "lazy": ["m1", "m2"]},
                        rss={"eager": 200 * 1024 * 1024, "lazy": 30 * 1024 * 1024})
    export = tmp_path / "out.json"
    rc, out, err = run_bench(capsys, ["--runs", "4", "--compare", "--export-json", str(export), *CMD], runner)
    assert rc == 0, err
    order = [c[0] for c in runner.calls if "LAZYBOOT_PROBE" not in c[2]]
    assert order == ["eager", "lazy", "lazy", "eager", "eager", "lazy", "lazy", "eager"]
    assert "per pair (eager/lazy): 4.00 3.00 2.00 3.00" in out
    assert "lazy ran 3.00 ± 0.82 times faster than eager" in out
    assert "modules loaded: eager 900 → lazy 2" in out
    assert "peak RSS: eager 200.0 MiB → lazy 30.0 MiB" in out
    data = json.loads(export.read_text())
    eager, lazy = data["results"]
    assert (eager["side"], lazy["side"]) == ("eager", "lazy")
    for key in ("command", "mean", "stddev", "median", "min", "max", "times", "exit_codes",
                "user", "system", "memory_peak_bytes", "modules"):
        assert key in lazy
    assert lazy["times"] == [0.10, 0.20, 0.25, 0.15]
    assert lazy["median"] == pytest.approx(0.175) and eager["modules"] == 900
    assert lazy["memory_peak_bytes"] == 30 * 1024 * 1024
    assert data["comparison"]["ratios"] == pytest.approx([4.0, 3.0, 2.0, 3.0])
    assert eager["command"] == "python -c pass"


def test_compare_environments(capsys):
    """Eager runs get LAZYBOOT_EAGER=1, lazy runs LAZYBOOT_INSTALL=1 (or --include)."""
    runner = FakeRunner({"eager": [0.2], "lazy": [0.1]})
    run_bench(capsys, ["--runs", "2", "--compare", "--include", "bot,sklearn", *CMD], runner)
    envs = {c[0]: c[2] for c in runner.calls}
    assert envs["eager"]["LAZYBOOT_EAGER"] == "1" and "LAZYBOOT_INSTALL" not in envs["eager"]
    assert envs["lazy"]["LAZYBOOT_INSTALL"] == "bot,sklearn" and "LAZYBOOT_EAGER" not in envs["lazy"]


def test_python_resolves_to_this_interpreter(capsys):
    """'python' in CMD runs sys.executable, never a shim."""
    import sys

    runner = FakeRunner({"plain": [0.1]})
    run_bench(capsys, ["--runs", "1", *CMD], runner)
    assert runner.calls[0][1] == [sys.executable, "-c", "pass"]


def test_inactive_lazyboot_in_the_child_is_reported(capsys):
    """When the lazy side never activated lazyboot, bench says how to fix it."""
    runner = FakeRunner({"eager": [0.2], "lazy": [0.2]}, installed=False)
    rc, _, err = run_bench(capsys, ["--runs", "2", "--compare", *CMD], runner)
    assert rc == 0 and "lazyboot was not active" in err and "install lazyboot" in err


def write_baseline(path, median, side=None):
    path.write_text(json.dumps({"results": [{"command": "x", "side": side, "median": median}]}))
    return str(path)


@pytest.mark.parametrize(
    ("walls", "rc"),
    [([0.120], 1),   # +20 ms, +20 %: both allowances exceeded
     ([0.105], 0),   # +5 ms: within 10 ms
     ([0.100], 0)],
    ids=["regressed", "within-ms", "same"])
def test_baseline_gate(capsys, tmp_path, walls, rc):
    """Exit 1 only when the median exceeds both allowances; both numbers are printed."""
    baseline = write_baseline(tmp_path / "base.json", 0.100)
    runner = FakeRunner({"plain": walls})
    code, out, _ = run_bench(capsys, ["--runs", "3", "--baseline", baseline, "--max-regress-ms", "10",
                                      "--max-regress-pct", "10", *CMD], runner)
    assert code == rc
    line = next(l for l in out.splitlines() if l.startswith("Baseline"))
    assert "ms (allowed 10 ms)" in line and "% (allowed 10%)" in line
    assert ("REGRESSION" in line) is (rc == 1)


def test_baseline_gate_uses_the_lazy_side_with_compare(capsys, tmp_path):
    """With --compare the baseline's lazy result is compared with the lazy median."""
    path = tmp_path / "base.json"
    path.write_text(json.dumps({"results": [{"side": "eager", "median": 0.5},
                                            {"side": "lazy", "median": 0.1}]}))
    runner = FakeRunner({"eager": [0.5], "lazy": [0.2]})
    rc, out, _ = run_bench(capsys, ["--runs", "2", "--compare", "--baseline", str(path), *CMD], runner)
    assert rc == 1 and "baseline 100.0 ms" in out


def test_max_modules_and_forbid_gates(capsys):
    """Deterministic gates: module count and forbidden modules with their import chain."""
    runner = FakeRunner({"plain": [0.1]}, modules={"plain": ["os", "sklearn", "sklearn.base"]})
    rc, out, _ = run_bench(capsys, ["--runs", "1", "--max-modules", "3", "--forbid", "torch", *CMD], runner)
    assert rc == 0 and "Modules: 3 loaded, limit 3: ok" in out
    rc, out, _ = run_bench(capsys, ["--runs", "1", "--max-modules", "2", *CMD], runner)
    assert rc == 1 and "TOO MANY" in out
    rc, out, _ = run_bench(capsys, ["--runs", "1", "--forbid", "torch,sklearn", *CMD], runner)
    assert rc == 1
    assert "Forbidden module loaded: sklearn\n    <- imported by __main__ at <string>:1\n" in out
    assert "sklearn.base" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--runs", "x", *CMD], "not an integer"),
     (["--runs", "0", *CMD], "must be at least 1"),
     (["--max-regress-ms", "-1", "--baseline", "b.json", *CMD], "must be a finite number"),
     (["--max-regress-pct", "5", *CMD], "need --baseline"),
     (["--runs", "2"], "expected '-- CMD ...'"),
     (["--runs", "2", "--"], "nothing after '--'"),
     (["--", "no-such-program-lazyboot"], "command not found"),
     (["--forbid", ",", *CMD], "expected module names")],
    ids=["runs-not-int", "runs-zero", "negative-ms", "pct-without-baseline", "no-dashdash",
         "empty-command", "missing-program", "empty-forbid"])
def test_bad_input_is_one_line_and_exit_2(cli, argv, message):
    """Every bad input: exit 2, one line on stderr, no traceback."""
    rc, out, err = cli("bench", *argv)
    assert rc == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_unreadable_baseline_is_exit_2(cli, tmp_path):
    """A missing or malformed baseline is bad input, found before any run."""
    rc, _, err = cli("bench", "--baseline", str(tmp_path / "missing.json"), *CMD)
    assert rc == 2 and "cannot read baseline" in err and err.count("\n") == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    rc, _, err = cli("bench", "--baseline", str(bad), *CMD)
    assert rc == 2 and "is not JSON" in err
    bad.write_text('{"results": []}')
    rc, _, err = cli("bench", "--baseline", str(bad), *CMD)
    assert rc == 2 and "no 'results'" in err


def test_failing_command_is_exit_2_unless_ignored(capsys):
    """A command that exits non-zero names --ignore-failure."""
    from lazyboot.cli import main

    runner = FakeRunner({"plain": [0.1]}, exit_code=3)
    with pytest.raises(bench.CommandFailed, match="exit code 3.*--ignore-failure"):
        bench.main(["--runs", "2", *CMD], runner=runner)
    rc, _, _ = run_bench(capsys, ["--runs", "2", "-i", *CMD], FakeRunner({"plain": [0.1]}, exit_code=3))
    assert rc == 0
    rc = main(["bench", "--runs", "1", "--", "python", "-c", "raise SystemExit(3)"])
    err = capsys.readouterr().err
    assert rc == 2 and "exit code 3" in err and err.count("\n") == 1


def test_pyenv_shims_resolve_to_the_real_program(tmp_path, monkeypatch):
    """A pyenv shim (a slow shell script) is replaced by what 'pyenv which' names."""
    import os
    import stat

    from lazyboot.bench.runner import resolve_command

    shims, bin_dir, real_dir = (tmp_path / ".pyenv" / "shims", tmp_path / "bin", tmp_path / "real")
    for d in (shims, bin_dir, real_dir):
        d.mkdir(parents=True)
    real = real_dir / "mytool"
    for path, text in ((shims / "mytool", "#!/bin/sh\nexit 1\n"), (real, "#!/bin/sh\n"),
                       (bin_dir / "pyenv", f"#!/bin/sh\n[ \"$1\" = which ] && echo {real}\n")):
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), str(shims)]))
    assert resolve_command(["mytool", "--help"]) == [str(real), "--help"]


def test_sides_that_disagree_on_success_get_no_ratio_and_exit_1(cli, fake_runner, monkeypatch):
    """A lazy side that fails is never reported as faster."""
    runner = fake_runner({"eager": [1.0], "lazy": [0.1]}, exit_codes={"eager": 0, "lazy": 1})
    from lazyboot.cli import bench

    rc = bench.main(["--compare", "-r", "3", "-i", "--", "python", "-c", "pass"], runner=runner)
    assert rc == 1


def test_sides_that_print_different_output_get_no_ratio(capsys, fake_runner):
    from lazyboot.cli import bench

    runner = fake_runner({"eager": [1.0], "lazy": [0.5]}, stdout={"eager": "a\n", "lazy": "b\n"})
    rc = bench.main(["--compare", "-r", "3", "--", "python", "-c", "pass"], runner=runner)
    out = capsys.readouterr().out
    assert rc == 1 and "different output" in out and "times faster" not in out
    runner = fake_runner({"eager": [1.0], "lazy": [0.5]}, stdout={"eager": "a\n", "lazy": "b\n"})
    rc = bench.main(["--compare", "-r", "3", "--allow-differences", "--", "python", "-c", "pass"],
                    runner=runner)
    assert rc == 0 and "times faster" in capsys.readouterr().out


def test_a_slower_summary_gives_its_range_the_same_way(capsys, fake_runner):
    from lazyboot.cli import bench

    runner = fake_runner({"eager": [1.0, 1.0, 1.0], "lazy": [1.25, 2.0, 1.6]})
    bench.main(["--compare", "-r", "3", "--", "python", "-c", "pass"], runner=runner)
    line = next(l for l in capsys.readouterr().out.splitlines() if "times slower" in l)
    low, high = (float(x) for x in line.split("range ")[1].rstrip(")").split(" … "))
    factor = float(line.split("lazy ran ")[1].split()[0])
    assert 1 <= low <= factor <= high


def test_a_timed_out_command_takes_what_it_started_with_it(tmp_path):
    """The real runner's deadline kills the command's whole process group:
    a child the command started (here a grandchild of the runner, beside the
    measuring wrapper's own fork) does not outlive it."""
    import sys
    import time

    from lazyboot.bench.runner import ProcessRunner

    started, finished = tmp_path / "started", tmp_path / "finished"
    child = ("import pathlib, sys, time; pathlib.Path(sys.argv[1]).write_text('x'); "
             "time.sleep(3); pathlib.Path(sys.argv[2]).write_text('x')")
    parent = ("import subprocess, sys, time; "
              f"subprocess.Popen([sys.executable, '-c', {child!r}, {str(started)!r}, {str(finished)!r}]); "
              "time.sleep(60)")
    begin = time.monotonic()
    sample = ProcessRunner().run([sys.executable, "-c", parent], timeout=1.5)
    assert time.monotonic() - begin < 30
    assert sample.exit_code != 0, "the command was not stopped by the deadline"
    assert started.exists(), "the grandchild never started: the test proves nothing"
    time.sleep(4)
    assert not finished.exists(), "the command's child outlived the deadline"
