"""Generate the benchmark package ``bp`` in each library's own idiom.

One package shape, written once per *flavour* (the source a user of that
library would write).  ``N`` modules: ``N // 100`` subpackages ``bp.sNNN``
of 99 modules each plus their ``__init__``.  Every module has a realistic
body (constants, a table, functions, a class); every 50th module imports
numpy at module level and uses it in a function; every 500th (offset 250)
imports pandas.  Each subpackage re-exports one class from its first module
(``from .m000 import Widget0``).  The program uses every 20th module (5%),
which includes every numpy module and no pandas module: numpy is needed,
pandas is only declared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

VERSION = "4"  # bump when the generated source changes (invalidates the cache)

FLAVOURS = ("eager", "spec1_lazy_loader", "spec1_lazyboot", "pep810_lazy_importer",
            "pep810_lazyboot", "wrapt")


def shape(n: int) -> list[tuple[str, list[str]]]:
    """``[(subpackage, [module, ...]), ...]`` for an ``n``-module package."""
    subs = max(1, n // 100)
    return [(f"s{s:03d}", [f"m{m:03d}" for m in range(99)]) for s in range(subs)]


def index(s: int, m: int) -> int:
    return s * 99 + m


def uses_numpy(i: int) -> bool:
    return i % 50 == 0


def uses_pandas(i: int) -> bool:
    return i % 500 == 250


def used(i: int) -> bool:
    return i % 20 == 0


def _heavy_imports(flavour: str, i: int) -> str:
    libs = [lib for lib, on in (("numpy", uses_numpy(i)), ("pandas", uses_pandas(i))) if on]
    if not libs:
        return ""
    alias = {"numpy": "np", "pandas": "pd"}
    if flavour == "eager":
        return "".join(f"import {lib} as {alias[lib]}\n" for lib in libs)
    if flavour.startswith("spec1_"):
        lazy = "lazy_loader" if flavour.endswith("lazy_loader") else "lazyboot"
        return f"import {lazy} as lazy\n" + "".join(
            f"{alias[lib]} = lazy.load({lib!r})\n" for lib in libs)
    if flavour.startswith("pep810_"):
        return _pep810(flavour, set(libs), "".join(f"import {lib} as {alias[lib]}\n" for lib in libs))
    if flavour == "wrapt":
        return "import wrapt\n" + "".join(f"{alias[lib]} = wrapt.lazy_import({lib!r})\n" for lib in libs)
    raise ValueError(flavour)


def _pep810(flavour: str, names: set[str], block: str) -> str:
    opener = ("import lazy_importer\nwith lazy_importer.lazy_importer():\n"
              if flavour == "pep810_lazy_importer"
              else "import lazyboot\nwith lazyboot.lazy_imports():\n")
    body = "".join("    " + line + "\n" for line in block.splitlines())
    spelled = "{" + ", ".join(repr(n) for n in sorted(names)) + "}"
    return f"__lazy_modules__ = {spelled}\n{opener}{body}"


def module_source(flavour: str, s: int, m: int) -> str:
    i = index(s, m)
    heavy = _heavy_imports(flavour, i)
    lines = [f'"""Generated module bp.s{s:03d}.m{m:03d} (benchmark workload)."""', heavy]
    lines.append(f"CONST_A = {i}\nCONST_B = {i * 3 + 1}\nNAME = 'm{m:03d}'\n"
                 f"TABLE = {{'a': {i}, 'b': {i + 1}, 'c': [{i}, {i + 2}, {i + 4}], 'd': 'x{i}'}}\n")
    lines.append("def f0(x):\n    return x + CONST_A\n\n"
                 "def f1(x, y=2):\n    return [x * k for k in range(y)]\n\n"
                 "def f2(**kwargs):\n    return sorted(kwargs.items())\n")
    if uses_numpy(i):
        lines.append(f"def heavy(x):\n    return float(np.asarray([x, {i}]).sum())\n")
    if uses_pandas(i):
        lines.append("def frame(rows):\n    return pd.DataFrame(rows)\n")
    lines.append(
        f"class Widget{m}:\n"
        f"    kind = 'widget'\n"
        f"    def __init__(self, value):\n        self.value = value\n"
        f"    def scaled(self, k):\n        return self.value * k + CONST_B\n"
        f"    def __repr__(self):\n        return f'Widget{m}({{self.value}})'\n"
        f"\nWidget = Widget{m}\n")
    return "\n".join(lines)


def subpackage_source(flavour: str, s: int, mods: list[str]) -> str:
    doc = f'"""Generated subpackage bp.s{s:03d}."""\n'
    if flavour == "eager":
        return doc + "".join(f"from . import {m}\n" for m in mods) + "from .m000 import Widget0\n"
    if flavour.startswith("spec1_"):
        lazy = "lazy_loader" if flavour.endswith("lazy_loader") else "lazyboot"
        return (doc + f"import {lazy} as lazy\n__getattr__, __dir__, __all__ = lazy.attach(\n"
                f"    __name__, submodules={mods!r}, submod_attrs={{'m000': ['Widget0']}})\n")
    if flavour.startswith("pep810_"):
        # ``from . import m`` in a package's own __init__ does not work with
        # either PEP 810 shim (the lazy object shadows the submodule it stands
        # for), so this flavour uses ``import bp.sNNN.m as m``.
        names = {f"bp.s{s:03d}.{m}" for m in mods}
        block = "".join(f"import bp.s{s:03d}.{m} as {m}\n" for m in mods)
        block += f"from bp.s{s:03d}.m000 import Widget0\n"
        return doc + _pep810(flavour, names, block)
    if flavour == "wrapt":
        return (doc + "import wrapt\n" + "".join(
            f"{m} = wrapt.lazy_import('bp.s{s:03d}.{m}')\n" for m in mods)
            + f"Widget0 = wrapt.lazy_import('bp.s{s:03d}.m000', 'Widget0')\n")
    raise ValueError(flavour)


def root_source(flavour: str, subs: list[str]) -> str:
    doc = '"""Generated benchmark package root."""\n'
    if flavour == "eager":
        return doc + "".join(f"from . import {s}\n" for s in subs)
    if flavour.startswith("spec1_"):
        lazy = "lazy_loader" if flavour.endswith("lazy_loader") else "lazyboot"
        return (doc + f"import {lazy} as lazy\n__getattr__, __dir__, __all__ = lazy.attach(\n"
                f"    __name__, submodules={subs!r})\n")
    if flavour.startswith("pep810_"):
        names = {f"bp.{s}" for s in subs}
        return doc + _pep810(flavour, names, "".join(f"import bp.{s} as {s}\n" for s in subs))
    if flavour == "wrapt":
        return doc + "import wrapt\n" + "".join(f"{s} = wrapt.lazy_import('bp.{s}')\n" for s in subs)
    raise ValueError(flavour)


def cache_root() -> Path:
    base = os.environ.get("LAZYBOOT_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lazyboot", "peers")
    return Path(base)


def generate(n: int, flavour: str) -> Path:
    """Directory to put on sys.path for the ``n``-module package in ``flavour``."""
    key = hashlib.sha1(f"{VERSION}-{n}-{flavour}".encode()).hexdigest()[:10]
    root = cache_root() / f"bp-{n}-{flavour}-{key}"
    if (root / ".complete").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    layout = shape(n)
    pkg = root / "bp"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(root_source(flavour, [s for s, _ in layout]))
    for s_index, (sub, mods) in enumerate(layout):
        (pkg / sub).mkdir()
        (pkg / sub / "__init__.py").write_text(subpackage_source(flavour, s_index, mods))
        for m_index, mod in enumerate(mods):
            (pkg / sub / f"{mod}.py").write_text(module_source(flavour, s_index, m_index))
    (root / ".complete").write_text("")
    return root
