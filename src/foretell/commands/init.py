"""The ``foretell init`` command."""

from __future__ import annotations

from pathlib import Path

import click

from foretell.init import PRE_COMMIT, BookExistsError, create_book, new_book_files


@click.command()
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]"
)
@click.option("--title", help="The book's title (default: the folder's name).")
@click.option("--forecaster", help="Who makes the predictions, by default.")
@click.option(
    "--timezone",
    metavar="ZONE",
    help="The book's time zone, e.g. Europe/Brussels: bare dates are days there (default UTC).",
)
@click.option(
    "--ci",
    is_flag=True,
    help="Also write a GitHub Actions workflow that runs foretell check and foretell status "
    "--fail-on overdue,conflict on every push and every day.",
)
def init(
    folder: Path, title: str | None, forecaster: str | None, timezone: str | None, ci: bool
) -> None:
    """Start a new book in DIR (default: the current folder; created if needed).

    Writes forecasts/, evidence/ and seeds/, foretell.toml, a README, the JSON Schemas (for
    editor completion), a pre-commit hook and, with --ci, a scheduled CI workflow. Refuses a
    folder that already holds a book, and never replaces an existing file.
    """
    if timezone is not None:
        import pendulum  # noqa: PLC0415

        try:
            pendulum.timezone(timezone)
        except Exception:  # pendulum raises several kinds for unknown names
            raise click.BadParameter(
                f"unknown time zone {timezone!r}; use an IANA name such as Europe/Brussels",
                param_hint="'--timezone'",
            ) from None
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - 30 ms

    name = folder.resolve().name
    try:
        installed = version("foretell")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        from foretell import __version__  # noqa: PLC0415

        installed = __version__
    files = new_book_files(
        title=title or name or "Forecasts",
        forecaster=forecaster,
        timezone=timezone,
        version=installed,
        ci=ci,
    )
    try:
        written, kept = create_book(folder, files)
    except BookExistsError as error:
        click.echo(f"foretell: {error}", err=True)
        raise SystemExit(1) from None
    except OSError as error:
        raise click.ClickException(f"cannot write the book: {error}") from None
    for path in written:
        click.echo(f"  created {path}", err=True)
    for path in kept:
        click.echo(f"  kept your {path}", err=True)
        if path == PRE_COMMIT:
            click.echo(
                "  To check the book before every commit, add to it:\n"
                + files[PRE_COMMIT].split("repos:\n", 1)[1],
                err=True,
            )
    click.echo(
        f"A new book in {folder}. Next: foretell add {_shown(folder)}--question ...", err=True
    )


def _shown(folder: Path) -> str:
    return "" if folder == Path() else f"{folder} "
