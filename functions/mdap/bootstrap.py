"""The one place where adapters are chosen (by profile) and wired into a Container."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdap.identity.sessions import Sessions
from mdap.ports.blobstore import BlobStore, ObjectEvents
from mdap.ports.clock import Clock
from mdap.ports.identity import IdentityProvider
from mdap.ports.notifier import Notifier
from mdap.ports.query import QueryEngine
from mdap.ports.secrets import SecretSource
from mdap.ports.table import Table
from mdap.ports.workflow import Workflow
from mdap.settings import Settings

ZONES = ("raw", "curated", "quarantine", "documents")


class StartupError(Exception):
    """The platform cannot start as configured; the message says what to change, in one line."""


@dataclass
class Container:
    settings: Settings
    clock: Clock
    table: Table
    blobs: Mapping[str, BlobStore]
    object_events: ObjectEvents
    identity: IdentityProvider
    sessions: Sessions
    notifier: Notifier
    _query: Callable[[], QueryEngine]
    _workflow: Callable[[], Workflow]
    _secrets: Callable[[], SecretSource] | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> QueryEngine:
        """Built on first use: the engines are heavy and most requests never need them."""
        if "query" not in self._cache:
            self._cache["query"] = self._query()
        return self._cache["query"]  # type: ignore[no-any-return]

    @property
    def workflow(self) -> Workflow:
        if "workflow" not in self._cache:
            self._cache["workflow"] = self._workflow()
        return self._cache["workflow"]  # type: ignore[no-any-return]

    @property
    def secrets(self) -> SecretSource:
        if "secrets" not in self._cache:
            if self._secrets is None:
                raise StartupError("this container was built without a secret source")
            self._cache["secrets"] = self._secrets()
        return self._cache["secrets"]  # type: ignore[no-any-return]


def bootstrap(settings: Settings, *, clock: Clock | None = None) -> Container:
    from mdap.adapters.clock import SystemClock

    clock = clock or SystemClock()
    if settings.profile == "aws":
        return _aws(settings, clock)
    return _local(settings, clock)


def prepare_data_dir(path: Path) -> Path:
    """Create the data directory (owner-only) and prove it is writable, or raise StartupError."""
    from mdap.adapters.local.private import private_dir

    path = path.expanduser().resolve()
    try:
        private_dir(path)
        probe = path / ".write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise StartupError(f"data directory {path} is not writable: {exc.strerror or exc}") from None
    return path


def local_secret(data_dir: Path, name: str) -> bytes:
    """A per-installation random secret kept in the data directory (never in the repository)."""
    from mdap.adapters.local.private import private_dir, write_private

    path = data_dir / "secrets" / name
    if not path.exists():
        private_dir(path.parent)
        write_private(path, secrets.token_bytes(48))
    return path.read_bytes()


def _local(settings: Settings, clock: Clock) -> Container:
    from mdap.adapters.local.blob_urls import BlobUrlSigner
    from mdap.adapters.local.blobstore import LocalBlobStore
    from mdap.adapters.local.events import LocalObjectEvents
    from mdap.adapters.local.identity import LocalIdentity
    from mdap.adapters.local.outbox import LocalOutbox
    from mdap.adapters.local.table import SqliteTable

    data_dir = prepare_data_dir(settings.data_dir)
    table = SqliteTable(data_dir / "table.sqlite3")
    events = LocalObjectEvents(data_dir / "events.sqlite3", clock)
    signer = BlobUrlSigner(local_secret(data_dir, "blob-url.key"), clock)
    base_url = settings.public_url or "http://127.0.0.1:8000"
    blobs = {zone: LocalBlobStore(data_dir / "blobs" / zone, zone, signer, base_url, events) for zone in ZONES}
    identity = LocalIdentity(table, clock, local_secret(data_dir, "jwt.key"), token_minutes=settings.token_minutes)
    notifier = LocalOutbox(data_dir / "outbox", table, settings.mail_from, clock)

    def query() -> QueryEngine:
        from mdap.adapters.local.query import DuckDbQueryEngine
        from mdap.catalog import load_catalog

        return DuckDbQueryEngine(load_catalog(), data_dir / "blobs")

    def workflow() -> Workflow:
        from mdap.adapters.local.workflow import LocalWorkflow

        return LocalWorkflow(data_dir, clock, table, table_name=settings.table_name)

    def secret_source() -> SecretSource:
        from mdap.adapters.local.secrets import LocalSecrets

        return LocalSecrets(data_dir / "secrets")

    return Container(settings, clock, table, blobs, events, identity, sessions(settings, identity, table, clock),
                     notifier, query, workflow, secret_source)


def sessions(settings: Settings, identity: IdentityProvider, table: Table, clock: Clock) -> Sessions:
    from datetime import timedelta

    from mdap.identity.ledger import SessionLedger
    from mdap.identity.throttle import LoginThrottle, ThrottlePolicy

    policy = ThrottlePolicy(per_account=settings.login_attempts_per_15min,
                            per_address=settings.login_attempts_per_address_15min)
    return Sessions(identity, SessionLedger(table, clock, timedelta(hours=settings.session_hours)),
                    LoginThrottle(table, clock, policy))


def _aws(settings: Settings, clock: Clock) -> Container:
    import boto3

    from mdap.adapters.aws.cognito import CognitoIdentity
    from mdap.adapters.aws.dynamodb import DynamoTable
    from mdap.adapters.aws.object_events import SqsObjectEvents
    from mdap.adapters.aws.s3 import S3BlobStore
    from mdap.adapters.aws.ses import SesNotifier

    session = boto3.Session(region_name=settings.region)
    s3 = session.client("s3")
    table = DynamoTable(session.resource("dynamodb"), settings.table_name)
    buckets = {zone: settings.bucket(zone) for zone in ZONES}
    blobs = {zone: S3BlobStore(s3, bucket, zone) for zone, bucket in buckets.items()}
    events = SqsObjectEvents(session.client("sqs"), settings.object_events_queue_url,
                             {bucket: zone for zone, bucket in buckets.items()})
    identity = CognitoIdentity(session.client("cognito-idp"), settings.user_pool_client_id, settings.user_pool_id)
    notifier = SesNotifier(session.client("sesv2"), table, settings.mail_from, settings.ses_configuration_set or None,
                           clock)

    def query() -> QueryEngine:
        from mdap.adapters.aws.athena import AthenaQueryEngine
        from mdap.catalog import load_catalog

        return AthenaQueryEngine(load_catalog(), settings.glue_database, settings.athena_workgroup,
                                 f"s3://{settings.athena_results_bucket}/", session, buckets=buckets)

    def workflow() -> Workflow:
        from mdap.adapters.aws.stepfunctions import StepFunctionsWorkflow

        return StepFunctionsWorkflow(session.client("stepfunctions"), settings.state_machine_arn_prefix, table)

    def secret_source() -> SecretSource:
        from mdap.adapters.aws.secrets import SecretsManagerSecrets
        from mdap.ports.secrets import PSEUDONYM_KEY

        return SecretsManagerSecrets(session.client("secretsmanager"), {PSEUDONYM_KEY: settings.pseudonym_secret_id})

    return Container(settings, clock, table, blobs, events, identity, sessions(settings, identity, table, clock),
                     notifier, query, workflow, secret_source)
