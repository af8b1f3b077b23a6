"""Real applications in virtual environments of their own, run three ways.

Shared by ``tests/realapps`` and ``benchmarks/realapps.py``.

Every application of the corpus is a source distribution pinned by file name
and sha256 (:mod:`_sdist`), unpacked and installed *editable* into a virtual
environment made for it, so that its modules live outside site-packages and
lazyboot's default policy treats them as application code.  Its dependencies
(build back-end and test tools included) come from PyPI at the exact versions
of its pins file (``tests/realapps/pins/<app>.txt``, a pip constraints file);
the build checks afterwards that nothing unpinned got in.  lazyboot itself is
installed editable from this checkout into the same environment, so its
``lazyboot.pth`` is there and ``LAZYBOOT_INSTALL=1`` works.

An environment lives under ``<cache root>/realapps/<app>-py<XY>-<checkout>-<key>``
where the cache root is the parent of :func:`_sdist.cache_dir`, ``checkout``
hashes this checkout's path and the key hashes everything that goes into it
(sdist hash, pins, requirements, Python version and interpreter, this
checkout's path, the install-line rule).  A finished environment is marked
``complete`` and reused as is; a changed key builds a new one and removes the
application's stale ones for the same Python version and checkout (other
checkouts, say a CI clone or a worktree, keep theirs).

The three ways a command runs (:data:`SIDES`):

* ``eager``: no lazyboot variable set (``lazyboot.pth`` then imports nothing);
* ``env``: ``LAZYBOOT_INSTALL=1`` (zero-code activation at interpreter start);
* ``line``: a copy of the unpacked sdist whose entry module (the module the
  console script names) has ``import lazyboot; lazyboot.install()`` as its
  first statement after the docstring and ``from __future__`` imports, put
  first on ``PYTHONPATH``.  The console script and the installed metadata
  stay the same; only the import of the application's packages finds the
  copy first (the editable install's path entry or finder comes after
  ``PYTHONPATH``).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pytest

import _sdist

REPO = Path(__file__).resolve().parent.parent
PINS_DIR = REPO / "tests" / "realapps" / "pins"

SIDES = ("eager", "env", "line")
#: Where the install-line copy goes, next to ``src``: a name of the same
#: length, so that help texts which wrap long default paths (docutils) wrap
#: them at the same places on every side.
LINE_DIR = "lin"
#: lazyboot's own build back-end, installed (pinned) next to the application's.
LAZYBOOT_BUILD = ("hatchling", "editables")
INSTALL_LINE = "import lazyboot; lazyboot.install()\n"

#: Bumped when the way an environment is built changes, so old ones are rebuilt.
_FORMAT = 4

#: Variables that would change what a side does; every run starts without them.
_DROP_VARS = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONWARNINGS",
              "VIRTUAL_ENV", "EAGER_IMPORT", "PYTEST_ADDOPTS", "PYTEST_PLUGINS",
              "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER",
              "COV_CORE_SOURCE", "BLACK_CACHE_DIR", "COOKIECUTTER_CONFIG",
              # .pyc files are written and used, as in a real installation.
              "PYTHONDONTWRITEBYTECODE")

#: pip messages that mean "PyPI could not be reached", not "the pins are wrong".
_OFFLINE = re.compile(r"NewConnectionError|Temporary failure in name resolution|"
                      r"Network is unreachable|Connection refused|ConnectTimeout|ReadTimeout|"
                      r"Failed to establish a new connection|ProxyError|timed out")


@dataclass(frozen=True)
class Command:
    """One invocation of an application, from a work directory the test fills.

    ``argv[0]`` is a console script of the application's environment.
    ``files`` are written into the work directory first (text; dedented by
    the corpus).  ``outputs`` are files or directories (relative to the work
    directory) whose contents must come out the same on every side too.
    ``normalize`` are ``(regex, replacement)`` pairs for what differs between
    two runs of the same program by nature (timings, clock times); work
    directory and source paths are always normalised.  ``real`` marks the
    command the benchmark times as the application's real work.
    ``unordered``: the program prints its lines in an order that varies from
    run to run (workers finishing, directory listing order), so stdout and
    stderr are compared as sorted lines.
    """

    name: str
    argv: tuple[str, ...]
    files: Mapping[str, str] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()
    normalize: tuple[tuple[str, str], ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    unordered: bool = False
    real: bool = False


@dataclass(frozen=True)
class App:
    """An application of the corpus and how to install, run and test it."""

    name: str
    sdist: str
    sha256: str
    #: Directory inside the unpacked sdist that holds the import packages.
    package_root: str
    #: File (inside the unpacked sdist) the console script's module lives in.
    entry_module: str
    #: Requirements, by name (versions come from the pins file).
    build: tuple[str, ...]
    test: tuple[str, ...]
    #: pytest arguments selecting the suite (run from the unpacked sdist).
    suite: tuple[str, ...]
    #: At least this many test cases must be collected.
    min_tests: int
    commands: tuple[Command, ...]
    extras: tuple[str, ...] = ()
    why: str = ""
    covers: tuple[str, ...] = ()

    @property
    def pins(self) -> Path:
        return PINS_DIR / f"{self.name}.txt"

    def command(self, name: str) -> Command:
        return next(c for c in self.commands if c.name == name)


@dataclass(frozen=True)
class AppEnv:
    """A built environment: the venv, the unpacked sdist and its install-line copy."""

    app: App
    root: Path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def src(self) -> Path:
        """The unpacked sdist, installed editable."""
        return _only_dir(self.root / "src")

    @property
    def line_src(self) -> Path:
        """The copy whose entry module calls ``lazyboot.install()`` first."""
        return _only_dir(self.root / LINE_DIR)

    def script(self, name: str) -> Path:
        return self.venv / "bin" / name

    def environ(self, side: str, *, report: Path | None = None,
                extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of one side (``eager``, ``env`` or ``line``)."""
        if side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {side!r}")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("LAZYBOOT_") and k not in _DROP_VARS}
        env["PATH"] = os.pathsep.join([str(self.venv / "bin"), env.get("PATH", os.defpath)])
        env["VIRTUAL_ENV"] = str(self.venv)
        # Output width and encoding fixed, so help texts wrap the same everywhere.
        env["COLUMNS"] = "100"
        env["LC_ALL"] = "C.UTF-8"
        env["PYTHONIOENCODING"] = "utf-8"
        if side == "env":
            env["LAZYBOOT_INSTALL"] = "1"
        elif side == "line":
            env["PYTHONPATH"] = str(self.line_src / self.app.package_root)
        if report is not None:
            env["LAZYBOOT_REPORT"] = str(report)
        env.update(extra or {})
        return env

    def path_replacements(self) -> list[tuple[str, str]]:
        """Source paths as printed by the application, each to ``<SRC>``; and,
        for paths a help text wrapped over lines, the part that tells the
        two copies apart (``<hash>/src/`` and ``<hash>/lin/``)."""
        pairs = []
        for path in (self.src, self.line_src):
            for text in {str(path), str(path.resolve())}:
                pairs.append((text, "<SRC>"))
        key = self.root.name.rsplit("-", 1)[-1]   # wrapping breaks lines after hyphens
        for name in ("src", LINE_DIR):
            pairs.append((f"{key}/{name}/", f"{key}/<src>/"))
        return pairs


def _only_dir(parent: Path) -> Path:
    dirs = [p for p in parent.iterdir() if p.is_dir()]
    if len(dirs) != 1:
        raise RuntimeError(f"expected one directory in {parent}, found {dirs}")
    return dirs[0]


# --------------------------------------------------------------------------
# The install() line


def insert_install_line(source: str, line: str = INSTALL_LINE) -> str:
    """``source`` with ``line`` as its first statement after the module
    docstring and any ``from __future__`` imports (comments, a shebang and an
    encoding cookie stay where they are)."""
    tree = ast.parse(source)
    body = tree.body
    index = 0
    if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        index = 1
    while (index < len(body) and isinstance(body[index], ast.ImportFrom)
           and body[index].module == "__future__"):
        index += 1
    lines = source.splitlines(keepends=True)
    if index:
        at = body[index - 1].end_lineno
    elif body:
        first = body[0]
        at = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))]) - 1
    else:
        at = len(lines)
    if at and lines and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, line)
    return "".join(lines)


# --------------------------------------------------------------------------
# Building an environment


def cache_root() -> Path:
    return _sdist.cache_dir().parent / "realapps"


def env_key(app: App) -> str:
    """Hash of everything an environment is made of."""
    parts = {
        "format": _FORMAT,
        "python": sys.version,
        "interpreter": os.path.realpath(sys.executable),
        "platform": sysconfig.get_platform(),
        "repo": str(REPO),
        "sdist": [app.sdist, app.sha256],
        "pins": app.pins.read_text(),
        "requirements": [app.build, app.test, app.extras, LAZYBOOT_BUILD],
        "entry": [app.package_root, app.entry_module, INSTALL_LINE],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def pinned_names(pins_text: str) -> dict[str, list[str]]:
    """``{normalised name: [requirement lines]}`` of a pins file."""
    pinned: dict[str, list[str]] = {}
    for raw in pins_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name = re.split(r"[=<>!~;\s\[]", line, maxsplit=1)[0]
        if "==" not in line:
            raise ValueError(f"pins must be exact (name==version): {raw!r}")
        pinned.setdefault(normalise(name), []).append(line)
    return pinned


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class BuildError(Exception):
    """pip failed; ``offline`` says whether it looks like PyPI was out of reach."""

    def __init__(self, message: str, offline: bool):
        super().__init__(message)
        self.offline = offline


def _pip(python: Path, *args: str, cwd: Path | None = None) -> None:
    """Run this interpreter's pip against the environment of ``python``."""
    env = {k: v for k, v in os.environ.items() if k not in _DROP_VARS
           and not k.startswith("LAZYBOOT_")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=1800)
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()
        raise BuildError(f"pip {' '.join(args[:3])} ... failed:\n{output[-3000:]}",
                         offline=bool(_OFFLINE.search(output)))


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_env(app: App) -> AppEnv:
    """The application's environment, built once per key (see the module doc).

    Raises :class:`BuildError` when pip fails; the sdist download itself goes
    through :func:`_sdist.fetch` (skip offline, fail in CI).
    """
    sdist = _sdist.fetch(app.sdist, app.sha256)
    key = env_key(app)
    checkout = hashlib.sha256(str(REPO).encode()).hexdigest()[:8]
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}-{checkout}"
    root = cache_root() / f"{app.name}-{tag}-{key}"
    with _locked(cache_root() / f".{app.name}.lock"):
        if (root / "complete").exists():
            return AppEnv(app, root)
        # Older builds for this interpreter version and checkout (other
        # versions and checkouts keep theirs).
        stale_name = re.compile(re.escape(f"{app.name}-{tag}-") + r"[0-9a-f]{16}")
        for stale in cache_root().glob(f"{app.name}-{tag}-*"):
            if stale.is_dir() and stale_name.fullmatch(stale.name):
                shutil.rmtree(stale)
        root.mkdir(parents=True)
        src = _sdist.unpack(sdist, root / "src")
        line = root / LINE_DIR / src.name
        shutil.copytree(src, line)
        entry = line / app.entry_module
        entry.write_text(insert_install_line(entry.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")],
                       check=True, capture_output=True, timeout=300)
        env = AppEnv(app, root)
        pins = str(app.pins)
        # Build back-ends first: the application and lazyboot are then built
        # without isolation, with exactly the pinned back-end versions.
        _pip(env.python, "install", "-q", "-c", pins, *app.build, *LAZYBOOT_BUILD)
        spec = f"{src}[{','.join(app.extras)}]" if app.extras else str(src)
        _pip(env.python, "install", "-q", "--no-build-isolation", "-c", pins, "-e", spec)
        if app.test:
            _pip(env.python, "install", "-q", "-c", pins, *app.test)
        _pip(env.python, "install", "-q", "--no-build-isolation", "--no-deps", "-e", str(REPO))
        _check_pinned(env)
        (root / "complete").write_text(key + "\n")
        return env


def installed(python: Path) -> dict[str, str]:
    """``{normalised name: version}`` of every distribution in that environment."""
    code = ("import json, importlib.metadata as m; "
            "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return {normalise(k): v for k, v in json.loads(out).items()}


def _check_pinned(env: AppEnv) -> None:
    """Every distribution but the application and lazyboot is pinned, at its pin."""
    pinned = pinned_names(env.app.pins.read_text())
    own = {normalise(env.app.name), normalise(_sdist.requirement_of(env.app.sdist).split("==")[0]),
           "lazyboot"}
    problems = []
    for name, version in sorted(installed(env.python).items()):
        if name in own:
            continue
        lines = pinned.get(name)
        if not lines:
            problems.append(f"{name}=={version} is installed but not pinned")
        elif not any(line.split(";")[0].strip().endswith(f"=={version}") for line in lines):
            problems.append(f"{name}=={version} is installed, pinned as {lines}")
    if problems:
        raise BuildError(f"{env.app.pins.name}: " + "; ".join(problems), offline=False)


def get_env(app: App) -> AppEnv:
    """:func:`build_env` for tests: skip offline (fail in CI), fail on a real error."""
    try:
        return build_env(app)
    except BuildError as exc:
        if exc.offline:
            _sdist.must_run(f"{app.name}: cannot install from PyPI: {str(exc)[-500:]}")
        pytest.fail(f"{app.name}: building its environment failed: {exc}", pytrace=False)


# --------------------------------------------------------------------------
# Running a command


@dataclass
class Outcome:
    """One run of a command on one side, normalised."""

    side: str
    returncode: int
    #: Normalised output, in the order printed.
    stdout: str
    stderr: str
    outputs: dict[str, str]
    #: Lazy-import records lazyboot wrote at exit (None: it wrote no report).
    records: list | None
    #: The command prints lines in no fixed order: compare them sorted.
    unordered: bool = False

    def comparable(self) -> tuple:
        if self.unordered:
            return (self.returncode, sorted(self.stdout.splitlines()),
                    sorted(self.stderr.splitlines()), self.outputs)
        return (self.returncode, self.stdout, self.stderr, self.outputs)


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def normalize(text: str, work: Path, env: AppEnv, command: Command) -> str:
    """Work-directory and source paths, then the command's own patterns (timings)."""
    pairs = [(str(work.resolve()), "<TMP>"), (str(work), "<TMP>"), *env.path_replacements()]
    for old, new in sorted(set(pairs), key=lambda p: -len(p[0])):
        text = text.replace(old, new)
    for pattern, replacement in command.normalize:
        text = re.sub(pattern, replacement, text)
    return text


def _read_outputs(work: Path, names: tuple[str, ...], env: AppEnv, command: Command) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        path = work / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            rel = file.relative_to(work).as_posix()
            if not file.exists():
                found[rel] = "<missing>"
                continue
            data = file.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                found[rel] = "sha256:" + hashlib.sha256(data).hexdigest()
            else:
                found[rel] = normalize(text, work, env, command)
    return found


def prepare(env: AppEnv, command: Command, side: str, work: Path, *,
            report: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """Fill the fresh directory ``work``; return the command's argv and environment."""
    work.mkdir(parents=True)
    write_files(work, command.files)
    extra = {k: v.replace("{work}", str(work)) for k, v in command.env.items()}
    argv = [str(env.script(command.argv[0])), *command.argv[1:]]
    return argv, env.environ(side, report=report, extra=extra)


def run_command(env: AppEnv, command: Command, side: str, work: Path, *,
                timeout: float = 300) -> Outcome:
    """Run ``command`` on ``side`` in the fresh directory ``work``."""
    report = work.with_name(work.name + "-lazyboot-report.json")
    argv, environ = prepare(env, command, side, work, report=report)
    proc = subprocess.run(argv, cwd=work, env=environ, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)
    records = json.loads(report.read_text()) if report.exists() else None
    stdout, stderr = (normalize(data.decode("utf-8", "replace"), work, env, command)
                      for data in (proc.stdout, proc.stderr))
    return Outcome(
        side=side,
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        outputs=_read_outputs(work, command.outputs, env, command),
        records=records,
        unordered=command.unordered,
    )


_ENVS: dict[str, "AppEnv | BaseException"] = {}


def cached_env(app: App) -> AppEnv:
    """:func:`get_env` once per test session; its skip or failure repeats for every test."""
    got = _ENVS.get(app.name)
    if got is None:
        try:
            got = get_env(app)
        except (Exception, pytest.skip.Exception, pytest.fail.Exception) as exc:
            got = exc
        _ENVS[app.name] = got
    if isinstance(got, BaseException):
        raise got
    return got
