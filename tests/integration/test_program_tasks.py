"""The workflow task handlers: a retried invocation (same execution, state and entry) applies once; a later
visit of the same state is a new invocation; approvals follow the Clock port."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mdap.adapters.clock import ControllableClock
from mdap.api.deps import release_container, set_container
from mdap.bootstrap import Container, bootstrap
from mdap.program import tasks
from mdap.settings import load_settings
from tests.integration.test_program_rules import World


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = ControllableClock(datetime(2027, 3, 2, tzinfo=UTC))
    container: Container = bootstrap(load_settings(profile="local", data_dir=tmp_path), clock=clock)
    set_container(container)
    try:
        yield World(container, clock)
    finally:
        container.workflow.close()  # type: ignore[attr-defined]
        release_container(container)


def _event(app_id: str, entered: str) -> dict[str, Any]:
    return {"action": "request_info", "application_id": app_id, "reason": "서류 보완",
            "execution": "arn:aws:states:local:0:execution:selection_round:x", "state": "RequestInfo",
            "entered": entered}


def test_a_retried_task_applies_once_and_a_new_visit_applies_again(world: World) -> None:
    app = world.draft(world.call()["id"], 1)
    world.complete_documents(app, 1)
    world.p.applications.submit(world.people["a1@rules.kr"], app["id"])
    tasks.round_step({**_event(app["id"], "t0"), "action": "start_review"}, None)
    first = _event(app["id"], "2027-03-02T00:00:01Z")
    tasks.round_step(first, None)
    tasks.round_step(first, None)  # Step Functions retried the same state entry
    sent = [s for s in world.c.notifier.sent(limit=100)[0] if s.message.kind == "application.info_requested"]
    assert len(sent) == 1
    trail = world.p.audit.entries("application", app["id"])[0]
    assert [e["action"] for e in trail].count("application.info_requested") == 1
    tasks.round_step({**_event(app["id"], "t1"), "action": "resume_review"}, None)
    tasks.round_step(_event(app["id"], "2027-03-05T00:00:00Z"), None)  # the loop's next visit
    sent = [s for s in world.c.notifier.sent(limit=100)[0] if s.message.kind == "application.info_requested"]
    assert len(sent) == 2


def test_an_unknown_action_is_a_task_failure(world: World) -> None:
    with pytest.raises(ValueError, match="unknown action"):
        tasks.round_step({"action": "promote_everyone", "execution": "x", "state": "S", "entered": "t"}, None)


def test_approval_deadlines_and_reminders_follow_the_clock(world: World) -> None:
    world.c.identity.create_user("staff@rules.kr", "담당자", ["staff"], "staff-password-1")  # type: ignore[attr-defined]
    opened = tasks.open_approval({"token": "tok-1", "execution": "arn:x", "state": "AwaitRepayment",
                                  "kind": "repayment", "audience": "staff", "subject": {"clawback": "clw-1"},
                                  "title_ko": "환수금 반환 확인", "title_en": "Repaid?", "timeout_seconds": 4 * 86400},
                                 None)
    approval = world.p.approvals.get(opened["approval"])
    assert approval["expires_at"] == (world.clock.now() + timedelta(days=4)).isoformat()
    assert "token" not in approval  # never shown
    assert tasks.send_reminders({"action": "scheduled"}, None)["reminded"] == []
    world.clock.advance(timedelta(days=1, seconds=1))  # now due within 3 days
    assert tasks.send_reminders({"action": "scheduled"}, None)["reminded"] == [opened["approval"]]
    assert tasks.send_reminders({"action": "scheduled"}, None)["reminded"] == []  # once per approval
    world.clock.advance(timedelta(days=3))
    assert world.p.approvals.inbox()[0] == []  # its time ran out: closed, not listed
    assert world.p.approvals.get(opened["approval"])["status"] == "EXPIRED"
    waiting = [s for s in world.c.notifier.sent(limit=100)[0] if s.message.kind.startswith("approval.")]
    assert sorted(s.message.kind for s in waiting) == ["approval.reminder", "approval.waiting"]
