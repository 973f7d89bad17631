"""Cognito adapter of the identity port: USER_PASSWORD_AUTH log-in, REFRESH_TOKEN_AUTH renewal, global sign-out.

Cognito's refresh token never leaves the server: it is kept in the session family (``mdap.identity``),
whose own rotating refresh token is what clients hold, so rotation and reuse detection work the same in
both profiles.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import jwt

from mdap.domain.identity import (
    SITE_CLAIM,
    InvalidCredentials,
    MfaRequired,
    Principal,
    TooManyAttempts,
    Unauthenticated,
    parse_groups,
    principal_from_claims,
)
from mdap.ports.errors import NotFound
from mdap.ports.identity import (
    Account,
    Grant,
    IdentityProvider,
    InvalidUser,
    UserDirectory,
    UserExists,
    checked_password,
    checked_roles,
    checked_user,
)


class CognitoIdentity(IdentityProvider, UserDirectory):
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
        return [account.principal for account in self.accounts()]

    # -- UserDirectory: AdminCreateUser, AdminDisableUser/AdminEnableUser, AdminSetUserPassword, groups ------
    def create_user(self, email: str, name: str, roles: Iterable[str], password: str, site: str | None = None
                    ) -> Principal:
        """Created confirmed, with ``password`` as its permanent password (the administrator hands it over)
        and no Cognito mail, so both profiles log the user in the same way. A factory user's site is the custom
        attribute ``site`` (the web client may read it, never write it)."""
        email, wanted = checked_user(email, name, roles, password, site)
        errors = self._client.exceptions
        attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                      {"Name": "name", "Value": name}, *([{"Name": SITE_CLAIM, "Value": site}] if site else [])]
        try:
            self._client.admin_create_user(
                UserPoolId=self._pool, Username=email, MessageAction="SUPPRESS", TemporaryPassword=password,
                UserAttributes=attributes)
        except errors.UsernameExistsException:
            raise UserExists(f"a user with e-mail {email} already exists") from None
        except (errors.InvalidPasswordException, errors.InvalidParameterException) as exc:
            raise InvalidUser(str(exc)) from None
        self.set_password(email, password)
        for role in sorted(wanted):
            self._client.admin_add_user_to_group(UserPoolId=self._pool, Username=email, GroupName=role)
        return self._account(email).principal

    def accounts(self) -> list[Account]:
        found: list[Account] = []
        for page in self._client.get_paginator("list_users").paginate(UserPoolId=self._pool):
            found.extend(self._as_account(user, user.get("Enabled", True)) for user in page["Users"])
        return found

    def set_enabled(self, email: str, enabled: bool) -> Account:
        call = self._client.admin_enable_user if enabled else self._client.admin_disable_user
        self._admin(call, email)
        return self._account(email)

    def set_password(self, email: str, password: str) -> None:
        checked_password(password)
        try:
            self._admin(self._client.admin_set_user_password, email, Password=password, Permanent=True)
        except self._client.exceptions.InvalidPasswordException as exc:
            raise InvalidUser(str(exc)) from None

    def set_roles(self, email: str, roles: Iterable[str], site: str | None = None) -> Account:
        wanted = checked_roles(roles, site)
        held = self._account(email).principal
        if site and site != held.site:
            self._admin(self._client.admin_update_user_attributes, email,
                        UserAttributes=[{"Name": SITE_CLAIM, "Value": site}])
        elif site is None and held.site is not None:
            self._admin(self._client.admin_delete_user_attributes, email, UserAttributeNames=[SITE_CLAIM])
        self._change_groups(email, wanted, held.roles)
        return self._account(email)

    def _change_groups(self, email: str, wanted: frozenset[str], held: frozenset[str]) -> None:
        for role in sorted(wanted - held):
            self._admin(self._client.admin_add_user_to_group, email, GroupName=role)
        for role in sorted(held - wanted):
            self._admin(self._client.admin_remove_user_from_group, email, GroupName=role)

    def _admin(self, call: Any, email: str, **arguments: Any) -> Any:
        try:
            return call(UserPoolId=self._pool, Username=email.strip().lower(), **arguments)
        except self._client.exceptions.UserNotFoundException:
            raise NotFound(f"no user {email.strip().lower()}") from None

    def _account(self, email: str) -> Account:
        user = self._admin(self._client.admin_get_user, email)
        return self._as_account({**user, "Attributes": user.get("UserAttributes", [])}, user.get("Enabled", True))

    def _as_account(self, user: dict[str, Any], enabled: bool) -> Account:
        attrs = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
        groups = self._client.admin_list_groups_for_user(UserPoolId=self._pool, Username=user["Username"])
        principal = Principal(sub=attrs.get("sub", user["Username"]), email=attrs.get("email", ""),
                              name=attrs.get("name", attrs.get("email", "")),
                              roles=parse_groups([g["GroupName"] for g in groups["Groups"]]),
                              site=attrs.get(SITE_CLAIM) or None)
        return Account(principal, bool(enabled))

    @staticmethod
    def _grant(result: dict[str, Any]) -> Grant:
        token = result["IdToken"]
        # The signature is checked by API Gateway's Cognito authorizer on every later request; here
        # the token comes straight from Cognito over TLS, so only its claims are read.
        claims = jwt.decode(token, options={"verify_signature": False})
        return Grant(id_token=token, expires_at=int(claims.get("exp", time.time() + result["ExpiresIn"])),
                     principal=principal_from_claims(claims), upstream_refresh=result.get("RefreshToken"))
