"""Entry point of the ``trader`` command and of ``python -m bot``.

``lazyboot.install()`` runs before anything of the CLI is imported: from then
on the application's module-level imports are deferred until first use.
"""

import sys

import lazyboot


def main(argv=None):
    """Run the ``trader`` CLI; bad input is one line on stderr and exit code 2."""
    lazyboot.install()
    import click
    from bot.cli.commands import cli

    try:
        code = cli.main(args=argv, prog_name="trader", standalone_mode=False)
    except click.UsageError as exc:
        # Click's standalone mode prints usage, a hint and the error; one line is
        # what a script reading stderr (or a person) needs.
        click.echo(f"Error: {exc.format_message()}", err=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
