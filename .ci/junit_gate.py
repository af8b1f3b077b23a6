"""CI gate on a pytest JUnit XML report: at least MIN tests ran, none skipped.

    python .ci/junit_gate.py REPORT.xml [MIN]

pytest's own exit code already fails a step with a failing test, an error or
nothing collected (exit 5).  This gate adds what the exit code lets through:
a skipped test (a missing tool, package or download that CI is supposed to
provide), or a run that collected fewer tests than expected.  Expected
failures (``xfail``, strict in this project: they run, and an unexpected pass
fails) are listed but allowed; tests about another Python are deselected by
tests/conftest.py, not skipped.  It prints every
skip with its reason and exits 1.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path, minimum = argv[1], int(argv[2]) if len(argv) == 3 else 1
    cases = list(ET.parse(path).getroot().iter("testcase"))
    skipped, failed, expected = [], [], []
    for case in cases:
        name = f"{case.get('classname')}::{case.get('name')}"
        for child in case:
            if child.tag == "skipped" and child.get("type") == "pytest.xfail":
                expected.append(f"{name}: {child.get('message', '').strip()}")
            elif child.tag == "skipped":
                skipped.append(f"{name}: {child.get('message', '').strip()}")
            elif child.tag in ("failure", "error"):
                failed.append(name)
    ran = len(cases) - len(skipped)
    print(f"gate {path}: {len(cases)} tests, {len(skipped)} skipped, {len(failed)} failed "
          f"(at least {minimum} must run, none may skip)")
    for line in expected:
        print(f"  expected failure (strict xfail): {line}")
    for line in skipped:
        print(f"  SKIPPED in CI: {line}")
    for name in failed:
        print(f"  FAILED: {name}")
    if skipped or failed or ran < minimum:
        if ran < minimum:
            print(f"  only {ran} tests ran; at least {minimum} must")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
