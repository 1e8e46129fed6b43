"""One exception tree for everything praynews can refuse, each class with a default message.

Callers catch `PrayNewsError` at the edge of a run (one bad feed or page must never stop a
batch), and the narrower classes where they can do something specific about it.
"""

from __future__ import annotations


class PrayNewsError(Exception):
    """Root of every error praynews raises on purpose.

    Besides its message it may carry what failed, where (a path, a URL, a field) and why, so a
    caller can report or log them as fields instead of parsing the sentence. Without a message,
    the sentence is made from those fields, or is the class's default.
    """

    default_message = "praynews could not complete the operation"

    def __init__(
        self,
        message: str | None = None,
        *,
        what: str | None = None,
        where: str | None = None,
        why: str | None = None,
    ) -> None:
        self.what, self.where, self.why = what, where, why
        super().__init__(message or self._sentence() or self.default_message)

    def _sentence(self) -> str:
        subject = " ".join(filter(None, [self.what, self.where and f"({self.where})"]))
        return ": ".join(filter(None, [subject, self.why]))

    @property
    def message(self) -> str:
        return str(self)


class InputError(PrayNewsError):
    """The input itself is unusable (wrong type, empty, too large)."""

    default_message = "the input could not be used"


class FeedError(InputError):
    default_message = "the feed could not be parsed"


class ExtractError(InputError):
    default_message = "no article text could be extracted from the page"


class DraftFormatError(InputError):
    """A draft does not have the shape of FORMAT.md (a key missing, a value of the wrong type)."""

    default_message = "the draft does not have the shape of FORMAT.md"


class FetchError(PrayNewsError):
    default_message = "the address could not be fetched"


class FetchTimeoutError(FetchError):
    """The server did not answer, or did not finish answering, in time."""

    default_message = "the address did not answer in time"


class RetryLaterError(FetchError):
    """The server is busy or limiting us (429, 503); `retry_after` is how many seconds it asked
    us to wait, when it said."""

    default_message = "the server asked us to come back later"

    def __init__(self, message: str | None = None, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class BlockedAddressError(FetchError):
    """A URL points at a private, loopback or otherwise non-public address."""

    default_message = "the address is not a public internet address"


class ScriptureError(PrayNewsError):
    default_message = "the Bible reference could not be used"


class UnknownReferenceError(ScriptureError):
    default_message = "the Bible reference does not exist"


class WritingError(PrayNewsError):
    default_message = "no draft could be written from the article"


class NotNewsError(WritingError):
    """The news gate found the story's reports are not news about people (core/gate.py)."""

    default_message = "the page is not news about people: no reflection is written for it"
