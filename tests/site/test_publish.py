import pytest
from django.urls import reverse

from praynews.site.editorial.models import Post
from praynews.site.editorial.services import Override, publish, write_and_publish, write_post
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article
from praynews.site.publishing.models import Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(samples):
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    return Article.objects.get()


@pytest.fixture
def story(article):
    return article.story


def test_a_clean_draft_is_published(story):
    outcome = write_and_publish(story)
    assert outcome.published and outcome.post.status == Post.Status.PUBLISHED


def test_an_invented_number_holds_the_post_for_an_editor(story):
    post = write_post(story)
    post.draft["glance"][0] = "At least 987654 people were hurt, officials said."
    post.save()
    outcome = publish(post)
    assert not outcome.published
    assert "987654" in outcome.reason
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT and "987654" in post.review_note


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")


def test_an_admin_can_publish_a_flagged_draft_after_reading_it(story, admin):
    post = write_post(story)
    post.draft["glance"][0] = "Bartholomew Quince said the search would go on through the night."
    post.save()
    assert "Bartholomew Quince" in publish(post).reason
    assert publish(post, override=Override(admin, "The police named him on radio.")).published


def test_nobody_can_publish_a_misquoted_verse(story, admin):
    post = write_post(story)
    verse = post.draft["reflection"]["verse"]
    words = verse["text"].split()
    verse["text"] = " ".join(["Surely", *words[1:]])
    post.save()
    outcome = publish(post, override=Override(admin, "I have read it."))
    assert not outcome.published and "scripture" in outcome.reason


def test_an_edited_reflection_that_misquotes_is_caught(story, admin):
    post = write_post(story)
    reflection = post.draft["reflection"]
    reference = reflection["verse"]["reference"]
    reflection["text"] += (
        f' As it is written, "The Lord helps those who help themselves" ({reference}, WEB).'
    )
    post.save()
    assert not publish(post, override=Override(admin, "I have read it.")).published


def test_a_draft_that_no_longer_parses_is_refused_with_the_reason(story, admin):
    post = write_post(story)
    post.draft = {"headline": "edited"}
    post.save()
    outcome = publish(post, override=Override(admin, "I have read it."))
    assert not outcome.published and "dek is missing" in outcome.reason


def test_a_reply_is_stored_for_the_editor(client, story):
    post = write_and_publish(story).post
    response = client.post(
        reverse("post", kwargs={"slug": post.slug}),
        {"name": "Ruth", "email": "ruth@example.org", "message": "Praying for Lae tonight."},
        follow=True,
    )
    assert response.status_code == 200
    reply = Reply.objects.get()
    assert (reply.post, reply.name, reply.message) == (post, "Ruth", "Praying for Lae tonight.")
    assert b"reached the editor" in response.content


def test_drafts_are_not_public(client, story):
    post = write_post(story)
    assert client.get(reverse("post", kwargs={"slug": post.slug})).status_code == 404
