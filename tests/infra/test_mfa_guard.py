"""The Cognito pre-token trigger keeps staff/admin groups only for users with MFA, and needs the SDK only then."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from infra.runtime import mfa_guard


class _FakeCognito:
    def __init__(self, mfa: list[str]) -> None:
        self.mfa = mfa
        self.asked: list[tuple[str, str]] = []

    def admin_get_user(self, *, UserPoolId: str, Username: str) -> dict[str, Any]:
        self.asked.append((UserPoolId, Username))
        return {"Username": Username, "UserMFASettingList": self.mfa}


def _event(groups: list[str]) -> dict[str, Any]:
    return {"userPoolId": "pool-1", "userName": "kim", "response": {},
            "request": {"groupConfiguration": {"groupsToOverride": groups}}}


@pytest.fixture
def cognito(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> _FakeCognito:
    fake = _FakeCognito(getattr(request, "param", []))
    monkeypatch.setattr(mfa_guard, "_cognito", lambda: fake)
    return fake


def test_applicant_token_passes_unchanged_without_asking_cognito(cognito: _FakeCognito) -> None:
    event = mfa_guard.handler(_event(["applicant"]), None)
    assert event["response"] == {} and cognito.asked == []


def test_staff_without_mfa_loses_only_the_privileged_groups(cognito: _FakeCognito) -> None:
    event = mfa_guard.handler(_event(["staff", "evaluator", "admin"]), None)
    assert event["response"]["claimsOverrideDetails"] == {"groupOverrideDetails": {"groupsToOverride": ["evaluator"]}}
    assert cognito.asked == [("pool-1", "kim")]


@pytest.mark.parametrize("cognito", [["SOFTWARE_TOKEN_MFA"]], indirect=True)
def test_staff_with_mfa_keeps_their_groups(cognito: _FakeCognito) -> None:
    assert mfa_guard.handler(_event(["staff"]), None)["response"] == {}


def test_importing_the_trigger_does_not_load_the_sdk() -> None:
    code = "import sys, infra.runtime.mfa_guard; sys.exit('boto3' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
