"""Who sees which site: staff and admin every site, a factory user its own; the site claim in tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mdap.domain.identity import Forbidden, Principal, principal_from_claims
from mdap.domain.monitoring.alarms import Condition, Severity, raise_alarm
from mdap.monitoring.access import scope_for, visible_alarm
from mdap.ports.errors import NotFound
from mdap.ports.identity import InvalidUser, checked_roles

STAFF = Principal("s", "staff@x.kr", "담당", frozenset({"staff"}))
FACTORY = Principal("f", "kim@demo.kr", "김", frozenset({"factory"}), site="demo")


def test_staff_see_every_site_or_the_one_they_ask_for() -> None:
    assert scope_for(STAFF).sites is None
    assert scope_for(STAFF, "hanbit").sites == {"hanbit"}


def test_a_factory_user_sees_its_own_site_and_no_other() -> None:
    assert scope_for(FACTORY).sites == {"demo"} and scope_for(FACTORY, "demo").single == "demo"
    with pytest.raises(NotFound):
        scope_for(FACTORY, "hanbit")
    other = raise_alarm("a1", Condition("hanbit", "collector.stale", "edge-01", Severity.WARNING, "k", "e"),
                        datetime(2026, 3, 2, tzinfo=UTC))
    with pytest.raises(NotFound):
        visible_alarm(FACTORY, other)
    assert visible_alarm(STAFF, other) is other


def test_other_roles_and_a_factory_user_without_a_site_are_refused() -> None:
    for who in (Principal("a", "a@x.kr", "a", frozenset({"applicant"})),
                Principal("f", "f@x.kr", "f", frozenset({"factory"}))):
        with pytest.raises(Forbidden):
            scope_for(who)


def test_the_site_comes_from_the_custom_claim_and_a_malformed_one_grants_nothing() -> None:
    claims = {"sub": "1", "email": "kim@demo.kr", "cognito:groups": ["factory"], "custom:site": "demo"}
    principal = principal_from_claims(claims)
    assert (principal.roles, principal.site) == ({"factory"}, "demo")
    assert principal.as_json()["site"] == "demo"
    assert principal_from_claims({**claims, "custom:site": "../DEMO"}).site is None
    assert "site" not in principal_from_claims({"sub": "2", "cognito:groups": "staff"}).as_json()


def test_a_factory_user_needs_a_site_and_only_factory_users_have_one() -> None:
    assert checked_roles(["factory"], "demo") == {"factory"}
    for roles, site in ((["factory"], None), (["factory"], "Not A Site"), (["staff"], "demo")):
        with pytest.raises(InvalidUser):
            checked_roles(roles, site)
