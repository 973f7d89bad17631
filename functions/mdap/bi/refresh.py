"""Refresh QuickSight's SPICE data sets after a successful preprocessing run (the EventBridge rule of
infra/parts/quicksight.py invokes ``handler``).

QuickSight limits SPICE refreshes (Enterprise edition: 32 per data set in 24 hours) and preprocessing runs end
every few minutes, so a data set is refreshed at most once per window: the ingestion id names the window
(``window-<n>``, n = minutes since the epoch // window), QuickSight refuses an id it already holds and a data set
already ingesting, and both refusals are skips, not errors. The first run to end in a window refreshes; runs
ending later in it are picked up by the next window's first run, so SPICE trails a producing factory by at most
one window. Redelivered events land in the same window and start nothing twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = Logger()


class Ingestions(ABC):
    """SPICE ingestions of data sets (aws only: QuickSight is the aws profile's BI)."""

    @abstractmethod
    def start(self, data_set_id: str, ingestion_id: str) -> bool:
        """Start a full refresh under ``ingestion_id``; False when that id exists or the data set is busy."""


@dataclass(frozen=True)
class Refreshed:
    started: tuple[str, ...]
    skipped: tuple[str, ...]  # refreshed already in this window, or still ingesting


def window_id(now: datetime, window_minutes: int) -> str:
    return f"window-{int(now.timestamp() // 60) // window_minutes}"


def refresh(ingestions: Ingestions, data_set_ids: Sequence[str], now: datetime, window_minutes: int) -> Refreshed:
    ingestion_id = window_id(now, window_minutes)
    started = [data_set for data_set in data_set_ids if ingestions.start(data_set, ingestion_id)]
    return Refreshed(tuple(started), tuple(d for d in data_set_ids if d not in started))


class RefreshSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MDAP_BI_", extra="ignore", frozen=True)

    account_id: str = Field(pattern=r"^\d{12}$")
    data_set_ids: str = Field(min_length=1)  # comma-separated, as infra/parts/quicksight.py sets it
    refresh_minutes: int = Field(default=45, ge=1, le=24 * 60)

    @property
    def data_sets(self) -> list[str]:
        return [name.strip() for name in self.data_set_ids.split(",") if name.strip()]


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    import boto3

    from mdap.adapters.aws.quicksight import QuickSightIngestions

    settings = RefreshSettings()  # type: ignore[call-arg]  # from the environment
    run = event.get("detail", {}).get("executionArn", "")
    done = refresh(QuickSightIngestions(boto3.client("quicksight"), settings.account_id), settings.data_sets,
                   datetime.now(UTC), settings.refresh_minutes)
    logger.info("SPICE refresh", extra={"run": run, "started": done.started, "skipped": done.skipped})
    return {"started": list(done.started), "skipped": list(done.skipped)}
