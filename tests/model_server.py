"""A small OpenAI-compatible chat server on 127.0.0.1 that replays scripted answers, so the
model writer meets a real HTTP server's successes and failures without a model."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    """One scripted answer: a reply's content (a string, or an object sent as JSON), or an
    HTTP status with headers, or a delay longer than the client waits."""

    content: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    refusal: str | None = None


class ScriptedModelServer:
    def __init__(self) -> None:
        self.answers: deque[Answer] = deque()
        self.requests: list[dict[str, Any]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def script(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                server.requests.append(json.loads(self.rfile.read(length)))
                answer = server.answers.popleft() if server.answers else Answer(status=500)
                if answer.delay:
                    time.sleep(answer.delay)
                body = _body(answer) if answer.status == 200 else {"error": {"message": "no"}}
                data = json.dumps(body).encode()
                try:
                    self.send_response(answer.status)
                    for name, value in {
                        **answer.headers,
                        "Content-Type": "application/json",
                    }.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting (a scripted timeout)

        return Handler

    def __enter__(self) -> ScriptedModelServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _body(answer: Answer) -> dict[str, Any]:
    content = answer.content
    if content is not None and not isinstance(content, str):
        content = json.dumps(content)
    message = {"role": "assistant", "content": content, "refusal": answer.refusal}
    return {
        "id": "scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1200, "completion_tokens": 400, "total_tokens": 1600},
    }
