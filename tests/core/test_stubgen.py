"""`lazyboot stubgen`: eager re-exports -> attach() mapping + .pyi, checked and round-tripped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lazyboot.stubgen import main

REPO = Path(__file__).resolve().parents[2]
TRADER_APP = REPO / "examples" / "trader_app" / "bot"

#: A two-level package exercising every statement kind stubgen meets.
DEMO = {
    "demo/__init__.py": '''
        """Demo package."""
        from __future__ import annotations

        # Core engine
        from .core.engine import Engine, run  # the main entry points
        from . import utils
        from .utils.io import (
            load,  # reads files
            save,
        )
        from .core.engine import Engine as Motor
        import demo.plugins
        import os
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from .core.engine import Secret

        try:
            from .fast import speedup
        except ImportError:
            speedup = None

        from .helpers import helper

        __version__ = "1.2.3"
        __all__ = ["Engine", "run", "utils", "load", "save", "Motor", "helper"]
        DEFAULT = helper()


        def describe() -> str:
            return f"demo {__version__} on {os.name}"
    ''',
    "demo/core/__init__.py": "",
    "demo/core/engine.py": '''
        class Engine:
            def start(self) -> int:
                return 1


        def run(x: int) -> str:
            return str(x)


        class Secret:
            pass
    ''',
    "demo/helpers.py": "def helper() -> int:\n    return 3\n",
    "demo/plugins.py": "X = 1\n",
    "demo/utils/__init__.py": "from .io import load\n",
    "demo/utils/io.py": '''
        def load(p: str) -> bytes:
            return p.encode()


        def save(p: str, d: bytes) -> None:
            pass
    ''',
}

#: What the demo looks like from outside: every public name, resolved.
BEHAVIOUR = '''
    import json, sys
    import demo
    lazy_at_import = sorted(m for m in ("demo.core.engine", "demo.utils", "demo.utils.io",
                                        "demo.plugins") if m in sys.modules)
    from demo import Engine, run, load, save, utils, Motor, helper
    print(json.dumps({
        "lazy_at_import": lazy_at_import,
        "engine": Engine().start(), "run": run(4), "load": load("x").decode(),
        "utils.load": utils.load("y").decode(), "motor_is_engine": Motor is Engine,
        "helper": helper(), "version": demo.__version__, "describe": demo.describe()[:10],
        "default": demo.DEFAULT, "plugins": demo.plugins.X, "all": demo.__all__,
        "speedup": demo.speedup,
    }))
'''


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def stubgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `python -m lazyboot.stubgen` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd), str(REPO)])}
    return subprocess.run([sys.executable, "-m", "lazyboot.stubgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def behaviour(root: Path, script: str = BEHAVIOUR) -> dict:
    """Run ``script`` against the package under ``root`` in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(REPO)])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """The demo package in ``tmp_path``, which is also the working directory."""
    write(tmp_path, DEMO)
    monkeypatch.chdir(tmp_path)
    return tmp_path


EXPECTED_INIT = '''\
"""Demo package."""
from __future__ import annotations

# Core engine
# the main entry points
import lazyboot

__getattr__, __dir__ = lazyboot.attach(
    __name__,
    submodules=["utils", "plugins"],
    submod_attrs={
        "core.engine": ["Engine", "run"],
        "utils.io": ["load", "save"],
    },
)[:2]
# reads files
from .core.engine import Engine as Motor
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.engine import Secret

try:
    from .fast import speedup
except ImportError:
    speedup = None

from .helpers import helper

__version__ = "1.2.3"
__all__ = ["Engine", "run", "utils", "load", "save", "Motor", "helper"]
DEFAULT = helper()


def describe() -> str:
    return f"demo {__version__} on {os.name}"
'''


def test_write_folds_eager_reexports_into_one_attach_call(demo, capsys):
    """Convertible imports become one attach() mapping; every other line stays byte-for-byte."""
    assert main(["demo", "--write"]) == 0
    assert (demo / "demo/__init__.py").read_text() == EXPECTED_INIT
    assert (demo / "demo/utils/__init__.py").read_text() == textwrap.dedent('''\
        import lazyboot

        __getattr__, __dir__, __all__ = lazyboot.attach(
            __name__,
            submodules=[],
            submod_attrs={
                "io": ["load"],
            },
        )
    ''')
    assert not (demo / "demo/core/__init__.pyi").exists()  # nothing to declare there


def test_pyi_lists_the_same_names_with_real_types(demo):
    """The .pyi re-exports each lazy name explicitly and mirrors the rest of the module."""
    assert main(["demo", "--write"]) == 0
    stub = (demo / "demo/__init__.pyi").read_text()
    assert "from . import utils as utils, plugins as plugins\n" in stub
    assert "from .core.engine import Engine as Engine, run as run\n" in stub
    assert "from .utils.io import load as load, save as save\n" in stub
    # Names the runtime serves eagerly are in the stub too, so type checkers see everything.
    for line in ("from .core.engine import Engine as Motor", "from .helpers import helper",
                 '__version__ = "1.2.3"', "def describe() -> str:", "if TYPE_CHECKING:",
                 "DEFAULT = helper()"):
        assert line in stub


def test_reports_what_it_left_alone(demo, capsys):
    """Renamed imports, imports the module body uses and conditional blocks are named on stderr."""
    assert main(["demo", "--write"]) == 0
    err = capsys.readouterr().err
    assert "demo/__init__.py:11: kept eager: `from .core.engine import Engine as Motor` (renames Engine to Motor" in err
    assert "demo/__init__.py:16: kept as written: conditional imports in the `if TYPE_CHECKING:` block" in err
    assert "demo/__init__.py:19: kept as written: conditional imports in the `try` block" in err
    assert "demo/__init__.py:24: kept eager: `from .helpers import helper` (helper is used in the module itself, line 28)" in err


def test_without_write_prints_a_unified_diff_and_changes_nothing(demo, capsys):
    """The default mode is a dry run: a diff on stdout, files untouched."""
    before = (demo / "demo/__init__.py").read_text()
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "--- a/demo/__init__.py\n+++ b/demo/__init__.py\n" in out
    assert "-from .core.engine import Engine, run  # the main entry points\n" in out
    assert "--- /dev/null\n+++ b/demo/__init__.pyi\n" in out
    assert (demo / "demo/__init__.py").read_text() == before
    assert not (demo / "demo/__init__.pyi").exists()


def test_second_run_changes_nothing(demo, capsys):
    """stubgen is idempotent: after --write, a new run has nothing to change."""
    assert main(["demo", "--write"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nothing to change" in captured.err


def test_rewritten_package_behaves_as_before_and_defers_submodules(demo, tmp_path):
    """Same observable behaviour; the re-exported submodules are no longer imported by `import demo`."""
    eager = behaviour(demo)
    assert main(["demo", "--write"]) == 0
    lazy = behaviour(demo)
    assert eager.pop("lazy_at_import") == ["demo.core.engine", "demo.plugins", "demo.utils", "demo.utils.io"]
    # engine stays imported: `from .core.engine import Engine as Motor` is kept eager.
    assert lazy.pop("lazy_at_import") == ["demo.core.engine"]
    assert lazy == eager


def test_works_without_the_pyi_as_in_a_frozen_app(demo):
    """The attach() call carries the mapping, so deleting every .pyi changes nothing at runtime."""
    eager = behaviour(demo)
    assert main(["demo", "--write"]) == 0
    for stub in demo.rglob("*.pyi"):
        stub.unlink()
    lazy = behaviour(demo)
    lazy.pop("lazy_at_import"), eager.pop("lazy_at_import")
    assert lazy == eager


def test_attach_stub_on_a_missing_pyi_still_raises(run):
    """A direct attach_stub() needs its .pyi (SPEC 1): ValueError naming the file."""
    result = run("""
        import json
        try:
            import frozen
        except ValueError as exc:
            print(json.dumps(str(exc)))
    """, {"frozen/__init__.py": "import lazyboot\n__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)\n"})
    assert "non-existent stub" in result.json() and "__init__.pyi" in result.json()


CLIENT = '''
    import demo
    from demo import Engine, run, load, utils
    reveal_type(demo.Engine)
    reveal_type(run)
    reveal_type(demo.utils.load)
    reveal_type(demo.save)
    reveal_type(demo.__version__)
    reveal_type(demo.describe)
    reveal_type(demo.Motor)
    reveal_type(demo.DEFAULT)
    reveal_type(demo.plugins.X)
    reveal_type(demo.helper)
    reveal_type(Engine().start())
'''


def reveal(root: Path, client: str, *modules: str) -> list[str]:
    """`mypy --strict` on a client module: its reveal_type notes, in order."""
    (root / "client.py").write_text(textwrap.dedent(client))
    proc = subprocess.run(
        # One cache per test (the parent of both trees): third-party packages are
        # analysed once; the package under test is re-checked whenever it changed.
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--cache-dir", str(root.parent / ".mypy_cache"), "client.py"],
        cwd=root, capture_output=True, text=True, timeout=600,
        env={**os.environ, "MYPYPATH": str(root)},
    )
    notes = [line for line in proc.stdout.splitlines() if "Revealed type" in line]
    assert notes, proc.stdout + proc.stderr
    return notes


def test_mypy_strict_sees_the_same_types_before_and_after(demo):
    """reveal_type through the rewritten package (stub) equals the eager original."""
    before = reveal(demo, CLIENT)
    assert main(["demo", "--write"]) == 0
    after = reveal(demo, CLIENT)
    assert len(before) == 11
    assert after == before


def test_check_passes_when_stub_and_declaration_agree(demo, capsys):
    """--check exits 0 right after --write."""
    assert main(["demo", "--write"]) == 0
    capsys.readouterr()
    assert main(["demo", "--check"]) == 0
    assert "every .pyi agrees" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("demo/__init__.pyi", "from .core.engine import Engine as Engine, run as run\n",
          "from .core.engine import Engine as Engine\n"),
         "'run' is served at runtime (from .core.engine import run) but missing from __init__.pyi"),
        (("demo/__init__.py", '"utils.io": ["load", "save"],', '"utils.io": ["load"],'),
         "'save' is in __init__.pyi (from .utils.io import save) but not served at runtime"),
        (("demo/__init__.py", '"core.engine": ["Engine", "run"],', '"core.engine": ["Engine"],\n        "helpers": ["run"],'),
         "'run' is from .helpers import run at runtime but from .core.engine import run in __init__.pyi"),
    ],
    ids=["missing-from-stub", "missing-at-runtime", "different-submodule"],
)
def test_check_fails_when_they_disagree(demo, capsys, edit, message):
    """--check exits 1 and names the name, the side missing it, or both submodules."""
    assert main(["demo", "--write"]) == 0
    rel, old, new = edit
    path = demo / rel
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    capsys.readouterr()
    assert main(["demo", "--check"]) == 1
    out = capsys.readouterr().out
    assert f"demo/__init__.py: {message}" in out


def test_check_fails_when_the_pyi_is_missing(demo, capsys):
    """A lazy declaration without a .pyi is invisible to type checkers: --check says so."""
    assert main(["demo", "--write"]) == 0
    (demo / "demo/utils/__init__.pyi").unlink()
    capsys.readouterr()
    assert main(["demo", "--check"]) == 1
    assert "demo/utils/__init__.py: has a lazy declaration (line 3) but no __init__.pyi" in capsys.readouterr().out


def test_check_on_an_untouched_eager_package_passes(demo, capsys):
    """No declaration and no .pyi: nothing can disagree."""
    assert main(["demo", "--check"]) == 0


@pytest.mark.parametrize(
    ("args", "files", "error"),
    [
        (["no_such_pkg_xyz"], {}, "no package named 'no_such_pkg_xyz'"),
        (["broken"], {"broken/__init__.py": "from . import (\n"}, "cannot parse"),
        (["plainmod"], {"plainmod.py": "x = 1\n"}, "is a plain module"),
        (["./nodir"], {}, "no package at"),
        (["ok.nosub"], {"ok/__init__.py": ""}, "no package named 'ok.nosub'"),
        (["9bad"], {}, "is neither a package name nor a path"),
    ],
    ids=["missing", "syntax-error", "module-not-package", "missing-path", "missing-subpackage", "bad-name"],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path, args, files, error):
    """Bad input never produces a traceback."""
    write(tmp_path, files)
    proc = stubgen(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lazyboot stubgen: error: ") and error in lines[0], proc.stderr


def test_never_executes_the_package(tmp_path):
    """Locating and reading the package runs none of its code (dotted names included)."""
    write(tmp_path, {
        "boom/__init__.py": "raise SystemExit('boom executed')\nfrom .inner import x\n",
        "boom/inner/__init__.py": "raise SystemExit('inner executed')\nfrom .mod import y\n",
        "boom/inner/mod.py": "y = 1\n",
    })
    proc = stubgen("boom.inner", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "executed" not in proc.stderr
    assert "+++ b/boom/inner/__init__.py" in proc.stdout


def test_accepts_a_path_and_runs_as_python_m(tmp_path):
    """`python -m lazyboot.stubgen path/to/pkg --write` rewrites that package."""
    write(tmp_path, {"src/pkg/__init__.py": "from .a import f\n", "src/pkg/a.py": "def f(): return 1\n"})
    proc = stubgen("src/pkg", "--write", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"a": ["f"]' in (tmp_path / "src/pkg/__init__.py").read_text()
    assert (tmp_path / "src/pkg/__init__.pyi").read_text().endswith("from .a import f as f\n")


def test_hand_written_getattr_is_left_alone(demo, capsys):
    """A module that defines __getattr__ itself is reported and not touched."""
    path = demo / "demo/utils/__init__.py"
    path.write_text("from .io import load\n\ndef __getattr__(name):\n    raise AttributeError(name)\n")
    assert main(["demo", "--write"]) == 0
    assert path.read_text().startswith("from .io import load\n")
    assert "demo/utils/__init__.py: left alone: defines __getattr__() itself (line 3)" in capsys.readouterr().err


def test_attach_stub_becomes_an_explicit_mapping(tmp_path, monkeypatch, capsys):
    """A lazy_loader-style attach_stub package gets the mapping spelled out (frozen-app safe)."""
    write(tmp_path, {
        "ll/__init__.py": '"""Doc."""\nimport lazyboot as lazy\n\n__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)\n',
        "ll/__init__.pyi": "from . import sub as sub\nfrom .sub import f as f, g as g\n",
        "ll/sub.py": "def f(): return 'f'\ndef g(): return 'g'\n",
    })
    monkeypatch.chdir(tmp_path)
    assert main(["ll", "--write"]) == 0
    text = (tmp_path / "ll/__init__.py").read_text()
    assert "lazy.attach(\n    __name__,\n    submodules=[\"sub\"],\n" in text and '"sub": ["f", "g"]' in text
    # The hand-written stub is kept, and agrees.
    assert (tmp_path / "ll/__init__.pyi").read_text() == "from . import sub as sub\nfrom .sub import f as f, g as g\n"
    assert main(["ll", "--check"]) == 0
    (tmp_path / "ll/__init__.pyi").unlink()
    assert behaviour(tmp_path, "import json, ll; print(json.dumps([ll.f(), ll.g(), ll.__all__]))") == ["f", "g", ["f", "g", "sub"]]


def test_pep810_style_wraps_the_imports_in_lazy_imports(demo, capsys):
    """--style pep810: __lazy_modules__ plus the original lines inside `with lazyboot.lazy_imports():`."""
    assert main(["demo", "--write", "--style", "pep810"]) == 0
    text = (demo / "demo/__init__.py").read_text()
    assert textwrap.dedent('''\
        # Core engine
        import lazyboot

        __lazy_modules__ = {"demo.core.engine", "demo", "demo.utils.io", "demo.helpers"}
        with lazyboot.lazy_imports():
            from .core.engine import Engine, run  # the main entry points
            from . import utils
            from .utils.io import (
                load,  # reads files
                save,
            )
            from .core.engine import Engine as Motor
        import demo.plugins
        import os
    ''') in text
    assert "with lazyboot.lazy_imports():\n    from .helpers import helper\n" in text
    assert "kept eager: `import demo.plugins` (made lazy it would bind demo" in capsys.readouterr().err
    assert not list(demo.rglob("*.pyi"))  # the imports stay visible to type checkers


def test_pep810_style_package_still_works(demo):
    """The pep810 rewrite imports and behaves like the eager original (identity aside, see below)."""
    eager = behaviour(demo)
    assert main(["demo", "--write", "--style", "pep810"]) == 0
    lazy = behaviour(demo)
    for result in (lazy, eager):
        result.pop("lazy_at_import"), result.pop("motor_is_engine")
    assert lazy == eager


def test_pep810_style_keeps_identity_of_reexported_names(demo):
    """`from demo import Engine, Motor` gives the same class twice, as eagerly (and natively in PEP 810)."""
    assert main(["demo", "--write", "--style", "pep810"]) == 0
    assert behaviour(demo)["motor_is_engine"] is True


# --- the trader app ------------------------------------------------------------------


def eager_version(package: Path) -> dict[str, list[str]]:
    """Turn every lazy declaration under ``package`` into the eager imports its .pyi lists.

    Returns ``{__init__.py relative path: sorted names}`` of what was made eager.
    """
    import ast

    made: dict[str, list[str]] = {}
    for init in sorted(package.rglob("__init__.py")):
        stub = init.with_suffix(".pyi")
        if not stub.exists():
            continue
        lines = []
        names = []
        for node in ast.parse(stub.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                lines.append(f"from .{node.module or ''} import "
                             + ", ".join(alias.name for alias in node.names))
                names += [alias.asname or alias.name for alias in node.names]
        source = init.read_text()
        tree = ast.parse(source)
        out = source.splitlines(keepends=True)
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
                start, end = node.lineno - 1, node.end_lineno
                out[start:end] = [line + "\n" for line in lines]
                break
        text = "".join(out).replace("import lazyboot\n", "")
        init.write_text(text)
        stub.unlink()
        made[str(init.relative_to(package.parent))] = sorted(names)
    return made


TRADER_BEHAVIOUR = '''
    import importlib, json
    out = {}
    for package, names in sorted(%r.items()):
        module = importlib.import_module(package)
        described = {}
        for name in names:
            value = getattr(module, name)
            kind = type(value).__name__
            label = getattr(value, "__qualname__", None) or getattr(value, "__name__", None) or repr(value)[:40]
            described[name] = f"{kind}:{getattr(value, '__module__', '')}:{label}"
        out[package] = described
    print(json.dumps(out, sort_keys=True))
'''

TRADER_CLIENT = '''
    import bot
    from bot.backtest import Backtester, sharpe_ratio
    from bot.config import load_settings
    reveal_type(Backtester)
    reveal_type(sharpe_ratio)
    reveal_type(load_settings)
    reveal_type(bot.risk.historical_var)
    reveal_type(bot.core.TraderError)
    reveal_type(bot.live.PaperBroker)
    reveal_type(bot.strategy.make_strategy)
    reveal_type(bot.ml.deep_learning.AttentionConfig)
    reveal_type(bot.data.make_source)
    reveal_type(bot.cli.version)
'''


@pytest.mark.heavy
def test_round_trip_on_the_trader_app(tmp_path, monkeypatch, capsys):
    """Eager trader app -> stubgen -> lazy again: same names, same objects, same mypy types, no .pyi needed."""
    eager_root, lazy_root = tmp_path / "eager", tmp_path / "lazy"
    for root in (eager_root, lazy_root):
        shutil.copytree(TRADER_APP, root / "bot", ignore=shutil.ignore_patterns("__pycache__"))
        made = eager_version(root / "bot")
    assert made, "the trader app has no lazy declarations to round-trip"
    monkeypatch.chdir(lazy_root)
    assert main(["bot", "--write"]) == 0
    err = capsys.readouterr().err
    assert "left alone" not in err, err
    assert main(["bot", "--check"]) == 0

    # Every name the eager version exported is lazy again, mapped the same way.
    for rel, names in made.items():
        text = (lazy_root / rel).read_text()
        assert "lazyboot.attach(" in text, rel
        stub = (lazy_root / rel).with_suffix(".pyi").read_text()
        for name in names:
            assert f" as {name}" in stub, (rel, name)

    names = {rel.rpartition("/")[0].replace("/", "."): exported for rel, exported in made.items()}
    script = TRADER_BEHAVIOUR % (names,)
    eager = behaviour(eager_root, script)
    assert sum(len(v) for v in eager.values()) == sum(len(v) for v in made.values())
    assert behaviour(lazy_root, script) == eager
    assert reveal(lazy_root, TRADER_CLIENT) == reveal(eager_root, TRADER_CLIENT)
    for stub in lazy_root.rglob("*.pyi"):
        stub.unlink()
    assert behaviour(lazy_root, script) == eager
