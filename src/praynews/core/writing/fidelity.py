"""Fidelity: every number, name and quotation a draft states must appear in its sources.

What cannot be traced becomes a `Flag`; a flagged draft waits for an editor. Headlines are in
title case, so their words are traced without regard to case. Section headings are the
writer's own templates filled with names taken from the text, so only their text is not traced.
"""

from __future__ import annotations

import re

from praynews.core.entities import canonical_number, numbers, proper_names, quotations
from praynews.core.types import Draft, Flag


def _fold_quotes(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).lower()


def trace(text: str, where: str, source: str, case_sensitive: bool = True) -> list[Flag]:
    flags = []
    source_numbers = {canonical_number(n) for n in numbers(source)}
    for number in numbers(text):
        if canonical_number(number) not in source_numbers:
            flags.append(Flag("untraced-number", number, where))
    folded_source = _fold_quotes(source)
    haystack = source
    source_words = {w.lower() for w in re.findall(r"\w+", source)}
    for name in dict.fromkeys(proper_names(text)):
        if case_sensitive:
            traced = name in haystack or _fold_quotes(name) in folded_source
        else:
            # Title case capitalises every word, so each word is traced on its own.
            traced = all(w.lower() in source_words for w in re.findall(r"\w+", name))
        if not traced:
            flags.append(Flag("untraced-name", name, where))
    for quote in quotations(text):
        if _fold_quotes(quote).rstrip(",.") not in folded_source:
            flags.append(Flag("untraced-quote", quote, where))
    return flags


def check_draft(draft: Draft, source: str) -> list[Flag]:
    """Flags for every untraceable fact in the headline, dek, bullets and story."""
    flags = trace(draft.headline, "headline", source, case_sensitive=False)
    flags += trace(draft.dek, "dek", source)
    for i, bullet in enumerate(draft.glance):
        flags += trace(bullet, f"glance[{i}]", source)
    for i, paragraph in enumerate(draft.opening):
        flags += trace(paragraph, f"opening[{i}]", source)
    for s, section in enumerate(draft.sections):
        for p, paragraph in enumerate(section.paragraphs):
            flags += trace(paragraph, f"sections[{s}].paragraphs[{p}]", source)
    return flags
