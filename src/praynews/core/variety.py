"""Deterministic variety: one of several phrasings, picked by a hash of a seed (the headline).

The same story always reads the same, so a draft rewritten from the same article is identical,
while different stories spread over the options. sha256 rather than `hash()`, which Python
salts per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick_by_hash(options: Sequence[T], seed: str) -> T:
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return options[digest % len(options)]
