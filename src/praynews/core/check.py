"""Stage: a draft and the text of its sources -> every problem that stands between it and readers.

This is the only gate. The writer runs it to record the draft's flags, and publishing runs it
again on the draft as it stands (an editor may have changed it), so what `praynews write --json`
shows is exactly what publishing acts on. Facts that cannot be traced to the sources are problems
an editor may judge; scripture that differs from its reference by a word blocks everyone.
"""

from __future__ import annotations

from praynews.core.errors import ScriptureError
from praynews.core.gate import opinion_signs
from praynews.core.lint import lint as lint_draft
from praynews.core.parts import PartError, part_text
from praynews.core.scripture.bible import TRANSLATIONS, lookup
from praynews.core.scripture.quotes import check_quotations, comparable_words, without_scripture
from praynews.core.scripture.reflection import own_words
from praynews.core.types import Draft, Flag, Problem, ProblemKind, prose_texts
from praynews.core.writing.fidelity import check_draft, trace

_FIDELITY_MESSAGES = {
    ProblemKind.UNTRACED_NUMBER: "this number is not in the sources",
    ProblemKind.UNTRACED_NAME: "this name is not in the sources",
    ProblemKind.UNTRACED_QUOTE: "this quotation is not in the sources",
}


def check(draft: Draft, source_text: str, lint: bool = False) -> list[Problem]:
    """Every problem in the draft, in the order of the draft: facts first, then scripture, then
    whether a source is opinion (always: publishing holds it for an editor); with `lint`, then
    the linter's findings (how the draft falls short of a brief), as problems that never block.
    Lint is off by default: publishing holds any draft with a problem for an editor, and most
    drafts the writer makes today have lint findings (bench/lint_drafts.py)."""
    problems = [
        Problem(ProblemKind(flag.kind), flag.where, flag.text, _FIDELITY_MESSAGES[flag.kind])
        for flag in check_draft(draft, source_text) + _reflection_flags(draft, source_text)
    ]
    problems += _citation_problems(draft, source_text)
    problems += _verse_problems(draft)
    problems += _quotation_problems(draft)
    problems += _opinion_problems(draft, source_text)
    if lint:
        problems += [
            Problem(f.kind, f.where, f.text, f.message) for f in lint_draft(draft, source_text)
        ]
    return problems


def _citation_problems(draft: Draft, source_text: str) -> list[Problem]:
    """A model's part must cite sentences its sources have, and state no number or name that
    they do not: the sources' facts, but not the cited sentences', were taken from elsewhere in
    the story, and the editor checking the part against its citations would not find them."""
    problems = []
    for citation in draft.citations:
        try:
            text = part_text(draft, citation.where)
        except PartError:
            problems.append(_unknown_citation(citation.where, "a part the draft does not have"))
            continue
        texts = (*citation.texts, *[""] * len(citation.sentences))[: len(citation.sentences)]
        cited = [t for t in texts if t and t in source_text]
        missing = [n + 1 for n, t in zip(citation.sentences, texts, strict=True) if t not in cited]
        if missing or not citation.sentences:
            said = ", ".join(map(str, missing)) or "none"
            problems.append(_unknown_citation(citation.where, f"sentence {said}"))
        untraced = {flag.text for flag in trace(text, citation.where, source_text)}
        for flag in trace(text, citation.where, "\n".join(cited)):
            if flag.text not in untraced and flag.kind != "untraced-quote":
                message = "the sources state this, but not the sentences the part cites"
                problems.append(Problem(ProblemKind.UNCITED_FACT, flag.where, flag.text, message))
    return problems


def _unknown_citation(where: str, cited: str) -> Problem:
    message = "the part cites what the sources do not have: check it against them"
    return Problem(ProblemKind.UNKNOWN_CITATION, where, cited, message)


def _reflection_flags(draft: Draft, source_text: str) -> list[Flag]:
    """The reflection and the prayer around the verse: their wording is the team's (or the
    model's), but every number and name in it must be the story's, as in the brief."""
    verse = draft.reflection.verse
    return [
        flag
        for where, text in _reflection_texts(draft)
        for flag in trace(
            without_scripture(text, verse.text),
            where,
            source_text,
            case_sensitive=False,
            own_words=own_words(),
        )
    ]


def _opinion_problems(draft: Draft, source_text: str) -> list[Problem]:
    """A story told by a columnist is held for an editor: from a source filed or labelled as
    opinion, or from sources that argue in their writer's own voice."""
    message = "the source is opinion or analysis: read the draft for views stated as fact"
    problems = []
    for s, source in enumerate(draft.sources):
        signs = opinion_signs(source.url, source.title, "")
        if signs:
            problems.append(Problem(ProblemKind.OPINION_PIECE, f"sources[{s}]", signs[0], message))
    voice = () if problems else opinion_signs(None, "", source_text)
    if voice:
        problems.append(Problem(ProblemKind.OPINION_PIECE, "sources", "; ".join(voice), message))
    return problems


def _verse_problems(draft: Draft) -> list[Problem]:
    """The reflection's verse must be its reference's text, word for word, in its translation."""
    verse = draft.reflection.verse
    where = "reflection.verse"
    if verse.translation not in TRANSLATIONS:
        message = f"{verse.translation} is not a translation praynews has"
        return [Problem(ProblemKind.UNKNOWN_SCRIPTURE, where, verse.reference, message)]
    try:
        expected = lookup(verse.reference, verse.translation)
    except ScriptureError as exc:
        return [Problem(ProblemKind.UNKNOWN_SCRIPTURE, where, verse.reference, exc.message)]
    if comparable_words(verse.text) != comparable_words(expected.text):
        message = f"the words differ from {verse.reference} ({verse.translation})"
        return [Problem(ProblemKind.MISQUOTED_SCRIPTURE, where, verse.text, message)]
    return []


def _quotation_problems(draft: Draft) -> list[Problem]:
    """Any quotation with a reference anywhere in the text must match the verse it cites."""
    problems = []
    for where, text in _texts(draft):
        for quote in check_quotations(text, draft.reflection.verse.translation):
            kind = ProblemKind.MISQUOTED_SCRIPTURE
            if quote.expected is None:  # the reference or the translation does not exist
                kind = ProblemKind.UNKNOWN_SCRIPTURE
            problems.append(Problem(kind, where, quote.quoted, quote.reason))
    return problems


def _texts(draft: Draft) -> list[tuple[str, str]]:
    """Every text of the draft with where it stands, in the draft's JSON terms."""
    return prose_texts(draft) + _reflection_texts(draft)


def _reflection_texts(draft: Draft) -> list[tuple[str, str]]:
    return [
        ("reflection.text", draft.reflection.text),
        ("reflection.prayer", draft.reflection.prayer),
    ]
