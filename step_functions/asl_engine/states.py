"""What each state type does to a frame (the ASL semantics proper)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import events as ev
from . import fanout, flow
from .choice import parse_timestamp
from .compiler import State
from .errors import StatesError
from .frames import Frame
from .jsonpath import MISSING

if TYPE_CHECKING:
    from .runtime import Run


def context(run: Run, frame: Frame, state: State, **extra: Any) -> dict[str, Any]:
    ctx = dict(run.context)
    ctx["State"] = {"Name": state.name, "EnteredTime": _iso(frame.entered),
                    "RetryCount": sum(frame.attempts.values())}
    ctx.update(extra)
    return ctx


def effective_input(state: State, raw: Any, ctx: Any) -> Any:
    if state.input_null:
        return {}
    if state.input_path is None:
        return raw
    return state.input_path.get(ctx if state.input_path.context else raw, "InputPath")


def output_of(state: State, value: Any, ctx: Any) -> Any:
    if state.output_null:
        return {}
    if state.output_path is None:
        return value
    return state.output_path.get(ctx if state.output_path.context else value, "OutputPath")


def place_result(state: State, raw: Any, result: Any, ctx: Any) -> Any:
    """ResultSelector, ResultPath and OutputPath, in the spec's order."""
    if state.result_selector is not None:
        result = state.result_selector.render(result, ctx)
    if state.result_discard:
        combined = raw
    elif state.result_path is None:
        combined = result
    else:
        combined = state.result_path.put(raw, result)
    return output_of(state, combined, ctx)


def enter(run: Run, frame: Frame, state: State) -> Any:
    """Record entry (once per visit, not per retry); return the context object if the state uses it."""
    if not frame.entered:
        frame.entered = run.host.now()
        run.emit(frame, ev.entered(state), {"name": state.name, "input": frame.input,
                                             "inputDetails": {"truncated": False}})
    return context(run, frame, state) if state.uses_context else None


def _iso(epoch: float) -> str:
    from .runtime import iso

    return iso(epoch)


def execute(run: Run, frame: Frame, state: State) -> None:
    if frame.data.get("resume"):
        flow.resume(run, frame, state)
        return
    _EXEC[state.type](run, frame, state)


def _pass(run: Run, frame: Frame, state: State) -> None:
    ctx = enter(run, frame, state)
    eff = effective_input(state, frame.input, ctx)
    if "Result" in state.raw:
        result = state.raw["Result"]
    else:
        result = state.parameters.render(eff, ctx) if state.parameters is not None else eff
    run.move(frame, state, place_result(state, frame.input, result, ctx))


def _choice(run: Run, frame: Frame, state: State) -> None:
    ctx = enter(run, frame, state)
    eff = effective_input(state, frame.input, ctx)
    target = next((nxt for predicate, nxt in state.choices if predicate(eff, ctx)), state.raw.get("Default"))
    if target is None:
        raise StatesError("States.NoChoiceMatched", f"No Matches! in state {state.name!r}")
    output = output_of(state, eff, ctx)
    run.emit(frame, ev.exited(state), {"name": state.name, "output": output,
                                       "outputDetails": {"truncated": False}})
    run.goto(frame, target, output)


def _succeed(run: Run, frame: Frame, state: State) -> None:
    ctx = enter(run, frame, state)
    eff = effective_input(state, frame.input, ctx)
    out = output_of(state, eff, ctx)
    run.emit(frame, ev.exited(state), {"name": state.name, "output": out,
                                       "outputDetails": {"truncated": False}})
    run.frame_done(frame, out)


def _fail(run: Run, frame: Frame, state: State) -> None:
    ctx = enter(run, frame, state)
    error, cause = state.raw.get("Error"), state.raw.get("Cause")
    for field in ("ErrorPath", "CausePath"):
        if field in state.paths:
            value = _path_value(state.paths[field], frame.input, ctx, field)
            if not isinstance(value, str):
                raise StatesError("States.Runtime", f"{field} of state {state.name!r} must yield a string")
            error, cause = (value, cause) if field == "ErrorPath" else (error, value)
    run.frame_failed(frame, StatesError(error, cause))


def _path_value(path: Any, data: Any, ctx: Any, field: str) -> Any:
    if not hasattr(path, "find"):
        return path(data, ctx)
    value = path.find(ctx if path.context else data)
    if value is MISSING:
        raise StatesError("States.Runtime", f"Invalid path '{path.text}' in {field}: not found in the input")
    return value


def _wait(run: Run, frame: Frame, state: State) -> None:
    ctx = enter(run, frame, state)
    eff = effective_input(state, frame.input, ctx)
    until = _wait_until(run, state, eff, ctx)
    frame.data = {"resume": "wait", "output": output_of(state, eff, ctx)}
    if until <= run.host.now():
        flow.resume(run, frame, state)
        return
    run.set_timer(frame, until, "wait")
    run.host.commit(run)


def _wait_until(run: Run, state: State, eff: Any, ctx: Any) -> float:
    raw = state.raw
    if "Seconds" in raw:
        return run.host.now() + float(raw["Seconds"])
    if "SecondsPath" in state.paths:
        seconds = _path_value(state.paths["SecondsPath"], eff, ctx, "SecondsPath")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
            raise StatesError("States.Runtime", f"SecondsPath of {state.name!r} must be a non-negative integer")
        return run.host.now() + seconds
    stamp = raw.get("Timestamp")
    if "TimestampPath" in state.paths:
        stamp = _path_value(state.paths["TimestampPath"], eff, ctx, "TimestampPath")
    moment: datetime | None = parse_timestamp(stamp)
    if moment is None:
        raise StatesError("States.Runtime", f"Timestamp of {state.name!r} is not an RFC 3339 time: {stamp!r}")
    return float(moment.timestamp())


# flow and fanout import this module: reach them at call time, so any of them may be imported first
def _task(run: Run, frame: Frame, state: State) -> None:
    flow.task(run, frame, state)


def _parallel(run: Run, frame: Frame, state: State) -> None:
    fanout.parallel(run, frame, state)


def _map(run: Run, frame: Frame, state: State) -> None:
    fanout.map_state(run, frame, state)


_EXEC = {"Pass": _pass, "Choice": _choice, "Succeed": _succeed, "Fail": _fail, "Wait": _wait,
         "Task": _task, "Parallel": _parallel, "Map": _map}
