"""Statistics and gates: pure functions, exact numbers."""

import math

import pytest

from lazyboot.bench import gates, stats


def test_median_of_odd_and_even_counts():
    """The median is the middle value, or the mean of the two middle values."""
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_summary_uses_the_sample_standard_deviation():
    """stddev divides by n - 1, as hyperfine does."""
    s = stats.summarize([1.0, 2.0, 3.0, 4.0])
    assert (s.median, s.mean, s.min, s.max, s.n) == (2.5, 2.5, 1.0, 4.0, 4)
    assert s.stddev == pytest.approx(math.sqrt(5 / 3))


def test_summary_of_one_value_has_no_stddev():
    """One run has no spread to report."""
    assert stats.summarize([0.5]).stddev is None


def test_summary_of_nothing_is_an_error():
    """An empty list is a bug in the caller, not a zero."""
    with pytest.raises(ValueError):
        stats.summarize([])


def test_slow_first_run_warning_names_warmup():
    """A first run far above the rest is reported with the flag that fixes it."""
    warnings = stats.timing_warnings([0.5, 0.100, 0.101, 0.099, 0.100, 0.102])
    assert len(warnings) == 1 and "first run" in warnings[0] and "--warmup" in warnings[0]


def test_outlier_warning_for_a_later_run():
    """An outlier that is not the first run gets the general warning."""
    warnings = stats.timing_warnings([0.100, 0.101, 0.099, 0.5, 0.100, 0.102])
    assert len(warnings) == 1 and "outliers" in warnings[0] and "--warmup" in warnings[0]


def test_steady_runs_give_no_warning():
    """Ordinary jitter is not an outlier."""
    assert stats.timing_warnings([0.100, 0.101, 0.099, 0.103, 0.100, 0.102]) == []


def test_identical_runs_have_zero_scores():
    """A zero MAD does not divide by zero."""
    assert stats.modified_zscores([1.0, 1.0, 1.0]) == [0.0, 0.0, 0.0]


def test_pair_ratios():
    """Each pair gives eager / lazy; a zero denominator is skipped."""
    assert stats.ratios([2.0, 3.0, 1.0], [1.0, 1.5, 0.0]) == [2.0, 2.0]


@pytest.mark.parametrize(
    ("current", "baseline", "failed"),
    [(0.120, 0.100, True),    # +20 ms and +20 %: both exceeded
     (0.105, 0.100, False),   # +5 ms: under the absolute allowance
     (2.015, 2.000, False),   # +15 ms but only +0.75 %
     (0.100, 0.100, False)],  # unchanged
    ids=["both", "only-pct", "only-ms", "same"])
def test_regression_fails_only_when_both_allowances_are_exceeded(current, baseline, failed):
    """--max-regress-ms 10 and --max-regress-pct 10 must both be exceeded."""
    check = gates.regression(current, baseline, max_ms=10, max_pct=10)
    assert check.failed is failed
    assert f"{check.delta_ms:+.1f} ms" in check.message()
    assert f"{check.delta_pct:+.1f}%" in check.message()


def test_forbidden_names_cover_submodules_and_report_the_shortest():
    """'sklearn' covers 'sklearn.base'; the report names 'sklearn' once."""
    loaded = {"os", "sklearn", "sklearn.base", "sklearnx", "torch.nn"}
    hits = gates.forbidden_loaded(loaded, ["sklearn", "torch"])
    assert hits == ["sklearn", "sklearn.base", "torch.nn"]
    assert gates.top_level_hits(hits) == ["sklearn", "torch.nn"]
