"""The ``lazyboot`` command: a dispatcher that imports a subcommand only when it is chosen.

Each subcommand is a module with ``main(argv) -> int``.  Errors caused by the
user (an unknown subcommand, a bad option, a command that cannot start) print
one line on stderr and exit with status 2; they carry ``exit_code = 2``.
"""

from __future__ import annotations

import sys

#: name -> (module, one-line help).  Importing this package imports none of them.
COMMANDS = {
    "bench": ("lazyboot.cli.bench", "time CMD in fresh processes; --compare eager vs lazy (and native 'all' "
                                    "on 3.15+); regression gates"),
    "tree": ("lazyboot.cli.tree", "the import tree of one run of CMD (-X importtime), deferred vs materialised"),
    "check": ("lazyboot.cli.check", "import every module of PACKAGE in a fresh interpreter; report failures"),
    "report": ("lazyboot.cli.report", "run CMD with lazyboot active and show what was deferred and what was used"),
    "verify": ("lazyboot.cli.verify", "run CMD eagerly and lazily; compare exit status and output"),
    "stubgen": ("lazyboot.stubgen", "rewrite eager re-exports into attach() + .pyi; --check for CI"),
}

USAGE = "usage: lazyboot {" + ",".join(COMMANDS) + "} [options] [-- CMD ...]"


def _help() -> str:
    width = max(map(len, COMMANDS))
    lines = [USAGE, "", "Start-up toolkit for lazyboot.", "", "commands:"]
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", "Run 'lazyboot COMMAND --help' for a command's options."]
    return "\n".join(lines)


def _error(message: str, command: str | None = None) -> int:
    prog = f"lazyboot {command}" if command else "lazyboot"
    sys.stderr.write(f"{prog}: error: {message}\n")
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the ``lazyboot`` command with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except BrokenPipeError:
        # `lazyboot tree ... | head`: the reader left; stop quietly, as cat does.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _main(args: list[str]) -> int:
    if not args:
        sys.stderr.write(USAGE + "\nTry 'lazyboot --help' for help.\n")
        return 2
    name = args[0]
    if name in ("-h", "--help", "help"):
        print(_help())
        return 0
    if name in ("-V", "--version"):
        from importlib.metadata import PackageNotFoundError, version  # only for --version

        try:
            print(f"lazyboot {version('lazyboot')}")
        except PackageNotFoundError:
            print("lazyboot (not installed)")
        return 0
    if name not in COMMANDS:
        import difflib  # only for this one error

        close = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else f" Choose from {', '.join(COMMANDS)}."
        return _error(f"no such command {name!r}.{hint}")
    module_name = COMMANDS[name][0]
    try:
        module = __import__(module_name, fromlist=["main"])
    except ModuleNotFoundError as exc:
        # Only a missing subcommand module is "not available"; an ImportError
        # raised inside it is a bug and keeps its traceback.
        if exc.name != module_name:
            raise
        module = None
    entry = getattr(module, "main", None)
    if entry is None:
        return _error(f"not available in this installation ({module_name}.main is missing)", name)
    try:
        return int(entry(args[1:]) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("lazyboot: interrupted\n")
        return 130
    except Exception as exc:
        if getattr(exc, "exit_code", None) == 2:
            return _error(str(exc), name)
        raise
