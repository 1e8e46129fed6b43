"""Writing a draft: outline, glance, sections, headline, fidelity; the Writer protocol."""

from __future__ import annotations

from typing import Protocol

from praynews.core.types import Draft, ExtractedArticle


class Writer(Protocol):
    """Anything that turns an article into a draft: the model-free writer or an LLM client."""

    name: str

    def write(self, article: ExtractedArticle) -> Draft: ...
