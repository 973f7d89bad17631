"""Task, Parallel and Map states, errors (Retry/Catch), timers and callbacks."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from . import events as ev
from . import states as st
from .compiler import State
from .errors import StatesError, matches
from .frames import CHILD_EXEC, TOKEN, Frame

if TYPE_CHECKING:
    from .runtime import Run


def task(run: Run, frame: Frame, state: State) -> None:
    resource: str = state.raw["Resource"]
    ctx = st.enter(run, frame, state)
    token = None
    if resource.endswith(".waitForTaskToken"):
        token = run.host.new_token(run, frame)
        run.issued[token] = frame.id  # answerable from now on, even before the handler returns
        ctx = st.context(run, frame, state, Task={"Token": token})
    eff = st.effective_input(state, frame.input, ctx)
    params = state.parameters.render(eff, ctx) if state.parameters is not None else eff
    timeout, heartbeat = _seconds(state, "TimeoutSeconds", eff, ctx), _seconds(state, "HeartbeatSeconds", eff, ctx)
    _emit_scheduled(run, frame, resource, params, timeout, heartbeat)
    if ":::states:startExecution" in resource:
        result = run.host.start_child(run, frame, state, params)
        if result is None:
            frame.status = CHILD_EXEC  # frame.data names the child (set by the host)
            run.dirty.add(frame.id)
            run.host.commit(run)
            return
    else:
        try:
            result = _invoke_timed(run, frame, state, params, token, timeout, heartbeat)
        except StatesError as err:
            _drop_issued(run, token)
            timed_out = err.error in ("States.Timeout", "States.HeartbeatTimeout")
            task_failed(run, frame, state, err, "TimedOut" if timed_out else "Failed")
            return
    if token is None:
        complete(run, frame, state, result)
        return
    if run.events is not None:
        service, name = ev.resource_parts(resource)
        run.emit(frame, "TaskSubmitted", {"resourceType": service, "resource": name, "output": result,
                                          "outputDetails": {"truncated": False}})
    _await_token(run, frame, token, timeout, heartbeat)


def _invoke_timed(run: Run, frame: Frame, state: State, params: Any, token: str | None,
                  timeout: int | None, heartbeat: int | None) -> Any:
    """An in-process handler cannot be interrupted: one that ran past its limits has timed out anyway."""
    started = run.host.now()
    result = run.host.invoke(run, frame, state, params, token)
    elapsed = run.host.now() - started
    if timeout is not None and elapsed > timeout:
        raise StatesError("States.Timeout", f"Task {state.name!r} ran {elapsed:.1f}s, over TimeoutSeconds")
    if heartbeat is not None and token is None and elapsed > heartbeat:
        raise StatesError("States.HeartbeatTimeout", f"Task {state.name!r} sent no heartbeat in {heartbeat}s")
    return result


def _seconds(state: State, field: str, eff: Any, ctx: Any) -> int | None:
    if field in state.raw:
        return int(state.raw[field])
    path = state.paths.get(f"{field}Path")
    if path is None:
        return None
    value = st._path_value(path, eff, ctx, f"{field}Path")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise StatesError("States.Runtime", f"{field}Path of {state.name!r} must give a positive integer")
    return value


def _emit_scheduled(run: Run, frame: Frame, resource: str, params: Any, timeout: int | None,
                    heartbeat: int | None) -> None:
    if run.events is None:
        return
    kind, name = ev.resource_parts(resource)
    if not resource.startswith("arn:aws:states:::"):
        run.emit(frame, "LambdaFunctionScheduled", {"resource": resource, "input": params})
        run.emit(frame, "LambdaFunctionStarted")
        return
    details: dict[str, Any] = {"resourceType": kind, "resource": name, "region": "local",
                               "parameters": params}
    details.update({k: v for k, v in (("timeoutInSeconds", timeout), ("heartbeatInSeconds", heartbeat)) if v})
    run.emit(frame, "TaskScheduled", details)
    run.emit(frame, "TaskStarted", {"resourceType": kind, "resource": name})


def _await_token(run: Run, frame: Frame, token: str, timeout: int | None, heartbeat: int | None) -> None:
    now = run.host.now()
    frame.token = token
    run.tokens[token] = frame.id
    run.issued.pop(token, None)
    frame.data = {"deadline": now + timeout if timeout else None,
                  "beat": heartbeat, "beat_deadline": now + heartbeat if heartbeat else None}
    frame.status = TOKEN
    _arm_token_timer(run, frame)
    early = run.early.pop(token, None)
    if early is not None:  # answered while its handler was still running (as AWS allows): apply it now
        action, args = early
        if action == "success":
            complete(run, frame, run.state_of(frame), args[0])
            return
        if action == "failure":
            task_failed(run, frame, run.state_of(frame), StatesError(args[0], args[1]))
            return
    run.host.commit(run)


def _drop_issued(run: Run, token: str | None) -> None:
    if token is not None:
        run.issued.pop(token, None)
        run.early.pop(token, None)


def _arm_token_timer(run: Run, frame: Frame) -> None:
    deadlines = [d for d in (frame.data.get("deadline"), frame.data.get("beat_deadline")) if d is not None]
    if deadlines:
        run.set_timer(frame, min(deadlines), "token")
    else:
        frame.wake_at, frame.wake_kind = None, None
        run.dirty.add(frame.id)


def complete(run: Run, frame: Frame, state: State, result: Any) -> None:
    """A Task's result arrived: record it, apply the result fields, move on, commit."""
    resource = state.raw["Resource"]
    if run.events is not None:
        if resource.startswith("arn:aws:states:::"):
            kind, name = ev.resource_parts(resource)
            run.emit(frame, "TaskSucceeded", {"resourceType": kind, "resource": name, "output": result})
        else:
            run.emit(frame, "LambdaFunctionSucceeded", {"output": result})
    ctx = _result_context(run, frame, state)
    _forget_token(run, frame)
    try:
        run.move(frame, state, st.place_result(state, frame.input, result, ctx))
    except StatesError as err:
        handle_error(run, frame, state, err)
    run.host.commit(run)


def _result_context(run: Run, frame: Frame, state: State) -> Any:
    if not state.uses_context:
        return None
    return st.context(run, frame, state, Task={"Token": frame.token}) if frame.token else st.context(
        run, frame, state)


def _forget_token(run: Run, frame: Frame) -> None:
    if frame.token is not None:
        run.tokens.pop(frame.token, None)
        run.host.token_closed(run, frame.token)
        frame.token = None
    frame.wake_at = frame.wake_kind = None


def task_failed(run: Run, frame: Frame, state: State, err: StatesError, kind: str = "Failed") -> None:
    resource = state.raw["Resource"]
    if run.events is not None:
        details = {"error": err.error, "cause": err.cause}
        if resource.startswith("arn:aws:states:::"):
            service, name = ev.resource_parts(resource)
            run.emit(frame, f"Task{kind}", {"resourceType": service, "resource": name, **details})
        else:
            run.emit(frame, f"LambdaFunction{kind}", details)
    _forget_token(run, frame)
    handle_error(run, frame, state, err)
    run.host.commit(run)


def handle_error(run: Run, frame: Frame, state: State, err: StatesError) -> None:
    for rank, retrier in enumerate(state.retry):
        if not matches(retrier.errors, err.error):
            continue
        done = frame.attempts.get(str(rank), 0)
        if done < retrier.max_attempts:  # only the first matching retrier counts, as the spec says
            frame.attempts[str(rank)] = done + 1
            frame.data = {"resume": "retry"}
            run.set_timer(frame, run.host.now() + _delay(retrier, done), "retry")
            return
        break
    for catcher in state.catch:
        if matches(catcher.errors, err.error):
            payload = {"Error": err.error, "Cause": err.cause}
            out = frame.input if catcher.discard else catcher.result_path.put(frame.input, payload)  # type: ignore[union-attr]
            frame.attempts, frame.data = {}, {}
            run.goto(frame, catcher.next, out)
            return
    run.frame_failed(frame, err)


def _delay(retrier: Any, done: int) -> float:
    delay = retrier.interval * retrier.backoff ** done
    if retrier.max_delay is not None:
        delay = min(delay, retrier.max_delay)
    return random.uniform(0, delay) if retrier.full_jitter else delay


def resume(run: Run, frame: Frame, state: State) -> None:
    kind, output = frame.data.get("resume"), frame.data.get("output")
    frame.data = {}
    if kind == "wait":
        run.move(frame, state, output)
        return
    st._EXEC[state.type](run, frame, state)  # a retry runs the state again from its raw input

