"""Differential fuzzing: generated packages and programs behave the same eagerly
and under ``lazyboot.install()`` (both the default policy and every import
lazy).  What "the same" means is documented in ``_harness.py``.

Each Hypothesis example is a batch of worlds run in ONE eager and ONE
interpreter per lazy mode, so CI pays a handful of interpreter start-ups per
example, not one per program.  Large setting (5,000 random programs):
``LAZYBOOT_NIGHTLY=1`` (scales the default test) or ``pytest -m nightly``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings

from _harness import check
from _worlds import batches

NIGHTLY = os.environ.get("LAZYBOOT_NIGHTLY") == "1"
#: CI: 25 batches x 10 worlds = 250 programs; nightly: 250 x 20 = 5,000.
BATCH = 20 if NIGHTLY else 10
EXAMPLES = 250 if NIGHTLY else 25


_SETTINGS = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
    # A failing batch already names the failing world and prints it as a
    # regression test; shrinking (3 interpreters per step) is opt-in.
    phases=None if os.environ.get("LAZYBOOT_SHRINK") == "1" else
    [Phase.explicit, Phase.reuse, Phase.generate],
)


def _check_and_count(run, worlds):
    stats = check(run, worlds)
    # ``pytest --hypothesis-show-statistics`` shows how many batches had a
    # world cut short by a cycle (eager, or reordered by laziness).
    for key in sorted(stats):
        if key != "worlds" and stats[key]:
            event(f"batch had a world stopped by: {key}")


@settings(max_examples=EXAMPLES, derandomize=not NIGHTLY, **_SETTINGS)
@given(worlds=batches(BATCH))
def test_generated_programs_match_eager(run, worlds):
    """Every generated program observes the same values, errors and side effects."""
    _check_and_count(run, worlds)


@pytest.mark.nightly
@settings(max_examples=250, derandomize=False, **_SETTINGS)
@given(worlds=batches(20))
def test_generated_programs_match_eager_nightly(run, worlds):
    """``pytest -m nightly``: 250 batches x 20 worlds = 5,000 random programs."""
    _check_and_count(run, worlds)
