"""What `praynews status` reports: the sources due and failing, the work waiting, and the last
run of each stage, from the rows the worker and the commands keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial.models import Post
from praynews.site.news.models import Source, StageRun, Story
from praynews.site.newsletter.models import Delivery, Subscriber

STAGES = ("fetch", "write", "publish", "edition", "mail", "send")


@dataclass(frozen=True)
class FailingSource:
    location: str
    status: str
    failures: int
    error: str
    next_check_at: datetime | None


@dataclass(frozen=True)
class LastRun:
    stage: str
    finished_at: datetime
    ok: bool
    summary: str
    worker: str


@dataclass(frozen=True)
class Status:
    sources: int
    due: int
    failing: tuple[FailingSource, ...]
    stories_without_draft: int
    drafts_waiting: int
    last_runs: tuple[LastRun, ...]
    mail_queued: int = 0
    subscribers: int = 0

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "due": self.due,
            "failing": [
                {
                    "location": f.location,
                    "status": f.status,
                    "failures": f.failures,
                    "error": f.error,
                    "next_check_at": f.next_check_at.isoformat() if f.next_check_at else None,
                }
                for f in self.failing
            ],
            "stories_without_draft": self.stories_without_draft,
            "drafts_waiting": self.drafts_waiting,
            "mail_queued": self.mail_queued,
            "subscribers": self.subscribers,
            "last_runs": {
                r.stage: {
                    "finished_at": r.finished_at.isoformat(),
                    "ok": r.ok,
                    "summary": r.summary,
                    "worker": r.worker,
                }
                for r in self.last_runs
            },
        }


def current_status(clock: Clock = SYSTEM_CLOCK) -> Status:
    scheduled = Source.objects.filter(scheduled=True)
    due = scheduled.filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=clock.now()))
    failing = scheduled.filter(failures__gt=0).order_by("-failures", "id")
    last_runs = []
    for stage in STAGES:
        run = StageRun.objects.filter(stage=stage).order_by("-finished_at").first()
        if run:
            last_runs.append(LastRun(stage, run.finished_at, run.ok, run.summary, run.worker))
    return Status(
        sources=scheduled.count(),
        due=due.count(),
        failing=tuple(
            FailingSource(
                s.location, s.get_status_display(), s.failures, s.last_error, s.next_check_at
            )
            for s in failing
        ),
        stories_without_draft=Story.objects.filter(posts__isnull=True).count(),
        drafts_waiting=Post.objects.filter(status=Post.Status.DRAFT).count(),
        last_runs=tuple(last_runs),
        mail_queued=Delivery.objects.filter(status=Delivery.Status.QUEUED).count(),
        subscribers=Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count(),
    )
