"""Who may see and change which program object: authorisation on the object, not only on the route.

- staff and admin: every call, application and project of the agency;
- an applicant: applications its organisation is a member of (or was invited to by e-mail), and their projects;
- an evaluator: applications assigned to it, once it declared no conflict of interest, whose applicant consented
  to sharing with evaluators (before the declaration it sees only the companies' names, to judge a conflict).
Objects a caller may not see are reported as not found, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mdap.domain.identity import Forbidden, Principal
from mdap.ports.errors import NotFound
from mdap.program.store import Key, Records

STAFF = frozenset({"staff", "admin"})


def is_staff(principal: Principal) -> bool:
    return principal.has_any(STAFF)


def member_key(sub: str) -> Key:
    return Key(f"MEMBER#{sub}", "ORG")


def assignment_key(evaluator: str, application: str) -> Key:
    return Key(f"ASSIGN#{evaluator}", f"APP#{application}")


class Access:
    def __init__(self, records: Records) -> None:
        self._records = records

    def organisation(self, principal: Principal) -> dict[str, Any] | None:
        item = self._records.find(member_key(principal.sub))
        return dict(item.data) if item else None

    def member_roles(self, principal: Principal, application: Mapping[str, Any]) -> set[str]:
        """The application roles the caller's organisation (or invited e-mail) holds."""
        org = self.organisation(principal)
        brn = org["brn"] if org else None
        return {str(m["role"]) for m in application["members"]
                if (brn and m.get("brn") == brn and m.get("joined")) or principal.email in m.get("invited", [])}

    def can_see(self, principal: Principal, application: Mapping[str, Any]) -> bool:
        if is_staff(principal):
            return True
        if "applicant" in principal.roles and self.member_roles(principal, application):
            return True
        return "evaluator" in principal.roles and self.evaluates(principal, application)

    def evaluates(self, principal: Principal, application: Mapping[str, Any]) -> bool:
        item = self._records.find(assignment_key(principal.sub, str(application["id"])))
        shared = bool(application.get("consents", {}).get("evaluator_sharing"))
        return item is not None and item.data.get("status") == "cleared" and shared

    def application(self, principal: Principal, application: Mapping[str, Any]) -> Mapping[str, Any]:
        if not self.can_see(principal, application):
            raise NotFound(f"no application {application['id']}")
        return application

    def require_member(self, principal: Principal, application: Mapping[str, Any], *roles: str) -> set[str]:
        """The caller's roles in the application; Forbidden unless it holds one of ``roles`` (any when empty)."""
        self.application(principal, application)
        held = self.member_roles(principal, application)
        if not held or (roles and not held.intersection(roles)):
            raise Forbidden(f"only the application's {' or '.join(roles) or 'members'} may do this")
        return held


def require_staff(principal: Principal) -> None:
    if not is_staff(principal):
        raise Forbidden("only agency staff may do this")
