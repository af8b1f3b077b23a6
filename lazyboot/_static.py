"""What a module's code does at top level, read from its code object without running it.

lazyboot binds a from-import proxy only where it can tell, before anything
runs, that the proxy will not be observed in a way it cannot serve (the rule
is ``_policy.may_be_proxy``; ``_create`` applies it).  That needs facts read
from bytecode:

* :func:`read_while_running`: does the importing module's body read a name
  while it runs (module level, class bodies, comprehensions; not function
  bodies, which run later, and not annotations)?
* :func:`caught`: does the module use a name in an ``except`` clause,
  anywhere (an ``except`` clause checks its classes in C)?
* :func:`binding`: how does a module bind a name at top level -- ``def``,
  ``class``, a module, a re-export from another module, or anything else?
* :func:`effects`: does a module body call out or write into objects it
  did not create at top level (``grammar.initialize()``, ``cookiejar.X = Y``)?

Every query searches the raw bytecode with ``bytes.find`` for the one name
asked about and decodes only a few instructions around each hit, so a
large module costs little more than a small one.  Everything is
conservative: a pattern that is not recognised gives the answer that makes
the import eager.  Opcode numbers come from ``_cpython.opmap()``.
"""

from _thread import get_ident

from . import _cpython, _state

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import CodeType
    from typing import Any

_OPTIMIZED_OR_NEWLOCALS = 0x1 | 0x2
_FUTURE_ANNOTATIONS = 0x1000000
_COMPREHENSIONS = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"})
#: 3.14+ compiles annotations into these functions, evaluated only on demand.
_ANNOTATION_SCOPES = frozenset({"__annotate__"})

#: Kinds of binding.  ``DEFINED``: by a ``def`` or ``class`` statement
#: (decorated or not); ``MODULE``: a module object; ``REEXPORT``: a
#: from-import of another module's name; ``OTHER``: anything else.
DEFINED, MODULE, REEXPORT, OTHER = "defined", "module", "reexport", "other"

_ops: "Any" = None


class _Opcodes:
    """The opcode numbers this module reads, for the running interpreter."""

    def __init__(self, opmap: "dict[str, int]") -> None:
        def maybe(name: str) -> int:
            return opmap.get(name, -1)

        def some(*names: str) -> "frozenset[int]":
            return frozenset(opmap[name] for name in names if name in opmap)

        self.EXTENDED_ARG = opmap["EXTENDED_ARG"]
        self.CACHE = maybe("CACHE")
        self.LOAD_NAME = opmap["LOAD_NAME"]
        self.LOAD_GLOBAL = opmap["LOAD_GLOBAL"]
        self.LOAD_FROM_DICT_OR_GLOBALS = maybe("LOAD_FROM_DICT_OR_GLOBALS")
        self.STORE_NAME = opmap["STORE_NAME"]
        self.DELETE_NAME = opmap["DELETE_NAME"]
        self.LOAD_CONST = opmap["LOAD_CONST"]
        self.LOAD_SMALL_INT = maybe("LOAD_SMALL_INT")
        self.IMPORT_NAME = opmap["IMPORT_NAME"]
        self.IMPORT_FROM = opmap["IMPORT_FROM"]
        self.IMPORT_STAR = maybe("IMPORT_STAR")
        self.CALL_INTRINSIC_1 = maybe("CALL_INTRINSIC_1")
        self.MAKE_FUNCTION = opmap["MAKE_FUNCTION"]
        self.SET_FUNCTION_ATTRIBUTE = maybe("SET_FUNCTION_ATTRIBUTE")
        self.POP_TOP = opmap["POP_TOP"]
        self.STORE_ATTR = opmap["STORE_ATTR"]
        self.STORE_SUBSCR = opmap["STORE_SUBSCR"]
        self.DELETE_ATTR = opmap["DELETE_ATTR"]
        self.DELETE_SUBSCR = opmap["DELETE_SUBSCR"]
        self.BUILD_TUPLE = opmap["BUILD_TUPLE"]
        self.COMPARE_OP = opmap["COMPARE_OP"]
        self.CALLS = some("CALL", "CALL_KW", "CALL_FUNCTION", "CALL_FUNCTION_KW",
                          "CALL_FUNCTION_EX", "CALL_METHOD", "PRECALL")
        self.EXC_MATCH = some("CHECK_EXC_MATCH", "JUMP_IF_NOT_EXC_MATCH")
        self.STACK_SHUFFLES = some("SWAP", "ROT_TWO")
        self.NAME_LOADS = some("LOAD_NAME", "LOAD_GLOBAL", "LOAD_FROM_DICT_OR_GLOBALS")
        # Operations an annotation expression is built from (``Optional[X]``,
        # ``X | None``, ``mod.X``).
        self.EXPRESSION = some("LOAD_NAME", "LOAD_GLOBAL", "LOAD_CONST", "LOAD_ATTR",
                               "LOAD_METHOD", "BINARY_SUBSCR", "BINARY_OP", "BINARY_OR",
                               "BUILD_LIST", "NOP", "LOAD_FROM_DICT_OR_GLOBALS",
                               "LOAD_SMALL_INT", "PUSH_NULL")
        #: LOAD_GLOBAL's argument is ``namei << 1 | flag`` from 3.11.
        self.GLOBAL_SHIFT = 1 if _cpython.VERSION >= (3, 11) else 0
        self.IMPORT_SHIFT = _cpython.IMPORT_NAME_SHIFT


def _opcodes() -> "_Opcodes":
    global _ops
    if _ops is None:
        me = get_ident()
        _state.busy.add(me)  # an unknown interpreter imports ``opcode``: eagerly
        try:
            _ops = _Opcodes(_cpython.opmap())
        finally:
            _state.busy.discard(me)
    return _ops


# --- reading instructions around a position -----------------------------------------
#
# ``raw`` is ``co_code``: two bytes a code unit.  An instruction is its
# EXTENDED_ARG prefixes, its opcode unit, then (3.11+) its CACHE units.
# Positions below are those of opcode units.


def _arg(ops: "_Opcodes", raw: bytes, position: int) -> int:
    """The full argument of the instruction at ``position``."""
    arg = raw[position + 1]
    shift = 8
    back = position - 2
    while back >= 0 and raw[back] == ops.EXTENDED_ARG:
        arg |= raw[back + 1] << shift
        shift += 8
        back -= 2
    return arg


def _next(ops: "_Opcodes", raw: bytes, position: int) -> int:
    """The position of the instruction after the one at ``position`` (len at the end)."""
    position += 2
    while position < len(raw) and (raw[position] == ops.CACHE
                                   or raw[position] == ops.EXTENDED_ARG):
        position += 2
    return position


def _previous(ops: "_Opcodes", raw: bytes, position: int) -> int:
    """The position of the instruction before the one at ``position`` (-1 at the start)."""
    position -= 2
    while position >= 0 and raw[position] == ops.CACHE:
        position -= 2
    return position


def _hits(ops: "_Opcodes", code: "CodeType", opcode: int, arg: int) -> "Iterator[int]":
    """Positions of instructions ``opcode`` with argument ``arg``."""
    raw = code.co_code
    pattern = bytes((opcode, arg & 0xFF))
    position = raw.find(pattern)
    while position >= 0:
        if position % 2 == 0 and _arg(ops, raw, position) == arg:
            yield position
        position = raw.find(pattern, position + 1)


def _loads_of(ops: "_Opcodes", code: "CodeType", name: str) -> "Iterator[int]":
    """Positions of instructions loading the global or module-level ``name``."""
    try:
        index = code.co_names.index(name)
    except ValueError:
        return
    yield from _hits(ops, code, ops.LOAD_NAME, index)
    if ops.LOAD_FROM_DICT_OR_GLOBALS != -1:
        yield from _hits(ops, code, ops.LOAD_FROM_DICT_OR_GLOBALS, index)
    shift = ops.GLOBAL_SHIFT
    yield from _hits(ops, code, ops.LOAD_GLOBAL, index << shift)
    if shift:
        yield from _hits(ops, code, ops.LOAD_GLOBAL, (index << shift) | 1)


def _name_at(ops: "_Opcodes", code: "CodeType", position: int) -> "str | None":
    """The name the instruction at ``position`` loads, if it loads a global."""
    raw = code.co_code
    op = raw[position]
    if op == ops.LOAD_GLOBAL:
        return code.co_names[_arg(ops, raw, position) >> ops.GLOBAL_SHIFT]
    if op == ops.LOAD_NAME or op == ops.LOAD_FROM_DICT_OR_GLOBALS:
        return code.co_names[_arg(ops, raw, position)]
    return None


def _nested(code: "CodeType") -> "Iterator[CodeType]":
    for const in code.co_consts:
        if type(const) is type(code):
            yield const


# --- names the body reads while it runs ---------------------------------------------

_read_cache: "dict[tuple[CodeType, str], bool]" = {}


def read_while_running(code: "CodeType", name: str) -> bool:
    """Does the module body ``code`` read ``name`` while it runs: at module
    level, in class bodies or in comprehensions, annotations excepted?"""
    key = (code, name)
    found = _read_cache.get(key)
    if found is None:
        found = _read_cache[key] = _reads_running(
            _opcodes(), code, name, bool(code.co_flags & _FUTURE_ANNOTATIONS))
    return found


def _reads_running(ops: "_Opcodes", code: "CodeType", name: str, future: bool) -> bool:
    for position in _loads_of(ops, code, name):
        if future or not _in_annotation(ops, code, position):
            return True
    for nested in _nested(code):
        if nested.co_name in _ANNOTATION_SCOPES:
            continue
        if not nested.co_flags & _OPTIMIZED_OR_NEWLOCALS or nested.co_name in _COMPREHENSIONS:
            if _reads_running(ops, nested, name, future):  # a class body, a comprehension
                return True
    return False


def _in_annotation(ops: "_Opcodes", code: "CodeType", position: int) -> bool:
    """Is the name loaded at ``position`` part of an annotation (3.10-3.13, where
    annotations are evaluated as the body runs)?  ``x: X`` stores into
    ``__annotations__``; ``def f(a: X)`` builds the annotations tuple that
    MAKE_FUNCTION takes, each expression right after its parameter's name."""
    raw = code.co_code
    expression = ops.EXPRESSION
    # Backwards: the instruction just before the expression this load is in.
    before = _previous(ops, raw, position)
    while before >= 0 and raw[before] in expression:
        if raw[before] == ops.LOAD_CONST and \
                type(code.co_consts[_arg(ops, raw, before)]) is str:
            break
        before = _previous(ops, raw, before)
    parameter = before >= 0 and raw[before] == ops.LOAD_CONST and \
        type(code.co_consts[_arg(ops, raw, before)]) is str
    # Forwards: what the expression's value goes to.
    tuples = 0
    after = _next(ops, raw, position)
    while after < len(raw):
        op = raw[after]
        if op == ops.LOAD_NAME and code.co_names[_arg(ops, raw, after)] == "__annotations__":
            return True  # ``x: X``: the value is stored into __annotations__
        if op == ops.BUILD_TUPLE:
            tuples += 1
        elif op == ops.MAKE_FUNCTION:
            annotated = bool(_arg(ops, raw, after) & 0x04)
            if ops.SET_FUNCTION_ATTRIBUTE != -1:
                follow = _next(ops, raw, after)
                annotated = follow < len(raw) and raw[follow] == ops.SET_FUNCTION_ATTRIBUTE \
                    and bool(_arg(ops, raw, follow) & 0x04)
            return annotated and tuples == 1 and parameter
        elif op not in expression:
            return False
        after = _next(ops, raw, after)
    return False


# --- names used in except clauses ---------------------------------------------------

_caught_cache: "dict[CodeType, frozenset[str]]" = {}


def caught(code: "CodeType", name: str) -> bool:
    """Does ``code``, or any function or class in it, name ``name`` in an
    ``except`` clause?"""
    names = _caught_cache.get(code)
    if names is None:
        found: set[str] = set()
        _collect_caught(_opcodes(), code, found)
        names = _caught_cache[code] = frozenset(found)
    return name in names


def _collect_caught(ops: "_Opcodes", code: "CodeType", found: "set[str]") -> None:
    raw = code.co_code
    for match in ops.EXC_MATCH:
        position = raw.find(bytes((match,)))
        while position >= 0:
            if position % 2 == 0 and raw[position] == match:
                back = _previous(ops, raw, position)
                while back >= 0 and (raw[back] in ops.EXPRESSION or raw[back] == ops.BUILD_TUPLE):
                    name = _name_at(ops, code, back)
                    if name is not None:
                        found.add(name)
                    back = _previous(ops, raw, back)
            position = raw.find(bytes((match,)), position + 1)
    for nested in _nested(code):
        _collect_caught(ops, nested, found)


# --- how a module binds a name --------------------------------------------------------

_binding_cache: "dict[tuple[CodeType, str], tuple[str, Any] | None]" = {}


def binding(code: "CodeType", name: str) -> "tuple[str, Any] | None":
    """How the module body ``code`` binds ``name`` at top level, as
    ``(kind, detail)``; ``detail`` of a ``REEXPORT`` is ``(module, level,
    attribute)``.  None when the body never binds it.  A name bound more than
    once, deleted, or possibly bound by a star import is ``OTHER``; the
    detail of a ``MODULE`` is the module's name (``import a.b`` binds ``a``)."""
    key = (code, name)
    if key not in _binding_cache:
        _binding_cache[key] = _read_binding(_opcodes(), code, name)
    return _binding_cache[key]


def _read_binding(ops: "_Opcodes", code: "CodeType", name: str) -> "tuple[str, Any] | None":
    raw = code.co_code
    try:
        index = code.co_names.index(name)
    except ValueError:
        index = -1
    stores = list(_hits(ops, code, ops.STORE_NAME, index)) if index >= 0 else []
    if index >= 0 and next(_hits(ops, code, ops.DELETE_NAME, index), None) is not None:
        return (OTHER, None)
    if not stores:
        if _has_star_import(ops, code):
            return (OTHER, None)
        return None
    if len(stores) > 1:
        return (OTHER, None)
    store = stores[0]
    before = _previous(ops, raw, store)
    op = raw[before] if before >= 0 else -1
    if op == ops.IMPORT_FROM:
        attr = code.co_names[_arg(ops, raw, before)]
        statement = before
        while statement >= 0 and raw[statement] != ops.IMPORT_NAME:
            statement = _previous(ops, raw, statement)
        if statement < 0:
            return (OTHER, None)
        module = code.co_names[_arg(ops, raw, statement) >> ops.IMPORT_SHIFT]
        return (REEXPORT, (module, _import_level(ops, code, statement), attr))
    if op == ops.IMPORT_NAME:  # ``import a.b`` binds ``a``
        module = code.co_names[_arg(ops, raw, before) >> ops.IMPORT_SHIFT]
        return (MODULE, module.partition(".")[0])
    if op == ops.POP_TOP:
        earlier = _previous(ops, raw, _previous(ops, raw, before))
        if earlier >= 0 and raw[earlier] == ops.IMPORT_FROM:
            statement = earlier
            while statement >= 0 and raw[statement] != ops.IMPORT_NAME:
                statement = _previous(ops, raw, statement)
            dotted = (code.co_names[_arg(ops, raw, statement) >> ops.IMPORT_SHIFT]
                      if statement >= 0 else None)
            return (MODULE, dotted)  # ``import a.b as c`` binds ``a.b``
    defined = any(nested.co_name == name for nested in _nested(code))
    if defined and (op == ops.MAKE_FUNCTION or op == ops.SET_FUNCTION_ATTRIBUTE
                    or op in ops.CALLS):
        return (DEFINED, None)  # ``def name`` / ``class name``, decorated or not
    return (OTHER, None)


def _has_star_import(ops: "_Opcodes", code: "CodeType") -> bool:
    if ops.IMPORT_STAR != -1:
        return any(True for _ in _hits(ops, code, ops.IMPORT_STAR, 0))
    return any(True for _ in _hits(ops, code, ops.CALL_INTRINSIC_1, 2))  # INTRINSIC_IMPORT_STAR


def _import_level(ops: "_Opcodes", code: "CodeType", position: int) -> int:
    """The level of the IMPORT_NAME at ``position`` (two loads before it)."""
    raw = code.co_code
    level = _previous(ops, raw, _previous(ops, raw, position))
    if level >= 0:
        if raw[level] == ops.LOAD_CONST:
            value = code.co_consts[_arg(ops, raw, level)]
            return value if type(value) is int else 0
        if raw[level] == ops.LOAD_SMALL_INT:
            return _arg(ops, raw, level)
    return 0


def bound_name(code: "CodeType", offset: int) -> "str | None":
    """The name ``import a.b`` (``a``) or ``import a.b as c`` (``c``) binds,
    for the IMPORT_NAME at ``offset`` in ``code``."""
    ops = _opcodes()
    raw = code.co_code
    position = _next(ops, raw, offset)
    while position < len(raw):
        if raw[position] == ops.STORE_NAME:
            return code.co_names[_arg(ops, raw, position)]
        if raw[position] != ops.IMPORT_FROM and raw[position] != ops.POP_TOP and \
                raw[position] not in ops.STACK_SHUFFLES:
            return None
        position = _next(ops, raw, position)
    return None


def bound_names(code: "CodeType", offset: int) -> "dict[str, str]":
    """``attribute -> name`` for the from-import whose IMPORT_NAME is at
    ``offset`` in ``code`` (``from m import a as b`` binds ``b``)."""
    ops = _opcodes()
    raw = code.co_code
    names: dict[str, str] = {}
    attr = None
    position = _next(ops, raw, offset)
    while position < len(raw):
        op = raw[position]
        if op == ops.IMPORT_FROM:
            attr = code.co_names[_arg(ops, raw, position)]
        elif op == ops.STORE_NAME and attr is not None:
            names[attr] = code.co_names[_arg(ops, raw, position)]
            attr = None
        else:
            break  # the POP_TOP that ends the statement
        position = _next(ops, raw, position)
    return names


# --- what a module body does to other modules ------------------------------------------

_effects_cache: "dict[CodeType, tuple[frozenset[str], frozenset[str]]]" = {}


def effects(code: "CodeType") -> "tuple[frozenset[str], frozenset[str]]":
    """``(called, written)``: the names through which the module body, at
    top level, calls something and discards the result (``grammar`` in
    ``grammar.initialize()``, ``print``, a function it defined) or writes
    into an object it did not create (``cookiejar`` in ``cookiejar.X = Y``,
    ``os`` in ``os.environ[k] = v``).  Calls on objects the body created
    itself (``parser.add_argument(...)``) are not counted.  ``if __name__ == "__main__":`` and what follows it are
    left out: they do not run when the module is imported.  An unknown root
    is reported as ``"?"``."""
    found = _effects_cache.get(code)
    if found is None:
        found = _effects_cache[code] = _read_effects(_opcodes(), code)
    return found


def _read_effects(ops: "_Opcodes", code: "CodeType") -> "tuple[frozenset[str], frozenset[str]]":
    raw = code.co_code
    called: set[str] = set()
    written: set[str] = set()
    end = _main_block(ops, code)
    for position in _positions(raw, end, (ops.POP_TOP, ops.STORE_ATTR, ops.DELETE_ATTR,
                                          ops.STORE_SUBSCR, ops.DELETE_SUBSCR)):
        op = raw[position]
        if op == ops.POP_TOP:
            before = _previous(ops, raw, position)
            if before >= 0 and raw[before] in ops.CALLS:
                root = _statement_root(ops, code, before)
                if _foreign(code, root) or _defined(code, root):
                    called.add(root or "?")  # a function it defined may reach anything
        else:
            root = _object_root(ops, code, position,
                                key=op in (ops.STORE_SUBSCR, ops.DELETE_SUBSCR))
            if root != "__annotations__" and _foreign(code, root):
                written.add(root or "?")
    return frozenset(called), frozenset(written)


def _positions(raw: bytes, end: int, opcodes: "tuple[int, ...]") -> "list[int]":
    """Sorted positions before ``end`` of instructions with one of ``opcodes``."""
    found = []
    for opcode in opcodes:
        needle = bytes((opcode,))
        position = raw.find(needle, 0, end)
        while position >= 0:
            if position % 2 == 0:
                found.append(position)
            position = raw.find(needle, position + 1, end)
    found.sort()
    return found


def _main_block(ops: "_Opcodes", code: "CodeType") -> int:
    """Where ``if __name__ == "__main__":`` starts (the end when absent)."""
    raw = code.co_code
    for position in _loads_of(ops, code, "__name__"):
        constant = _next(ops, raw, position)
        compare = _next(ops, raw, constant)
        if (compare < len(raw) and raw[constant] == ops.LOAD_CONST
                and code.co_consts[_arg(ops, raw, constant)] == "__main__"
                and raw[compare] == ops.COMPARE_OP):
            return position
    return len(raw)


_STATEMENT_ENDS = ("POP_TOP", "STORE_NAME", "STORE_ATTR", "STORE_SUBSCR", "DELETE_NAME",
                   "DELETE_ATTR", "DELETE_SUBSCR")


def _statement_root(ops: "_Opcodes", code: "CodeType", position: int) -> "str | None":
    """The first name the statement ending at ``position`` loads (the callee
    of ``grammar.initialize()`` is ``grammar``)."""
    raw = code.co_code
    ends = {getattr(ops, name) for name in _STATEMENT_ENDS}
    root = None
    back = _previous(ops, raw, position)
    while back >= 0 and raw[back] not in ends:
        name = _name_at(ops, code, back)
        if name is not None:
            root = name
        back = _previous(ops, raw, back)
    return root


def _object_root(ops: "_Opcodes", code: "CodeType", position: int, key: bool) -> "str | None":
    """The root name of the object a STORE/DELETE_ATTR (or _SUBSCR, after its
    one-instruction key) at ``position`` writes into: ``a.b.c = v`` -> ``a``."""
    raw = code.co_code
    back = _previous(ops, raw, position)
    if key:
        back = _previous(ops, raw, back)
    while back >= 0 and raw[back] in ops.EXPRESSION and _name_at(ops, code, back) is None \
            and raw[back] != ops.LOAD_CONST:
        back = _previous(ops, raw, back)  # the LOAD_ATTR steps of ``a.b.c``
    return _name_at(ops, code, back) if back >= 0 else None


def _defined(code: "CodeType", root: "str | None") -> bool:
    found = binding(code, root) if root is not None else None
    return found is not None and found[0] == DEFINED


def _foreign(code: "CodeType", root: "str | None") -> bool:
    """Is ``root`` a name the module did not create itself (an import, a
    builtin, or unknown)?"""
    if root is None:
        return True
    found = binding(code, root)
    return found is None or found[0] not in (OTHER, DEFINED)


def reads(code: "CodeType", name: str) -> bool:
    """Does the module ``code`` (or any function or class in it) read ``name``?"""
    if next(_loads_of(_opcodes(), code, name), None) is not None:
        return True
    return any(_reads_nested(nested, name) for nested in _nested(code))


def _reads_nested(code: "CodeType", name: str) -> bool:
    if name in code.co_names:
        return True
    return any(_reads_nested(nested, name) for nested in _nested(code))


def mentions(code: "CodeType", name: str) -> bool:
    """Does the module ``code`` read or delete the global ``name``, or does
    any function or class in it use ``name`` at all?  (Broader than
    :func:`reads`, for rules where a false "yes" only costs laziness.)"""
    ops = _opcodes()
    if next(_loads_of(ops, code, name), None) is not None:
        return True
    if name in code.co_names and next(
            _hits(ops, code, ops.DELETE_NAME, code.co_names.index(name)), None) is not None:
        return True
    return any(_reads_nested(nested, name) for nested in _nested(code))
