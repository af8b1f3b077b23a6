"""Does the interpreter that runs a command have lazy imports of its own (PEP 810)?

``lazyboot bench --compare`` adds a third side, the interpreter's own "all"
mode (``PYTHON_LAZY_IMPORTS=all``), when it does.  The question is asked of
*the command's* interpreter, not of the one running lazyboot: ``lazyboot bench
-- python3.15 app.py`` may run from a 3.12 virtualenv, and a console script
runs whatever its ``#!`` line names.  Asking the interpreter running bench
would then add a "native" side whose ``PYTHON_LAZY_IMPORTS=all`` the command's
interpreter silently ignores, and bench would print figures for a mode that
never ran.  So the interpreter is found from the command itself and asked
(``hasattr(sys, "set_lazy_imports_filter")``, the same feature test lazyboot's
runtime uses: no version check):

* a program named like an interpreter (``python``, ``python3.15``,
  ``python3.15t``, ``pypy3``) is one;
* a script whose ``#!`` line names one (console scripts, ``#!/usr/bin/env
  python3``, and pip's ``#!/bin/sh`` trampoline for long paths) runs it.

Anything else (a shell wrapper, ``uv run``, a frozen binary) is unknown, and
bench says it did not measure the native side rather than guess.  The
``LAZYBOOT_PROBE`` child cannot answer instead: the probe file is written by
lazyboot's runtime and does not carry this fact, and a probe run of the
command itself costs a full run of it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

#: ``python``, ``python3``, ``python3.15``, ``python3.15t``, ``python3.15d``, ``pypy3``.
_INTERPRETER_NAME = re.compile(r"^(?:python|pypy)(?:\d+(?:\.\d+)*)?[a-z]?(?:\.exe)?$")
#: pip's shebang for paths too long for ``#!``: ``'''exec' "/path/python" "$0" "$@"``.
_TRAMPOLINE = re.compile(r"""^'''exec' (?:"([^"]+)"|(\S+)) "\$0" "\$@"$""")

_CHECK = "import sys; print(int(hasattr(sys, 'set_lazy_imports_filter')))"


@dataclass(frozen=True)
class NativeSupport:
    """The answer for one command: ``available`` is True, False or None (unknown)."""

    available: bool | None
    python: str | None
    reason: str


def interpreter_of(argv: list[str], env: dict[str, str] | None = None) -> str | None:
    """The Python interpreter that runs ``argv`` (its program already resolved), or None."""
    if not argv:
        return None
    program = argv[0]
    if os.path.basename(program) and _INTERPRETER_NAME.match(os.path.basename(program)):
        return program
    try:
        with open(program, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return None
    lines = head.decode("utf-8", "replace").splitlines()
    words = lines[0][2:].split()
    if not words:
        return None
    interpreter, rest = words[0], words[1:]
    if os.path.basename(interpreter) == "env":
        # ``#!/usr/bin/env [-S] [VAR=value] python3 [options]``
        names = [w for w in rest if not w.startswith("-") and "=" not in w]
        if not names:
            return None
        found = shutil.which(names[0], path=(env or os.environ).get("PATH"))
        return found if found and _INTERPRETER_NAME.match(os.path.basename(found)) else None
    if os.path.basename(interpreter) == "sh" and len(lines) > 1:
        match = _TRAMPOLINE.match(lines[1].strip())
        return (match.group(1) or match.group(2)) if match else None
    return interpreter if _INTERPRETER_NAME.match(os.path.basename(interpreter)) else None


_answers: dict[str, bool | None] = {}


def has_native_lazy_imports(python: str) -> bool | None:
    """Ask ``python`` (one short run, remembered); None when it cannot be run."""
    if python not in _answers:
        if os.path.realpath(python) == os.path.realpath(sys.executable):
            _answers[python] = hasattr(sys, "set_lazy_imports_filter")
        else:
            try:
                proc = subprocess.run([python, "-I", "-S", "-c", _CHECK], capture_output=True,
                                      text=True, timeout=60, stdin=subprocess.DEVNULL)
                answer = proc.stdout.strip() if proc.returncode == 0 else ""
            except (OSError, subprocess.SubprocessError):
                answer = ""
            _answers[python] = {"1": True, "0": False}.get(answer)
    return _answers[python]


def detect(argv: list[str], env: dict[str, str] | None = None) -> NativeSupport:
    """Whether the interpreter that runs ``argv`` has PEP 810 lazy imports, and why."""
    python = interpreter_of(argv, env)
    if python is None:
        return NativeSupport(None, None, "cannot tell which Python runs CMD (recognised: a Python "
                                         "interpreter, or a script whose #! line names one)")
    available = has_native_lazy_imports(python)
    if available is None:
        return NativeSupport(None, python, f"could not ask {python} whether it has lazy imports")
    if available:
        return NativeSupport(True, python, f"{python} has lazy imports of its own (PEP 810)")
    return NativeSupport(False, python, f"{python} has no lazy imports of its own (PEP 810: 3.15+)")
