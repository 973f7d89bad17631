"""Parallel and Map: spawn child frames, join their results, apply tolerated failures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import states as st
from .compiler import State
from .errors import StatesError
from .frames import CHILDREN, FAILED, PENDING, READY, Frame

if TYPE_CHECKING:
    from .runtime import Run


def parallel(run: Run, frame: Frame, state: State) -> None:
    ctx = st.enter(run, frame, state)
    eff = st.effective_input(state, frame.input, ctx)
    value = state.parameters.render(eff, ctx) if state.parameters is not None else eff
    run.emit(frame, "ParallelStateStarted")
    frame.kids = [run.spawn(frame, i, b.key, value).id for i, b in enumerate(state.branches)]
    frame.open_kids, frame.failed_kids, frame.started_kids = len(frame.kids), 0, len(frame.kids)
    frame.data, frame.status = {}, CHILDREN


def map_state(run: Run, frame: Frame, state: State) -> None:
    ctx = st.enter(run, frame, state) or st.context(run, frame, state)
    eff = st.effective_input(state, frame.input, ctx)
    items = eff
    if "ItemsPath" in state.paths:
        items = st._path_value(state.paths["ItemsPath"], eff, ctx, "ItemsPath")
    if not isinstance(items, list):
        raise StatesError("States.Runtime", f"ItemsPath of Map state {state.name!r} must select an array")
    frame.data = {"max": _number(state, "MaxConcurrency", eff, ctx, 0),
                  "tol_count": _number(state, "ToleratedFailureCount", eff, ctx, None),
                  "tol_pct": _number(state, "ToleratedFailurePercentage", eff, ctx, None)}
    run.emit(frame, "MapStateStarted", {"length": len(items)})
    if not items:
        join(run, frame, state)
        return
    limit = frame.data["max"] or len(items)
    key = state.branches[0].key
    frame.kids = [run.spawn(frame, i, key, _item(state, eff, ctx, i, item), READY if i < limit else PENDING).id
                  for i, item in enumerate(items)]
    frame.open_kids, frame.failed_kids, frame.started_kids = len(items), 0, min(limit, len(items))
    frame.status = CHILDREN


def _item(state: State, eff: Any, ctx: Any, index: int, item: Any) -> Any:
    if state.parameters is None:
        return item
    item_ctx = dict(ctx)
    item_ctx["Map"] = {"Item": {"Index": index, "Value": item}}
    return state.parameters.render(eff, item_ctx)


def _number(state: State, field: str, eff: Any, ctx: Any, default: Any) -> Any:
    if field in state.raw:
        return state.raw[field]
    if f"{field}Path" in state.paths:
        value = st._path_value(state.paths[f"{field}Path"], eff, ctx, f"{field}Path")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise StatesError("States.Runtime", f"{field}Path of {state.name!r} must give a number >= 0")
        return value
    return default


def child_finished(run: Run, parent: Frame, child: Frame) -> None:
    state = run.state_of(parent)
    if parent.status != CHILDREN:
        return  # the parent already failed; this child was running when it did
    kind = "Map" if state.type == "Map" else "Parallel"
    if child.status == FAILED:
        if kind == "Parallel" or _intolerable(parent):
            _fail_fanout(run, parent, state, child)
            return
        parent.failed_kids += 1
        run.emit(child, "MapIterationFailed", {"name": state.name, "index": child.index})
    elif kind == "Map":
        run.emit(child, "MapIterationSucceeded", {"name": state.name, "index": child.index})
    parent.open_kids -= 1
    if parent.started_kids < len(parent.kids):
        nxt = run.frames[parent.kids[parent.started_kids]]
        parent.started_kids += 1
        run.wake(nxt)
    if parent.open_kids == 0:
        join(run, parent, state)


def _intolerable(parent: Frame) -> bool:
    count, pct = parent.data.get("tol_count"), parent.data.get("tol_pct")
    if count is None and pct is None:
        return True
    failed, total = parent.failed_kids + 1, len(parent.kids)
    return (count is not None and failed > count) or (pct is not None and failed * 100 > pct * total)


def _fail_fanout(run: Run, parent: Frame, state: State, child: Frame) -> None:
    tolerant = parent.data.get("tol_count") is not None or parent.data.get("tol_pct") is not None
    err = StatesError(child.error or "States.Runtime", child.cause or "")
    if tolerant:
        err = StatesError("States.ExceedToleratedFailureThreshold",
                          f"The number of failed items exceeded the tolerated threshold (last: {child.error})")
    run.emit(parent, f"{state.type}StateFailed")
    _drop_kids(run, parent)
    from .flow import handle_error

    handle_error(run, parent, state, err)


def _drop_kids(run: Run, parent: Frame) -> None:
    for kid in parent.kids:
        frame = run.frames.get(kid)
        if frame is not None:
            run.drop(frame)
    parent.kids = []


def join(run: Run, parent: Frame, state: State) -> None:
    results = [_result(run.frames[k]) for k in parent.kids]
    _drop_kids(run, parent)
    run.emit(parent, f"{state.type}StateSucceeded")
    ctx = st.context(run, parent, state) if state.uses_context else None
    if parent.status == CHILDREN:
        parent.status = "JOINING"  # not READY: goto queues it again
    try:
        run.move(parent, state, st.place_result(state, parent.input, results, ctx))
    except StatesError as err:
        from .flow import handle_error

        handle_error(run, parent, state, err)


def _result(frame: Frame) -> Any:
    return frame.output if frame.status != FAILED else {"Error": frame.error, "Cause": frame.cause}
