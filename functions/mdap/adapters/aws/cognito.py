"""Cognito adapter of the identity port: USER_PASSWORD_AUTH log-in, REFRESH_TOKEN_AUTH renewal, global sign-out.

Cognito's refresh token never leaves the server: it is kept in the session family (``mdap.identity``),
whose own rotating refresh token is what clients hold, so rotation and reuse detection work the same in
both profiles.
"""

from __future__ import annotations

import time
from typing import Any

import jwt

from mdap.domain.identity import (
    InvalidCredentials,
    MfaRequired,
    Principal,
    TooManyAttempts,
    Unauthenticated,
    parse_groups,
    principal_from_claims,
)
from mdap.ports.identity import Grant, IdentityProvider


class CognitoIdentity(IdentityProvider):
    def __init__(self, client: Any, client_id: str, user_pool_id: str = "") -> None:
        self._client = client
        self._client_id = client_id
        self._pool = user_pool_id

    def authenticate(self, email: str, password: str) -> Grant:
        errors = self._client.exceptions
        try:
            reply = self._client.initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH", ClientId=self._client_id,
                AuthParameters={"USERNAME": email.strip().lower(), "PASSWORD": password})
        except (errors.NotAuthorizedException, errors.UserNotFoundException):
            raise InvalidCredentials("wrong e-mail or password") from None
        except errors.TooManyRequestsException:
            raise TooManyAttempts(retry_after=60) from None
        if "AuthenticationResult" not in reply:
            raise MfaRequired(f"Cognito asks for {reply.get('ChallengeName', 'a challenge')}")
        return self._grant(reply["AuthenticationResult"])

    def reissue(self, principal: Principal, upstream_refresh: str | None) -> Grant:
        if not upstream_refresh:
            raise Unauthenticated("the session holds no Cognito refresh token")
        try:
            reply = self._client.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=self._client_id,
                                               AuthParameters={"REFRESH_TOKEN": upstream_refresh})
        except self._client.exceptions.NotAuthorizedException:
            raise Unauthenticated("Cognito no longer accepts this session") from None
        grant = self._grant(reply["AuthenticationResult"])  # the client does not rotate: the family does
        if grant.principal.sub != principal.sub:
            raise Unauthenticated("the renewed token belongs to another user")
        return grant

    def sign_out_everywhere(self, principal: Principal) -> None:
        try:
            self._client.admin_user_global_sign_out(UserPoolId=self._pool, Username=principal.email)
        except self._client.exceptions.UserNotFoundException:
            return  # a deleted user has no sessions left to end

    def list_users(self) -> list[Principal]:
        users: list[Principal] = []
        for page in self._client.get_paginator("list_users").paginate(UserPoolId=self._pool):
            for user in page["Users"]:
                attrs = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
                groups = self._client.admin_list_groups_for_user(UserPoolId=self._pool, Username=user["Username"])
                users.append(Principal(sub=attrs.get("sub", user["Username"]), email=attrs.get("email", ""),
                                       name=attrs.get("name", attrs.get("email", "")),
                                       roles=parse_groups([g["GroupName"] for g in groups["Groups"]])))
        return users

    @staticmethod
    def _grant(result: dict[str, Any]) -> Grant:
        token = result["IdToken"]
        # The signature is checked by API Gateway's Cognito authorizer on every later request; here
        # the token comes straight from Cognito over TLS, so only its claims are read.
        claims = jwt.decode(token, options={"verify_signature": False})
        return Grant(id_token=token, expires_at=int(claims.get("exp", time.time() + result["ExpiresIn"])),
                     principal=principal_from_claims(claims), upstream_refresh=result.get("RefreshToken"))
