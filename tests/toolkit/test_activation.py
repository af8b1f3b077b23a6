"""Zero-code activation: the .pth line, LAZYBOOT_INSTALL, inheritance, packaging."""

import os
import subprocess
import sys
import zipfile

import pytest

from ._helpers import REPO, needs_install, subprocess_env

PTH = REPO / "lazyboot.pth"


def test_pth_is_one_cheap_line():
    """One 'import' line that reads os.environ and imports lazyboot only when asked."""
    lines = PTH.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("import os, sys;")
    assert 'os.environ.get("LAZYBOOT_INSTALL")' in lines[0]
    assert '__import__("lazyboot._activate")' in lines[0]
    assert "PYTHON_LAZY_IMPORTS" not in lines[0]


@needs_install
def test_installed_pth_is_the_repo_one():
    """The interpreter running the tests has the same line in its site-packages."""
    code = ("import site, os; print(next(open(os.path.join(d, 'lazyboot.pth')).read() "
            "for d in site.getsitepackages() if os.path.exists(os.path.join(d, 'lazyboot.pth'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == PTH.read_text().strip()


@needs_install
def test_unset_means_lazyboot_is_not_imported(run):
    """Without LAZYBOOT_INSTALL the .pth imports nothing."""
    result = run("""
        import sys
        print(sorted(m for m in sys.modules if m.startswith("lazyboot")))
    """)
    assert result.lines[-1] == "[]"


@needs_install
def test_install_1_activates_without_code_changes(run):
    """LAZYBOOT_INSTALL=1 makes lazyboot.install() happen before the program runs."""
    result = run("""
        import sys
        print("lazyboot" in sys.modules)
        import lazyboot
        print(lazyboot.is_installed())
    """, env={"LAZYBOOT_INSTALL": "1"})
    assert result.lines == ["True", "True"]


@needs_install
@pytest.mark.parametrize("value", ["0", "false", "off", ""])
def test_off_values_do_not_install(run, value):
    """0/false/off/empty leave lazyboot uninstalled."""
    result = run("""
        import lazyboot
        print(lazyboot.is_installed())
    """, env={"LAZYBOOT_INSTALL": value})
    assert result.lines[-1] == "False" and result.stderr == ""


@needs_install
def test_include_list(run):
    """LAZYBOOT_INSTALL=a,b installs with include=[a, b]: other imports stay eager."""
    result = run("""
        import lazyboot
        import lazyme
        import eagerme
        print(lazyboot.is_installed(), lazyboot.is_lazy(lazyme), lazyboot.is_lazy(eagerme))
    """, files={"lazyme.py": "X = 1\n", "eagerme.py": "Y = 2\n"},
        env={"LAZYBOOT_INSTALL": "lazyme, other"})
    assert result.lines[-1] == "True True False"


@needs_install
def test_bad_value_is_one_line_and_the_program_runs(run):
    """An unusable LAZYBOOT_INSTALL is reported in one line; the program still runs."""
    result = run("""
        import lazyboot
        print("ran", lazyboot.is_installed())
    """, env={"LAZYBOOT_INSTALL": ",,"})
    assert result.lines[-1] == "ran False"
    assert result.stderr.count("\n") == 1 and "LAZYBOOT_INSTALL=',,' ignored" in result.stderr


@needs_install
def test_eager_switch_wins(run):
    """LAZYBOOT_EAGER=1 makes the activation a no-op (the core's switch)."""
    result = run("""
        import lazyboot
        print(lazyboot.is_installed())
    """, env={"LAZYBOOT_INSTALL": "1", "LAZYBOOT_EAGER": "1"})
    assert result.lines[-1] == "False"


@needs_install
def test_subprocess_children_inherit_activation(run):
    """A subprocess started by an activated program is activated too."""
    result = run("""
        import subprocess, sys
        out = subprocess.run([sys.executable, "-c", "import lazyboot; print(lazyboot.is_installed())"],
                             capture_output=True, text=True).stdout
        print(out.strip())
    """, env={"LAZYBOOT_INSTALL": "1"})
    assert result.lines[-1] == "True"


@needs_install
def test_multiprocessing_spawn_workers_inherit_activation(run):
    """spawn workers start fresh interpreters; the environment activates them."""
    result = run("""
        import multiprocessing as mp
        import worker

        if __name__ == "__main__":
            with mp.get_context("spawn").Pool(2) as pool:
                print(pool.map(worker.state, range(2)))
    """, files={"worker.py": """
        import sys

        def state(_):
            lazyboot = sys.modules.get("lazyboot")
            return bool(lazyboot and lazyboot.is_installed())
    """}, env={"LAZYBOOT_INSTALL": "1"})
    assert result.lines[-1] == "[True, True]"


@needs_install
def test_probe_reports_once_and_is_not_inherited(run, tmp_path):
    """LAZYBOOT_PROBE is removed from the environment, so only the probed process writes."""
    out = tmp_path / "probe.txt"
    result = run("""
        import os, subprocess, sys
        print(os.environ.get("LAZYBOOT_PROBE"))
        import json
    """, env={"LAZYBOOT_PROBE": str(out)})
    assert result.lines[-1] == "None"
    from lazyboot.bench.probe import read_probe

    data = read_probe(str(out))
    assert data["installed"] is False and "json" in data["modules"]
    assert data["parents"]["json"][0] == "__main__"


def build(kind, tmp_path):
    """Build a wheel of a copy of the project with hatchling's PEP 517 hooks."""
    pytest.importorskip("hatchling")
    if kind == "editable":
        pytest.importorskip("editables", reason="hatchling's editable builds need 'editables' "
                            "(pip supplies it in its isolated build environment)")
    import shutil

    src = tmp_path / "src"
    shutil.copytree(REPO / "lazyboot", src / "lazyboot",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "lazyboot.pth"):
        shutil.copy(REPO / name, src / name)
    readme = REPO / "README.md"
    (src / "README.md").write_text(readme.read_text() if readme.exists() else "lazyboot\n")
    dist = tmp_path / "dist"
    dist.mkdir()
    hook = "build_wheel" if kind == "wheel" else "build_editable"
    code = f"import hatchling.build as b; print(b.{hook}({str(dist)!r}))"
    name = subprocess.run([sys.executable, "-c", code], cwd=src, capture_output=True, text=True,
                          check=True, env=subprocess_env()).stdout.strip().splitlines()[-1]
    return zipfile.ZipFile(dist / name)


@pytest.mark.parametrize("kind", ["wheel", "editable"])
def test_the_pth_ships_at_the_root_of_wheel_and_editable_wheel(kind, tmp_path):
    """site-packages/lazyboot.pth comes with a normal and an editable install."""
    with build(kind, tmp_path) as whl:
        names = whl.namelist()
        assert "lazyboot.pth" in names
        assert whl.read("lazyboot.pth").decode().strip() == PTH.read_text().strip()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        text = whl.read(entry_points).decode()
        assert "lazyboot = lazyboot.cli:main" in text and "[pytest11]" in text
        if kind == "editable":
            # hatchling's own path file must sort before ours so lazyboot is importable.
            path_files = [n for n in names if n.endswith(".pth") and n != "lazyboot.pth"]
            assert path_files and all(p < "lazyboot.pth" for p in path_files)


@needs_install
def test_zero_code_pytest_with_warnings_as_errors_runs_clean(tmp_path):
    """``LAZYBOOT_INSTALL=1 pytest`` on a project with ``filterwarnings = ["error"]``:
    lazyboot is imported before pytest loads its plugin, and must not make
    pytest warn that it cannot rewrite lazyboot's asserts."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n')
    (tmp_path / "test_app.py").write_text(
        "import json\nimport lazyboot\n\n"
        "def test_lazy_and_working():\n"
        "    assert lazyboot.is_installed()\n"
        "    assert json.dumps([1]) == '[1]'\n")
    env = subprocess_env(LAZYBOOT_INSTALL="1")
    proc = subprocess.run([sys.executable, "-c", "import pytest; raise SystemExit(pytest.main())"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "1 passed" in proc.stdout
    assert "Warning" not in proc.stdout + proc.stderr
