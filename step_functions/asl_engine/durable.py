"""The durable engine: many executions, persisted in SQLite, stepped by a runner thread or by hand.

Commit points (see runtime.py): a Task result, a timer, a token or a child execution is committed before
the engine moves past it (and before send_task_* returns); pure states in between are written in the same
batch. After a crash, an execution resumes from its last committed frames: pure states replay, and a Task
whose result was not yet committed runs again (at-least-once, like a retried Lambda invocation).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import signals
from .compiler import Branch, compile_definition
from .durable_host import DurableHost
from .errors import StatesError
from .frames import CHILDREN, DONE, FAILED, PENDING, READY, Frame
from .runtime import Run
from .store import Store, dumps
from .substitutions import LOCAL_ACCOUNT, LOCAL_REGION

EXECUTION_PREFIX = f"arn:aws:states:{LOCAL_REGION}:{LOCAL_ACCOUNT}:execution:"
STATE_MACHINE_PREFIX = f"arn:aws:states:{LOCAL_REGION}:{LOCAL_ACCOUNT}:stateMachine:"
log = logging.getLogger(__name__)
STEP_BUDGET = 2_000  # transitions per execution per round: the lock is released between rounds


class UnknownToken(KeyError):
    pass


class NameTaken(ValueError):
    """The execution name exists with another input (or another state machine)."""


class DurableEngine:
    def __init__(self, db_path: Path, definitions: Mapping[str, dict[str, Any]], *,
                 tasks: Mapping[str, Callable[[Any, Any], Any]], clock: Any, table: Any = None) -> None:
        self.machines: dict[str, Branch] = {name: compile_definition(d) for name, d in definitions.items()}
        self.timeouts = {name: d.get("TimeoutSeconds") for name, d in definitions.items()}
        self.store = Store(db_path)
        self.clock = clock
        self.host = DurableHost(self, tasks, table)
        self.callbacks = _callbacks(table)
        self.lock = threading.RLock()
        self.wakeup = threading.Condition(self.lock)
        self.runs: dict[str, Run] = {}
        self.transitions = 0
        self._thread: threading.Thread | None = None
        self._stopping = False
        for row in self.store.executions(status="RUNNING"):
            self._load(row)

    # --- lifecycle -------------------------------------------------------------------------------------
    def start_runner(self, poll_seconds: float = 0.05) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, args=(poll_seconds,), name="asl-runner", daemon=True)
        self._thread.start()

    @property
    def runner_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop_runner(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            with self.wakeup:
                self._stopping = True
                self.wakeup.notify_all()
            thread.join()

    def close(self) -> None:
        self.stop_runner()
        self.store.close()

    def _loop(self, poll: float) -> None:
        while not self._stopping:
            try:
                self.run_until_idle()
            except Exception:  # the runner serves every execution: it must outlive any one bug
                log.exception("workflow runner: a round failed; the runner carries on")
            with self.wakeup:
                if self._stopping:
                    return
                self.wakeup.wait(poll)

    # --- stepping --------------------------------------------------------------------------------------
    def run_until_idle(self, max_rounds: int = 1_000_000) -> None:
        """Step every execution until none can move at the clock's current time.

        The lock is taken per round (each execution moves at most STEP_BUDGET transitions in a round) and
        released while an in-process task handler runs, so API calls never wait for a whole Map or a slow
        handler."""
        for _ in range(max_rounds):
            with self.lock:
                moved = False
                now = self.host.now()
                for run in list(self.runs.values()):
                    if self.runs.get(run.arn) is run:  # not ended by another thread meanwhile
                        moved |= self._step(run, now)
                if not moved and not any(r.ready for r in self.runs.values()):
                    return

    @contextmanager
    def released(self) -> Iterator[None]:
        """Let other threads use the engine while a task handler runs (one level of this thread's lock)."""
        try:
            self.lock.release()
        except RuntimeError:  # not held by this thread: there is nothing to release
            yield
            return
        try:
            yield
        finally:
            self.lock.acquire()

    def _step(self, run: Run, now: float) -> bool:
        """One round of one execution; an unexpected failure fails that execution alone."""
        try:
            run.fire_due(now)
            moved = run.step_ready(STEP_BUDGET) > 0
            # Only pure states can be pending when the budget ran out (Task results, timers and tokens
            # commit where they happen), so the commit waits for the round that leaves the run idle.
            paused = bool(run.ready) and run.status == "RUNNING"
            if not paused and self.runs.get(run.arn) is run:  # a stop() meanwhile has committed it already
                self.commit(run)
            return moved
        except Exception as exc:  # an engine bug must not wedge the other executions
            log.exception("workflow runner: execution %s failed inside the engine", run.arn)
            self._fail_broken(run, exc)
            return False

    def _fail_broken(self, run: Run, exc: Exception) -> None:
        try:
            run.finish("FAILED", None, "States.Runtime",
                       f"the local engine failed this execution: {type(exc).__name__}: {exc}")
            self.commit(run)
        except Exception:  # cannot even record it: set it aside until the next restart
            log.exception("workflow runner: could not record the failure of %s; set aside", run.arn)
            self.runs.pop(run.arn, None)

    def next_due(self) -> float | None:
        with self.lock:
            dues = [t for r in self.runs.values() for t in (r.next_timer(), r.deadline) if t is not None]
        return min(dues) if dues else None

    def commit(self, run: Run) -> None:
        if not run.dirty and not run.deleted and not run.events and run.status == "RUNNING":
            return
        frames = [run.frames[i] for i in run.dirty if i in run.frames]
        stored = run.meta.setdefault("stored", set())  # frame ids with a row: others need no DELETE
        deleted = sorted(i for i in run.deleted if i in stored)
        self.store.save(self._row(run), frames, deleted, run.events or [], existing=bool(run.meta.get("row")))
        run.meta["row"] = True
        stored.update(f.id for f in frames)
        stored.difference_update(deleted)
        self._forget_callbacks(run)
        run.dirty.clear()
        run.deleted.clear()
        if run.events is not None:
            run.events.clear()
        if run.status != "RUNNING":
            self.runs.pop(run.arn, None)

    def _forget_callbacks(self, run: Run) -> None:
        """Drop the pending-callback records of tokens closed up to this (committed) point."""
        closed = run.meta.pop("closed_tokens", None)
        if not closed or self.callbacks is None:
            return
        for token in closed:
            try:
                self.callbacks.forget(token)
            except Exception:  # the record is then dropped when its token is answered or listed
                log.exception("could not remove the pending-callback record of a closed token")

    def _row(self, run: Run) -> dict[str, Any]:
        meta = run.meta
        stopped = None if run.status == "RUNNING" else self.host.now()
        return {"arn": run.arn, "state_machine": meta["state_machine"], "name": run.name, "status": run.status,
                "input": meta["input"],
                "output": None if run.status != "SUCCEEDED" else dumps(run.output), "error": run.error,
                "cause": run.cause, "started": meta["started"], "stopped": stopped, "next_id": run.next_id,
                "event_count": run.event_count, "deadline": run.deadline, "parent": meta.get("parent")}

    # --- executions ------------------------------------------------------------------------------------
    def start(self, state_machine: str, input: Any, name: str, parent: str | None = None) -> str:
        """Start (or find) the execution ``name``; raise NameTaken if it exists with other input."""
        if state_machine not in self.machines:
            raise KeyError(f"unknown state machine {state_machine!r}; known: {sorted(self.machines)}")
        arn = f"{EXECUTION_PREFIX}{state_machine}:{name}"
        with self.wakeup:
            existing = self.store.execution(arn)
            if existing is not None:
                if json.loads(existing["input"]) != input:
                    raise NameTaken(f"execution {name!r} of {state_machine!r} exists with a different input")
                return arn
            run = self._new_run(state_machine, arn, name, input, self.host.now(), parent)
            run.emit(None, "ExecutionStarted", {"input": input, "inputDetails": {"truncated": False},
                                                "roleArn": ""})
            timeout = self.timeouts[state_machine]
            run.deadline = run.meta["started"] + timeout if timeout else None
            run.spawn(None, 0, "", input)
            self.commit(run)
            self.wakeup.notify_all()
        return arn

    def _new_run(self, state_machine: str, arn: str, name: str, input: Any, started: float,
                 parent: str | None) -> Run:
        run = Run(self.machines[state_machine], self.host, arn=arn, name=name,
                  sm_arn=STATE_MACHINE_PREFIX + state_machine, input=input, start=started)
        # the input's JSON is written with every commit of the execution row: encode it once
        run.meta = {"state_machine": state_machine, "started": started, "parent": parent, "input": dumps(input)}
        run.on_finish = self._finished
        self.runs[arn] = run
        return run

    def _load(self, row: dict[str, Any]) -> None:
        run = self._new_run(row["state_machine"], row["arn"], row["name"], json.loads(row["input"]),
                            row["started"], row["parent"])
        run.next_id, run.event_count, run.deadline = row["next_id"], row["event_count"], row["deadline"]
        for frame in self.store.frames(row["arn"]):
            _restore(run, frame)
        run.meta["stored"] = set(run.frames)
        run.meta["row"] = True
        for frame in run.frames.values():
            if frame.parent is not None and frame.parent in run.frames:
                run.frames[frame.parent].kids.append(frame.id)
        for frame in run.frames.values():
            _recount(run, frame)

    def _finished(self, run: Run) -> None:
        for frame in list(run.frames.values()):
            if frame.parent is None:
                run.drop(frame)
        parent = run.meta.get("parent")
        if parent:
            self._report_to_parent(run, parent)

    def _report_to_parent(self, child: Run, parent: str) -> None:
        parent_arn, _, frame_id = parent.rpartition("#")
        parent_run = self.runs.get(parent_arn)
        if parent_run is None:
            return
        state = parent_run.state_of(parent_run.frames[int(frame_id)])
        params = parent_run.frames[int(frame_id)].data
        result = self.host.child_result(child, state.raw["Resource"], params)
        signals.child_execution_done(parent_run, int(frame_id), child.status == "SUCCEEDED", result,
                                  cause=dumps(result))
        self.commit(parent_run)

    def send(self, token: str, action: str, *args: Any) -> None:
        with self.wakeup:
            run = next((r for r in self.runs.values() if token in r.tokens), None)
            if run is None:
                self._answer_early(token, action, args)
                return
            try:
                getattr(signals, f"send_{action}")(run, token, *args)
            except KeyError:
                raise UnknownToken(token) from None
            self.commit(run)
            self.wakeup.notify_all()

    def _answer_early(self, token: str, action: str, args: tuple[Any, ...]) -> None:
        """A token whose task handler is still running (the engine lock is released meanwhile): the answer is
        kept and applied the moment the task starts waiting. A second answer to it is refused, as later."""
        run = next((r for r in self.runs.values() if token in r.issued), None)
        if run is None or token in run.early:
            raise UnknownToken(token)
        if action != "heartbeat":
            run.early[token] = (action, args)

    def stop(self, arn: str, error: str | None = None, cause: str | None = None) -> None:
        with self.wakeup:
            run = self.runs.get(arn)
            if run is None:
                if self.store.execution(arn) is None:
                    raise KeyError(arn)
                return
            run.finish("ABORTED", None, error, cause)
            self.commit(run)

    def describe(self, arn: str) -> dict[str, Any] | None:
        with self.lock:
            return self.store.execution(arn)

    def history(self, arn: str) -> list[dict[str, Any]]:
        with self.lock:
            return self.store.events(arn)

    def list(self, state_machine: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return self.store.executions(status, state_machine)


def _callbacks(table: Any) -> Any:
    if table is None:
        return None
    from .callbacks import PendingCallbacks  # imports mdap's ports: only when a Table is given

    return PendingCallbacks(table)


def _restore(run: Run, frame: Frame) -> None:
    run.frames[frame.id] = frame
    if frame.token:
        run.tokens[frame.token] = frame.id
    if frame.status == READY:
        run.ready.append(frame.id)
    if frame.wake_at is not None:
        import heapq

        heapq.heappush(run.timers, (frame.wake_at, frame.id))


def _recount(run: Run, frame: Frame) -> None:
    """Rebuild a Parallel/Map parent's counters from its children's rows."""
    if frame.status != CHILDREN:
        return
    frame.kids.sort(key=lambda k: run.frames[k].index)
    kids = [run.frames[k] for k in frame.kids]
    frame.open_kids = sum(k.status not in (DONE, FAILED) for k in kids)
    frame.failed_kids = sum(k.status == FAILED for k in kids)
    frame.started_kids = sum(k.status != PENDING for k in kids)


__all__ = ["DurableEngine", "NameTaken", "StatesError", "UnknownToken"]
