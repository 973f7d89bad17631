"""What the platform told people: staff see every notice; others the ones addressed to them."""

from __future__ import annotations

from chalice import Blueprint

from mdap.api.deps import container
from mdap.api.endpoints import endpoint
from mdap.api.program_models import NotificationList, NotificationOut, PageQuery
from mdap.domain.identity import ROLES, Principal
from mdap.program.access import is_staff

bp = Blueprint(__name__)


@endpoint(bp, "/notifications", roles=ROLES, query=PageQuery, response=NotificationList,
          summary="Notices sent (the local profile's outbox: what would have been mailed)", tag="notifications")
def notifications(principal: Principal, query: PageQuery) -> NotificationList:
    recipient = None if is_staff(principal) else principal.email
    sent, cursor = container().notifier.sent(recipient=recipient, limit=query.limit, cursor=query.cursor)
    items = [NotificationOut(message_id=s.message_id, sent_at=s.sent_at, to=list(s.message.to),
                             subject=s.message.subject, body=s.message.body, kind=s.message.kind,
                             refs=dict(s.message.refs)) for s in sent]
    return NotificationList(items=items, cursor=cursor)
