"""``lazyboot stubgen``: turn a package's eager re-exports into a lazy declaration plus a ``.pyi``.

Reads every ``__init__.py`` of the package with :mod:`ast` (nothing is
imported or executed) and rewrites ``from .sub import A, B`` / ``from . import
sub`` / ``import pkg.sub`` into one ``lazyboot.attach(...)`` call that carries
the name mapping itself (so frozen apps that drop ``.pyi`` files keep
working), and writes a ``.pyi`` listing the same names for type checkers.
``--check`` verifies the two agree; ``--style pep810`` emits
``__lazy_modules__`` plus ``with lazyboot.lazy_imports():`` instead.

Exit status: 0 success, 1 ``--check`` found disagreements, 2 bad input.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

__all__ = ["main"]

PROG = "lazyboot stubgen"


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Rewrite a package's eager re-exports into a lazy attach() declaration "
        "plus a .pyi stub (prints a unified diff unless --write).",
    )
    parser.add_argument("package", help="package name (found without importing it) or path to the package")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the files instead of printing a diff")
    mode.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a .pyi and its __init__.py's runtime declaration disagree (for CI)",
    )
    parser.add_argument(
        "--style",
        choices=("attach", "pep810"),
        default="attach",
        help="attach: lazyboot.attach() + .pyi (default); pep810: __lazy_modules__ + "
        "`with lazyboot.lazy_imports():`",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``lazyboot stubgen``; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error (argparse printed it)
        return int(exc.code or 0)
    from ._locate import StubgenError

    try:
        return _run(args)
    except StubgenError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import _analyse, _check, _emit
    from ._locate import init_files, locate

    package, directory = locate(args.package)
    plans = [_analyse.analyse(name, path, style=args.style) for name, path in init_files(package, directory)]

    if args.check:
        problems = [problem for plan in plans if plan.skip_reason is None for problem in _check.compare(plan)]
        for plan in plans:
            if plan.skip_reason is not None:
                print(f"{_display(plan.path)}: not checked: {plan.skip_reason}", file=sys.stderr)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} disagreement(s); run `{PROG} {args.package} --write` to regenerate",
                  file=sys.stderr)
            return 1
        print(f"{package}: every .pyi agrees with its runtime declaration ({len(plans)} __init__.py checked)")
        return 0

    changes: list[tuple[Path, str, str | None]] = []  # path, new text, old text (None: new file)
    for plan in plans:
        label = _display(plan.path)
        if plan.skip_reason is not None:
            print(f"{label}: left alone: {plan.skip_reason}", file=sys.stderr)
            continue
        if args.style == "pep810":
            new_source = _emit.rewrite_pep810(plan)
        else:
            new_source = _emit.rewrite_attach(plan)
        if new_source != plan.source:
            changes.append((plan.path, new_source, plan.source))
        notes = list(plan.notes)
        if args.style == "attach" and (plan.declaration is not None or plan.converted):
            stub_path = plan.path.with_suffix(".pyi")
            stub, stub_notes = _emit.make_stub(new_source, plan)
            notes.extend(stub_notes)
            old = stub_path.read_text(encoding="utf-8") if stub_path.is_file() else None
            if old is not None and not old.startswith(_emit.STUB_HEADER.splitlines()[0]):
                notes.append((0, f"kept the existing hand-written {stub_path.name} (check it with --check)"))
            elif old != stub:
                changes.append((stub_path, stub, old))
        for line, message in sorted(notes):
            where = f"{label}:{line}" if line else label
            print(f"{where}: {message}", file=sys.stderr)

    if args.write:
        for path, text, _ in changes:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {_display(path)}", file=sys.stderr)
        if not changes:
            print("nothing to change", file=sys.stderr)
        return 0
    import difflib

    for path, text, old in changes:
        label = _display(path)
        sys.stdout.writelines(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile="/dev/null" if old is None else f"a/{label}",
                tofile=f"b/{label}",
            )
        )
    if not changes:
        print("nothing to change", file=sys.stderr)
    return 0


def _display(path: object) -> str:
    from pathlib import Path

    try:
        return str(Path(str(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
