"""Named locks held in the database, so processes on any host sharing it take turns.

On PostgreSQL the lock is the name's row, selected FOR UPDATE until the transaction ends. SQLite
has no row locks, but every transaction there begins IMMEDIATE (see settings), taking the one
write lock of the whole database, which serialises just the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from praynews.site.news.models import Lock

# Deciding where an article belongs: the dedupe check, copy detection, insert and story choice.
STORIES = "stories"
# Claiming a due source for a worker (news/polling.py).
CLAIMS = "claims"
# Choosing a post's slug and inserting it, so two posts never race for one slug.
POST_SLUGS = "post-slugs"


@contextmanager
def named_lock(name: str) -> Iterator[None]:
    """Run the block in a transaction holding the lock `name`. Inside another transaction the
    lock lasts until the outermost one commits, so what the block wrote is visible to the next
    holder."""
    with transaction.atomic():
        Lock.objects.select_for_update().get_or_create(name=name)
        yield
