"""Cognito adapter of the identity port: USER_PASSWORD_AUTH log-in, groups from the ID token."""

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
from mdap.ports.identity import IdentityProvider, Session


class CognitoIdentity(IdentityProvider):
    def __init__(self, client: Any, client_id: str, user_pool_id: str = "") -> None:
        self._client = client
        self._client_id = client_id
        self._pool = user_pool_id

    def authenticate(self, email: str, password: str) -> Session:
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
        return self._session(reply["AuthenticationResult"])

    def refresh(self, id_token: str, refresh_token: str | None = None) -> Session:
        if not refresh_token:
            raise Unauthenticated("Cognito sessions are refreshed with the refresh token")
        try:
            reply = self._client.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId=self._client_id,
                                               AuthParameters={"REFRESH_TOKEN": refresh_token})
        except self._client.exceptions.NotAuthorizedException:
            raise Unauthenticated("the refresh token is no longer valid") from None
        result = reply["AuthenticationResult"]
        result.setdefault("RefreshToken", refresh_token)
        return self._session(result)

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
    def _session(result: dict[str, Any]) -> Session:
        token = result["IdToken"]
        # The signature is checked by API Gateway's Cognito authorizer on every later request; here
        # the token comes straight from Cognito over TLS, so only its claims are read.
        claims = jwt.decode(token, options={"verify_signature": False})
        return Session(id_token=token, expires_at=int(claims.get("exp", time.time() + result["ExpiresIn"])),
                       principal=principal_from_claims(claims), refresh_token=result.get("RefreshToken"))
