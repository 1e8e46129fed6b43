"""The model writer against a scripted OpenAI-compatible server on 127.0.0.1: a good draft is
used with its citations; every failure is retried a bounded number of times and then ends in
the model-free draft, saying why; and no guarantee of the model-free writer is loosened (the
verse text is looked up, facts are traced, a prayer takes no side)."""

from copy import deepcopy
from functools import cache

import pytest

from praynews.core.compose import compose, verse_candidates
from praynews.core.extract import extract_article
from praynews.core.scripture.bible import lookup
from praynews.core.types import ProblemKind
from praynews.core.writing.model.writer import ModelWriter
from praynews.llm import FileReplyCache, OpenAIChat
from tests.conftest import SAMPLES
from tests.model_server import Answer, ScriptedModelServer

QUAKE = "papua-new-guinea-morobe-earthquake"


@cache
def report(name: str = QUAKE):
    page = SAMPLES / "pages" / f"{name}.html"
    return extract_article(page.read_bytes(), url=page.as_uri())


def cited(text: str, *cites: int) -> dict:
    return {"text": text, "cites": list(cites)}


GOOD = {
    "headline": "Earthquake Kills at Least 19 in Papua New Guinea's Morobe Province",
    "dek": "A magnitude 6.9 earthquake struck Morobe Province before dawn on Tuesday.",
    "glance": [
        cited("A magnitude 6.9 earthquake struck near Lae before dawn on Tuesday.", 2),
        cited("At least 19 people were killed, provincial officials said.", 3),
        cited("At least 1,200 homes were damaged or destroyed.", 11),
    ],
    "opening": [
        cited(
            "A magnitude 6.9 earthquake struck Papua New Guinea's Morobe Province before dawn "
            "on Tuesday, killing at least 19 people, provincial officials said.",
            3,
        )
    ],
    "sections": [
        {
            "heading": "The Road Ahead",
            "paragraphs": [
                cited(
                    "Provincial disaster coordinator Joseph Anis said landslides had buried "
                    "several sections of the Highlands Highway.",
                    10,
                )
            ],
        }
    ],
    "verse": "Psalm 46:1-3",
    "reflection": "When the ground itself shakes, we look for what holds. [VERSE] We pray for "
    "the families of Lae and Morobe.",
    "prayer": "Lord, be near the people of Lae who lost their homes. Strengthen the rescuers. "
    "Amen.",
}


def reply(**changes) -> dict:
    changed = deepcopy(GOOD)
    changed.update(changes)
    return changed


@pytest.fixture
def server():
    with ScriptedModelServer() as running:
        yield running


@pytest.fixture
def sleeps():
    return []


def writer(server, sleeps, cache=None, timeout=5.0):
    chat = OpenAIChat(server.url, "test-model", timeout=timeout)
    return ModelWriter(chat, cache=cache, sleep=sleeps.append)


def write(server, sleeps, *answers, name=QUAKE, **options):
    server.script(*answers)
    return compose([report(name)], writer(server, sleeps, **options))


def kinds_at(draft, where):
    return {f.kind for f in draft.flags if f.where == where}


def test_a_good_reply_is_the_draft_with_its_citations_and_the_verse_looked_up(server, sleeps):
    draft = write(server, sleeps, Answer(GOOD))
    assert draft.writer == "model:test-model" and draft.headline == GOOD["headline"]
    assert draft.flags == ()
    verse = lookup("Psalm 46:1-3")
    assert draft.reflection.verse.text == verse.text
    assert f"\u201c{verse.text}\u201d (Psalm 46:1-3, WEB)" in draft.reflection.text
    first = draft.citations[0]
    assert first.where == "glance[0]" and first.sentences == (1,)
    assert first.texts[0].startswith("A magnitude 6.9 earthquake struck near Lae")
    assert draft.writing.prompt_tokens == 1200 and draft.writing.retries == 0


def test_the_request_numbers_the_sentences_and_asks_for_the_schema(server, sleeps):
    write(server, sleeps, Answer(GOOD))
    (request,) = server.requests
    prompt = request["messages"][1]["content"]
    assert "[3] A magnitude 6.9 earthquake struck Papua New Guinea" in prompt
    schema = request["response_format"]["json_schema"]["schema"]
    offered = [c.verse.ref for c in verse_candidates([report()]).candidates[:5]]
    assert schema["properties"]["verse"]["enum"] == offered


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (Answer("{'headline': not json"), "invalid JSON"),
        (Answer(reply(glance=[cited("Only one bullet here.", 2)])), "schema violation"),
        (Answer(""), "empty reply"),
        (Answer(refusal="I cannot help with that."), "refusal"),
        (Answer(status=500), "server-error"),
        (Answer(status=429, headers={"Retry-After": "7"}), "rate-limited"),
    ],
)
def test_a_failure_is_retried_and_then_the_model_free_writer_is_used(server, sleeps, bad, said):
    draft = write(server, sleeps, bad, bad, bad)
    assert len(server.requests) == 3
    assert draft.writer == "extractive" and draft.flags == ()
    assert said in draft.writing.fallback and "after 3 tries" in draft.writing.fallback
    assert draft.writing.retries == 2 and len(sleeps) == 2


def test_a_failure_followed_by_a_good_reply_uses_the_good_reply(server, sleeps):
    draft = write(server, sleeps, Answer("not json"), Answer(status=503), Answer(GOOD))
    assert draft.writer == "model:test-model" and draft.writing.retries == 2
    assert sleeps == [2.0, 4.0]  # backing off, doubled


def test_a_429_is_retried_after_the_wait_the_server_asks_for(server, sleeps):
    draft = write(server, sleeps, Answer(status=429, headers={"Retry-After": "7"}), Answer(GOOD))
    assert sleeps == [7.0] and draft.writer == "model:test-model"


def test_a_server_that_does_not_answer_in_time_is_given_up_on(server, sleeps):
    slow = Answer(GOOD, delay=1.5)
    draft = write(server, sleeps, slow, slow, slow, timeout=0.5)
    assert draft.writer == "extractive" and "timeout" in draft.writing.fallback


def test_a_refused_request_is_not_retried(server, sleeps):
    draft = write(server, sleeps, Answer(status=401))
    assert len(server.requests) == 1 and "rejected" in draft.writing.fallback


def test_a_server_without_json_schema_is_asked_for_a_json_object(server, sleeps):
    draft = write(server, sleeps, Answer(status=400), Answer(GOOD))
    assert server.requests[1]["response_format"] == {"type": "json_object"}
    assert draft.writer == "model:test-model" and draft.writing.retries == 0


def test_verse_text_written_by_the_model_is_refused_and_the_plain_reflection_used(server, sleeps):
    made_up = "\u201cThe Lord is my shepherd; I shall lack nothing at all\u201d (Psalm 23:1)."
    draft = write(server, sleeps, Answer(reply(reflection=f"{made_up} [VERSE] We pray.")))
    assert "shepherd" not in draft.reflection.text
    assert draft.reflection.verse.text in draft.reflection.text
    assert any(
        r.startswith("reflection: it names a Bible reference") for r in draft.writing.rejected
    )
    assert not any(f.kind.endswith("scripture") for f in draft.flags)


def test_a_reflection_quoting_scripture_without_a_reference_is_refused(server, sleeps):
    wording = "As the psalm says, \u201cGod is our shelter in every storm\u201d. [VERSE]"
    draft = write(server, sleeps, Answer(reply(reflection=wording)))
    assert "shelter in every storm" not in draft.reflection.text
    assert any("quotes words" in r for r in draft.writing.rejected)


def test_a_verse_outside_the_candidates_is_not_used(server, sleeps):
    draft = write(server, sleeps, Answer(reply(verse="John 3:16")))
    first = verse_candidates([report()]).chosen.verse.ref
    assert draft.reflection.verse.reference == first
    assert draft.reflection.verse.text == lookup(first).text
    assert any("'John 3:16' is not among the candidates" in r for r in draft.writing.rejected)


def test_a_prayer_naming_another_reference_is_refused(server, sleeps):
    prayer = "Lord, as John 11:35 tells us, you weep with Lae. Amen."
    draft = write(server, sleeps, Answer(reply(prayer=prayer)))
    assert "John 11:35" not in draft.reflection.prayer
    assert any("not among the candidates" in r for r in draft.writing.rejected)


def test_an_invented_number_is_flagged_and_holds_the_draft(server, sleeps):
    glance = [*GOOD["glance"][:2], cited("At least 987654 homes were destroyed.", 11)]
    draft = write(server, sleeps, Answer(reply(glance=glance)))
    assert ProblemKind.UNTRACED_NUMBER in kinds_at(draft, "glance[2]")


def test_a_citation_to_a_sentence_that_does_not_exist_is_flagged(server, sleeps):
    glance = [*GOOD["glance"][:2], cited("At least 1,200 homes were damaged or destroyed.", 999)]
    draft = write(server, sleeps, Answer(reply(glance=glance)))
    assert ProblemKind.UNKNOWN_CITATION in kinds_at(draft, "glance[2]")


def test_a_fact_not_in_the_sentences_it_cites_is_flagged(server, sleeps):
    glance = [*GOOD["glance"][:2], cited("At least 1,200 homes were damaged or destroyed.", 2)]
    draft = write(server, sleeps, Answer(reply(glance=glance)))
    assert ProblemKind.UNCITED_FACT in kinds_at(draft, "glance[2]")


def test_a_prayer_for_one_side_is_refused_where_the_event_has_sides(server, sleeps):
    story = "congo-butembo-offensive-civilians-flee"
    prayer = "Lord, grant the army victory over the rebels in Butembo. Amen."
    candidates = verse_candidates([report(story)]).candidates
    answer = Answer(reply(verse=candidates[0].verse.ref, prayer=prayer))
    draft = write(server, sleeps, answer, name=story)
    assert "army" not in draft.reflection.prayer and "rebels" not in draft.reflection.prayer
    assert any(r.startswith("prayer: it asks for") for r in draft.writing.rejected)


def test_a_prayer_for_the_wrong_place_is_refused(server, sleeps):
    prayer = "Lord, be near the people in Port Moresby tonight. Amen."
    draft = write(server, sleeps, Answer(reply(prayer=prayer)))
    assert "Port Moresby" not in draft.reflection.prayer
    assert any("not where it happened" in r for r in draft.writing.rejected)


def test_a_rerun_is_answered_from_the_cache(server, sleeps, tmp_path):
    cache = FileReplyCache(tmp_path / "cache")
    first = write(server, sleeps, Answer(GOOD), cache=cache)
    again = write(server, sleeps, cache=cache)
    assert len(server.requests) == 1
    assert again.headline == first.headline and again.writing.cached
    assert again.writing.prompt_tokens == 0
