"""The real-application harness itself, offline: the install() line, pins, the corpus.

These run in the default suite (no ``realapps`` marker): they need no network
and no application environment.
"""

from __future__ import annotations

import ast

import pytest

from _appvenv import INSTALL_LINE, insert_install_line, pinned_names
from _corpus import APPS


def _statements(source: str) -> list[str]:
    tree = ast.parse(source)
    return [ast.get_source_segment(source, node) for node in tree.body]


@pytest.mark.parametrize(("source", "before"), [
    ("import os\nprint(os.sep)\n", []),
    ('"""Doc."""\nimport os\n', ['"""Doc."""']),
    ('"""Doc."""\nfrom __future__ import annotations\nfrom __future__ import division\nimport os\n',
     ['"""Doc."""', "from __future__ import annotations", "from __future__ import division"]),
    ("#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n\nfrom __future__ import annotations\nx = 1\n",
     ["from __future__ import annotations"]),
    ("# comment\n\n@decorator\ndef f():\n    pass\n", []),
    ('"""Only a docstring, no newline at the end."""', ['"""Only a docstring, no newline at the end."""']),
    ("", []),
])
def test_install_line_goes_after_docstring_and_future_imports(source, before):
    result = insert_install_line(source)
    statements = _statements(result)
    assert statements[:len(before)] == before
    assert statements[len(before)] == "import lazyboot"
    assert statements[len(before) + 1] == "lazyboot.install()"
    # Nothing else changed, and leading comments (shebang, coding cookie) stay first.
    assert result.replace(INSTALL_LINE, "", 1).rstrip("\n") == source.rstrip("\n")
    if source.startswith("#"):
        assert result.splitlines()[0] == source.splitlines()[0]
    compile(result, "<entry>", "exec")


def test_pins_must_be_exact():
    assert pinned_names("Click==8.1.0\nfoo_bar==1.0 ; python_version < '3.11'\n# c\n") == {
        "click": ["Click==8.1.0"], "foo-bar": ["foo_bar==1.0 ; python_version < '3.11'"]}
    with pytest.raises(ValueError, match="exact"):
        pinned_names("click>=8\n")


@pytest.mark.parametrize("app", APPS, ids=[app.name for app in APPS])
def test_corpus_entry_is_complete(app):
    pins = pinned_names(app.pins.read_text())
    assert app.sdist in app.pins.read_text().splitlines()[0], "pins written for another sdist"
    assert len(app.sha256) == 64 and int(app.sha256, 16) >= 0
    for requirement in (*app.build, *app.test):
        name = requirement.split("<")[0].split(">")[0].split("=")[0].strip()
        assert name.lower().replace("_", "-") in pins, f"{requirement} is not pinned"
    names = [command.name for command in app.commands]
    assert len(names) == len(set(names))
    assert "help" in names
    assert sum(command.real for command in app.commands) == 1
    assert any(command.files for command in app.commands), "no command works on files"


def test_corpus_covers_what_it_claims():
    covered = {criterion for app in APPS for criterion in app.covers}
    assert sum("click" in app.covers for app in APPS) >= 2
    assert {"argparse", "entry-point plugins", "patches stdlib", "templates",
            "filterwarnings=error"} <= covered
    assert len(APPS) >= 6
