"""Process-wide state shared by lazyboot's runtime: one place, read by all.

This is the only lazyboot module that other modules assign into.  It
imports nothing from lazyboot, so every layer can read it.  Containers are
created once and only ever mutated (modules may bind them under their own
names); scalars are rebound, so they are always read as ``_state.name``.

Late-bound callbacks: code in a higher layer that a lower one must call is
bound here by the module that defines it, at the end of its body (the way
CPython's ``importlib._bootstrap`` receives ``_bootstrap_external`` in
``_setup()``), so that the lower layer never imports the higher one.
"""

import builtins
import sys
from _thread import allocate_lock

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._policy import Policy

#: The interpreter has lazy imports of its own (PEP 810): feature detection,
#: never a version check.  ``install()`` then drives them (``_native``).
NATIVE_LAZY_IMPORTS = hasattr(sys, "set_lazy_imports_filter")

#: The interpreter's module dict: what the import statement itself uses
#: (``sys.modules`` names the same dict; a program that rebinds that name
#: changes neither).
modules = sys.modules

#: ``id(module) -> LazyState`` for every lazy module whose body has not
#: finished (pending, loading or failed).  A module leaves when it loads.
states: "dict[int, Any]" = {}

#: ``id()`` of every namespace lazyboot has bound a lazy module or a proxy in
#: (importers' globals, packages holding lazy submodules).  An eager import
#: written in third-party code only looks for lazy values to run in these.
#: Never shrinks: a reused id only costs that check.
lazy_holders: "set[int]" = set()

#: ``name -> LazyState`` of running bodies that have pre-bound submodules stashed.
running: "dict[str, Any]" = {}

#: Called as ``listener(module)`` after each lazy module materialises, with
#: no lazyboot lock held (``_onload`` registers one).
load_listeners: "list[Callable[[Any], None]]" = []

#: ``id(namespace) -> namespace`` of module bodies that bound from-import
#: proxies and have not been settled (``_settle``).
unsettled: "dict[int, dict]" = {}

#: Threads inside lazyboot's own bytecode reading: imports it triggers
#: (``opcode`` on an unknown interpreter) are eager.
busy: "set[int]" = set()

# --- the hook ---------------------------------------------------------------
#
# ``hook_lock`` guards ``users`` and every swap of ``builtins.__import__``
# (install, uninstall, lazy_imports() blocks, plain library trees).  It is
# held only for those few assignments: never while an import, a module body
# or a callback runs, so it cannot take part in a deadlock.

hook_lock = allocate_lock()
#: The ``__import__`` the hook replaced (restored exactly by ``uninstall``).
original_import: "Callable[..., Any]" = builtins.__import__
#: install() counts 1, each open lazy_imports() block 1 (guarded by hook_lock).
users = 0
#: ``install()``'s policy, or None when global mode is off.
policy: "Policy | None" = None
#: Open ``lazy_imports()`` blocks in all threads (the hook reads it per statement).
open_blocks = 0
#: True while a library's import tree runs with the interpreter's own ``__import__``.
plain_tree = False

# --- late-bound values and callbacks -------------------------------------------
#
# Each is written once, at the end of the body of the module that defines
# it, which every path to its first use imports: a lower layer calls up
# through these without importing a higher one.


def _run_directly(namespace: dict, function: "Callable[..., Any]", *args: "Any") -> "Any":
    return function(*args)


#: ``_hook.lazy_import``: what ``builtins.__import__`` is while the hook is on.
hook: "Callable[..., Any] | None" = None
#: ``_hook.PARENT_FIRST``: the finder lazyboot puts first in ``sys.meta_path``.
parent_first: "Any" = None
#: The native engine's observer in ``sys.meta_path`` (3.15+; ``_native``): it
#: notes first uses, so lazyboot's own spec lookups skip it, as they skip
#: ``parent_first``.
native_observer: "Any" = None
#: ``_tree.run_body(namespace, function, *args)``: how a lazy module's body runs.
run_body: "Callable[..., Any]" = _run_directly
#: ``_eager.import_from_proxy(obj, attr, frame)``: ``import a.b.c as d`` walks
#: a lazy parent with IMPORT_FROM; this hands out a proxy for the next step.
import_from_proxy: "Callable[..., Any] | None" = None
