"""The interpreter core: an execution is a set of frames stepped until each one blocks or ends.

The same core runs in memory (run_definition) and durably (the local workflow engine): the durable host
persists the frames marked dirty at its commit points. Only Task results, timers and tokens force a commit;
pure states (Pass, Choice, ...) are replayed after a crash, which is harmless because they have no effects.
"""

from __future__ import annotations

import heapq
import json
import logging
import secrets
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from . import events as ev
from . import fanout, flow, signals, states
from .compiler import Branch, State
from .errors import StatesError
from .frames import CHILDREN, DONE, FAILED, PENDING, READY, TIMER, TOKEN, Frame

log = logging.getLogger(__name__)


class Superseded(Exception):  # a signal, not an error
    """The frame was cancelled or its execution ended while its task ran outside the engine's lock."""


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Host(ABC):
    """What a run needs from outside: time, task invocation, child executions, commit points."""

    @abstractmethod
    def now(self) -> float: ...

    @abstractmethod
    def invoke(self, run: Run, frame: Frame, state: State, params: Any, token: str | None) -> Any: ...

    def start_child(self, run: Run, frame: Frame, state: State, params: Any) -> Any:
        """Start a child execution: its result now, or None when it will report back later."""
        raise StatesError("States.Runtime", "child executions are not available here")

    def commit(self, run: Run) -> None:
        """A Task result, a timer or a token must be durable from here on (in memory: nothing to do)."""
        return None

    def new_token(self, run: Run, frame: Frame) -> str:
        return secrets.token_urlsafe(32)

    def token_closed(self, run: Run, token: str) -> None:
        """The engine answered, timed out or cancelled ``token``: nobody can use it any more."""
        return None


class Run:
    def __init__(self, machine: Branch, host: Host, *, arn: str, name: str, sm_arn: str, input: Any,
                 start: float, record_events: bool = True) -> None:
        self.branches = _index(machine)
        self.host, self.arn, self.name = host, arn, name
        self.status, self.output = "RUNNING", None
        self.error: str | None = None
        self.cause: str | None = None
        self.context = {"Execution": {"Id": arn, "Input": input, "Name": name, "RoleArn": "",
                                      "StartTime": iso(start), "RedriveCount": 0},
                        "StateMachine": {"Id": sm_arn, "Name": sm_arn.rsplit(":", 1)[-1]}}
        self.frames: dict[int, Frame] = {}
        self.ready: deque[int] = deque()
        self.timers: list[tuple[float, int]] = []
        self.dirty: set[int] = set()
        self.tokens: dict[str, int] = {}
        # tokens handed to a task handler that is still running, and answers that came back before it returned
        self.issued: dict[str, int] = {}
        self.early: dict[str, tuple[str, tuple[Any, ...]]] = {}
        self.deleted: set[int] = set()
        self.events: list[ev.Compact] | None = [] if record_events else None
        self.event_count = 0
        self.next_id = 1
        self.transitions = 0
        self.deadline: float | None = None
        self.on_finish: Callable[[Run], None] | None = None
        self.meta: dict[str, Any] = {}  # the host's bookkeeping (state machine name, start time, parent)

    # --- frames -------------------------------------------------------------------------------------
    def spawn(self, parent: Frame | None, index: int, branch: str, input: Any, status: str = READY) -> Frame:
        b = self.branches[branch]
        frame = Frame(self.next_id, parent.id if parent else None, index, branch, b.start_at, input)
        frame.last_event = parent.last_event if parent else 0
        self.next_id += 1
        self.frames[frame.id] = frame
        self.dirty.add(frame.id)
        frame.status = status
        if status == READY:
            self.ready.append(frame.id)
        return frame

    def state_of(self, frame: Frame) -> State:
        return self.branches[frame.branch].states[frame.state]

    def wake(self, frame: Frame) -> None:
        frame.status = READY
        self.ready.append(frame.id)
        self.dirty.add(frame.id)

    def set_timer(self, frame: Frame, at: float, kind: str) -> None:
        frame.status, frame.wake_at, frame.wake_kind = TIMER if kind != "token" else TOKEN, at, kind
        heapq.heappush(self.timers, (at, frame.id))
        self.dirty.add(frame.id)

    def emit(self, frame: Frame | None, kind: str, details: dict[str, Any] | None = None) -> None:
        if self.events is None:
            return
        self.event_count += 1
        previous = frame.last_event if frame else self.event_count - 1
        self.events.append((self.event_count, previous, self.host.now(), kind, details))
        if frame is not None:
            frame.last_event = self.event_count

    # --- stepping ------------------------------------------------------------------------------------
    def step_ready(self, budget: int = 1 << 62) -> int:
        """Run ready frames until none is left (or ``budget`` transitions); return transitions made."""
        done = 0
        while self.ready and done < budget and self.status == "RUNNING":
            frame = self.frames.get(self.ready.popleft())
            if frame is None or frame.status != READY:
                continue
            done += self._advance(frame)
        self.transitions += done
        return done

    def _advance(self, frame: Frame) -> int:
        count = 0
        while frame.status == READY and self.status == "RUNNING":
            count += 1
            state = self.state_of(frame)
            try:
                states.execute(self, frame, state)
            except StatesError as err:
                self.state_failed(frame, state, err)
            except Superseded:
                break
            except Exception as exc:  # an integration's bug fails this frame, not the engine
                log.exception("state %r of %s raised", state.name, self.arn)
                self.state_failed(frame, state, StatesError(
                    "States.Runtime", f"the local engine failed running state {state.name!r}: "
                                      f"{type(exc).__name__}: {exc}"))
        self.dirty.add(frame.id)  # whatever the states did to it (e.g. a Map now waiting on its children)
        return count

    def next_timer(self) -> float | None:
        while self.timers:
            at, fid = self.timers[0]
            frame = self.frames.get(fid)
            if frame is not None and frame.wake_at == at and frame.status in (TIMER, TOKEN):
                return at
            heapq.heappop(self.timers)
        return None

    def fire_due(self, now: float) -> None:
        if self.deadline is not None and now >= self.deadline and self.status == "RUNNING":
            self.finish("TIMED_OUT", None, "States.Timeout", "The execution timed out")
            return
        while (at := self.next_timer()) is not None and at <= now:
            _, fid = heapq.heappop(self.timers)
            signals.on_timer(self, self.frames[fid])

    # --- transitions and endings ---------------------------------------------------------------------
    def move(self, frame: Frame, state: State, output: Any) -> None:
        """Leave ``state`` with ``output``: go to Next, or end the frame."""
        self.emit(frame, ev.exited(state), {"name": state.name, "output": output,
                                              "outputDetails": {"truncated": False}})
        frame.attempts = {}
        frame.data = {}
        self.dirty.add(frame.id)
        if state.next is None:
            self.frame_done(frame, output)
            return
        self.goto(frame, state.next, output)

    def goto(self, frame: Frame, name: str, input: Any) -> None:
        frame.state, frame.input, frame.entered = name, input, 0.0
        self.dirty.add(frame.id)
        if frame.status != READY:  # woken from outside the stepping loop: queue it
            frame.status = READY
            self.ready.append(frame.id)

    def frame_done(self, frame: Frame, output: Any) -> None:
        frame.status, frame.output = DONE, output
        self.dirty.add(frame.id)
        if frame.parent is None:
            self.finish("SUCCEEDED", output, None, None)
        else:
            fanout.child_finished(self, self.frames[frame.parent], frame)

    def frame_failed(self, frame: Frame, err: StatesError) -> None:
        frame.status, frame.error, frame.cause = FAILED, err.error, err.cause
        self.dirty.add(frame.id)
        if frame.parent is None:
            self.finish("FAILED", None, err.error, err.cause)
        else:
            fanout.child_finished(self, self.frames[frame.parent], frame)

    def state_failed(self, frame: Frame, state: State, err: StatesError) -> None:
        flow.handle_error(self, frame, state, err)

    def drop(self, frame: Frame) -> None:
        """Forget a frame and its descendants (a finished or cancelled branch/iteration)."""
        for kid in frame.kids:
            child = self.frames.get(kid)
            if child is not None:
                self.drop(child)
        if frame.token is not None:
            self.tokens.pop(frame.token, None)
            self.host.token_closed(self, frame.token)
        self.frames.pop(frame.id, None)
        self.dirty.discard(frame.id)
        self.deleted.add(frame.id)

    def finish(self, status: str, output: Any, error: str | None, cause: str | None) -> None:
        if self.status != "RUNNING":
            return
        self.status, self.output, self.error, self.cause = status, output, error, cause
        self.emit(None, *ev.execution_end(status, output, error, cause))
        if self.on_finish is not None:
            self.on_finish(self)

    def blocked(self) -> list[str]:
        """States waiting for something other than a timer (tokens without timeout, child executions)."""
        return [f"{f.branch or '(root)'}:{f.state}" for f in self.frames.values()
                if f.status not in (DONE, FAILED, PENDING, CHILDREN, READY) and f.wake_at is None]


def _index(branch: Branch) -> dict[str, Branch]:
    out = {branch.key: branch}
    for state in branch.states.values():
        for sub in state.branches:
            out.update(_index(sub))
    return out


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
