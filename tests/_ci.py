"""What a test does when something it needs is not installed: fail in CI, skip elsewhere.

CI (``CI=true``, exported by ``.ci/run``) installs every optional tool and
package the suites use, so a missing one there is a broken CI set-up, never a
reason to skip.  On a developer's machine the test skips and says what to
install.
"""

from __future__ import annotations

import importlib

import pytest

from _sdist import in_ci

__all__ = ["in_ci", "need_module", "unavailable"]


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: the test cannot run for ``reason``."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run installs it, so the test may not skip)",
                    pytrace=False)
    pytest.skip(reason)


def need_module(name: str, install: str):
    """The imported module ``name``; :func:`unavailable` if it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        unavailable(f"{name} is not installed ({install}): {exc}")
