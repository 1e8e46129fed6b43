"""The model writer: one request per story to a chat server, retried a bounded number of times
when the server fails or the reply is no draft, and the model-free writer's draft when it never
succeeds, the draft saying why. Every reply used is cached by its request and settings, so a
rerun of the same story costs nothing."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from praynews.core.errors import PrayNewsError
from praynews.core.provenance import SourceSentences, source_sentences
from praynews.core.scripture.choose import VerseChoice
from praynews.core.text import normalise
from praynews.core.types import Citation, ExtractedArticle, Prose, Section, Writing, Written
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.model.prompt import ChatRequest, build_request
from praynews.core.writing.model.reply import ModelReply, ReplyError, read_reply

# Tries after the first: three requests in all ride out a busy server's moment or a model's
# occasional malformed reply without keeping a run waiting on a server that is down.
DEFAULT_RETRIES = 2
# Seconds before the first retry, doubled after each; a server's Retry-After is honoured up to
# MAX_WAIT_SECONDS, past which the run moves on with the model-free writer.
FIRST_BACKOFF_SECONDS = 2.0
MAX_WAIT_SECONDS = 120.0


class ChatFailure(PrayNewsError):
    """The server did not answer with a reply: `kind` is timeout, rate-limited, server-error,
    connection, refusal or rejected (the request itself was refused: no retry helps)."""

    RETRYABLE = frozenset({"timeout", "rate-limited", "server-error", "connection", "refusal"})

    def __init__(self, kind: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.retry_after = kind, retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in self.RETRYABLE


@dataclass(frozen=True)
class ChatReply:
    content: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Chat(Protocol):
    """A chat server: `complete` sends one request (raising `ChatFailure`); `settings` names
    the model and every setting that changes its reply, for labels and the cache key."""

    model: str
    settings: str

    def complete(self, request: ChatRequest) -> ChatReply: ...


class ReplyCache(Protocol):
    def get(self, key: str) -> ChatReply | None: ...

    def put(self, key: str, reply: ChatReply) -> None: ...


class NoCache:
    def get(self, key: str) -> ChatReply | None:
        return None

    def put(self, key: str, reply: ChatReply) -> None:
        return None


class ModelWriter:
    """Writes with `chat`; sleeps with `sleep` and reads time with `clock` (injected in tests)."""

    def __init__(
        self,
        chat: Chat,
        cache: ReplyCache | None = None,
        retries: int = DEFAULT_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.chat, self.cache, self.retries = chat, cache or NoCache(), retries
        self.sleep, self.clock = sleep, clock
        self.fallback = ExtractiveWriter()
        self.name = f"model:{chat.model}"

    def write_story(self, reports: Sequence[ExtractedArticle]) -> Prose:
        """The model-free writer's prose: what compose asks of a writer that cannot choose."""
        return self.fallback.write_story(reports)

    def write_draft(self, reports: Sequence[ExtractedArticle], choice: VerseChoice) -> Written:
        base = self.fallback.write_story(reports)
        sentences = source_sentences(reports)
        request = build_request(reports, sentences, choice)
        started = self.clock()
        outcome = self._ask(request)
        writing = Writing(
            model=self.chat.model,
            prompt_version=request.prompt_version,
            prompt_tokens=outcome.prompt_tokens,
            completion_tokens=outcome.completion_tokens,
            seconds=round(self.clock() - started, 2),
            retries=outcome.retries,
            cached=outcome.cached,
        )
        if outcome.reply is None:
            fallback = f"the model's draft was not used ({outcome.failure}): written without it"
            return Written(base, self.fallback.name, writing=replace(writing, fallback=fallback))
        return _written(outcome.reply, base, sentences, request, self.name, writing)

    def _ask(self, request: ChatRequest) -> _Outcome:
        key = request.key(self.chat.settings)
        cached = self.cache.get(key)
        if cached is not None:
            try:
                return _Outcome(read_reply(cached.content), cached=True)
            except ReplyError:
                pass  # a cache written by an older schema: ask again
        outcome = _Outcome(None)
        wait = FIRST_BACKOFF_SECONDS
        for attempt in range(self.retries + 1):
            if attempt:
                outcome.retries += 1
                self.sleep(min(outcome.retry_after or wait, MAX_WAIT_SECONDS))
                wait *= 2
            try:
                reply = self.chat.complete(request)
            except ChatFailure as failure:
                outcome.failure, outcome.retry_after = str(failure), failure.retry_after
                if not failure.retryable or (failure.retry_after or 0) > MAX_WAIT_SECONDS:
                    break
                continue
            outcome.prompt_tokens += reply.prompt_tokens
            outcome.completion_tokens += reply.completion_tokens
            outcome.retry_after = None
            try:
                outcome.reply = read_reply(reply.content)
            except ReplyError as error:
                outcome.failure = str(error)
                continue
            self.cache.put(key, reply)
            break
        if outcome.reply is None and outcome.retries == self.retries and outcome.failure:
            tries = self.retries + 1
            outcome.failure += f", after {tries} {'try' if tries == 1 else 'tries'}"
        return outcome


@dataclass
class _Outcome:
    reply: ModelReply | None
    cached: bool = False
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failure: str = ""
    retry_after: float | None = None


def _written(
    reply: ModelReply,
    base: Prose,
    sentences: SourceSentences,
    request: ChatRequest,
    name: str,
    writing: Writing,
) -> Written:
    citations: list[Citation] = []

    def cited(where: str, text: str, cites: list[int]) -> str:
        numbers = tuple(dict.fromkeys(n - 1 for n in cites))
        texts = tuple(
            sentences.sentences[n].text if 0 <= n < len(sentences.sentences) else ""
            for n in numbers
        )
        citations.append(Citation(where, numbers, texts))
        return normalise(text)

    prose = Prose(
        headline=normalise(reply.headline),
        dek=normalise(reply.dek),
        image=base.image,
        glance=tuple(cited(f"glance[{i}]", b.text, b.cites) for i, b in enumerate(reply.glance)),
        opening=tuple(cited(f"opening[{i}]", p.text, p.cites) for i, p in enumerate(reply.opening)),
        sections=tuple(
            Section(
                normalise(section.heading),
                tuple(
                    cited(f"sections[{s}].paragraphs[{p}]", paragraph.text, paragraph.cites)
                    for p, paragraph in enumerate(section.paragraphs)
                ),
            )
            for s, section in enumerate(reply.sections)
        ),
    )
    return Written(
        prose,
        name,
        citations=tuple(citations),
        verse=reply.verse,
        reflection=normalise(reply.reflection),
        prayer=normalise(reply.prayer),
        writing=writing,
        candidates=request.candidates,
    )
