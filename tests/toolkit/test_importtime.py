"""The -X importtime parser, on recorded samples (3.7, 3.10, 3.13) and 3.14's importtime=2 format."""

import pytest

from lazyboot.bench import importtime

from ._helpers import DATA


def load(name):
    return importtime.parse((DATA / f"importtime-{name}.txt").read_text())


@pytest.mark.parametrize("sample", ["py37", "py310", "py313", "py314-level2"])
def test_every_row_becomes_one_node(sample):
    """No importtime row is lost or duplicated."""
    text = (DATA / f"importtime-{sample}.txt").read_text()
    rows = [line for line in text.splitlines()
            if line.startswith("import time:") and "self [us]" not in line]
    roots, _ = importtime.parse(text)
    assert importtime.count(roots) == len(rows)


@pytest.mark.parametrize("sample", ["py37", "py310", "py313", "py314-level2"])
def test_json_subtree_is_nested_with_cumulative_times(sample):
    """json contains json.decoder, which contains re; cumulative = self + children (±1 us rounding each)."""
    roots, _ = load(sample)
    json_node = next(r for r in roots if r.name == "json")
    names = [c.name for c in json_node.children]
    assert "json.decoder" in names
    decoder = next(c for c in json_node.children if c.name == "json.decoder")
    assert "re" in [c.name for c in decoder.children]
    for node in json_node.walk():
        if not node.cached:
            total = node.self_us + sum(c.cumulative_us for c in node.children)
            assert abs(node.cumulative_us - total) <= len(node.children) + 1


def test_recorded_313_numbers():
    """The exact numbers of one recorded row survive parsing."""
    roots, _ = load("py313")
    json_node = next(r for r in roots if r.name == "json")
    assert (json_node.self_us, json_node.cumulative_us, json_node.depth) == (461, 23570, 0)


def test_314_cached_rows_are_zero_time_nodes():
    """importtime=2's 'cached' rows are kept, flagged, and cost nothing."""
    roots, other = load("py314-level2")
    top_re = next(r for r in roots if r.name == "re")
    assert top_re.cached and top_re.self_us == 0 and top_re.cumulative_us == 0
    myapp = next(r for r in roots if r.name == "myapp")
    assert [(c.name, c.cached) for c in myapp.children] == [("json.decoder", True)]
    scanner = next(n for r in roots for n in r.walk() if n.name == "json.scanner")
    assert ("re", True) in [(c.name, c.cached) for c in scanner.children]
    assert scanner.cumulative_us == 1995  # the cached row adds nothing


def test_other_stderr_lines_are_kept_apart():
    """The program's own stderr is returned, not parsed."""
    _, other = load("py313")
    assert other == ["program output on stderr"]


def test_heaviest_first_and_prune():
    """Roots and children sort by cumulative time; prune drops small nodes and caps roots."""
    roots, _ = load("py313")
    ordered = importtime.heaviest(roots)
    cumulative = [r.cumulative_us for r in ordered]
    assert cumulative == sorted(cumulative, reverse=True)
    pruned = importtime.prune(roots, min_us=5000, top=2)
    assert len(pruned) <= 2
    assert all(n.cumulative_us >= 5000 for r in pruned for n in r.walk())


def test_garbage_is_not_a_tree():
    """Text without importtime rows parses to no roots."""
    roots, other = importtime.parse("Traceback (most recent call last):\nboom\n")
    assert roots == [] and other == ["Traceback (most recent call last):", "boom"]
