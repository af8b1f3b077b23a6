"""``lazyboot verify``: does CMD behave the same lazily as eagerly?"""

from __future__ import annotations

import os
import re
import sys
import tempfile

from lazyboot.bench.probe import LAZYBOOT_VARS, NATIVE_MODE_VAR, probe, side_env
from lazyboot.bench.runner import ProcessRunner, resolve_command
from lazyboot.cli import _args
from lazyboot.cli._lazyrun import label

DESCRIPTION = """\
Run CMD eagerly (LAZYBOOT_EAGER=1) and lazily, and compare exit status, stdout
and stderr.  The lazy forms are zero-code activation (LAZYBOOT_INSTALL=1) and,
when CMD calls lazyboot.install() itself, CMD as written.  On a difference it
prints the first line that differs, lazyboot's notes (which lazy import, where
it was written, where it was first used) and the exclude= that avoids it.
Exit status 0 when every form matches, 1 when one differs, 2 on bad usage."""

#: ``lazyboot: ... module 'x' ...`` notes lazyboot adds to errors it passes on.
_NOTE = re.compile(r"lazyboot: .*?(?:module|import of) '([\w.]+)'")


class Run:
    """One run of CMD: exit status, output, and lazyboot's records."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, data: dict | None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.data = data or {}

    @property
    def installed(self) -> bool:
        return bool(self.data.get("installed"))

    @property
    def records(self) -> list[dict]:
        return [r for r in self.data.get("records") or [] if isinstance(r, dict) and "module" in r]


def build_parser() -> _args.Parser:
    p = _args.Parser(prog="lazyboot verify", description=DESCRIPTION,
                     usage="lazyboot verify [--include MODS] -- CMD ...")
    p.add_argument("--include", metavar="MODS",
                   help="lazy side: LAZYBOOT_INSTALL=MODS (an include list) instead of 1")
    p.add_argument("--timeout", type=_args.non_negative_float, default=600.0, metavar="S",
                   help="seconds each run may take; default 600")
    return p


def main(argv: list[str], runner=None) -> int:
    """Run ``lazyboot verify``; ``runner`` replaces the process runner in tests."""
    options, command = _args.split_command(list(argv))
    args = build_parser().parse_args(options)
    resolved = resolve_command(command)
    shown = _args.format_command(command)
    runner = runner or ProcessRunner()
    eager = _run(resolved, side_env("eager"), runner, args.timeout)
    forms = [("LAZYBOOT_INSTALL=1" if not args.include else f"LAZYBOOT_INSTALL={args.include}",
              _run(resolved, side_env("lazy", include=args.include), runner, args.timeout))]
    as_written = _run(resolved, _without_lazyboot_vars(), runner, args.timeout, report=True)
    if as_written.installed:
        forms.append(("install() as written", as_written))
    print(f"lazyboot verify: {shown}")
    print(f"  {'eager (LAZYBOOT_EAGER=1)':<28} exit {eager.exit_code}, "
          f"{_count(eager.stdout)} on stdout, {_count(eager.stderr)} on stderr")
    differ = False
    for name, lazy in forms:
        if not lazy.installed:
            print(f"  {name:<28} lazyboot was not active (is it installed in CMD's "
                  f"interpreter?)")
            differ = True
            continue
        difference = _first_difference(eager, lazy)
        deferred = sum(r.get("state") == "pending" for r in lazy.records)
        if difference is None:
            print(f"  {name:<28} same ({len(lazy.records)} lazy imports, "
                  f"{deferred} never used)")
            continue
        differ = True
        print(f"  {name:<28} DIFFERS: {difference[0]}")
        for line in difference[1:]:
            print(f"      {line}")
        for line in _explain(lazy):
            print(f"    {line}")
    if not as_written.installed:
        print(f"  {'install() as written':<28} not checked: CMD does not call lazyboot.install()")
    return 1 if differ else 0


def _without_lazyboot_vars() -> dict:
    """CMD's environment for "as written": no variable that activates lazyboot or
    turns it off (LAZYBOOT_INSTALL, LAZYBOOT_EAGER, ...), and not the
    interpreter's own "all" mode either (the eager side runs without it).  The
    ones that configure the program's own install() call (LAZYBOOT_EXCLUDE,
    LAZYBOOT_ENGINE) stay, as they do on the lazy side."""
    return {k: v for k, v in os.environ.items() if k not in LAZYBOOT_VARS and k != NATIVE_MODE_VAR}


def _run(argv: list[str], env: dict, runner, timeout: float, report: bool = False) -> Run:
    """One probed run.  ``report``: also ask for ``LAZYBOOT_REPORT``, the records
    of a program that calls ``lazyboot.install()`` itself (the probe collects
    them only when it activated lazyboot)."""
    with tempfile.TemporaryDirectory(prefix="lazyboot-verify-") as tmp:
        out = os.path.join(tmp, "stdout")
        records_path = os.path.join(tmp, "report.json")
        if report:
            env = {**env, "LAZYBOOT_REPORT": records_path}
        result = probe(argv, env, _Capture(runner, out), capture_stderr=True, timeout=timeout)
        with open(out, encoding="utf-8", errors="replace") as fh:
            stdout = fh.read()
        data = result.data
        if report and data is not None and data.get("installed") and not data.get("records"):
            data = {**data, "records": _read_records(records_path)}
    return Run(result.sample.exit_code, stdout, result.stderr, data)


def _read_records(path: str) -> list:
    import json  # only for a program that installs lazyboot itself

    try:
        with open(path, encoding="utf-8") as fh:
            records = json.load(fh)
    except (OSError, ValueError):
        return []
    return records if isinstance(records, list) else []


class _Capture:
    """A runner that also keeps CMD's stdout in a file."""

    def __init__(self, runner, stdout_path: str):
        self._runner, self._stdout = runner, stdout_path

    def run(self, argv, env=None, **kw):
        kw["stdout_path"] = self._stdout
        return self._runner.run(argv, env, **kw)


def _count(text: str) -> str:
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    return f"{lines} line" + ("" if lines == 1 else "s")


def _first_difference(eager: Run, lazy: Run) -> list[str] | None:
    """``[summary, detail...]`` of the first difference, or None."""
    if eager.exit_code != lazy.exit_code:
        first = _first_line_difference("stderr", eager.stderr, lazy.stderr) or []
        return [f"exit status {eager.exit_code} eagerly, {lazy.exit_code} lazily", *first[1:]]
    for stream in ("stdout", "stderr"):
        found = _first_line_difference(stream, getattr(eager, stream), getattr(lazy, stream))
        if found is not None:
            return found
    return None


def _first_line_difference(stream: str, eager: str, lazy: str) -> list[str] | None:
    if eager == lazy:
        return None
    old, new = eager.splitlines(), lazy.splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), 1):
        if a != b:
            return [f"{stream} line {number}", f"eager: {a!r}", f"lazy:  {b!r}"]
    number = min(len(old), len(new)) + 1
    extra = old[number - 1] if len(old) > len(new) else new[number - 1]
    side = "eager" if len(old) > len(new) else "lazy"
    return [f"{stream} line {number}", f"only {side} has: {extra!r}"]


def _explain(lazy: Run) -> list[str]:
    """lazyboot's notes for a lazy run that differs, and the exclude= to try."""
    lines = []
    suspects: list[str] = []
    for match in _NOTE.finditer(lazy.stderr):
        if match.group(1) not in suspects:
            suspects.append(match.group(1))
    failed = [r for r in lazy.records if r.get("state") == "failed"]
    for r in failed:
        lines.append(f"failed lazy import {label(r)}: {r.get('error')} (written at "
                     f"{r.get('imported_at') or '?'}, first used at {r.get('first_used_at') or '?'})")
        if r["module"] not in suspects:
            suspects.append(r["module"])
    used = [r for r in lazy.records if r.get("state") == "loaded" and r.get("first_used_at")]
    if not suspects and used:
        lines.append("lazy imports used, first used last: " + ", ".join(
            f"{label(r)} (written at {r.get('imported_at') or '?'}, first used at "
            f"{r.get('first_used_at')})" for r in used[-3:]))
        suspects = list(dict.fromkeys(r["module"] for r in reversed(used[-3:])))
    if suspects:
        names = ", ".join(repr(s) for s in suspects[:3])
        lines.append(f"to import these at their statement: lazyboot.install(exclude=[{names}]) "
                     f"or LAZYBOOT_EXCLUDE={','.join(suspects[:3])}")
    return lines


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
