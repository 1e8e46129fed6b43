"""The one source of "now" for the shell.

Services and the stages under them take a `Clock` rather than asking the system, so a test, or a
rerun of yesterday's publishing, says what time it is instead of patching `timezone.now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The machine's time, in UTC (the database stores UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """Always the same moment: for tests and for replaying a run at a known time."""

    at: datetime

    def now(self) -> datetime:
        return self.at


SYSTEM_CLOCK: Clock = SystemClock()
