"""Write ``pins/<app>.txt``: the exact versions an application's environment gets.

    python tests/realapps/_lock.py [APP ...] [--python PYTHON ...]

For each application (default: all of ``_corpus.APPS``) and each interpreter
(default: this one), it installs the application from its pinned sdist into a
throw-away environment the way the tests do, but with its requirements
unpinned (their specifiers in ``_corpus`` still apply), and records what pip
chose.  A package chosen on only some interpreters, or at different versions,
gets a ``python_version`` marker per interpreter (the newest one's pin stands
for later versions too).  Needs PyPI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import _appvenv  # noqa: E402
import _sdist  # noqa: E402
from _corpus import APPS, BY_NAME  # noqa: E402


def resolve(app: _appvenv.App, python: str) -> tuple[str, dict[str, str]]:
    """``(major.minor, {name: version})`` that pip picks for ``app`` on ``python``."""
    sdist = _sdist.fetch(app.sdist, app.sha256)
    with tempfile.TemporaryDirectory(prefix=f"lock-{app.name}-") as tmp:
        root = Path(tmp)
        src = _sdist.unpack(sdist, root / "src")
        subprocess.run([python, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
        venv_python = root / "venv" / "bin" / "python"
        pip = lambda *args: _appvenv._pip(venv_python, *args)  # noqa: E731
        pip("install", "-q", *app.build, *_appvenv.LAZYBOOT_BUILD)
        spec = f"{src}[{','.join(app.extras)}]" if app.extras else str(src)
        pip("install", "-q", "--no-build-isolation", "-e", spec)
        if app.test:
            pip("install", "-q", *app.test)
        version = subprocess.run(
            [str(venv_python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, check=True).stdout.strip()
        found = _appvenv.installed(venv_python)
    own = {_appvenv.normalise(app.name),
           _appvenv.normalise(_sdist.requirement_of(app.sdist).split("==")[0])}
    return version, {k: v for k, v in found.items() if k not in own}


def pins_text(app: _appvenv.App, per_python: dict[str, dict[str, str]]) -> str:
    versions = sorted(per_python, key=lambda v: tuple(map(int, v.split("."))))
    names = sorted({name for found in per_python.values() for name in found})
    lines = [f"# Exact versions for {app.name} ({app.sdist}), written by tests/realapps/_lock.py",
             f"# on Python {', '.join(versions)}.  A pip constraints file."]
    for name in names:
        chosen = [per_python[v].get(name) for v in versions]
        if len(set(chosen)) == 1:
            lines.append(f"{name}=={chosen[0]}")
            continue
        start = 0
        while start < len(versions):   # runs of interpreters that chose the same version
            end = start
            while end + 1 < len(versions) and chosen[end + 1] == chosen[start]:
                end += 1
            if chosen[start] is not None:
                bounds = []
                if start > 0:
                    bounds.append(f'python_version >= "{versions[start]}"')
                if end + 1 < len(versions):   # the newest run stands for later versions too
                    bounds.append(f'python_version < "{versions[end + 1]}"')
                lines.append(f"{name}=={chosen[start]} ; {' and '.join(bounds)}")
            start = end + 1
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apps", nargs="*", metavar="APP", help=", ".join(BY_NAME))
    parser.add_argument("--python", action="append", help="interpreter(s) to resolve on")
    args = parser.parse_args()
    unknown = set(args.apps) - set(BY_NAME)
    if unknown:
        parser.error(f"unknown application(s): {', '.join(sorted(unknown))}")
    pythons = args.python or [sys.executable]
    os.environ.pop("PIP_CONSTRAINT", None)
    for app in [BY_NAME[name] for name in args.apps] or APPS:
        per_python = dict(resolve(app, python) for python in pythons)
        app.pins.parent.mkdir(parents=True, exist_ok=True)
        app.pins.write_text(pins_text(app, per_python))
        print(f"{app.pins.relative_to(_appvenv.REPO)}: {sum(map(len, per_python.values()))} pins")


if __name__ == "__main__":
    main()
