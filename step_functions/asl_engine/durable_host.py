"""The durable engine's Host: clock, task registry, DynamoDB through the Table port, child executions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from . import dynamodb
from .dynamodb import DynamoDbIntegration
from .errors import StatesError
from .runtime import Host, Run, Superseded
from .tasks import TaskRegistry

if TYPE_CHECKING:
    from .durable import DurableEngine


class DurableHost(Host):
    def __init__(self, engine: DurableEngine, tasks: Mapping[str, Callable[[Any, Any], Any]], table: Any) -> None:
        self.engine = engine
        self.registry = TaskRegistry(tasks)
        self.dynamodb = DynamoDbIntegration(table) if table is not None else None

    def now(self) -> float:
        return float(self.engine.clock.now().timestamp())

    def commit(self, run: Run) -> None:
        self.engine.commit(run)

    def invoke(self, run: Run, frame: Any, state: Any, params: Any, token: str | None) -> Any:
        resource = state.raw["Resource"]
        if resource.startswith(dynamodb.PREFIX):
            return dynamodb.run_service(self.dynamodb, resource, params)
        error: StatesError | None = None
        with self.engine.released():  # other threads may now answer, stop, start or describe
            try:
                result = self.registry.invoke(resource, params)
            except StatesError as err:
                error = err
        if not self._still_current(run, frame, state):
            raise Superseded(state.name)
        if error is not None:
            raise error
        return result

    def _still_current(self, run: Run, frame: Any, state: Any) -> bool:
        """Nothing ended the execution or cancelled the frame while the lock was released."""
        return (frame.state == state.name and self.engine.runs.get(run.arn) is run
                and run.status == "RUNNING" and run.frames.get(frame.id) is frame)

    def token_closed(self, run: Run, token: str) -> None:
        run.meta.setdefault("closed_tokens", []).append(token)  # records go once the engine has committed

    def start_child(self, run: Run, frame: Any, state: Any, params: Any) -> Any:
        arn = params.get("StateMachineArn", "") if isinstance(params, dict) else ""
        machine = arn.rsplit(":", 1)[-1]
        if machine not in self.engine.machines:
            raise StatesError("StepFunctions.StateMachineDoesNotExistException", f"State machine not found: {arn}")
        name = params.get("Name") or f"{run.name}-{frame.id}-{sum(frame.attempts.values())}"
        resource = state.raw["Resource"]
        sync = resource.endswith((".sync", ".sync:2"))
        child = self.engine.start(machine, params.get("Input", {}), name,
                                  parent=f"{run.arn}#{frame.id}" if sync else None)
        frame.data = {"child": child, "name": name, "input": params.get("Input", {}), "sm": arn}
        if not sync:
            return {"ExecutionArn": child, "StartDate": self.engine.describe(child)["started"]}  # type: ignore[index]
        return None

    def child_result(self, child: Run, resource: str, data: dict[str, Any]) -> Any:
        import json

        as_json = resource.endswith(":2")
        return {"ExecutionArn": child.arn, "StateMachineArn": data.get("sm"), "Name": child.name,
                "Status": child.status,
                "Input": data.get("input") if as_json else json.dumps(data.get("input"), ensure_ascii=False),
                "Output": child.output if as_json else json.dumps(child.output, ensure_ascii=False),
                "Error": child.error, "Cause": child.cause}
