"""Clock port: the only source of 'now' for domain code and workers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime:
        """Current time, timezone-aware (UTC)."""

    @abstractmethod
    def sleep(self, seconds: float) -> None:
        """Wait; a controllable clock returns at once after advancing or blocking as documented."""
