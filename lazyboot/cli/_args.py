"""Argument parsing shared by the subcommands: one-line errors, ``-- CMD ...`` splitting."""

from __future__ import annotations

import argparse
import sys


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""

    exit_code = 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage dump, no traceback)."""

    def error(self, message: str):
        raise UsageError(f"{message} (try '{self.prog} --help')")


def split_command(argv: list[str], *, required: bool = True) -> tuple[list[str], list[str]]:
    """Split ``[options] -- CMD ...`` into ``(options, CMD)``."""
    if "--" not in argv:
        if required and not any(a in ("-h", "--help") for a in argv):
            raise UsageError("expected '-- CMD ...' after the options (the command to run)")
        return argv, []
    i = argv.index("--")
    options, command = argv[:i], argv[i + 1:]
    if required and not command and not any(a in ("-h", "--help") for a in options):
        raise UsageError("nothing after '--': give the command to run, e.g. -- python -c 'import json'")
    return options, command


def _int_at_least(minimum: int, requirement: str, name: str):
    """An argparse type: an integer >= ``minimum``, else a one-line error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{requirement}, not {value}")
        return value

    parse.__name__ = name
    return parse


positive_int = _int_at_least(1, "must be at least 1", "positive_int")
non_negative_int = _int_at_least(0, "must be 0 or more", "non_negative_int")


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, not {text}")
    return value


def positive_float(text: str) -> float:
    value = non_negative_float(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def module_list(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected module names separated by commas")
    return names


def format_command(argv: list[str]) -> str:
    import shlex  # only when a command is shown

    return shlex.join(argv)


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
