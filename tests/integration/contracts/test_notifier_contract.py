"""One contract for the Notifier port: the local outbox over SQLite, and SES with DynamoDB (moto).

Each profile also says what its mail service actually received (the .eml file; moto's SES record) and how
to make that service refuse the next message (a folder that cannot be written; a sender SES does not know).
"""

from __future__ import annotations

import email
import email.policy
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from moto.ses.models import ses_backends

from mdap.adapters.aws.dynamodb import DynamoTable, create_dynamo_table
from mdap.adapters.aws.ses import SesNotifier
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.outbox import LocalOutbox
from mdap.adapters.local.table import SqliteTable
from mdap.ports.errors import InvalidRequest
from mdap.ports.notifier import Message, Notifier, Sent, Undeliverable
from tests.integration.contracts.conftest import REGION

SENDER = "noreply@mdap.example.kr"
APPLICANT = "kim.applicant@example.kr"
STAFF = "lee.staff@example.kr"
SELECTED = Message(
    to=(APPLICANT,), subject="[스마트공장 구축 지원] 최종 선정 결과 안내",
    body="김지원 님, 안녕하세요.\n\n신청하신 과제가 최종 선정되었습니다.\n협약 기한: 2025년 3월 31일\n",
    kind="application.selected", refs={"call": "CALL-2025-01", "application": "APP-0042"},
)  # fmt: skip


@dataclass
class Profile:
    name: str
    notifier: Notifier
    clock: ControllableClock
    received: Callable[[Sent], tuple[str, str, list[str]]]  # (subject, body, recipients) the service got
    refuse: Callable[[], None]  # make the mail service refuse what comes next


def _local(tmp_path: Path) -> Profile:
    clock = ControllableClock()
    folder = tmp_path / "outbox"
    outbox = LocalOutbox(folder, SqliteTable(tmp_path / "table.sqlite3"), SENDER, clock)

    def received(sent: Sent) -> tuple[str, str, list[str]]:
        parsed = email.message_from_bytes(outbox.path_of(sent).read_bytes(), policy=email.policy.default)
        return str(parsed["Subject"]), parsed.get_content(), [a.strip() for a in str(parsed["To"]).split(",")]

    def refuse() -> None:
        shutil.rmtree(folder)
        folder.write_text("a file where the outbox folder should be")

    return Profile("local", outbox, clock, received, refuse)


def _ses() -> Profile:
    clock = ControllableClock()
    ses = boto3.client("sesv2", region_name=REGION)
    ses.create_email_identity(EmailIdentity=SENDER)
    ses.create_configuration_set(ConfigurationSetName="mdap-notifications")
    create_dynamo_table(boto3.client("dynamodb", region_name=REGION), "mdap-outbox")
    table = DynamoTable(boto3.resource("dynamodb", region_name=REGION), "mdap-outbox")
    notifier = SesNotifier(ses, table, SENDER, "mdap-notifications", clock)
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]

    def received(sent: Sent) -> tuple[str, str, list[str]]:
        (found,) = [m for m in ses_backends[account][REGION].sent_messages if m.id == sent.message_id]
        return found.subject, found.body, list(found.destinations["ToAddresses"])

    def refuse() -> None:
        ses.delete_email_identity(EmailIdentity=SENDER)

    return Profile("ses", notifier, clock, received, refuse)


@pytest.fixture(params=["local", "ses"])
def profile(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Profile]:
    if request.param == "local":
        yield _local(tmp_path)
        return
    request.getfixturevalue("aws")
    yield _ses()


def _send(profile: Profile, to: tuple[str, ...], subject: str) -> Sent:
    profile.clock.advance(timedelta(minutes=1))
    return profile.notifier.send(Message(to, subject, "본문입니다.", "deadline.reminder", {"call": "CALL-1"}))


def test_korean_subject_and_body_reach_the_mail_service_and_the_record(profile: Profile) -> None:
    sent = profile.notifier.send(SELECTED)
    assert sent.message == SELECTED and sent.message_id
    assert sent.sent_at == profile.clock.now()
    subject, body, recipients = profile.received(sent)
    assert subject == SELECTED.subject
    assert body.rstrip("\n") == SELECTED.body.rstrip("\n")
    assert recipients == [APPLICANT]
    listed, cursor = profile.notifier.sent()
    assert listed == [sent] and cursor is None
    assert listed[0].message.refs == {"call": "CALL-2025-01", "application": "APP-0042"}


def test_listing_is_newest_first_in_pages(profile: Profile) -> None:
    sent = [_send(profile, (APPLICANT,), f"마감 {n}일 전 안내") for n in range(5)]
    pages, cursor = [], None
    while True:
        page, cursor = profile.notifier.sent(limit=2, cursor=cursor)
        pages.append(page)
        if cursor is None:
            break
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [s for page in pages for s in page] == list(reversed(sent))


def test_listing_by_recipient_finds_only_their_messages(profile: Profile) -> None:
    to_applicant = _send(profile, (APPLICANT,), "서류 검토 결과 안내")
    to_staff = _send(profile, (STAFF,), "승인 대기 1건")
    to_both = _send(profile, (APPLICANT, STAFF), "예비 순위 안내")
    assert profile.notifier.sent(recipient=APPLICANT)[0] == [to_both, to_applicant]
    assert profile.notifier.sent(recipient=STAFF.upper())[0] == [to_both, to_staff]
    assert profile.notifier.sent(recipient="nobody@example.kr") == ([], None)
    first, cursor = profile.notifier.sent(recipient=APPLICANT, limit=1)
    assert first == [to_both] and cursor is not None
    assert profile.notifier.sent(recipient=APPLICANT, limit=1, cursor=cursor) == ([to_applicant], None)


@pytest.mark.parametrize("to", [(), ("not-an-address",), ("kim@localhost",), ("김지원@example.kr",),
                                (f"{APPLICANT}\r\nBcc: someone@example.kr",), ("Kim <kim@example.kr>",),
                                (APPLICANT, APPLICANT.upper())])  # fmt: skip
def test_bad_recipients_are_refused_and_nothing_is_sent(profile: Profile, to: tuple[str, ...]) -> None:
    with pytest.raises(InvalidRequest):
        profile.notifier.send(Message(to, "안내", "본문", "application.selected"))
    assert profile.notifier.sent() == ([], None)


@pytest.mark.parametrize("subject", ["", "   ", "가" * 201, "선정 결과\n안내", "안내\r\nBcc: x@example.kr"])
def test_bad_subjects_are_refused_and_nothing_is_sent(profile: Profile, subject: str) -> None:
    with pytest.raises(InvalidRequest):
        profile.notifier.send(Message((APPLICANT,), subject, "본문", "application.selected"))
    assert profile.notifier.sent() == ([], None)


@pytest.mark.parametrize("body,kind", [("", "application.selected"), ("\n  \n", "application.selected"),
                                       ("본문", ""), ("본문", "Application Selected")])  # fmt: skip
def test_empty_bodies_and_bad_kinds_are_refused(profile: Profile, body: str, kind: str) -> None:
    with pytest.raises(InvalidRequest):
        profile.notifier.send(Message((APPLICANT,), "안내", body, kind))
    assert profile.notifier.sent() == ([], None)


def test_a_subject_of_exactly_200_characters_is_sent(profile: Profile) -> None:
    sent = profile.notifier.send(Message((APPLICANT,), "가" * 200, "본문", "application.selected"))
    assert profile.received(sent)[0] == "가" * 200


def test_a_refused_message_is_not_recorded(profile: Profile) -> None:
    kept = _send(profile, (APPLICANT,), "접수 완료")
    profile.refuse()
    with pytest.raises(Undeliverable):
        _send(profile, (APPLICANT,), "선정 결과 안내")
    assert profile.notifier.sent() == ([kept], None)
    assert profile.notifier.sent(recipient=APPLICANT) == ([kept], None)


def test_listing_refuses_a_bad_limit_or_recipient(profile: Profile) -> None:
    for limit in (0, 101):
        with pytest.raises(InvalidRequest):
            profile.notifier.sent(limit=limit)
    with pytest.raises(InvalidRequest):
        profile.notifier.sent(recipient="not-an-address")


def test_local_outbox_writes_a_private_eml_that_mail_programs_read(tmp_path: Path) -> None:
    profile = _local(tmp_path)
    outbox = profile.notifier
    assert isinstance(outbox, LocalOutbox)
    sent = outbox.send(SELECTED)
    path = outbox.path_of(sent)
    assert path.parent == tmp_path / "outbox" and path.suffix == ".eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == SELECTED.subject
    assert parsed["From"] == SENDER and parsed["To"] == APPLICANT
    assert parsed["X-MDAP-Kind"] == "application.selected"
    assert parsed.get_content_charset() == "utf-8"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


class _BrokenTable(SqliteTable):
    def transact(self, writes: object) -> None:
        raise OSError("disk full")


def test_local_outbox_removes_the_eml_when_the_record_cannot_be_written(tmp_path: Path) -> None:
    outbox = LocalOutbox(tmp_path / "outbox", _BrokenTable(tmp_path / "table.sqlite3"), SENDER, ControllableClock())
    with pytest.raises(OSError, match="disk full"):
        outbox.send(SELECTED)
    assert list((tmp_path / "outbox").iterdir()) == []
