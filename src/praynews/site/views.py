"""Views of the site as a whole rather than of one of its apps."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from praynews.site.health import database_answers


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or a service manager: 200 while one trivial query on the database
    succeeds, 503 with the reason when it does not. Kept by no cache (Cache-Control: no-store,
    and it is not one of the reader pages publishing/pagecache.py keeps); it reads no session
    and makes no CSRF token, so it sets no cookie. It answers GET and HEAD only, which need no
    CSRF token; a POST is refused like any other without one."""
    answered = database_answers()
    if answered == "ok":
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "failing", "database": answered}, status=503)
