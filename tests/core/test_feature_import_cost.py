"""The rarer features cost nothing at import: stdlib only, no threading, click or wrapt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_feature_modules_adds_only_themselves():
    """On top of `import lazyboot`, on_load/warmup/click/stubgen add nothing outside lazyboot (checked with -S)."""
    script = """
import json, sys
import lazyboot
before = set(sys.modules)
import lazyboot._onload, lazyboot._warmup, lazyboot.click, lazyboot.stubgen
print(json.dumps(sorted(set(sys.modules) - before)))
print(json.dumps(sorted(m for m in ("threading", "click", "wrapt", "argparse", "ast", "difflib")
                        if m in sys.modules)))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run([sys.executable, "-S", "-c", script], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    added, heavy = (json.loads(line) for line in proc.stdout.splitlines())
    # lazyboot's own modules, and __future__ (for ``from __future__ import annotations``).
    assert [m for m in added if not m.startswith("lazyboot.") and m != "__future__"] == []
    assert {"lazyboot._onload", "lazyboot._warmup", "lazyboot.click", "lazyboot.stubgen"} <= set(added)
    assert heavy == []
