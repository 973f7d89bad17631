"""Telling people an alarm became ACTIVE: every enabled staff user, and the factory users of the alarm's site.

Sent once, right after the alarm is stored (a failure to send is logged; the alarm stands and shows on the page).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta, timezone

from mdap.domain.identity import Principal
from mdap.domain.monitoring.alarms import Alarm
from mdap.observability import logger
from mdap.ports.identity import IdentityProvider, UserDirectory
from mdap.ports.notifier import MAX_RECIPIENTS, MAX_SUBJECT_CHARS, Message, Notifier, Undeliverable

KIND = "monitoring.alarm"
KST = timezone(timedelta(hours=9))
SEVERITY_KO = {"info": "알림", "warning": "경고", "critical": "심각"}


class AlarmNotices:
    def __init__(self, notifier: Notifier, identity: IdentityProvider) -> None:
        self._notifier = notifier
        self._identity = identity

    def announce(self, alarm: Alarm) -> int:
        """Send the notice of a newly ACTIVE alarm; the number of people it went to."""
        to = recipients(self._people(), alarm.site)
        for start in range(0, len(to), MAX_RECIPIENTS):
            try:
                self._notifier.send(message(alarm, to[start:start + MAX_RECIPIENTS]))
            except Undeliverable:
                logger.exception("alarm notice not delivered", extra={"alarm": alarm.id})
        return len(to)

    def _people(self) -> list[Principal]:
        if isinstance(self._identity, UserDirectory):
            return [account.principal for account in self._identity.accounts() if account.enabled]
        return self._identity.list_users()


def recipients(people: Iterable[Principal], site: str) -> tuple[str, ...]:
    chosen = {p.email.strip().lower() for p in people
              if p.email and (p.has_any(("staff",)) or ("factory" in p.roles and p.site == site))}
    return tuple(sorted(chosen))


def message(alarm: Alarm, to: tuple[str, ...]) -> Message:
    severity = SEVERITY_KO.get(alarm.severity.value, alarm.severity.value)
    subject = f"[제조데이터 활성화] {severity} 알람: {alarm.summary_ko}"
    if len(subject) > MAX_SUBJECT_CHARS:
        subject = subject[:MAX_SUBJECT_CHARS - 1] + "…"
    body = "\n".join([
        f"{alarm.site} 사이트에 알람이 발생했습니다.", "",
        f"내용: {alarm.summary_ko}", f"심각도: {severity}", f"대상: {alarm.subject}",
        f"발생 시각: {alarm.raised_at.astimezone(KST):%Y-%m-%d %H:%M:%S} (KST)", "",
        f"데이터 모니터링 화면(/monitoring?site={alarm.site})에서 확인하고 조치하세요.",
        "", f"{alarm.summary_en} (site {alarm.site})",
    ])  # fmt: skip
    return Message(to=to, subject=subject, body=body, kind=KIND, refs={"alarm": alarm.id, "site": alarm.site})
