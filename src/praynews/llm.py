"""The shell of the model writer: an OpenAI-compatible chat server reached with the `openai`
client (the `[model]` extra), and the replies it gave kept on disk by request.

The server is the publisher's own choice (Ollama, vLLM, llama.cpp's server, LM Studio, a hosted
API), often on this machine, so it is reached directly, not through the fetcher that keeps
untrusted addresses off private networks. Retrying is the writer's (core/writing/model/writer):
the client makes one attempt per call and says how it failed.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from praynews.core.errors import InputError
from praynews.core.schedule import retry_after_seconds
from praynews.core.writing.model.prompt import ChatRequest
from praynews.core.writing.model.writer import ChatFailure, ChatReply

# How the reply's shape is asked for, best first. A server that refuses one (400) is asked the
# next way: a JSON schema (OpenAI, vLLM, llama.cpp's server, recent Ollama), any JSON object
# (older servers), or only the prompt's words.
RESPONSE_FORMATS = ("schema", "object", "none")


class ModelSetupError(InputError):
    default_message = "the model server is not set up"


class OpenAIChat:
    """One OpenAI-compatible chat server, at most `concurrency` requests to it at once."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 120.0,
        temperature: float = 0.2,
        max_tokens: int = 3000,
        concurrency: int = 1,
        response_format: str = "schema",
    ) -> None:
        try:
            import openai
        except ImportError as exc:
            raise ModelSetupError(
                why="the model writer needs the openai client: pip install 'praynews[model]'"
            ) from exc
        if response_format not in RESPONSE_FORMATS:
            raise ModelSetupError(
                what=repr(response_format), why=f"choose one of {', '.join(RESPONSE_FORMATS)}"
            )
        self._openai = openai
        self.client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0
        )
        self.model = model
        self.temperature, self.max_tokens = temperature, max_tokens
        self.formats = list(RESPONSE_FORMATS[RESPONSE_FORMATS.index(response_format) :])
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.settings = json.dumps(
            {"url": base_url, "model": model, "temperature": temperature, "max": max_tokens}
        )

    def complete(self, request: ChatRequest) -> ChatReply:
        with self.slots:
            while True:
                try:
                    return self._reply(self._send(request))
                except self._openai.BadRequestError as exc:
                    if len(self.formats) == 1 or self.formats[0] == "none":
                        raise ChatFailure("rejected", _said(exc)) from exc
                    self.formats.pop(0)  # the server does not take this format: ask the next way

    def _send(self, request: ChatRequest) -> Any:
        openai = self._openai
        try:
            return self.client.chat.completions.create(
                model=self.model,
                messages=list(request.messages),  # type: ignore[arg-type]
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                **self._format(request),
            )
        except openai.BadRequestError:
            raise
        except openai.APITimeoutError as exc:
            raise ChatFailure("timeout", "the server did not answer in time") from exc
        except openai.APIConnectionError as exc:
            raise ChatFailure("connection", f"cannot reach the server ({exc})") from exc
        except openai.APIStatusError as exc:
            wait = retry_after_seconds(exc.response.headers.get("retry-after", ""))
            if exc.status_code == 429:
                raise ChatFailure("rate-limited", _said(exc), retry_after=wait) from exc
            if exc.status_code >= 500:
                raise ChatFailure("server-error", _said(exc), retry_after=wait) from exc
            raise ChatFailure("rejected", _said(exc)) from exc

    def _format(self, request: ChatRequest) -> dict[str, Any]:
        if self.formats[0] == "schema":
            schema = {"name": "pray_news_draft", "schema": request.schema}
            return {"response_format": {"type": "json_schema", "json_schema": schema}}
        if self.formats[0] == "object":
            return {"response_format": {"type": "json_object"}}
        return {}

    @staticmethod
    def _reply(response: Any) -> ChatReply:
        if not getattr(response, "choices", None):
            return ChatReply("")
        message = response.choices[0].message
        if getattr(message, "refusal", None):
            raise ChatFailure("refusal", str(message.refusal)[:200])
        usage = getattr(response, "usage", None)
        return ChatReply(
            message.content or "",
            getattr(usage, "prompt_tokens", 0) or 0,
            getattr(usage, "completion_tokens", 0) or 0,
        )


def listed_models(base_url: str, api_key: str = "", timeout: float = 10.0) -> list[str]:
    """The names of the models the server lists (GET {base_url}/models), asked once with the
    API key: how `praynews check` sees that the server answers and has the model."""
    try:
        import openai
    except ImportError as exc:
        raise ModelSetupError(
            why="the model writer needs the openai client: pip install 'praynews[model]'"
        ) from exc
    client = openai.OpenAI(
        base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0
    )
    try:
        return [model.id for model in client.models.list()]
    except openai.APITimeoutError as exc:
        raise ChatFailure("timeout", f"the server did not answer in {timeout:g} s") from exc
    except openai.APIConnectionError as exc:
        raise ChatFailure("connection", f"cannot reach the server ({exc})") from exc
    except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
        raise ChatFailure("rejected", f"the server refused the API key ({_said(exc)})") from exc
    except openai.APIStatusError as exc:
        raise ChatFailure("rejected", _said(exc)) from exc
    except (openai.APIError, ValueError, TypeError, AttributeError) as exc:
        why = f"the server's answer is not a list of models: {exc}"
        raise ChatFailure("rejected", why) from exc
    finally:
        client.close()


def _said(exc: Any) -> str:
    return f"HTTP {exc.status_code}: {str(exc.message)[:200]}"


class FileReplyCache:
    """Replies kept as one JSON file per request key, written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> ChatReply | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text())
            return ChatReply(data["content"], data["prompt_tokens"], data["completion_tokens"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, reply: ChatReply) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "content": reply.content,
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
        }
        with tempfile.NamedTemporaryFile("w", dir=self.folder, delete=False) as handle:
            json.dump(data, handle)
        os.replace(handle.name, self.folder / f"{key}.json")
