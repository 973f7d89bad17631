"""Who sees which site's monitoring: staff and admin every site; a factory user its own site only.

A factory user asking for another site, or for another site's alarm, is told it does not exist (404), as the
program hides objects a caller may not see; one without a site assigned is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass

from mdap.domain.identity import Forbidden, Principal
from mdap.domain.monitoring.alarms import Alarm
from mdap.ports.errors import NotFound

ALL_SITES = ("staff", "admin")


@dataclass(frozen=True)
class Scope:
    """The sites a request covers: ``sites`` None means every site."""

    sites: frozenset[str] | None

    @property
    def single(self) -> str | None:
        """The one site of the scope, when there is exactly one."""
        return next(iter(self.sites)) if self.sites is not None and len(self.sites) == 1 else None

    def covers(self, site: str) -> bool:
        return self.sites is None or site in self.sites


def scope_for(principal: Principal, site: str | None = None, *, what: str = "monitoring") -> Scope:
    """The scope of ``principal`` asking for ``site`` (None: every site it may see); ``what`` names the feature
    in the refusal of a caller that is neither staff nor a factory user."""
    if principal.has_any(ALL_SITES):
        return Scope(None if site is None else frozenset({site}))
    if "factory" not in principal.roles:
        raise Forbidden(f"{what} is for staff and factory users")
    if principal.site is None:
        raise Forbidden("this factory user has no site assigned")
    if site is not None and site != principal.site:
        raise NotFound(f"no site {site}")
    return Scope(frozenset({principal.site}))


def visible_alarm(principal: Principal, alarm: Alarm) -> Alarm:
    if not scope_for(principal).covers(alarm.site):
        raise NotFound(f"no alarm {alarm.id}")
    return alarm
