"""Cognito pre-token-generation trigger: staff and admin groups only reach tokens of users with MFA.

Cognito's MFA setting is pool-wide; applicants must not be forced into it. A staff or admin user who has
not enabled TOTP still signs in, but without the privileged groups, so they can set MFA up and sign in again.
The SDK is loaded on first need: most tokens carry no privileged group, and their cold start skips boto3.
"""

from __future__ import annotations

import functools
from typing import Any

PRIVILEGED = frozenset({"staff", "admin"})


@functools.cache
def _cognito() -> Any:
    import boto3

    return boto3.client("cognito-idp")


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    groups = event["request"].get("groupConfiguration", {}).get("groupsToOverride", [])
    if PRIVILEGED.isdisjoint(groups) or _has_mfa(event["userPoolId"], event["userName"]):
        return event
    kept = [group for group in groups if group not in PRIVILEGED]
    event["response"]["claimsOverrideDetails"] = {"groupOverrideDetails": {"groupsToOverride": kept}}
    return event


def _has_mfa(user_pool_id: str, username: str) -> bool:
    user = _cognito().admin_get_user(UserPoolId=user_pool_id, Username=username)
    return bool(user.get("UserMFASettingList"))
