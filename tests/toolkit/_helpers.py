"""Helpers for the toolkit's tests: a deterministic fake runner, paths, skips.

The fake runner stands in for real processes the way hyperfine's debug mode
stands in for its executor: every run returns the next scripted sample for its
side (eager / lazy / plain), and a probed run writes the scripted module list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lazyboot.bench.runner import Sample

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


def side_of(env: dict | None) -> str:
    env = env or {}
    if env.get("LAZYBOOT_EAGER"):
        return "eager"
    if env.get("LAZYBOOT_INSTALL"):
        return "lazy"
    if env.get("PYTHON_LAZY_IMPORTS") == "all":
        return "native"
    return "plain"


class FakeRunner:
    """Returns scripted samples; records every call as ``(side, argv, env)``.

    ``native`` is its answer to whether CMD's interpreter has lazy imports of
    its own (True, False, or None for "cannot tell"); ``stderr`` is one text
    or one per side; ``installed`` says whether lazyboot was active in the
    lazy side (``installed_sides`` names other sides where it was, say a
    program that calls ``lazyboot.install()`` itself).
    """

    def __init__(self, walls: dict[str, list[float]], *, modules: dict[str, list[str]] | None = None,
                 rss: dict[str, int] | None = None, exit_code: int = 0, stderr: str | dict = "",
                 installed: bool = True, exit_codes: dict[str, int] | None = None,
                 stdout: dict[str, str] | None = None, native: bool | None = False,
                 installed_sides: tuple[str, ...] = ()):
        self.walls = {k: list(v) for k, v in walls.items()}
        self.modules = modules or {}
        self.rss = rss or {}
        self.exit_code = exit_code
        self.stderr = stderr
        self.installed = installed
        self.exit_codes = exit_codes or {}
        self.stdout = stdout or {}
        self.native = native
        self.installed_sides = installed_sides
        self.calls: list[tuple[str, list[str], dict]] = []

    def native_support(self, argv):
        from lazyboot.bench.native import NativeSupport

        if self.native is None:
            return NativeSupport(None, None, "cannot tell which Python runs CMD")
        return NativeSupport(self.native, argv[0], "scripted")

    def run(self, argv, env=None, *, stderr_path=None, stdout_path=None, cwd=None,
            timeout=None, inherit_output=False):
        side = side_of(env)
        self.calls.append((side, list(argv), dict(env or {})))
        probe = (env or {}).get("LAZYBOOT_PROBE")
        if probe:
            names = self.modules.get(side, ["sys", "builtins"])
            parents = {n: ["__main__", "<string>:1"] for n in names}
            installed = (self.installed and side == "lazy") or side in self.installed_sides
            data = {"installed": installed, "modules": sorted(names),
                    "pending": [], "startup": [], "parents": parents, "records": []}
            Path(probe).write_text(repr(data))
            wall = 1.0
        else:
            queue = self.walls[side]
            wall = queue.pop(0) if len(queue) > 1 else queue[0]
        if stderr_path:
            text = self.stderr.get(side, "") if isinstance(self.stderr, dict) else self.stderr
            Path(stderr_path).write_text(text)
        if stdout_path:
            Path(stdout_path).write_text(self.stdout.get(side, "same output\n"))
        return Sample(wall=wall, user=wall / 2, system=wall / 4,
                      max_rss=self.rss.get(side, 10 * 1024 * 1024),
                      exit_code=self.exit_codes.get(side, self.exit_code))


def lazyboot_installed() -> bool:
    """Whether this interpreter has lazyboot installed (editable or wheel), with its .pth."""
    code = ("import site, os, sys; dirs = site.getsitepackages() + [site.getusersitepackages()]; "
            "sys.exit(0 if any(os.path.exists(os.path.join(d, 'lazyboot.pth')) for d in dirs) else 1)")
    return subprocess.run([sys.executable, "-c", code]).returncode == 0


needs_install = pytest.mark.skipif(not lazyboot_installed(),
                                   reason="lazyboot is not installed in this interpreter (pip install -e .)")


def subprocess_env(**extra) -> dict:
    """This environment without LAZYBOOT_* variables, the repo importable, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.update(extra)
    return env


def lazyboot_cmd() -> list[str]:
    """The installed ``lazyboot`` script next to this interpreter, else ``python -m lazyboot``."""
    script = Path(sys.executable).with_name("lazyboot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lazyboot"]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None
