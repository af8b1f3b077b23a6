"""Configuration without code: ``LAZYBOOT_EXCLUDE`` and ``[tool.lazyboot]``.

Each scenario runs in a fresh interpreter, with a ``pyproject.toml`` beside
the script (``install()`` looks upward from the calling module; zero-code
activation from the current directory).  Precedence, per list: an
``install()`` argument, then ``LAZYBOOT_EXCLUDE`` (exclude only), then the
file.
"""

from __future__ import annotations

import pytest

FILES = {
    "app/__init__.py": "",
    "app/a.py": "VALUE = 'a'\n",
    "app/b.py": "VALUE = 'b'\n",
}

STATES = """
import sys, lazyboot
{install}
import app.a, app.b
def main():
    print([lazyboot.is_lazy(sys.modules.get(n)) if n in sys.modules else "absent"
           for n in ("app.a", "app.b")])
    print(app.a.VALUE, app.b.VALUE)
main()
"""

#: Pending lazily: True on lazyboot's engine; on the interpreter's (3.15)
#: a pending module is not in sys.modules yet.
LAZY = (True, "absent")


def _states(result):
    first, second = result.lines
    assert second == "a b"
    return [state in LAZY for state in eval(first)]


def _pyproject(table: str) -> dict[str, str]:
    return {"pyproject.toml": f"[project]\nname = 'app'\n\n{table}\n[tool.other]\nx = 1\n"}


@pytest.mark.parametrize(("table", "env", "install", "lazy"), [
    ("", {}, "lazyboot.install()", [True, True]),
    ('[tool.lazyboot]\nexclude = ["app.b"]\n', {}, "lazyboot.install()", [True, False]),
    # a comment after the header, a list over several lines
    ('[tool.lazyboot]  # start-up settings\nexclude = [\n  "app.a",  # heavy side effects\n]\n', {},
     "lazyboot.install()", [False, True]),
    # the environment variable wins over the file
    ('[tool.lazyboot]\nexclude = ["app.b"]\n', {"LAZYBOOT_EXCLUDE": "app.a"}, "lazyboot.install()",
     [False, True]),
    # an argument wins over both
    ('[tool.lazyboot]\nexclude = ["app.b"]\n', {"LAZYBOOT_EXCLUDE": "app.b"},
     "lazyboot.install(exclude=[])", [True, True]),
    # include from the file narrows what is lazy
    ('[tool.lazyboot]\ninclude = ["app.a"]\n', {}, "lazyboot.install()", [True, False]),
    # only mentioned in a comment: no table
    ('# see [tool.lazyboot] in the docs\n', {}, "lazyboot.install()", [True, True]),
], ids=["none", "exclude", "comments", "env-wins", "argument-wins", "include", "mention"])
def test_install_reads_the_table_and_the_environment(run, table, env, install, lazy):
    result = run(STATES.format(install=install), {**FILES, **_pyproject(table)}, env=env)
    assert _states(result) == lazy


def test_zero_code_activation_reads_the_table_of_the_current_directory(run):
    files = {**FILES, **_pyproject('[tool.lazyboot]\nexclude = ["app.a"]\n')}
    result = run(STATES.format(install=""), files, env={"LAZYBOOT_INSTALL": "1"})
    assert _states(result) == [False, True]


def test_a_bad_table_is_a_clear_error_naming_the_file_and_line(run):
    files = {**FILES, **_pyproject('[tool.lazyboot]\nexclude = "app.a"\n')}
    result = run("""
import lazyboot
try:
    lazyboot.install()
except ValueError as exc:
    print(str(exc).replace(__file__.rpartition("/")[0], "<dir>"))
print(lazyboot.is_installed())
""", files)
    assert result.lines == [
        "<dir>/pyproject.toml:5: [tool.lazyboot] settings are lists of module names, "
        "such as [\"pkg.mod\"], not '\"app.a\"'",
        "False"]


def test_zero_code_activation_with_a_bad_table_runs_the_program_without_lazyboot(run):
    files = {**FILES, **_pyproject('[tool.lazyboot]\ninclude = ["not a module"]\n')}
    result = run(STATES.format(install=""), files, env={"LAZYBOOT_INSTALL": "1"})
    assert result.lines[1] == "a b"
    assert eval(result.lines[0]) == [False, False]  # nothing lazy
    assert result.stderr.count("\n") == 1 and "pyproject.toml:5" in result.stderr, result.stderr
