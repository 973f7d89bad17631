import pytest

from mdap.domain.identity import (
    Forbidden,
    Principal,
    Unauthenticated,
    parse_groups,
    principal_from_claims,
    require_any_role,
)


@pytest.mark.parametrize("raw,expected", [
    (["staff", "admin"], {"staff", "admin"}),
    ("staff,admin", {"staff", "admin"}),
    ("[staff admin]", {"staff", "admin"}),
    (None, set()),
    (["root", "staff"], {"staff"}),
])
def test_groups_claim_is_read_in_every_shape_api_gateway_sends(raw: object, expected: set[str]) -> None:
    assert parse_groups(raw) == expected


def test_claims_without_subject_are_refused() -> None:
    with pytest.raises(Unauthenticated):
        principal_from_claims({"email": "a@b.kr"})


def test_username_stands_in_for_missing_email() -> None:
    principal = principal_from_claims({"sub": "1", "cognito:username": "a@b.kr", "cognito:groups": "staff"})
    assert principal.email == "a@b.kr"
    assert principal.roles == {"staff"}


def test_role_check_refuses_users_without_any_of_the_roles() -> None:
    evaluator = Principal(sub="1", email="e@x.kr", name="평가위원", roles=frozenset({"evaluator"}))
    require_any_role(evaluator, ["evaluator", "staff"])
    with pytest.raises(Forbidden):
        require_any_role(evaluator, ["staff", "admin"])
