"""Errors carry what failed, where and why, and still read as one sentence."""

from praynews.core.errors import FeedError, PrayNewsError


def test_a_message_is_kept_as_it_was_given():
    error = FeedError("the feed at x is empty", where="x")
    assert str(error) == "the feed at x is empty" == error.message
    assert error.where == "x" and error.what is None


def test_without_a_message_the_fields_make_the_sentence():
    error = PrayNewsError(what="the data folder", where="/srv/pn", why="it does not exist")
    assert str(error) == "the data folder (/srv/pn): it does not exist"
    assert error.what == "the data folder" and error.why == "it does not exist"


def test_without_anything_the_class_default_is_the_message():
    assert str(FeedError()) == "the feed could not be parsed"
