"""Plain library trees: a library's import tree runs with the interpreter's own
``__import__``.

Under the default policy every statement written in a library runs as
written, so while a library's import tree runs (a lazy library module's
first use, an eager import of a new top-level package) the hook has nothing
to decide: it would only cost a Python call per statement.  There the tree
runs "plain", with the interpreter's own ``__import__``, as long as nothing
could tell the difference:

* an import statement in the tree that meets a lazy module runs it there, as
  it would under the hook, with its errors raised at the statement: the
  import system reads ``__spec__`` of every module it finds in
  ``sys.modules``; to an import, a lazy module's spec says "being
  initialised" (``LazyModule``), so the import system calls
  ``_lock_unlock_module``, which is :func:`_run_for_import` while a tree
  runs plain;
* an application module the tree imports (``PARENT_FIRST`` asks the finders
  after it and sees where the module lives), or a lazy one it uses
  (:func:`run_body`), puts the hook back before its body runs, so its own
  statements are lazy as usual; so does a ``lazy_imports()`` block;
* the hook stays when the policy has a filter (library statements may be
  lazy then), while a ``lazy_imports()`` block is open, or while another
  Python thread exists (it could be running application code right now).

What a plain tree does not do is run a lazy value the application bound in
a namespace the tree reads from (``from pkg import sub`` where the
application's ``import pkg.sub`` bound a lazy ``sub`` on a loaded ``pkg``):
the library gets the lazy object, which runs at its first use there.

The hook's state (``_state.original_import``, ``users``, ``policy``, the
lock that guards swapping ``builtins.__import__``) is read at call time:
``install()`` and ``uninstall()`` change it.
"""

import builtins
import sys

from . import _cpython, _state
from ._module import materialise
from ._policy import STDLIB_DIR, library_file
from ._stack import call_with_room

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_states = _state.states
_modules = _state.modules
#: importlib's own: what the import system calls to wait for a module that
#: is being initialised (its ``__spec__._initializing`` is true).
_lock_unlock_module = _cpython.lock_unlock_module()


def library_tree(function: "Any", *args: "Any") -> "Any":
    """``function(*args)`` for a library's import tree: in a frame-stack chunk
    of its own (``_stack``), and plain when nothing can tell (see above)."""
    policy = _state.policy
    if (_state.plain_tree or builtins.__import__ is not _state.hook
            or _state.open_blocks or policy is None or policy.filter is not None
            or _cpython.thread_count()):
        return call_with_room(function, *args)
    with _state.hook_lock:
        if builtins.__import__ is not _state.hook:  # uninstalled meanwhile
            plain = False
        else:
            builtins.__import__ = _state.original_import  # type: ignore[assignment]
            _cpython.set_lock_unlock_module(_run_for_import)
            _state.plain_tree = plain = True
    try:
        return call_with_room(function, *args)
    finally:
        if plain:
            with _state.hook_lock:
                hook_back()


def hook_back() -> None:
    """End a plain tree: our hook is ``builtins.__import__`` again, unless
    ``uninstall()`` ran meanwhile (``_state.hook_lock`` held by the caller)."""
    _state.plain_tree = False
    if _cpython.lock_unlock_module() is _run_for_import:
        _cpython.set_lock_unlock_module(_lock_unlock_module)
    if _state.users and builtins.__import__ is _state.original_import:
        builtins.__import__ = _state.hook  # type: ignore[assignment]


def _run_for_import(name: str) -> None:
    """``_lock_unlock_module`` while a tree runs plain: an import statement
    met a lazy module (its ``__spec__`` said "being initialised"), so its
    body runs now, and what it raises reaches the statement as it would
    eagerly."""
    module = _modules.get(name)
    if id(module) in _states:
        materialise(module)
    else:
        _lock_unlock_module(name)


def _application_body_starts() -> None:
    """An application module's body is about to run inside a plain tree."""
    with _state.hook_lock:
        hook_back()


def run_body(namespace: dict, function: "Any", *args: "Any") -> "Any":
    """How ``_module`` runs a lazy module's body: a library's as a library
    tree, an application module's with the hook in place."""
    policy = _state.policy
    if policy is not None:
        library = not policy.may_be_lazy(namespace)
    else:
        library = library_file(namespace.get("__file__"))
    if library:
        return library_tree(function, *args)
    if _state.plain_tree:
        _application_body_starts()
    return function(*args)


def find_in_plain_tree(finder: "Any", name: str, path: "Any", target: "Any") -> "Any":
    """The spec the finders after ``finder`` find; the hook goes back first
    when it is an application module, or when a legacy finder is in the way."""
    after = sys.meta_path[sys.meta_path.index(finder) + 1:] if finder in sys.meta_path else ()
    for other in after:
        find_spec = getattr(other, "find_spec", None)
        if find_spec is None:  # a legacy finder (3.10, 3.11): importlib asks it
            _application_body_starts()
            return None
        spec = find_spec(name, path, target)
        if spec is not None:
            policy = _state.policy
            if policy is None or policy.may_be_lazy({"__name__": name, "__file__": _location(spec)}):
                _application_body_starts()
            return spec
    return None


def _location(spec: "Any") -> "str | None":
    """A file that tells where ``spec``'s module lives: its own, else its first
    search location (namespace packages), else its parent package's (modules a
    finder makes up, like ``six.moves``).  Built-in and frozen modules have no
    statements: they count as the standard library."""
    origin = spec.origin
    if origin in ("built-in", "frozen"):
        return STDLIB_DIR
    if isinstance(origin, str):
        return origin
    locations = spec.submodule_search_locations
    for location in locations or ():
        return location
    parent = _modules.get(spec.name.rpartition(".")[0])
    return getattr(parent, "__file__", None) if parent is not None else None



_state.run_body = run_body  # late-bound callback (see _state)
