"""Frames: one thread of control inside an execution (the root, a Parallel branch or a Map iteration)."""

from __future__ import annotations

from typing import Any

READY, TIMER, TOKEN, CHILDREN, CHILD_EXEC, PENDING, DONE, FAILED = (
    "READY", "TIMER", "TOKEN", "CHILDREN", "CHILD_EXEC", "PENDING", "DONE", "FAILED")
# Frame data that survives a restart (the rest is rebuilt from the rows of its children).
PERSISTED = ("id", "parent", "index", "branch", "state", "input", "status", "wake_at", "wake_kind",
             "attempts", "token", "data", "output", "error", "cause", "entered", "last_event")


class Frame:
    __slots__ = (*PERSISTED, "kids", "open_kids", "failed_kids", "started_kids")

    def __init__(self, id: int, parent: int | None, index: int, branch: str, state: str, input: Any) -> None:
        self.id, self.parent, self.index, self.branch = id, parent, index, branch
        self.state, self.input = state, input
        self.status = READY
        self.wake_at: float | None = None
        self.wake_kind: str | None = None
        self.attempts: dict[str, int] = {}
        self.token: str | None = None
        self.data: dict[str, Any] = {}  # per-state working data: deadlines, child execution, ...
        self.output: Any = None
        self.error: str | None = None
        self.cause: str | None = None
        self.entered = 0.0  # epoch seconds the current state was entered; 0: not yet
        self.last_event = 0
        self.kids: list[int] = []
        self.open_kids = 0
        self.failed_kids = 0
        self.started_kids = 0

    def to_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PERSISTED}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Frame:
        frame = cls(row["id"], row["parent"], row["index"], row["branch"], row["state"], row["input"])
        for name in PERSISTED:
            setattr(frame, name, row[name])
        return frame
