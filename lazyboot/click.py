"""Click groups whose subcommands are imported only when they are invoked.

``lazyboot.click`` does not import click until :class:`LazyGroup` is first
used (the class is built by the module ``__getattr__``), so importing this
module costs nothing on an application's start-up path.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    import click

    #: ``"package.module:attribute"`` or ``("package.module:attribute", "one-line help")``.
    LazySpec = str | tuple[str, str]

    class LazyGroup(click.Group):
        """A :class:`click.Group` whose subcommands are declared by import path."""

        lazy_subcommands: dict[str, tuple[str, str | None]]

        def __init__(
            self,
            name: str | None = None,
            commands: Any = None,
            *,
            lazy_subcommands: Mapping[str, LazySpec] | None = None,
            **attrs: Any,
        ) -> None: ...


__all__ = ["LazyGroup", "check_subcommands"]


def __getattr__(name: str) -> object:
    if name == "LazyGroup":
        cls = _build_lazy_group()
        globals()["LazyGroup"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _parse_lazy_subcommands(value: object) -> dict[str, tuple[str, str | None]]:
    """Validate ``lazy_subcommands`` and normalise it to ``{name: (path, help)}``."""
    if not isinstance(value, dict):
        raise TypeError(
            f"lazy_subcommands must be a dict of name -> 'module:attribute' or "
            f"('module:attribute', 'help'), not {type(value).__name__}"
        )
    parsed: dict[str, tuple[str, str | None]] = {}
    for name, spec in value.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"lazy_subcommands: command names must be non-empty strings, not {name!r}")
        help_text: object = None
        if isinstance(spec, tuple):
            if len(spec) != 2:
                raise ValueError(
                    f"lazy_subcommands[{name!r}] must be 'module:attribute' or "
                    f"('module:attribute', 'help'), not a {len(spec)}-tuple"
                )
            spec, help_text = spec
            if help_text is not None and not isinstance(help_text, str):
                raise TypeError(f"lazy_subcommands[{name!r}]: help must be a str, not {type(help_text).__name__}")
        if not isinstance(spec, str):
            raise TypeError(f"lazy_subcommands[{name!r}]: import path must be a str, not {type(spec).__name__}")
        module, sep, attribute = spec.partition(":")
        if not sep or not module or not attribute or not all(
            part.isidentifier() for part in (*module.split("."), *attribute.split("."))
        ):
            raise ValueError(
                f"lazy_subcommands[{name!r}]: import path {spec!r} is not of the form "
                f"'package.module:attribute'"
            )
        parsed[name] = (spec, help_text)  # type: ignore[assignment]
    return parsed


def _load_command(group_name: str | None, name: str, path: str) -> object:
    """Import ``path`` (``"module:attr"``) and return the object, naming the path on failure."""
    import importlib  # only when a subcommand is resolved

    module_name, _, attribute = path.partition(":")
    where = f"subcommand {name!r} of {group_name or 'the command group'!r} (declared as {path!r})"
    try:
        obj: object = importlib.import_module(module_name)
    except ImportError as exc:
        # Keep the type (ModuleNotFoundError stays one) but say which
        # subcommand declaration pointed at the missing module.
        raise type(exc)(f"cannot load {where}: {exc}", name=exc.name, path=exc.path) from exc
    except Exception as exc:
        if hasattr(exc, "add_note"):
            exc.add_note(f"while importing {where}")
        raise
    for part in attribute.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ImportError(
                f"cannot load {where}: {module_name!r} has no attribute {attribute!r}",
                name=module_name,
            ) from None
    return obj


def _build_lazy_group() -> type:
    """Create the :class:`LazyGroup` class (imports click)."""
    import click

    class LazyGroup(click.Group):
        """A :class:`click.Group` whose subcommands are declared by import path.

        ``lazy_subcommands`` maps a command name to ``"module:attribute"`` or to
        ``("module:attribute", "one-line help")``.  ``--help`` and shell
        completion of the group render from the declared help without importing
        anything; a subcommand's module is imported when that subcommand is
        resolved (invoked, its ``--help`` requested, or its own options
        completed).  A broken import path raises an error naming the path at
        that moment -- never "No such command".

        Example::

            @click.group(cls=LazyGroup, lazy_subcommands={
                "backtest": ("bot.cli.backtest:backtest", "Run a backtest"),
            })
            def cli(): ...

        .. versionadded:: 0.1
        """

        def __init__(self, *args: Any, lazy_subcommands: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.lazy_subcommands = _parse_lazy_subcommands(
                {} if lazy_subcommands is None else lazy_subcommands
            )

        def list_commands(self, ctx: click.Context) -> list[str]:
            return sorted(set(super().list_commands(ctx)) | set(self.lazy_subcommands))

        def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
            if cmd_name in self.commands or cmd_name not in self.lazy_subcommands:
                return super().get_command(ctx, cmd_name)
            path, _ = self.lazy_subcommands[cmd_name]
            command = _load_command(self.name, cmd_name, path)
            if not isinstance(command, click.Command):
                raise TypeError(
                    f"subcommand {cmd_name!r} of {self.name!r}: {path!r} is a "
                    f"{type(command).__name__}, not a click.Command"
                )
            # Later lookups (and ``commands``-based introspection) see the real command.
            self.commands[cmd_name] = command
            return command

        def _short_help(self, ctx: click.Context, name: str, limit: int) -> tuple[str, bool] | None:
            """``(help, hidden)`` for ``name`` without importing a lazy subcommand."""
            if name in self.lazy_subcommands and name not in self.commands:
                help_text = self.lazy_subcommands[name][1] or ""
                # Truncated exactly as click truncates a real command's help.
                return click.Command(name, help=help_text).get_short_help_str(limit), False
            command: click.Command | None = self.get_command(ctx, name)
            if command is None:
                return None
            return command.get_short_help_str(limit), command.hidden

        def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            names = self.list_commands(ctx)
            if not names:
                return
            limit = formatter.width - 6 - max(len(name) for name in names)
            rows = []
            for name in names:
                entry = self._short_help(ctx, name, limit)
                if entry is not None and not entry[1]:
                    rows.append((name, entry[0]))
            if rows:
                with formatter.section("Commands"):
                    formatter.write_dl(rows)

        def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
            from click.shell_completion import CompletionItem

            results = []
            for name in self.list_commands(ctx):
                if not name.startswith(incomplete):
                    continue
                entry = self._short_help(ctx, name, 45)
                if entry is not None and not entry[1]:
                    results.append(CompletionItem(name, help=entry[0]))
            # Options of the group itself (click.Command's completion), skipping
            # click.Group's, which would resolve every subcommand.
            results.extend(click.Command.shell_complete(self, ctx, incomplete))
            return results

    LazyGroup.__module__ = __name__
    LazyGroup.__qualname__ = "LazyGroup"
    return LazyGroup


def check_subcommands(group: Any, *, prog_name: str | None = None) -> list[str]:
    """Run ``--help`` of ``group`` and of every subcommand under it, recursively.

    Returns the command paths checked (``["cli", "cli backtest", ...]``) and
    raises ``AssertionError`` listing every one that failed, with its error --
    so an application's test suite catches a broken lazy import path before a
    user does::

        def test_every_subcommand_has_help():
            lazyboot.click.check_subcommands(cli)

    This imports every subcommand module; call it from tests, not at runtime.
    """
    import click
    from click.testing import CliRunner

    if not isinstance(group, click.Command):
        raise TypeError(f"group must be a click.Command, not {type(group).__name__}")
    root = prog_name or group.name or "cli"
    runner = CliRunner()
    checked: list[str] = []
    failures: list[str] = []

    def visit(path: list[str]) -> None:
        label = " ".join([root, *path])
        result = runner.invoke(group, [*path, "--help"], prog_name=root)
        checked.append(label)
        if result.exit_code != 0 or result.exception is not None:
            error = result.exception
            detail = f"{type(error).__name__}: {error}" if error is not None else result.output.strip()
            failures.append(f"{label} --help exited {result.exit_code}: {detail}")
            return
        # Walk into the subcommand the --help call just resolved.
        command: Any = group
        ctx = click.Context(group, info_name=root, resilient_parsing=True)
        for part in path:
            command = command.get_command(ctx, part)
            ctx = click.Context(command, parent=ctx, info_name=part, resilient_parsing=True)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                visit([*path, name])

    visit([])
    if failures:
        raise AssertionError(
            f"{len(failures)} of {len(checked)} commands failed --help:\n  " + "\n  ".join(failures)
        )
    return checked

