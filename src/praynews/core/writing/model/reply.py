"""The shape of the model's reply, as a schema sent with the request (servers that constrain
their output to it then cannot reply otherwise) and as the validator of what comes back."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from praynews.core.errors import PrayNewsError

# Bounds a post of the reference's size fits with room to spare; past them the reply is not a
# Pray News post (a model repeating itself until max tokens, a whole article in a bullet).
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1500)]
MAX_CITES = 8


class ReplyError(PrayNewsError):
    """The reply is not a draft: not JSON, not the schema's shape, empty."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitedLine(_Strict):
    text: Line
    cites: list[int] = Field(min_length=1, max_length=MAX_CITES)


class CitedParagraph(_Strict):
    text: Paragraph
    cites: list[int] = Field(min_length=1, max_length=MAX_CITES)


class ReplySection(_Strict):
    heading: Line
    paragraphs: list[CitedParagraph] = Field(min_length=1, max_length=4)


class ModelReply(_Strict):
    headline: Line
    dek: Line
    glance: list[CitedLine] = Field(min_length=3, max_length=5)
    opening: list[CitedParagraph] = Field(min_length=1, max_length=2)
    sections: list[ReplySection] = Field(min_length=1, max_length=4)
    verse: Line
    reflection: Paragraph
    prayer: Paragraph


def reply_schema(candidates: tuple[str, ...]) -> dict[str, Any]:
    """The reply's JSON schema, its verse one of the candidates."""
    schema = ModelReply.model_json_schema()
    schema["properties"]["verse"] = {"type": "string", "enum": list(candidates)}
    return schema


def read_reply(content: str) -> ModelReply:
    """The reply as a draft's parts; raises `ReplyError` saying what is wrong with it."""
    text = _without_fence(content.strip())
    if not text:
        raise ReplyError("empty reply", "the server sent no text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplyError("invalid JSON", f"{exc.msg} at character {exc.pos}") from exc
    try:
        return ModelReply.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the reply"
        raise ReplyError("schema violation", f"{where}: {first['msg']}") from exc


def _without_fence(text: str) -> str:
    """Models asked for JSON often wrap it in a Markdown code fence all the same."""
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()
