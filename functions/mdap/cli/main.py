"""The `mdap` command line."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mdap.bootstrap import StartupError
from mdap.settings import Settings, SettingsError, load_settings


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Every subcommand takes --data-dir; it overrides MDAP_DATA_DIR (default ./.mdap)."""

    @click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Directory of the local profile's data (default: $MDAP_DATA_DIR or ./.mdap).")
    @functools.wraps(command)
    def wrapper(*args: Any, data_dir: Path | None, **kwargs: Any) -> Any:
        if data_dir is not None:
            os.environ["MDAP_DATA_DIR"] = str(data_dir)
        return command(*args, **kwargs)

    return wrapper


def settings() -> Settings:
    return load_settings()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mdap")
def cli() -> None:
    """제조데이터 활성화 플랫폼 — Manufacturing Data Activation Platform."""


@cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@data_dir_option
def run_command(host: str, port: int) -> None:
    """Start the whole platform on the local profile (API, web app, workers)."""
    from mdap.localserver.server import run

    run(settings(), host, port)


def _engine() -> Any:
    from mdap.bootstrap import bootstrap

    return bootstrap(settings()).query


def _register(group: click.Group) -> None:
    """Subcommands defined in their own modules, each given --data-dir."""
    from mdap.cli.edge import edge_group
    from mdap.cli.pipeline import pipeline_group
    from mdap.cli.program import program_group
    from mdap.cli.query import query_command
    from mdap.cli.sfn import sfn_group
    from mdap.cli.users import users_group

    group.add_command(_with_data_dir(query_command(_engine)), "query")
    for name, command in list(sfn_group.commands.items()):
        sfn_group.commands[name] = _with_data_dir(command)
    group.add_command(sfn_group, "sfn")

    for name, command in list(users_group.commands.items()):
        users_group.commands[name] = _with_data_dir(command)
    group.add_command(users_group, "users")

    for name, command in list(program_group.commands.items()):
        program_group.commands[name] = _with_data_dir(command)
    group.add_command(program_group, "program")

    for name, command in list(edge_group.commands.items()):
        edge_group.commands[name] = _with_data_dir(command)
    group.add_command(edge_group, "edge")

    for name, command in list(pipeline_group.commands.items()):
        pipeline_group.commands[name] = _with_data_dir(command)
    group.add_command(pipeline_group, "pipeline")


def _with_data_dir(command: click.Command) -> click.Command:
    if any(param.name == "data_dir" for param in command.params):
        return command
    callback = command.callback
    assert callback is not None
    command.callback = data_dir_option(callback)
    command.params.append(click.Option(["--data-dir"], type=click.Path(file_okay=False, path_type=Path),
                                       default=None, help="Directory of the local profile's data."))
    return command


_register(cli)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except (SettingsError, StartupError) as exc:
        click.echo(f"mdap: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        if not type(exc).__module__.startswith(("botocore", "boto3")):
            raise
        # AWS profile without credentials, region or network: say so in one line
        click.echo(f"mdap: AWS refused or could not be reached: {exc}", err=True)
        sys.exit(2)
