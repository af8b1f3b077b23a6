"""Parse ``-X importtime`` output into a tree.

CPython prints one line per import *after* it finished, children before their
parent, nested two spaces per level::

    import time: self [us] | cumulative | imported package
    import time:       182 |        182 |   _io
    import time:       641 |       1236 | _frozen_importlib_external

3.7 to 3.13 print only real imports.  3.14's ``-X importtime=2`` adds rows for
modules that were already loaded, with ``cached`` in place of both times; they
are kept as nodes with ``cached=True`` and zero time.  Lines that are not
importtime rows (the program's own stderr) are returned separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROW = re.compile(r"^import time:\s+(\d+|cached)\s+\|\s+(\d+|cached)\s+\|( *)(\S.*?)\s*$")
_HEADER = re.compile(r"^import time:\s+self \[us\]\s+\|")


@dataclass
class Node:
    """One import: self and cumulative microseconds, its nested imports."""

    name: str
    self_us: int
    cumulative_us: int
    depth: int
    cached: bool = False
    children: list[Node] = field(default_factory=list)

    def walk(self):
        """This node and all below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        return {"name": self.name, "self_us": self.self_us,
                "cumulative_us": self.cumulative_us, "cached": self.cached,
                "children": [c.to_dict() for c in self.children]}


def parse(text: str) -> tuple[list[Node], list[str]]:
    """Return ``(roots, other_lines)`` for importtime output mixed with other stderr."""
    pending: dict[int, list[Node]] = {}
    other: list[str] = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match is None:
            if not _HEADER.match(line):
                other.append(line)
            continue
        self_s, cum_s, indent, name = match.groups()
        # One separator space, then two per nesting level (level 1 = top).
        depth = max(0, (len(indent) - 1) // 2)
        cached = self_s == "cached" or cum_s == "cached"
        node = Node(name=name, self_us=0 if cached else int(self_s),
                    cumulative_us=0 if cached else int(cum_s), depth=depth, cached=cached)
        node.children = pending.pop(depth + 1, [])
        # Deeper rows left over belong to an import that never finished printing.
        for deeper in [d for d in pending if d > depth + 1]:
            node.children.extend(pending.pop(deeper))
        pending.setdefault(depth, []).append(node)
    roots: list[Node] = []
    for depth in sorted(pending):
        roots.extend(pending[depth])
    return roots, other


def heaviest(roots: list[Node]) -> list[Node]:
    """Roots sorted by cumulative time, heaviest first; children sorted the same way."""
    def sort(nodes: list[Node]) -> list[Node]:
        for n in nodes:
            n.children = sort(n.children)
        return sorted(nodes, key=lambda n: n.cumulative_us, reverse=True)
    return sort(roots)


def count(roots: list[Node]) -> int:
    """Number of nodes in the forest."""
    return sum(1 for root in roots for _ in root.walk())


def prune(roots: list[Node], *, min_us: int = 0, top: int | None = None) -> list[Node]:
    """A copy keeping nodes with at least ``min_us`` cumulative time, at most ``top`` roots."""
    def keep(nodes: list[Node]) -> list[Node]:
        kept = []
        for n in nodes:
            if n.cumulative_us >= min_us and not (n.cached and min_us > 0):
                kept.append(Node(n.name, n.self_us, n.cumulative_us, n.depth, n.cached,
                                 keep(n.children)))
        return kept
    kept = keep(heaviest(roots))
    return kept if top is None else kept[:top]
