"""User administration (admin only): invite with a one-time password, disable and enable, reset the password,
change roles. Every change is written to the audit trail under the user's e-mail (scope "user").

The one-time password is returned once, to the administrator who hands it over; the mail only says that an
account exists, because the outbox and mail are readable by others (staff list every notice). Disabling or
resetting ends the user's sessions on both sides (the session ledger and the provider's own tokens).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mdap.domain.identity import Principal
from mdap.domain.program.errors import RuleViolation
from mdap.identity.ledger import SessionLedger
from mdap.observability import logger
from mdap.ports.errors import NotFound
from mdap.ports.identity import Account, IdentityProvider, UserDirectory, UserExists
from mdap.ports.notifier import Message, Notifier, Undeliverable
from mdap.program.audit import AuditLog

ROLE_LABELS_KO = {"applicant": "신청기업", "evaluator": "평가위원", "staff": "사업담당자", "admin": "관리자",
                  "factory": "공장 담당자"}
_SYMBOLS = "!#%+-=?@^_"


def one_time_password(length: int = 16) -> str:
    """Random, with an upper- and lower-case letter, a digit and a symbol (Cognito's pool policy)."""
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits, _SYMBOLS)
    every = "".join(classes)
    chars = [secrets.choice(group) for group in classes] + [secrets.choice(every) for _ in range(length - 4)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@dataclass(frozen=True)
class Issued:
    """An account and the password it was just given (shown once, never stored in clear)."""

    account: Account
    password: str


class UserAdmin:
    def __init__(self, directory: UserDirectory, provider: IdentityProvider, ledger: SessionLedger,
                 notifier: Notifier, audit: AuditLog) -> None:
        self._directory = directory
        self._provider = provider
        self._ledger = ledger
        self._notifier = notifier
        self._audit = audit

    def accounts(self) -> list[Account]:
        return sorted(self._directory.accounts(), key=lambda account: account.principal.email)

    def evaluators(self) -> list[Principal]:
        """Enabled evaluators, for staff composing a panel (R-SEL-1)."""
        return [a.principal for a in self.accounts() if a.enabled and "evaluator" in a.principal.roles]

    def invite(self, actor: Principal, email: str, name: str, roles: Iterable[str], site: str | None = None
               ) -> Issued:
        password = one_time_password()
        try:
            principal = self._directory.create_user(email, name.strip(), roles, password, site)
        except UserExists:
            raise RuleViolation(f"a user with e-mail {email} exists already", field="email",
                                message_ko="이미 등록된 이메일입니다.") from None
        account = Account(principal, True)
        self._record(actor, "user.invited", account, after=_summary(account))
        labels = ", ".join(ROLE_LABELS_KO[role] for role in sorted(principal.roles))
        self._tell(principal.email, "user.invited", "[제조데이터 활성화] 계정이 만들어졌습니다",
                   f"{principal.name}님, 제조데이터 활성화 플랫폼 계정({principal.email}, 역할: {labels})이 "
                   "만들어졌습니다. 관리자에게서 받은 임시 비밀번호로 로그인하세요.")
        return Issued(account, password)

    def set_enabled(self, actor: Principal, email: str, enabled: bool) -> Account:
        if not enabled:
            self._not_self(actor, email, "disable")
        before = self._find(email)
        account = self._directory.set_enabled(email, enabled)
        if not enabled:
            self._end_sessions(account.principal)
        self._record(actor, "user.enabled" if enabled else "user.disabled", account, before=_summary(before),
                     after=_summary(account))
        return account

    def reset_password(self, actor: Principal, email: str) -> Issued:
        account = self._find(email)
        password = one_time_password()
        self._directory.set_password(email, password)
        self._end_sessions(account.principal)
        self._record(actor, "user.password_reset", account)
        self._tell(account.principal.email, "user.password_reset", "[제조데이터 활성화] 비밀번호가 초기화되었습니다",
                   f"{account.principal.name}님, 계정 비밀번호가 초기화되었습니다. 관리자에게서 받은 임시 비밀번호로 "
                   "로그인하세요. 요청한 적이 없다면 관리자에게 알려 주세요.")
        return Issued(account, password)

    def set_roles(self, actor: Principal, email: str, roles: Iterable[str], site: str | None = None) -> Account:
        wanted = frozenset(roles)
        if "admin" not in wanted:
            self._not_self(actor, email, "remove the admin role from")
        before = self._find(email)
        account = self._directory.set_roles(email, wanted, site)
        self._record(actor, "user.roles_changed", account, before=_summary(before), after=_summary(account))
        return account

    def trail(self, email: str, *, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        return self._audit.entries("user", email.strip().lower(), limit=limit, cursor=cursor)

    # -- internals ----------------------------------------------------------------------------------
    def _find(self, email: str) -> Account:
        wanted = email.strip().lower()
        found = next((a for a in self._directory.accounts() if a.principal.email == wanted), None)
        if found is None:
            raise NotFound(f"no user {wanted}")
        return found

    def _not_self(self, actor: Principal, email: str, what: str) -> None:
        if actor.email == email.strip().lower():
            raise RuleViolation(f"administrators cannot {what} their own account", field="email",
                                message_ko="자기 계정은 비활성화하거나 관리자 권한을 뺄 수 없습니다.")

    def _end_sessions(self, principal: Principal) -> None:
        self._ledger.revoke_all(principal.sub, "administrator")
        self._provider.sign_out_everywhere(principal)

    def _record(self, actor: Principal, action: str, account: Account, *, before: Any = None, after: Any = None
                ) -> None:
        self._audit.record(actor.email, action, {"user": account.principal.email}, before=before, after=after)

    def _tell(self, to: str, kind: str, subject: str, body: str) -> None:
        try:
            self._notifier.send(Message(to=(to,), subject=subject, body=body, kind=kind, refs={"user": to}))
        except Undeliverable:  # the change stands; the mail set-up needs fixing
            logger.exception("account notice not delivered", extra={"kind": kind})


def _summary(account: Account) -> dict[str, Any]:
    return {"roles": sorted(account.principal.roles), "enabled": account.enabled, "name": account.principal.name,
            "site": account.principal.site}
