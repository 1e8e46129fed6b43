"""What a post is about, for its topic, theme, country and region pages."""

from dataclasses import replace

from praynews.core.event import CLASSES
from praynews.core.topics import Topic, TopicKind, post_topics, slug_of, topic_names
from tests.core.test_reading import draft


def kinds(topics, kind):
    return [t.name for t in topics if t.kind == kind]


def test_a_flood_is_a_natural_disaster_with_its_themes_country_and_region():
    flood = draft(
        headline="Floods Force 3,000 from Their Homes in Bangladesh",
        opening=("Heavy rain and flooding in Bangladesh forced 3,000 people from their homes.",),
    )
    topics = post_topics(flood)
    assert kinds(topics, TopicKind.TOPIC) == ["Natural disasters"]
    assert kinds(topics, TopicKind.THEME) == ["Floods and heavy rain"]
    assert kinds(topics, TopicKind.COUNTRY) == ["Bangladesh"]
    assert kinds(topics, TopicKind.REGION) == ["Asia"]


def test_a_nationality_word_is_not_a_place():
    report = draft(
        headline="Russian Artillery Shells Villages",
        opening=("Russian artillery shelled villages near Kharkiv in Ukraine on Monday.",),
    )
    assert kinds(post_topics(report), TopicKind.COUNTRY) == ["Ukraine"]


def test_a_theme_the_index_no_longer_has_is_left_out():
    old = replace(draft().reflection, themes=("flood", "a-retired-theme"))
    assert kinds(post_topics(draft(reflection=old)), TopicKind.THEME) == ["Floods and heavy rain"]


def test_every_kind_of_event_but_other_has_a_name():
    assert set(topic_names()) == set(CLASSES) - {"other"}


def test_slugs_are_ascii_words():
    assert slug_of("Côte d'Ivoire") == "cote-d-ivoire"
    assert slug_of("Middle East") == "middle-east"
    assert Topic(TopicKind.REGION, "asia", "Asia").kind == "region"
