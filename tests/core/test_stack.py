"""Where lazyboot gives an import tree a frame-stack chunk of its own (``_stack``).

The chunk is a performance measure (no mmap/munmap churn at chunk edges on
CPython 3.11+), so what is tested is where it applies and that it changes
nothing else: a library body's first use and an eager import of a new
top-level package run inside the trampoline, an application module's body
does not, every thread gets its own, and an exception passes through it and
leaves the thread able to get one again.
"""

import sys

ROOMY = sys.implementation.name == "cpython" and sys.version_info >= (3, 11)

#: A body that records whether it runs inside ``_stack._trampoline``.
PROBE = """
import sys
def _inside():
    frame = sys._getframe()
    while frame is not None:
        code = frame.f_code
        if code.co_name == "_trampoline" and code.co_filename.endswith("_stack.py"):
            return True
        frame = frame.f_back
    return False
INSIDE = _inside()
"""

FILES = {
    "lib/site-packages/libpkg/__init__.py": PROBE + "from libpkg import inner\n",
    "lib/site-packages/libpkg/inner.py": PROBE,
    "lib/site-packages/other.py": PROBE + "raise_now = False\n",
    "lib/site-packages/broken.py": "raise LookupError('broken on purpose')\n",
    "lib/site-packages/newtop/__init__.py": PROBE,
    "app/__init__.py": "",
    "app/mod.py": PROBE,
}

HEADER = """
import json, sys
sys.path.insert(0, "lib/site-packages")
import lazyboot
lazyboot.install()
"""


def test_library_first_use_runs_in_its_own_chunk_application_body_does_not(run):
    result = run(HEADER + """
import libpkg
import app.mod
assert lazyboot.is_lazy(libpkg) and lazyboot.is_lazy(app.mod)
print(json.dumps([libpkg.INSIDE, libpkg.inner.INSIDE, app.mod.INSIDE]))
""", FILES)
    assert result.json() == [ROOMY, ROOMY, False]


def test_eager_import_of_a_new_top_level_package_runs_in_its_own_chunk(run):
    result = run(HEADER + """
import app.mod                     # something lazy exists
try:
    import newtop                  # eager: written inside try
except ImportError:
    raise
assert not lazyboot.is_lazy(newtop)
print(json.dumps(newtop.INSIDE))
""", FILES)
    assert result.json() == ROOMY


def test_an_error_passes_through_and_the_thread_gets_a_chunk_again(run):
    result = run(HEADER + """
import broken
import other
try:
    broken.anything
except LookupError as exc:
    caught = type(exc).__name__
from lazyboot import _stack
print(json.dumps([caught, sorted(_stack._inside), other.INSIDE]))
""", FILES)
    assert result.json() == ["LookupError", [], ROOMY]


def test_each_thread_gets_its_own_chunk(run):
    result = run(HEADER + """
import threading
import libpkg
import other
seen = {}
def use(name, module):
    seen[name] = module.INSIDE
threads = [threading.Thread(target=use, args=("libpkg", libpkg)),
           threading.Thread(target=use, args=("other", other))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(seen, sort_keys=True))
""", FILES)
    assert result.json() == {"libpkg": ROOMY, "other": ROOMY}
