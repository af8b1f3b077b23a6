"""Comparing two runs of a third-party test suite: per-test outcomes from JUnit XML.

Used by the real-code suites (libraries) and the real-application suites.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

OUTCOMES = ("passed", "failed", "error", "skipped")
#: JUnit XML child element of a test case -> outcome.
_TAGS = {"failure": "failed", "error": "error", "skipped": "skipped"}

#: A pytest plugin (``-p <module>``) that writes, at session end, to the file
#: named by ``LAZYBOOT_SUITE_PROBE``: whether lazyboot was installed in the
#: pytest process and how many lazy imports it recorded.
PROBE_PLUGIN = '''
import json, os, sys

def pytest_sessionfinish(session):
    lb = sys.modules.get("lazyboot")
    data = {"installed": bool(lb and lb.is_installed()),
            "records": len(lb.report()) if lb else 0}
    with open(os.environ["LAZYBOOT_SUITE_PROBE"], "w") as f:
        json.dump(data, f)
'''


def junit_outcomes(xml_path: Path) -> dict[str, str]:
    """``{"classname::name": outcome}`` for every test case of a JUnit XML report."""
    outcomes = {}
    for case in ET.parse(xml_path).iter("testcase"):
        key = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for child in case:
            outcome = _TAGS.get(child.tag, outcome)
        outcomes[key] = outcome
    return outcomes


def counts(outcomes: dict[str, str]) -> dict[str, int]:
    return {o: list(outcomes.values()).count(o) for o in OUTCOMES}


def differences(eager: dict[str, str], lazy: dict[str, str], limit: int = 30) -> str:
    """Empty when both runs gave every test the same outcome; else a readable list."""
    differ = {k: (eager.get(k), lazy.get(k)) for k in eager.keys() | lazy.keys()
              if eager.get(k) != lazy.get(k)}
    if not differ:
        return ""
    lines = [f"{len(differ)} tests differ; eager {counts(eager)}, lazy {counts(lazy)}"]
    lines += [f"  {k}: eager {e} | lazy {z}" for k, (e, z) in sorted(differ.items())[:limit]]
    if len(differ) > limit:
        lines.append(f"  ... and {len(differ) - limit} more")
    return "\n".join(lines)
