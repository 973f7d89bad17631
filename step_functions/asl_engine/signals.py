"""Signals from outside the stepping loop: timers coming due, task tokens answered, child executions ending."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StatesError
from .flow import _arm_token_timer, complete, task_failed
from .frames import CHILD_EXEC, TOKEN, Frame

if TYPE_CHECKING:
    from .runtime import Run


def on_timer(run: Run, frame: Frame) -> None:
    kind = frame.wake_kind
    frame.wake_at = frame.wake_kind = None
    if kind != "token":
        run.wake(frame)
        return
    state = run.state_of(frame)
    now = run.host.now()
    deadline = frame.data.get("deadline")
    if deadline is not None and now >= deadline:
        err = StatesError("States.Timeout", f"The task {state.name!r} timed out waiting for its task token")
    else:
        err = StatesError("States.HeartbeatTimeout", f"The task {state.name!r} sent no heartbeat in time")
    task_failed(run, frame, state, err, kind="TimedOut")


def token_frame(run: Run, token: str) -> Frame:
    fid = run.tokens.get(token)
    frame = run.frames.get(fid) if fid is not None else None
    if frame is None or frame.status != TOKEN:
        raise KeyError(token)
    return frame


def send_success(run: Run, token: str, output: Any) -> None:
    frame = token_frame(run, token)
    complete(run, frame, run.state_of(frame), output)


def send_failure(run: Run, token: str, error: str, cause: str) -> None:
    frame = token_frame(run, token)
    task_failed(run, frame, run.state_of(frame), StatesError(error, cause))


def send_heartbeat(run: Run, token: str) -> None:
    frame = token_frame(run, token)
    if frame.data.get("beat"):
        frame.data["beat_deadline"] = run.host.now() + frame.data["beat"]
        _arm_token_timer(run, frame)
        run.host.commit(run)


def child_execution_done(run: Run, frame_id: int, ok: bool, result: Any, cause: str = "") -> None:
    """A .sync child execution ended: ``result`` is its DescribeExecution output."""
    frame = run.frames.get(frame_id)
    if frame is None or frame.status != CHILD_EXEC:
        return
    state = run.state_of(frame)
    if ok:
        complete(run, frame, state, result)
    else:
        task_failed(run, frame, state, StatesError("States.TaskFailed", cause))
