"""What `praynews status` reports: the sources due and failing, the work waiting, and the last
run of each stage, from the rows the worker and the commands keep."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

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
class ModelUse:
    """What the model writer did for the drafts of the last MODEL_USE_DAYS days."""

    drafts: int = 0
    fell_back: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    retries: int = 0


# A week of drafts: what a publisher checks against a model server's bill or its load.
MODEL_USE_DAYS = 7


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
    model: ModelUse = ModelUse()

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
            "model_writer": asdict(self.model),
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
        model=model_use(clock),
    )


def model_use(clock: Clock = SYSTEM_CLOCK) -> ModelUse:
    since = clock.now() - timedelta(days=MODEL_USE_DAYS)
    recent = Post.objects.filter(created_at__gte=since).exclude(draft__writing=None)
    writings = [w for w in recent.values_list("draft__writing", flat=True) if w]
    return ModelUse(
        drafts=len(writings),
        fell_back=sum(1 for w in writings if w.get("fallback")),
        cached=sum(1 for w in writings if w.get("cached")),
        prompt_tokens=sum(int(w.get("prompt_tokens") or 0) for w in writings),
        completion_tokens=sum(int(w.get("completion_tokens") or 0) for w in writings),
        seconds=round(sum(float(w.get("seconds") or 0) for w in writings), 1),
        retries=sum(int(w.get("retries") or 0) for w in writings),
    )
