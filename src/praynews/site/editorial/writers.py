"""Which writer drafts the posts: the model-free writer, or the model writer when a model
server is set (PRAYNEWS_MODEL_URL), with its replies cached in the data folder."""

from __future__ import annotations

from functools import cache

from praynews.core.compose import Writer
from praynews.core.errors import InputError
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.model.writer import ModelWriter
from praynews.llm import FileReplyCache, OpenAIChat
from praynews.site.config import home, secret, setting

MODEL_CACHE = "cache/model"


def writer() -> Writer:
    """The writer the settings choose, made once per settings: its client's limit on requests
    at once is shared by every thread that writes."""
    url = setting("PRAYNEWS_MODEL_URL").strip()
    if not url:
        return ExtractiveWriter()
    return _model_writer(
        url,
        setting("PRAYNEWS_MODEL").strip(),
        secret("PRAYNEWS_MODEL_API_KEY"),
        _number("PRAYNEWS_MODEL_TIMEOUT", float, 1),
        _number("PRAYNEWS_MODEL_TEMPERATURE", float, 0),
        _number("PRAYNEWS_MODEL_MAX_TOKENS", int, 256),
        _number("PRAYNEWS_MODEL_CONCURRENCY", int, 1),
        _number("PRAYNEWS_MODEL_RETRIES", int, 0),
        setting("PRAYNEWS_MODEL_FORMAT").strip().lower(),
    )


@cache
def _model_writer(
    url: str,
    model: str,
    api_key: str,
    timeout: float,
    temperature: float,
    max_tokens: int,
    concurrency: int,
    retries: int,
    response_format: str,
) -> ModelWriter:
    if not model:
        raise InputError(
            what="PRAYNEWS_MODEL", why="name the model to write with (PRAYNEWS_MODEL_URL is set)"
        )
    chat = OpenAIChat(
        url, model, api_key, timeout, temperature, max_tokens, concurrency, response_format
    )
    return ModelWriter(chat, cache=FileReplyCache(home() / MODEL_CACHE), retries=retries)


def _number(name: str, kind: type[int] | type[float], least: float) -> float:
    value = setting(name).strip()
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or number < least:
        raise InputError(what=name, why=f"{value!r} is not a number of at least {least}")
    return number
