"""Fixtures for the toolkit's tests (helpers live in ``_helpers.py``).

``pytester`` is enabled in ``test_plugin.py`` itself: pytest refuses
``pytest_plugins`` in a conftest below the root.
"""

from __future__ import annotations

import pytest

from ._helpers import FakeRunner

@pytest.fixture
def fake_runner():
    return FakeRunner


@pytest.fixture
def cli(capsys):
    """Run ``lazyboot.cli.main(argv)`` in-process; return ``(rc, stdout, stderr)``."""
    from lazyboot.cli import main

    def _cli(*argv):
        rc = main(list(argv))
        out, err = capsys.readouterr()
        return rc, out, err

    return _cli
