"""Typed settings from the environment (prefix ``MDAP_``), validated once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mdap.ports.notifier import is_email_address

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MDAP_", extra="ignore", frozen=True)

    profile: Literal["local", "aws"] = "local"
    data_dir: Path = Path(".mdap")
    region: str = "ap-northeast-2"
    raw_bucket: str = "mdap-raw"
    curated_bucket: str = "mdap-curated"
    quarantine_bucket: str = "mdap-quarantine"
    documents_bucket: str = "mdap-documents"
    athena_results_bucket: str = "mdap-athena-results"
    table_name: str = "mdap"
    glue_database: str = "mdap"
    athena_workgroup: str = "mdap"
    object_events_queue_url: str = ""
    state_machine_arn_prefix: str = ""  # aws: arn:aws:states:<region>:<account>:stateMachine:mdap-
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)  # a log-in's absolute lifetime (refresh family)
    login_attempts_per_15min: int = Field(default=10, ge=1, le=1000)  # per account, then slowed down
    login_attempts_per_address_15min: int = Field(default=30, ge=1, le=100_000)  # failures per client address
    # local: address of a reverse proxy whose X-Forwarded-For is believed (empty: the peer is the client)
    trusted_proxy: str = ""
    # aws: proxies in front of API Gateway that append to X-Forwarded-For (1 = CloudFront)
    trusted_proxy_hops: int = Field(default=0, ge=0, le=5)
    public_url: str = ""  # local: base URL for signed blob URLs; empty = http://{host}:{port}
    mail_from: str = "noreply@mdap.local"  # sender of notifications (aws: an SES-verified identity)
    ses_configuration_set: str = ""  # aws: SES configuration set of the notifications; empty = none
    # preprocessing pipeline (mdap.pipeline): micro-batches of raw objects, one run at a time per dataset and site
    pseudonym_secret_id: str = ""  # aws: Secrets Manager id of the pseudonym key (locally <data dir>/secrets/)
    pipeline_batch_seconds: int = Field(default=2, ge=0, le=300)  # a run waits this long for more objects
    pipeline_max_objects: int = Field(default=500, ge=1, le=10_000)  # raw objects per run at most
    pipeline_max_mb: int = Field(default=512, ge=1, le=10_240)  # raw bytes per run at most (a Lambda's memory)
    pipeline_lease_seconds: int = Field(default=1200, ge=60, le=86_400)  # a run's lock, renewed by each step
    # monitoring (mdap.monitoring): collectors report every 5 s; the alarm rules run every monitoring_evaluate_seconds
    # locally (the local server's timer) and every minute in AWS (the EventBridge rule of tasks.json)
    monitoring_stale_seconds: int = Field(default=15, ge=1, le=86_400)  # heartbeat older: the collector is stale
    monitoring_offline_seconds: int = Field(default=60, ge=2, le=86_400)  # heartbeat older: offline
    monitoring_tag_stale_seconds: int = Field(default=60, ge=1, le=86_400)  # no reading of a tag for this long
    monitoring_tag_stuck_seconds: int = Field(default=300, ge=1, le=86_400)  # a tag's value unchanged this long
    monitoring_quarantine_ratio: float = Field(default=0.05, ge=0, le=1)  # a run quarantining more: quality alarm
    monitoring_evaluate_seconds: int = Field(default=10, ge=1, le=3600)  # local profile's rule evaluation period

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not _REGION.match(value):
            raise ValueError(f"not an AWS region name: {value!r} (e.g. ap-northeast-2)")
        return value

    @field_validator(
        "raw_bucket", "curated_bucket", "quarantine_bucket", "documents_bucket", "athena_results_bucket"
    )
    @classmethod
    def _bucket(cls, value: str) -> str:
        if not _BUCKET.match(value):
            raise ValueError(f"not a valid S3 bucket name: {value!r}")
        return value

    @field_validator("mail_from")
    @classmethod
    def _mail_from(cls, value: str) -> str:
        if not is_email_address(value):
            raise ValueError(f"not an e-mail address: {value!r} (e.g. noreply@example.kr)")
        return value

    @field_validator("monitoring_offline_seconds")
    @classmethod
    def _offline_after_stale(cls, value: int, info: ValidationInfo) -> int:
        stale = info.data.get("monitoring_stale_seconds")
        if stale is not None and value <= stale:
            raise ValueError(f"must be longer than MDAP_MONITORING_STALE_SECONDS ({stale})")
        return value

    def bucket(self, zone: str) -> str:
        return str(getattr(self, f"{zone}_bucket"))


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError with one line naming the bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "MDAP_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"invalid setting {name}: {message}") from None


def user_pool_arn() -> str:
    """The Cognito user pool ARN for the API authorizer, read at import time of the API module.

    It only matters when the API is packaged for AWS; locally the gateway verifies its own tokens.
    """
    import os

    return os.environ.get("MDAP_USER_POOL_ARN", "arn:aws:cognito-idp:ap-northeast-2:000000000000:userpool/local")
