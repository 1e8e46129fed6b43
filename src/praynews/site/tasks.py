"""The Celery app, as `celery -A praynews.site.tasks worker` and `... beat` load it: Django set up
on the data folder and its database migrated (as every praynews command does) before the
stages are imported. The stages themselves are in praynews.site.stages."""

from praynews.core.errors import PrayNewsError
from praynews.site import bootstrap

try:
    bootstrap.start()
    from praynews.site.stages import app
except PrayNewsError as exc:  # a missing data folder, a setting out of range: one line
    raise SystemExit(f"praynews: {exc}") from None

__all__ = ["app"]
