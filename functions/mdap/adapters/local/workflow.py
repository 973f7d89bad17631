"""Workflow on the local ASL engine: the ASL files of step_functions/, durable in SQLite in the data dir."""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asl_engine.callbacks import PendingCallbacks, pending_from_records
from asl_engine.durable import DurableEngine, NameTaken, UnknownToken
from asl_engine.substitutions import lambda_arn, local_substitutions, substitute
from asl_engine.taskmap import TASKS_FILE, load_task_map
from mdap.ports.clock import Clock
from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound
from mdap.ports.table import Table
from mdap.ports.workflow import Execution, PendingCallback, Workflow

STEP_FUNCTIONS_DIR = TASKS_FILE.parent
Handler = Callable[[Any, Any], Any]


def machine_name(path: Path) -> str:
    return path.name.removesuffix(".json").removesuffix(".asl")


def load_definitions(directory: Path, substitutions: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Every *.asl.json of ``directory``, placeholders filled, keyed by file stem."""
    return {machine_name(p): json.loads(substitute(p.read_text(encoding="utf-8"), substitutions))
            for p in sorted(directory.glob("*.asl.json"))}


def import_handler(spec: str) -> Handler:
    module, _, function = spec.partition(":")
    handler: Handler = getattr(importlib.import_module(module), function)
    return handler


class LocalWorkflow(Workflow):
    """``start()``/``stop()`` run the background runner; tests can call ``run_until_idle()`` instead."""

    def __init__(self, data_dir: Path, clock: Clock, table: Table, *, table_name: str = "mdap",
                 definitions_dir: Path = STEP_FUNCTIONS_DIR, task_map: Path = TASKS_FILE,
                 handlers: Mapping[str, Handler] | None = None) -> None:
        functions = load_task_map(task_map)
        stems = [machine_name(p) for p in definitions_dir.glob("*.asl.json")]
        definitions = load_definitions(definitions_dir, local_substitutions(functions, stems, table_name))
        overrides = dict(handlers or {})
        tasks = {lambda_arn(name): overrides.get(name) or import_handler(fn.handler) for name, fn in functions.items()}
        self.callbacks = PendingCallbacks(table, clock)  # deadlines on the Clock port, as the recorder's
        self.engine = DurableEngine(Path(data_dir) / "workflows.sqlite3", definitions, tasks=tasks, clock=clock,
                                    table=table)

    def start_runner(self) -> None:
        self.engine.start_runner()

    def stop_runner(self) -> None:
        self.engine.stop_runner()

    @property
    def runner_alive(self) -> bool:
        return self.engine.runner_alive

    def close(self) -> None:
        self.engine.close()

    def run_until_idle(self) -> None:
        """Run every execution until nothing can move at the clock's current time (tests, CLI)."""
        self.engine.run_until_idle()

    def start(self, state_machine: str, input: Any, *, name: str | None = None) -> str:
        try:
            return self.engine.start(state_machine, input, name or str(uuid.uuid4()))
        except NameTaken as exc:
            raise ConditionFailed(str(exc)) from None
        except KeyError as exc:
            raise NotFound(str(exc)) from None

    def describe(self, execution_arn: str) -> Execution:
        row = self.engine.describe(execution_arn)
        if row is None:
            raise NotFound(f"no execution {execution_arn}")
        return Execution(execution_arn=row["arn"], state_machine=row["state_machine"], name=row["name"],
                         status=row["status"], input=json.loads(row["input"]),
                         output=json.loads(row["output"]) if row["output"] is not None else None,
                         error=row["error"], cause=row["cause"], started_at=_time(row["started"]),
                         stopped_at=_time(row["stopped"]) if row["stopped"] is not None else None)

    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        self.describe(execution_arn)
        return [{**event, "timestamp": _time(event["timestamp"])} for event in self.engine.history(execution_arn)]

    def stop_execution(self, execution_arn: str, error: str | None = None, cause: str | None = None) -> None:
        try:
            self.engine.stop(execution_arn, error, cause)
        except KeyError:
            raise NotFound(f"no execution {execution_arn}") from None

    def send_task_success(self, task_token: str, output: Any) -> None:
        self._send(task_token, "success", output)

    def send_task_failure(self, task_token: str, error: str, cause: str = "") -> None:
        self._send(task_token, "failure", error, cause)

    def send_task_heartbeat(self, task_token: str) -> None:
        self._send(task_token, "heartbeat")

    def _send(self, token: str, action: str, *args: Any) -> None:
        try:
            self.engine.send(token, action, *args)
        except UnknownToken:
            self.callbacks.forget(token)
            raise InvalidRequest("task token is unknown, already answered or timed out") from None
        if action != "heartbeat":
            self.callbacks.forget(token)

    def pending_callbacks(self, execution_arn: str | None = None) -> list[PendingCallback]:
        return pending_from_records(self.callbacks, execution_arn, lambda arn: self.describe(arn).status)


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
