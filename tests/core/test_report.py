"""report() records and LAZYBOOT_REPORT at exit."""

import json

FILES = {"used.py": "X = 1\n", "unused.py": "Y = 2\n", "bad.py": "raise ValueError('nope')\n"}
SCRIPT = """
import json, lazyboot
lazyboot.install()
import used, unused, bad
def not_taken():
    return unused.Y
used.X
try:
    bad.Y
except ValueError:
    pass
"""


def test_records_say_what_was_deferred_used_and_failed(run):
    r = run(SCRIPT + """
print(json.dumps({r["module"]: [r["state"], r["imported_at"].endswith(":4"),
                               r["first_used_at"] and r["first_used_at"].split(":")[-1],
                               r["thread"], r["load_ms"] is not None, bool(r["error"])]
                  for r in lazyboot.report()}))
""", FILES)
    assert r.json() == {
        "used": ["loaded", True, "7", "MainThread", True, False],
        "unused": ["pending", True, None, None, False, False],
        "bad": ["failed", True, "9", "MainThread", False, True],
    }


def test_lazyboot_report_prints_a_summary_or_writes_json(run):
    r = run(SCRIPT, FILES, env={"LAZYBOOT_REPORT": "1"})
    assert "lazyboot: 3 lazy imports: 1 loaded" in r.stderr
    assert "unused" in r.stderr and "ValueError: nope" in r.stderr
    r = run(SCRIPT, FILES, env={"LAZYBOOT_REPORT": "out.json"})
    data = json.loads((run.path / "out.json").read_text())
    assert [d["module"] for d in data] == ["used", "unused", "bad"]


def test_json_report_does_not_load_the_programs_lazy_modules(run):
    r = run("""
import sys, lazyboot
lazyboot.install()
import json
print("json" in sys.modules and lazyboot.is_lazy(sys.modules["json"]))
""", env={"LAZYBOOT_REPORT": "out.json"})
    assert r.lines == ["True"]
    import json

    data = json.loads((run.path / "out.json").read_text())
    assert [(d["module"], d["state"]) for d in data] == [("json", "pending")]


def test_import_sites_in_a_long_module_body_name_the_right_lines(run):
    # Past a few hundred bytes of bytecode the hook finds line numbers from a
    # cached line table instead of frame.f_lineno; the lines must not change.
    body = "".join(f"VALUE_{n} = {n}\nimport mod_{n}\n" for n in range(150))
    body += "def modules():\n    return [" + ", ".join(f"mod_{n}" for n in range(150)) + "]\n"
    files = {"big.py": body, **{f"mod_{n}.py": f"X = {n}\n" for n in range(150)}}
    r = run("""
import json, lazyboot
lazyboot.install()
import big
big.VALUE_0
print(json.dumps({r["module"]: r["imported_at"].rsplit(":", 1)[1]
                  for r in lazyboot.report() if r["module"].startswith("mod_")}))
""", files)
    assert r.json() == {f"mod_{n}": str(2 * n + 2) for n in range(150)}


def test_opcode_numbers_match_the_running_interpreter(run):
    # lazyboot keeps a per-version table so that the hook never imports ``opcode``.
    r = run("""
import json, opcode, lazyboot._cpython as cp
print(json.dumps({name: [number, opcode.opmap.get(name)] for name, number in cp.opmap().items()}))
""")
    assert r.json() and all(ours == theirs for ours, theirs in r.json().values())
