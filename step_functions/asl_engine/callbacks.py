"""Pending callbacks: task tokens of .waitForTaskToken tasks, kept as records in the Table port.

AWS has no API that lists task tokens, so both profiles use one mechanism: the task a
.waitForTaskToken state invokes records its token here (``recorder``), and the Workflow adapter removes
the record when the token is answered; the local engine also removes it when it closes the token itself
(timeout, failure, cancelled branch, ended execution). A record may carry its token's deadline (the
Payload's ``TimeoutSeconds``): AWS never tells anyone a token timed out, so records past their deadline,
like records of executions no longer running, are dropped when listed. ``table`` is any
mdap.ports.table.Table; nothing vendor-specific is imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from mdap.ports.errors import NotFound
from mdap.ports.workflow import PendingCallback

PARTITION = "CALLBACKS"


def _index_key(execution_arn: str) -> str:
    return f"CALLBACKS#{execution_arn}"


class PendingCallbacks:
    """``clock`` (an mdap Clock; default: system time) dates deadlines; recorder and reader must share it."""

    def __init__(self, table: Any, clock: Any = None) -> None:
        self.table = table
        self.clock = clock

    def now(self) -> float:
        return float((self.clock.now() if self.clock is not None else datetime.now(UTC)).timestamp())

    def record(self, task_token: str, execution_arn: str, state_name: str, payload: Any,
               timeout_seconds: float | None = None) -> None:
        data = {"task_token": task_token, "execution_arn": execution_arn, "state_name": state_name,
                "payload": payload, "gsi1pk": _index_key(execution_arn), "gsi1sk": task_token}
        if timeout_seconds is not None:  # the token dies then, answered or not
            data["deadline"] = self.now() + float(timeout_seconds)
        self.table.put(PARTITION, task_token, data)

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


def recorder(table: Any, clock: Any = None) -> Callable[[Any, Any], Any]:
    """The handler a .waitForTaskToken task invokes, with Payload
    {"TaskToken.$": "$$.Task.Token", "ExecutionArn.$": "$$.Execution.Id", "StateName.$": "$$.State.Name",
    "Payload": ..., "TimeoutSeconds": <the state's TimeoutSeconds, optional>}."""
    store = PendingCallbacks(table, clock)

    def handler(event: Any, context: Any) -> Any:
        store.record(event["TaskToken"], event["ExecutionArn"], event["StateName"], event.get("Payload"),
                     event.get("TimeoutSeconds"))
        return {"recorded": True}

    return handler


def pending_from_records(callbacks: PendingCallbacks, execution_arn: str | None,
                         status_of: Callable[[str], str]) -> list[PendingCallback]:
    """The recorded callbacks whose token can still be answered; records of ended executions or past their
    deadline are dropped."""
    out = []
    now = callbacks.now()
    for record in callbacks.list(execution_arn):
        if _expired(record, now) or not _running(record["execution_arn"], status_of):
            callbacks.forget(record["task_token"])
            continue
        out.append(PendingCallback(record["task_token"], record["execution_arn"], record["state_name"],
                                   record.get("payload")))
    return out


def _expired(record: dict[str, Any], now: float) -> bool:
    deadline = record.get("deadline")
    return deadline is not None and now >= float(deadline)


def _running(execution_arn: str, status_of: Callable[[str], str]) -> bool:
    try:
        return status_of(execution_arn) == "RUNNING"
    except NotFound:
        return False
