"""lazyboot.click.LazyGroup: help and completion without importing subcommands."""

from __future__ import annotations

import pytest
from pathlib import Path

APP = {
    "app/__init__.py": "",
    "app/cli.py": '''
        import click
        from lazyboot.click import LazyGroup

        @click.group(cls=LazyGroup, lazy_subcommands={
            "backtest": ("app.cmds.backtest:backtest", "Run a backtest over historical data"),
            "live": ("app.cmds.live:live", "Trade live"),
            "broken": ("app.cmds.missing:nothing", "Points at a module that does not exist"),
            "typo": ("app.cmds.live:lvie", "Points at a misspelt attribute"),
        })
        def cli():
            """The app."""

        @cli.command()
        def version():
            """Print the version."""
            click.echo("1.0")

        @cli.command(hidden=True)
        def secret():
            """Not listed."""
    ''',
    "app/cmds/__init__.py": "",
    "app/cmds/backtest.py": '''
        import click

        @click.command()
        @click.option("--days", type=int, default=5, help="How many days.")
        def backtest(days):
            """Run a backtest over historical data, at length."""
            click.echo(f"backtest {days}")
    ''',
    "app/cmds/live.py": '''
        import click

        @click.command()
        @click.option("--paper", is_flag=True)
        def live(paper):
            """Trade live."""
            click.echo(f"live paper={paper}")
    ''',
}

# Indented like the scenarios it is prepended to (run() dedents the whole script).
REPORT = '''
        import json, sys
        def report(**extra):
            loaded = sorted(m for m in sys.modules if m.startswith("app.cmds."))
            print(json.dumps({"loaded": loaded, **extra}))
'''


def test_import_of_lazyboot_click_does_not_import_click(run):
    """Importing lazyboot.click is free; click is imported when LazyGroup is first used."""
    result = run("""
        import json, sys
        import lazyboot.click
        before = "click" in sys.modules
        cls = lazyboot.click.LazyGroup
        import click
        print(json.dumps([before, "click" in sys.modules, issubclass(cls, click.Group),
                          cls.__module__, cls.__qualname__, "LazyGroup" in dir(lazyboot.click)]))
    """)
    assert result.json() == [False, True, True, "lazyboot.click", "LazyGroup", True]


def test_help_lists_declared_help_without_importing_subcommands(run):
    """--help renders every lazy subcommand from its declared help; no subcommand module is imported."""
    result = run(REPORT + """
        from app.cli import cli
        try:
            cli.main(["--help"], prog_name="app")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        report()
    """, APP)
    out = result.stdout
    assert "backtest  Run a backtest over historical data" in out
    assert "live      Trade live" in out
    assert "version   Print the version." in out
    assert "broken" in out and "secret" not in out
    assert result.json() == {"loaded": []}


def test_shell_completion_lists_subcommands_without_importing_them(run):
    """bash completion of the subcommand names comes from the declarations alone."""
    result = run(REPORT + """
        import os
        os.environ.update(_APP_COMPLETE="bash_complete", COMP_WORDS="app ", COMP_CWORD="1")
        from app.cli import cli
        try:
            cli.main(prog_name="app")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        report()
    """, APP)
    items = result.lines[:-1]
    assert items == ["plain,backtest", "plain,broken", "plain,live", "plain,typo", "plain,version"]
    assert result.json() == {"loaded": []}


def test_completion_of_a_prefix(run):
    """Completing 'ba' offers only backtest, still without importing it."""
    result = run(REPORT + """
        import os
        os.environ.update(_APP_COMPLETE="bash_complete", COMP_WORDS="app ba", COMP_CWORD="1")
        from app.cli import cli
        try:
            cli.main(prog_name="app")
        except SystemExit:
            pass
        report()
    """, APP)
    assert result.lines[:-1] == ["plain,backtest"]
    assert result.json() == {"loaded": []}


def test_invoking_a_subcommand_imports_only_its_module(run):
    """Running `app backtest --days 3` imports app.cmds.backtest and nothing else."""
    result = run(REPORT + """
        from app.cli import cli
        try:
            cli.main(["backtest", "--days", "3"], prog_name="app")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        report()
    """, APP)
    assert result.lines[0] == "backtest 3"
    assert result.json() == {"loaded": ["app.cmds.backtest"]}


def test_subcommand_help_imports_that_module_and_shows_its_options(run):
    """`app live --help` shows live's own options (its module is imported for that)."""
    result = run(REPORT + """
        from app.cli import cli
        try:
            cli.main(["live", "--help"], prog_name="app")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        report()
    """, APP)
    assert "--paper" in result.stdout
    assert result.json() == {"loaded": ["app.cmds.live"]}


@pytest.mark.parametrize("argv", [["broken"], ["broken", "--help"]], ids=["invoke", "help"])
def test_broken_import_path_fails_loudly_naming_the_path(run, argv):
    """A subcommand whose module is missing raises ModuleNotFoundError naming the declaration."""
    result = run(f"""
        from app.cli import cli
        cli.main({argv!r}, prog_name="app")
    """, APP, check=False)
    assert result.returncode == 1
    assert "ModuleNotFoundError: cannot load subcommand 'broken' of 'cli'" in result.stderr
    assert "'app.cmds.missing:nothing'" in result.stderr
    assert "No such command" not in result.stderr + result.stdout


def test_misspelt_attribute_fails_naming_the_path(run):
    """A subcommand whose attribute is misspelt raises ImportError naming module and attribute."""
    result = run("""
        from app.cli import cli
        cli.main(["typo"], prog_name="app")
    """, APP, check=False)
    assert result.returncode == 1
    assert "ImportError: cannot load subcommand 'typo'" in result.stderr
    assert "'app.cmds.live' has no attribute 'lvie'" in result.stderr


def test_check_subcommands_reports_every_broken_path(run):
    """check_subcommands runs --help of each subcommand and names each failure."""
    result = run("""
        import json
        from lazyboot.click import check_subcommands
        from app.cli import cli
        try:
            check_subcommands(cli, prog_name="app")
        except AssertionError as exc:
            print(json.dumps(str(exc)))
    """, APP)
    message = result.json()
    assert message.startswith("2 of 7 commands failed --help")
    assert "app broken --help exited 1: ModuleNotFoundError" in message
    assert "app typo --help exited 1: ImportError" in message
    assert "app.cmds.missing:nothing" in message


def test_check_subcommands_passes_and_recurses_into_nested_groups(run):
    """A healthy tree (a lazy group inside a lazy group) is fully checked."""
    files = {
        "tree/__init__.py": "",
        "tree/cli.py": '''
            import click
            from lazyboot.click import LazyGroup

            @click.group(cls=LazyGroup, lazy_subcommands={"db": ("tree.db:db", "Database commands")})
            def cli():
                pass
        ''',
        "tree/db.py": '''
            import click
            from lazyboot.click import LazyGroup

            @click.group(cls=LazyGroup, lazy_subcommands={"migrate": "tree.migrate:migrate"})
            def db():
                """Database commands."""
        ''',
        "tree/migrate.py": '''
            import click

            @click.command()
            def migrate():
                """Migrate."""
        ''',
    }
    result = run("""
        import json
        from lazyboot.click import check_subcommands
        from tree.cli import cli
        print(json.dumps(check_subcommands(cli, prog_name="tree")))
    """, files)
    assert result.json() == ["tree", "tree db", "tree db migrate"]


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("['a:b']", "TypeError: lazy_subcommands must be a dict"),
        ("{'x': 'no_colon'}", "ValueError: lazy_subcommands['x']: import path 'no_colon'"),
        ("{'x': ('a:b', 'h', 'extra')}", "ValueError: lazy_subcommands['x'] must be"),
        ("{'x': ('a:b', 3)}", "TypeError: lazy_subcommands['x']: help must be a str"),
        ("{'x': 3}", "TypeError: lazy_subcommands['x']: import path must be a str"),
    ],
    ids=["not-a-dict", "no-colon", "3-tuple", "help-type", "path-type"],
)
def test_bad_lazy_subcommands_are_rejected_naming_the_argument(run, spec, error):
    """Wrong types and malformed paths fail when the group is declared."""
    result = run(f"""
        import click
        from lazyboot.click import LazyGroup
        click.group(cls=LazyGroup, lazy_subcommands={spec})(lambda: None)
    """, check=False)
    assert error in result.stderr


TRADER_APP = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "trader_app"


@pytest.mark.heavy
def test_trader_app_help_is_free_and_every_subcommand_has_help(run):
    """`trader --help` imports no subcommand module; check_subcommands passes on the whole tree."""
    result = run("""
        import io, json, sys, contextlib
        import lazyboot
        lazyboot.install()
        from bot.cli.commands import cli
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                cli.main(["--help"], prog_name="trader")
            except SystemExit:
                pass
        loaded = sorted(m for m in sys.modules if m.startswith("bot.cli.") and m not in
                        ("bot.cli.commands", "bot.cli._common") and not lazyboot.is_lazy(sys.modules[m]))
        heavy = sorted(m for m in ("pandas", "sklearn", "scipy") if m in sys.modules
                       and not lazyboot.is_lazy(sys.modules[m]))
        from lazyboot.click import check_subcommands
        checked = check_subcommands(cli, prog_name="trader")
        print(json.dumps({"loaded": loaded, "heavy": heavy, "listed": "backtest" in out.getvalue(),
                          "checked": len(checked)}))
    """, env={"PYTHONPATH": f"{TRADER_APP}:{Path(__file__).resolve().parents[2]}"}, timeout=300)
    data = result.json()
    assert data["loaded"] == [] and data["heavy"] == [] and data["listed"]
    assert data["checked"] >= 8
