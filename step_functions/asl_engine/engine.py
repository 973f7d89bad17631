"""run_definition: one execution in memory, to completion (or until nothing can move any more)."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from . import dynamodb
from .compiler import compile_definition
from .dynamodb import DynamoDbIntegration
from .errors import StatesError
from .runtime import Host, Run
from .tasks import TaskRegistry
from .validation import load

LOCAL_ACCOUNT = "arn:aws:states:local:000000000000"


@dataclass(frozen=True)
class RunResult:
    status: str  # SUCCEEDED | FAILED | TIMED_OUT | BLOCKED
    output: Any
    error: str | None
    cause: str | None


class _VirtualClock:
    """Without a clock, Wait states and retries take no real time: time jumps to the next timer."""

    def __init__(self) -> None:
        self._now = datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now


class MemoryHost(Host):
    def __init__(self, tasks: Any, clock: Any, table: Any = None) -> None:
        self.registry = TaskRegistry({k: v for k, v in (tasks or {}).items() if callable(v)})
        self.children = {k: v for k, v in (tasks or {}).items() if not callable(v)}
        self.clock = clock
        self.dynamodb = DynamoDbIntegration(table) if table is not None else None

    def now(self) -> float:
        return float(self.clock.now().timestamp())

    def invoke(self, run: Run, frame: Any, state: Any, params: Any, token: str | None) -> Any:
        resource = state.raw["Resource"]
        if resource.startswith(dynamodb.PREFIX):
            return dynamodb.run_service(self.dynamodb, resource, params)
        return self.registry.invoke(resource, params)

    def start_child(self, run: Run, frame: Any, state: Any, params: Any) -> Any:
        """A child state machine given as a definition in ``tasks`` runs to completion at once."""
        arn = params.get("StateMachineArn", "") if isinstance(params, dict) else ""
        if arn not in self.children:
            raise StatesError("StepFunctions.StateMachineDoesNotExistException", f"State machine not found: {arn}")
        child = run_definition(self.children[arn], params.get("Input", {}), tasks={
            **self.registry.tasks, **self.children}, clock=self.clock)
        return child_output(state.raw["Resource"], arn, params, child)


def child_output(resource: str, arn: str, params: Any, child: RunResult) -> Any:
    import json

    name = params.get("Name") or str(uuid.uuid4())
    execution = f"{arn.replace(':stateMachine:', ':execution:')}:{name}"
    if not resource.endswith((".sync", ".sync:2")):
        return {"ExecutionArn": execution, "StartDate": datetime.now(UTC).isoformat()}
    if child.status != "SUCCEEDED":
        raise StatesError("States.TaskFailed", json.dumps({"ExecutionArn": execution, "Status": child.status,
                                                           "Error": child.error, "Cause": child.cause},
                                                          ensure_ascii=False))
    as_json = resource.endswith(":2")
    return {"ExecutionArn": execution, "StateMachineArn": arn, "Name": name, "Status": "SUCCEEDED",
            "Input": params.get("Input", {}) if as_json else json.dumps(params.get("Input", {}), ensure_ascii=False),
            "Output": child.output if as_json else json.dumps(child.output, ensure_ascii=False)}


def run_definition(definition: dict[str, Any] | str, input: Any, *, tasks: Any = None, clock: Any = None,
                   table: Any = None) -> RunResult:
    """Run one execution in memory. Raises AslValidationError for an invalid definition.

    Timers (Wait, Retry intervals, task timeouts) jump ``clock`` forward when nothing else can move
    (a ControllableClock or, by default, a private virtual clock); a clock without ``advance`` is slept on.
    A run left with only callbacks no one can answer ends as status BLOCKED.
    """
    raw = load(definition)
    machine = compile_definition(raw)
    clock = clock or _VirtualClock()
    host = MemoryHost(tasks, clock, table)
    name = str(uuid.uuid4())
    run = Run(machine, host, arn=f"{LOCAL_ACCOUNT}:execution:inline:{name}", name=name,
              sm_arn=f"{LOCAL_ACCOUNT}:stateMachine:inline", input=input, start=host.now(), record_events=False)
    timeout = raw.get("TimeoutSeconds")
    if timeout:
        run.deadline = host.now() + timeout
    run.spawn(None, 0, "", input)
    return _drive(run, host)


def _drive(run: Run, host: MemoryHost) -> RunResult:
    while run.status == "RUNNING":
        run.step_ready()
        if run.status != "RUNNING":
            break
        due = [t for t in (run.next_timer(), run.deadline) if t is not None]
        if not due:
            return RunResult("BLOCKED", None, "Engine.Blocked",
                             "nothing can move: waiting for " + ", ".join(run.blocked()))
        _pass_time(host.clock, min(due) - host.now())
        run.fire_due(host.now())
    return RunResult(run.status, run.output, run.error, run.cause)


def _pass_time(clock: Any, seconds: float) -> None:
    if seconds <= 0:
        return
    if hasattr(clock, "advance"):
        clock.advance(timedelta(microseconds=math.ceil(seconds * 1e6)))
    else:
        clock.sleep(seconds)
