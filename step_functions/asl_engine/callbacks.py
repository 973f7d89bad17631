"""Pending callbacks: task tokens of .waitForTaskToken tasks, kept as records in the Table port.

AWS has no API that lists task tokens, so both profiles use one mechanism: the task a
.waitForTaskToken state invokes records its token here (``recorder``), and the Workflow adapter removes
the record when the token is answered. Records of executions that are no longer running are dropped
when listed. ``table`` is any mdap.ports.table.Table; nothing vendor-specific is imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mdap.ports.errors import NotFound
from mdap.ports.workflow import PendingCallback

PARTITION = "CALLBACKS"


def _index_key(execution_arn: str) -> str:
    return f"CALLBACKS#{execution_arn}"


class PendingCallbacks:
    def __init__(self, table: Any) -> None:
        self.table = table

    def record(self, task_token: str, execution_arn: str, state_name: str, payload: Any) -> None:
        self.table.put(PARTITION, task_token, {
            "task_token": task_token, "execution_arn": execution_arn, "state_name": state_name,
            "payload": payload, "gsi1pk": _index_key(execution_arn), "gsi1sk": task_token})

    def forget(self, task_token: str) -> None:
        if self.table.get(PARTITION, task_token) is not None:
            self.table.delete(PARTITION, task_token)

    def list(self, execution_arn: str | None = None) -> list[dict[str, Any]]:
        """Every recorded callback (of one execution), oldest token first within the partition order."""
        records: list[dict[str, Any]] = []
        cursor = None
        while True:
            if execution_arn is None:
                page = self.table.query(PARTITION, limit=100, cursor=cursor)
            else:
                page = self.table.query(_index_key(execution_arn), index="gsi1", limit=100, cursor=cursor)
            records.extend(dict(item.data) for item in page.items)
            cursor = page.cursor
            if cursor is None:
                return records


def recorder(table: Any) -> Callable[[Any, Any], Any]:
    """The handler a .waitForTaskToken task invokes, with Payload
    {"TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id", "StateName.$": "$$.State.Name",
    "Payload": ...}."""
    store = PendingCallbacks(table)

    def handler(event: Any, context: Any) -> Any:
        store.record(event["TaskToken"], event["ExecutionArn"], event["StateName"], event.get("Payload"))
        return {"recorded": True}

    return handler


def pending_from_records(callbacks: PendingCallbacks, execution_arn: str | None,
                         status_of: Callable[[str], str]) -> list[PendingCallback]:
    """The recorded callbacks whose execution still runs; records of ended executions are dropped."""
    out = []
    for record in callbacks.list(execution_arn):
        try:
            running = status_of(record["execution_arn"]) == "RUNNING"
        except NotFound:
            running = False
        if not running:
            callbacks.forget(record["task_token"])
            continue
        out.append(PendingCallback(record["task_token"], record["execution_arn"], record["state_name"],
                                   record.get("payload")))
    return out
