"""Run a command once with lazyboot active and collect its ``report()`` records."""

from __future__ import annotations

from dataclasses import dataclass

from lazyboot.bench.probe import ProbeResult, probe
from lazyboot.bench.runner import Sample


@dataclass
class LazyRun:
    """One run: its sample, the records (None when lazyboot was not active), stderr."""

    sample: Sample
    records: list[dict] | None
    stderr: str
    probe: ProbeResult


def run_with_report(argv: list[str], env: dict, runner=None, *, capture_stderr: bool = False) -> LazyRun:
    """Run ``argv`` once with the probe and return ``lazyboot.report()`` as the child saw it at exit.

    The records come through ``LAZYBOOT_PROBE`` rather than ``LAZYBOOT_REPORT``:
    the probe writes a Python literal and imports nothing at exit, so it cannot
    materialise a lazy ``json`` the program never used (which would also show
    up in an ``-X importtime`` tree of the same run).
    """
    result = probe(argv, env, runner, capture_stderr=capture_stderr)
    records = None
    data = result.data or {}
    if data.get("installed"):
        records = [r for r in data.get("records") or [] if isinstance(r, dict) and "module" in r]
    return LazyRun(sample=result.sample, records=records, stderr=result.stderr, probe=result)


def split_records(records: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """``(deferred and never used, used, failed)``."""
    pending = [r for r in records if r.get("state") == "pending"]
    used = [r for r in records if r.get("state") == "loaded"]
    failed = [r for r in records if r.get("state") == "failed"]
    return pending, used, failed


def label(record: dict) -> str:
    """``module``, or ``module:attribute`` for a from-import proxy."""
    attr = record.get("attribute")
    return f"{record['module']}:{attr}" if attr else record["module"]


def annotate(records: list[dict] | None) -> dict[str, dict]:
    """Map module name -> {"lazy": "deferred"|"materialised", "first_used_at": ...}."""
    marks: dict[str, dict] = {}
    if not records:
        return marks
    pending, used, failed = split_records(records)
    for r in used + failed:
        marks.setdefault(r["module"], {"lazy": "materialised", "first_used_at": r.get("first_used_at")})
    for r in pending:
        marks.setdefault(r["module"], {"lazy": "deferred", "first_used_at": None})
    return marks


def with_marks(node: dict, marks: dict) -> dict:
    """A tree node dict (and its children) with ``lazy``/``first_used_at`` from ``marks``."""
    mark = marks.get(node["name"])
    if mark:
        node.update(mark)
    node["children"] = [with_marks(c, marks) for c in node["children"]]
    return node


def graft_materialised(roots: list, records: list[dict] | None) -> list:
    """Add a node for each lazy module that materialised but has no importtime row.

    lazyboot runs a lazy module's body outside the import statement that
    ``-X importtime`` times, so the module itself has no row; its own imports
    show up as top-level rows.  The grafted node takes its ``load_ms`` as
    cumulative time and adopts the top-level rows of its submodules.
    """
    from lazyboot.bench.importtime import Node

    if not records:
        return roots
    present = {n.name for r in roots for n in r.walk()}
    for record in records:
        name = record["module"]
        if (record.get("kind", "module") != "module" or record.get("state") != "loaded"
                or name in present or record.get("load_ms") is None):
            continue
        adopted = [r for r in roots if r.name.startswith(name + ".")]
        roots = [r for r in roots if r not in adopted]
        total = int(record["load_ms"] * 1000)
        children_us = sum(c.cumulative_us for c in adopted)
        node = Node(name=name, self_us=max(0, total - children_us),
                    cumulative_us=max(total, children_us), depth=0, children=adopted)
        roots.append(node)
        present.add(name)
    return roots
