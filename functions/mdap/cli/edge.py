"""`mdap edge`: the edge collector as a plain process, the demo factory, and collectors' status.

    mdap edge run --config FILE [--data-dir DIR]     collect into the platform's raw zone (or S3, as configured)
    mdap edge simulate [--opcua-port 4840] [--modbus-port 5020]
    mdap edge status [--site SITE] [--format table|json]

A configuration error is one line (file:line: field: problem) and exit 2.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import click

from mdap.settings import load_settings


class Refused(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"mdap: {self.format_message()}", err=True)


@click.group("edge")
def edge_group() -> None:
    """Edge collection: run a collector, simulate a factory, read collectors' status."""


@edge_group.command("run")
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The collector's YAML configuration.")
def run_command(config_path: Path) -> None:
    """Collect from the configured sources until SIGTERM or Ctrl-C."""
    from mdap.bootstrap import prepare_data_dir
    from mdap_edge.config import ConfigError
    from mdap_edge.process import configure_logging, load, run

    data_dir = prepare_data_dir(load_settings().data_dir)
    try:
        config = load(config_path, data_dir)
    except ConfigError as exc:
        raise Refused(str(exc)) from None
    configure_logging()
    sys.exit(run(config, data_dir))


@edge_group.command("simulate")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address both servers listen on.")
@click.option("--opcua-port", default=4840, show_default=True, type=click.IntRange(1, 65535))
@click.option("--modbus-port", default=5020, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=7, show_default=True, type=int, help="Seed of the faults and noise.")
def simulate_command(host: str, opcua_port: int, modbus_port: int, seed: int) -> None:
    """A demo factory: an injection-moulding line on OPC UA and a CNC cell on Modbus TCP."""
    from mdap_edge.process import configure_logging
    from mdap_edge.simulate.servers import NAMESPACE, run

    configure_logging()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    click.echo(f"demo factory: OPC UA opc.tcp://{host}:{opcua_port}/ (namespace {NAMESPACE}), "
               f"Modbus TCP {host}:{modbus_port} unit 1")
    try:
        run(host, opcua_port, modbus_port, stop, seed)
    except OSError as exc:
        raise Refused(f"cannot serve the demo factory: {exc}") from None


@edge_group.command("status")
@click.option("--site", default=None, help="Only this site's collectors.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status_command(site: str | None, output: str) -> None:
    """The latest status record of every collector (heartbeat, spool, uploads, sources)."""
    from mdap.bootstrap import bootstrap
    from mdap_edge.status import read_statuses

    records = read_statuses(bootstrap(load_settings()).table, site)
    if output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    click.echo(render(records) if records else "no collector has reported yet")


def render(records: list[dict[str, Any]]) -> str:
    from mdap_edge.status import heartbeat_age

    lines = []
    for record in records:
        spool, uploader = record.get("spool") or {}, record.get("uploader") or {}
        age = heartbeat_age(record)
        lines.append(f"{record['site']}/{record['device']}  {record.get('state')}  heartbeat "
                     f"{'?' if age is None else f'{age:.0f} s'} ago  spool {spool.get('readings', 0)} readings "
                     f"{spool.get('bytes', 0) / 1e6:.1f}/{spool.get('max_bytes', 0) / 1e6:.0f} MB "
                     f"({spool.get('when_full')})  refused {record.get('refused', 0)}  "
                     f"duplicates dropped {record.get('duplicates_dropped', 0)}")
        lines.append(f"  uploader {uploader.get('state')}: {uploader.get('batches', 0)} batches, "
                     f"{uploader.get('readings', 0)} readings, last {uploader.get('last_upload_at') or '-'}"
                     + (f", error{_at(uploader)} {uploader['last_error']}" if uploader.get("failures") else ""))
        for source in record.get("sources", []):
            error = (f"  {source.get('errors', '?')} error(s), last{_at(source)} {source['last_error']}"
                     if source.get("last_error") else "")
            lines.append(f"  {source['name']:<20} {source['kind']:<9} {source['state']:<12} "
                         f"{source['rate_per_s']:>9.1f}/s  {source['readings']:>10} readings{error}")
        if record.get("config_error"):
            lines.append(f"  configuration: {record['config_error']}")
    return "\n".join(lines)


def _at(part: dict[str, Any]) -> str:
    """ at <when> for an error with its time (UTC, to the second): an error from start-up reads as old."""
    when = part.get("last_error_at")
    if not when:
        return ""
    try:
        return f" at {datetime.fromisoformat(str(when)).astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    except ValueError:
        return f" at {when}"  # as the collector wrote it
