"""The request for one story: the team's prompt, the story's sentences numbered by outlet, and
the verse candidates to pick from. Its key names everything that decides the reply, so a rerun
with the same sources, settings and prompt version is answered from the cache."""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from praynews.core.provenance import SourceSentences
from praynews.core.scripture.choose import VerseChoice
from praynews.core.types import ExtractedArticle
from praynews.core.writing.model.reply import reply_schema
from praynews.core.writing.reporting import outlet_of

# The candidates the model picks among: the chooser's first five cover every theme the story's
# event allows at its stage; more only offer verses the chooser ranked far below.
MODEL_CANDIDATES = 5


@dataclass(frozen=True)
class Prompt:
    version: str
    system: str
    user: str


@dataclass(frozen=True)
class ChatRequest:
    """What is sent: the messages, and the JSON schema the reply must follow."""

    messages: tuple[dict[str, str], ...]
    schema: dict[str, Any]
    prompt_version: str
    candidates: tuple[str, ...]

    def key(self, settings: str) -> str:
        """The cache key: the request and the server's settings (model, temperature...)."""
        body = json.dumps([self.messages, self.schema, settings], sort_keys=True)
        return hashlib.sha256(body.encode()).hexdigest()


@cache
def prompt() -> Prompt:
    text = resources.files("praynews.core.writing").joinpath("prompts/draft.toml").read_text()
    data = tomllib.loads(text)
    return Prompt(data["version"], data["system"].strip(), data["user"].strip())


def build_request(
    reports: Sequence[ExtractedArticle], sentences: SourceSentences, choice: VerseChoice
) -> ChatRequest:
    candidates = tuple(c.verse.ref for c in choice.candidates[:MODEL_CANDIDATES])
    listed = "\n".join(
        f"- {c.verse.ref} ({c.theme.name})" for c in choice.candidates[:MODEL_CANDIDATES]
    )
    template = prompt()
    user = template.user.format(sentences=numbered(reports, sentences), candidates=listed)
    return ChatRequest(
        messages=(
            {"role": "system", "content": template.system},
            {"role": "user", "content": user},
        ),
        schema=reply_schema(candidates),
        prompt_version=template.version,
        candidates=candidates,
    )


def numbered(reports: Sequence[ExtractedArticle], sentences: SourceSentences) -> str:
    """Each outlet's sentences under its name, numbered from 1 across the story."""
    blocks = []
    for source, report in enumerate(reports):
        lines = [f"## {outlet_of(report) or 'Source'} {source + 1}: {report.title}"]
        lines += [f"[{s.number + 1}] {s.text}" for s in sentences.sentences if s.source == source]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
