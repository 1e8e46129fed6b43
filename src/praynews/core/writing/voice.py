"""Sentences in the writer's own voice: what a post must never say as its own.

A column says "I", "we" and "let's", exclaims, and calls things "astounding" or "rightly"
condemned; a report quotes people who do. A post that repeated such a sentence would speak a
columnist's views, or a reporter's aside, in its own voice, so the writer leaves them out of the
glance and the story (quotations and attributed sentences stay: they say whose view it is).
The evaluative words are in `lexicon.toml` under [voice].
"""

from __future__ import annotations

import re
from functools import cache

from praynews.core.entities import quotes_speech
from praynews.core.gate import ATTRIBUTED
from praynews.core.text import quotation_open
from praynews.core.writing.lexicon import lexicon, lowercase_cue_pattern

_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*’")
# "World War I" is a war, not a writer.
# (The look ahead for a first letter lets the scan pass other words without trying each form.)
_FIRST_PERSON = re.compile(
    r"\b(?<!War )(?=[IMmWwOouLl])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|[Mm]y|me|[Ww]e|[Ww]e're|[Ww]e’re|"
    r"[Oo]ur|us|[Ll]et's|[Ll]et’s)\b"
)
# The sentence's first quotation mark closes a quotation (no opening mark before it).
_CLOSES_A_QUOTATION = re.compile(r"^[^“\"]*”")


@cache
def _evaluative() -> re.Pattern[str]:
    """The judgements, for text in lower case (it runs on every sentence)."""
    return lowercase_cue_pattern(lexicon()["voice"]["evaluative"])


def in_writers_voice(sentence: str, before: str = "") -> bool:
    """The sentence, outside its quotations, is the writer speaking: in the first person, an
    exclamation or a judgement, and not saying whose words they are. `before` is what its
    paragraph said before it: a sentence inside a quotation that opened there, or closing
    one, is the speaker's."""
    if quotation_open(before) or _CLOSES_A_QUOTATION.match(sentence):
        return False
    own = _QUOTED.sub(" ", sentence)
    speaks = bool(_FIRST_PERSON.search(own) or own.rstrip().endswith("!"))
    if not (speaks or _evaluative().search(own.lower())):
        return False  # most sentences: asked first, since it spares the attribution search
    return not ATTRIBUTED.search(own)  # "'We will fight on,' he said": whose words is said


def attributed(sentence: str, before: str = "") -> bool:
    """The sentence says whose words or account it gives: a quotation (or inside one that
    opened before it), or a report of what someone said ("according to", "officials said")."""
    if quotation_open(before) or _CLOSES_A_QUOTATION.match(sentence):
        return True
    return quotes_speech(sentence) or bool(ATTRIBUTED.search(sentence))
