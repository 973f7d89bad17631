"""`mdap users`: manage the local profile's users (in AWS, Cognito is the directory)."""

from __future__ import annotations

import click

from mdap.domain.identity import ROLES


def _identity() -> object:
    from mdap.bootstrap import StartupError, bootstrap
    from mdap.settings import load_settings

    container = bootstrap(load_settings())
    if container.settings.profile != "local":
        raise StartupError("`mdap users` manages local users only; use the Cognito console or CLI in AWS")
    return container.identity


@click.group("users")
def users_group() -> None:
    """Local users and their roles."""


@users_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeatable.")
@click.option("--site", default=None, help="The one site a factory user sees (required with --role factory).")
@click.password_option(help="At least 12 characters (prompted when omitted).")
def add_user(email: str, name: str, roles: tuple[str, ...], site: str | None, password: str) -> None:
    """Create a user."""
    try:
        user = _identity().create_user(email, name, roles, password, site)  # type: ignore[attr-defined]
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"created {user.email} ({', '.join(sorted(user.roles))}{f'; site {user.site}' if user.site else ''})")


@users_group.command("list")
def list_users() -> None:
    """List users."""
    for user in _identity().list_users():  # type: ignore[attr-defined]
        click.echo(f"{user.email}\t{user.name}\t{','.join(sorted(user.roles))}\t{user.site or '-'}")
