"""Run a command once in a fresh process and measure it: wall, user, system, peak RSS.

No shell: the command is an argv list.  The child's rusage comes from
``os.wait4`` (so it is the child's own, not a sum over every child this process
ever waited for).  Tests swap :class:`ProcessRunner` for a fake with the same
``run`` method, the way hyperfine's debug mode swaps its executor.

On Linux a child's peak RSS starts at the peak of the process it was forked
from, across ``execve`` too: measured straight from a large process (a test
run, a notebook), every command would seem to use at least that much.  So the
command is started from :data:`WRAPPER`, a bare interpreter of a few MiB that
forks it, times it and reports its rusage; the wrapper's own start-up is not
in the figures.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass


class CommandError(Exception):
    """The command could not be started (missing, not executable): one line, exit status 2."""

    exit_code = 2


@dataclass(frozen=True)
class Sample:
    """One run: seconds of wall/user/system time, peak RSS in bytes, exit code."""

    wall: float
    user: float
    system: float
    max_rss: int
    exit_code: int


#: ``ru_maxrss`` is in kilobytes on Linux and the BSDs, in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024

_PYTHON_NAMES = frozenset({"python", "python3", f"python3.{sys.version_info[1]}"})


def resolve_command(argv: list[str]) -> list[str]:
    """Return ``argv`` with its program resolved to a real executable.

    ``python``/``python3`` mean this interpreter (``sys.executable``); other
    programs are looked up on PATH, then next to ``sys.executable``.  A pyenv
    shim (a shell script that costs ~70 ms per start) is replaced by what
    ``pyenv which`` names.  Raises :class:`CommandError` when nothing is found.
    """
    if not argv:
        raise CommandError("no command given after '--'")
    program, rest = argv[0], list(argv[1:])
    if program in _PYTHON_NAMES:
        return [sys.executable, *rest]
    # The interpreter's own bin directory too: a venv's console scripts work
    # without activating it.
    path = shutil.which(program) or shutil.which(program, path=os.path.dirname(sys.executable))
    if path is None:
        raise CommandError(f"command not found: {program!r}")
    if os.sep + "shims" + os.sep in path and "pyenv" in path:
        try:
            real = subprocess.run(["pyenv", "which", os.path.basename(path)],
                                  capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            real = ""
        if real and os.path.exists(real):
            path = real
    return [path, *rest]


#: ``python -I -S -c WRAPPER REPORT ARGV...``: runs ARGV in a child forked from
#: this small interpreter and writes ``(wall, user, system, maxrss, exit code)``.
WRAPPER = r"""
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as stream:
    stream.write(repr((wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, code)))
sys.exit(code if 0 <= code < 256 else 1)
"""


class ProcessRunner:
    """Runs commands for real."""

    def run(self, argv: list[str], env: dict[str, str] | None = None, *,
            stderr_path: str | None = None, stdout_path: str | None = None,
            cwd: str | None = None, timeout: float | None = None,
            inherit_output: bool = False) -> Sample:
        """Run ``argv`` to completion and return its :class:`Sample`.

        Output goes to ``/dev/null`` unless a file is named for it (a file, not a
        pipe, so a chatty child can never block on a full pipe), or goes to this
        process's own stdout/stderr with ``inherit_output``.  Raises
        :class:`CommandError` when the program cannot be started.
        """
        if not hasattr(os, "fork") or shutil.which(argv[0], path=(env or os.environ).get(
                "PATH")) is None and not os.path.isfile(argv[0]):
            return self._run(argv, env, stderr_path, stdout_path, cwd, timeout, inherit_output)
        import tempfile  # measuring through the wrapper

        with tempfile.TemporaryDirectory(prefix="lazyboot-run-") as tmp:
            report = os.path.join(tmp, "rusage")
            outer = self._run([sys.executable, "-I", "-S", "-c", WRAPPER, report, *argv], env,
                              stderr_path, stdout_path, cwd, timeout, inherit_output)
            try:
                with open(report, encoding="utf-8") as fh:
                    wall, user, system, rss, code = (float(x) for x in fh.read()[1:-1].split(","))
            except (OSError, ValueError):
                if outer.exit_code == 127:
                    raise CommandError(f"cannot start {argv[0]!r}") from None
                return outer  # killed by the timeout: the wrapper's own figures
        return Sample(wall=wall, user=user, system=system, max_rss=int(rss) * _RSS_UNIT,
                      exit_code=int(code))

    def _run(self, argv: list[str], env: dict[str, str] | None, stderr_path: str | None,
             stdout_path: str | None, cwd: str | None, timeout: float | None,
             inherit_output: bool) -> Sample:
        quiet = None if inherit_output else subprocess.DEVNULL
        opened = [open(p, "wb") if p else None for p in (stdout_path, stderr_path)]
        out = opened[0] or quiet
        err = opened[1] or quiet
        try:
            start = time.perf_counter()
            try:
                # With a deadline the command gets its own process group, so
                # that killing it also kills what it started (the measuring
                # wrapper's forked child, a shell's commands).
                proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                        stdout=out, stderr=err, cwd=cwd,
                                        start_new_session=timeout is not None)
            except OSError as exc:
                raise CommandError(f"cannot start {argv[0]!r}: {exc.strerror or exc}") from None
            if timeout is None:
                _, status, usage = os.wait4(proc.pid, 0)
            else:
                status, usage = _wait_with_timeout(proc, timeout)
            wall = time.perf_counter() - start
        finally:
            for fh in opened:
                if fh is not None:
                    fh.close()
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # we reaped it; keep Popen from trying again
        return Sample(wall=wall, user=usage.ru_utime, system=usage.ru_stime,
                      max_rss=usage.ru_maxrss * _RSS_UNIT, exit_code=code)


def _wait_with_timeout(proc: subprocess.Popen, timeout: float):
    """``os.wait4`` with a deadline: kill the child's process group when it
    runs too long (or when waiting is interrupted)."""
    deadline = time.monotonic() + timeout
    delay = 0.0005
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                return status, usage
            if time.monotonic() > deadline:
                break
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
    except BaseException:
        _kill_group(proc)
        raise
    _kill_group(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    return status, usage


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:  # already gone
        pass
