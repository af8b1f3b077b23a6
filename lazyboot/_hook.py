"""The import hook: ``builtins.__import__`` replaced by :func:`lazy_import`.

Every import statement passes through here once the hook is on, except
inside a library's import tree, which runs with the interpreter's own
``__import__`` (``_tree``).  The decision is made per statement:

* the target is loaded and has every name asked for -> the original import;
* inside a ``lazy_imports()`` block of its module -> PEP 810's rules (``_lazyblock``);
* written in the standard library or a third-party package -> as written;
* not at module level (functions, class bodies), inside a ``try`` statement,
  a star import or ``__future__`` -> eager (PEP 810's rules);
* not selected by the policy -> eager;
* otherwise lazy: ``import a.b`` binds lazy modules (spec found now, body
  later) and ``from m import x`` binds proxies while ``m`` has not run
  (``_create``).

An eager statement that meets a module made lazy by an earlier statement
materialises it (``_eager``), so ``try: import m`` still sees ``m``'s errors
where an eager program would.

The layers that do the work load on the first statement that needs them
(:func:`load_machinery`), so ``import lazyboot; install()`` costs little.
"""

import builtins
import sys
from _thread import get_ident

from . import _state

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any

    from ._policy import Policy

_modules = _state.modules
_states = _state.states
_lazy_holders = _state.lazy_holders
_running = _state.running
_busy = _state.busy
_MISSING = object()

# The machinery, bound by load_machinery() (None until then).
eager_import: "Any" = None
_materialise: "Any" = None
_settle_finished: "Any" = None
_create: "Any" = None
_eager: "Any" = None
_lazyblock: "Any" = None
_tree: "Any" = None
_eligible: "Any" = None
_site_of: "Any" = None
_proxy_type: "Any" = None


def lazy_import(name: str, globals: "dict | None" = None, locals: "Any" = None,
                fromlist: "Any" = (), level: int = 0) -> "Any":
    """``__import__`` that defers module-level imports the policy selects."""
    # --- Optimization: every import statement in the process comes through
    # here, so the common case -- the target is loaded and so is every name
    # it asks for -- is settled first with a few dictionary reads and handed
    # to the original ``__import__`` (which still waits for a module another
    # thread is initialising, as it always does).  This screen is the only
    # hand-tuned code in lazyboot; everything after it is plain.
    if _running:
        _eager.note_child_imports(name, globals, fromlist, level)
    if not _state.open_blocks:
        resolved = name
        if level:
            package = globals.get("__package__") if globals is not None else None
            resolved = "" if type(package) is not str or level != 1 or not package \
                else f"{package}.{name}" if name else package
        existing = _modules.get(resolved) if resolved else None
        if existing is not None and id(existing) not in _states:
            if not fromlist or (locals is not globals and not _states):
                return _state.original_import(name, globals, locals, fromlist, level)
            namespace = getattr(existing, "__dict__", None)
            if type(namespace) is dict:
                for attr in fromlist:
                    value = namespace.get(attr, _MISSING)
                    if value is _MISSING or id(value) in _states or type(value) is _proxy_type:
                        break
                else:
                    return _state.original_import(name, globals, locals, fromlist, level)
    # --- End of the optimised screen.
    try:
        frame = sys._getframe(1)
    except ValueError:  # C code importing with no Python frame (``python -m``)
        frame = None
    return decide(name, globals, locals, fromlist, level, frame)


def decide(name: str, globals: "dict | None", locals: "Any", fromlist: "Any", level: int,
           frame: "FrameType | None") -> "Any":
    """The decision for a statement the first screen could not settle;
    ``frame`` is the frame running the statement (None when C code imports)."""
    if _busy and get_ident() in _busy:
        # lazyboot's own machinery is importing (its layers, ``opcode``).
        return _state.original_import(name, globals, locals, fromlist, level)
    if eager_import is None:
        load_machinery()
    policy = _state.policy
    if globals is None or (policy is None and not _state.open_blocks):
        return eager_import(name, globals, locals, fromlist, level)
    try:
        resolved = _eager.resolve(name, globals, level)
    except (ImportError, ValueError, TypeError, KeyError):
        return eager_import(name, globals, locals, fromlist, level)  # its error, its wording
    if _state.open_blocks and _lazyblock.in_block(globals):
        return _block_statement(name, resolved, globals, locals, fromlist, level, frame)
    if policy is None:
        return eager_import(name, globals, locals, fromlist, level)
    if not policy.may_be_lazy(globals):
        return _library_statement(name, resolved, globals, locals, fromlist, level)
    if locals is not globals or (fromlist and "*" in fromlist) or name == "__future__":
        return eager_import(name, globals, locals, fromlist, level)
    done = _import_loaded(name, resolved, globals, fromlist, level)
    if done is not None:
        return done
    return _policy_statement(name, resolved, globals, fromlist, level, frame)


def _policy_statement(name: str, resolved: str, globals: dict, fromlist: "Any", level: int,
                      frame: "FrameType | None") -> "Any":
    """Global mode's decision for a module-level statement written in the
    application, whose target has not run or lacks a name it asks for."""
    policy = _state.policy
    if (policy is None or frame is None or not policy.selects(globals, resolved, fromlist)
            or not _eligible(frame)):
        return eager_import(name, globals, globals, fromlist, level)
    return _create.lazy_statement(name, resolved, globals, fromlist, level, _site_of(frame))


def _block_statement(name: str, resolved: str, globals: dict, locals: "Any", fromlist: "Any",
                     level: int, frame: "FrameType | None") -> "Any":
    """A statement written in a module with an open ``lazy_imports()`` block."""
    if locals is not globals or (fromlist and "*" in fromlist) or name == "__future__":
        return eager_import(name, globals, locals, fromlist, level)
    if _lazyblock.selects(globals, resolved):
        if frame is not None and _eligible(frame):
            return _lazyblock.lazy_statement(resolved, globals, fromlist, _site_of(frame))
        return eager_import(name, globals, globals, fromlist, level)
    if _state.policy is None or not _state.policy.may_be_lazy(globals):
        return eager_import(name, globals, globals, fromlist, level)
    # Not one of the block's names: global mode decides, as without a block.
    done = _import_loaded(name, resolved, globals, fromlist, level)
    if done is not None:
        return done
    return _policy_statement(name, resolved, globals, fromlist, level, frame)


def _import_loaded(name: str, resolved: str, globals: dict, fromlist: "Any",
                   level: int) -> "Any":
    """The statement's result when its target is loaded and has every name it
    asks for (nothing to defer: the eager import runs any that are lazy);
    None when the policy has to decide."""
    existing = _modules.get(resolved)
    if existing is None or id(existing) in _states:
        return None
    if not fromlist:
        return _state.original_import(name, globals, globals, fromlist, level)
    namespace = getattr(existing, "__dict__", None)
    if namespace is not None and all(attr in namespace for attr in fromlist):
        return eager_import(name, globals, globals, fromlist, level)
    return None


def _library_statement(name: str, resolved: str, globals: dict, locals: "Any",
                       fromlist: "Any", level: int) -> "Any":
    """A statement written in the standard library or a third-party package
    runs as written.  Only a lazy target, or a namespace lazyboot bound lazy
    values in, needs the eager import to run what the statement hands out."""
    if not _states:
        return _state.original_import(name, globals, locals, fromlist, level)
    existing = _modules.get(resolved)
    if existing is not None:
        if id(existing) not in _states and fromlist and \
                id(getattr(existing, "__dict__", None)) not in _lazy_holders:
            return _state.original_import(name, globals, locals, fromlist, level)
        return eager_import(name, globals, locals, fromlist, level)
    parent = resolved
    while "." in parent:
        parent = parent.rpartition(".")[0]
        if id(_modules.get(parent)) in _states:
            return eager_import(name, globals, locals, fromlist, level)
    module = _eager.original_or_tree(name, resolved, globals, locals, fromlist, level)
    if fromlist:
        hands_out_lazy = (id(module) in _states
                          or id(getattr(module, "__dict__", None)) in _lazy_holders)
    else:
        hands_out_lazy = id(_modules.get(resolved)) in _states
    if hands_out_lazy:
        _eager.materialise_result(module, resolved, globals, fromlist)
    if _state.unsettled:
        _settle_finished()  # an application module that body imported
    return module


def load_machinery() -> None:
    """Load the layers that create and run lazy objects (on the first
    statement that needs them), with this thread marked busy so that their
    own import statements go straight to the original ``__import__``."""
    global eager_import, _materialise, _settle_finished, _create, _eager, _lazyblock, _tree
    global _eligible, _site_of, _proxy_type
    me = get_ident()
    _busy.add(me)
    try:
        from ._cpython import import_module  # not on import lazyboot's path

        create = import_module("lazyboot._create")
        eager = import_module("lazyboot._eager")
        lazyblock = import_module("lazyboot._lazyblock")
        tree = import_module("lazyboot._tree")
        bytecode = import_module("lazyboot._bytecode")
        records = import_module("lazyboot._records")
        proxy = import_module("lazyboot._proxy")
        module = import_module("lazyboot._module")
        settle = import_module("lazyboot._settle")
    finally:
        _busy.discard(me)
    _create, _eager, _lazyblock, _tree = create, eager, lazyblock, tree
    _eligible, _site_of, _proxy_type = bytecode.eligible, records.site_of, proxy.LazyObject
    _materialise, _settle_finished = module.materialise, settle.settle_finished
    eager_import = eager.eager_import  # last: it tells the others are bound


# --- turning the hook on and off ----------------------------------------------


def installed() -> bool:
    return _state.policy is not None


def installed_hook() -> bool:
    """Is global mode on through this hook (not the interpreter's lazy imports)?"""
    return _state.policy is not None and _state.users > 0


def set_policy(policy: "Policy | None") -> None:
    """Turn global mode on (a policy) or off (None), keeping the hook while used."""
    was_on = _state.policy is not None
    _state.policy = policy
    if policy is not None and not was_on:
        acquire()
    elif policy is None and was_on:
        release()


def acquire() -> None:
    """Make sure our hook is ``builtins.__import__`` (reference counted)."""
    with _state.hook_lock:
        if _state.users == 0:
            if builtins.__import__ is not lazy_import:
                _state.original_import = builtins.__import__
                builtins.__import__ = lazy_import  # type: ignore[assignment]
            sys.meta_path.insert(0, PARENT_FIRST)
        elif _state.plain_tree:
            _tree.hook_back()  # a lazy_imports() block inside a library tree needs the hook
        _state.users += 1


def release() -> None:
    """Drop one user; the last one restores ``__import__`` and ``sys.meta_path``."""
    with _state.hook_lock:
        _state.users -= 1
        if _state.users == 0:
            if builtins.__import__ is lazy_import:
                builtins.__import__ = _state.original_import
            while PARENT_FIRST in sys.meta_path:
                sys.meta_path.remove(PARENT_FIRST)


class _ParentFirst:
    """The meta-path finder lazyboot puts first.  It runs a lazy parent's body
    before one of its submodules is looked for, however the import arrives
    (``importlib.import_module``, C code, an import inside another body):
    eagerly, a package's ``__init__`` always runs before its submodules.

    It finds nothing of its own, except inside a library tree that runs
    plain (``_tree``): there it asks the finders after it, so that an
    application module the tree imports puts the hook back before its body
    runs, and hands importlib the spec they found."""

    __slots__ = ()

    def find_spec(self, name: str, path: "Any" = None, target: "Any" = None) -> "Any":
        if _states and "." in name:
            parent = _modules.get(name.rpartition(".")[0])
            if id(parent) in _states:
                _materialise(parent)
        if not _state.plain_tree:
            return None
        return _tree.find_in_plain_tree(self, name, path, target)

    def __repr__(self) -> str:
        return "<lazyboot parent-first finder>"


PARENT_FIRST = _ParentFirst()

# Late-bound values (see _state).
_state.hook = lazy_import
_state.parent_first = PARENT_FIRST
