"""One way to publish: the admin's Status field, its actions and the services all run the check.

A draft with an invented number is held (an admin may publish it after reading, giving a reason
that is recorded; an editor may not); a misquoted verse is refused to everyone. The flag count
is what the check finds.
"""

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from praynews.site import services
from praynews.site.clock import FixedClock
from praynews.site.editorial.models import Post, PostEvent
from praynews.site.editorial.roles import EDITORS
from praynews.site.editorial.services import Override, publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article, Story
from praynews.site.worker import Worker

pytestmark = pytest.mark.django_db

INVENTED = "At least 987654 people were hurt."


@pytest.fixture
def draft(samples) -> Post:
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    return Post.objects.get()


def invent_a_number(post: Post) -> Post:
    post.draft["glance"][0] = INVENTED
    post.save()
    return post


def misquote_the_verse(post: Post) -> Post:
    verse = post.draft["reflection"]["verse"]
    verse["text"] = " ".join(["Surely", *verse["text"].split()[1:]])
    post.save()
    return post


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    return client


def save_with_status(editor, post: Post, status: str):
    return editor.post(
        reverse("admin:editorial_post_change", args=[post.pk]),
        {
            "article": post.article_id,
            "slug": post.slug,
            "headline": post.headline,
            "draft": json.dumps(post.draft),
            "status": status,
            "writer": post.writer,
            "verse_reference": post.verse_reference,
            "reflection_opening": post.reflection_opening,
            "_save": "Save",
        },
        follow=True,
    )


def run_action(editor, action: str, post: Post):
    return editor.post(
        reverse("admin:editorial_post_changelist"),
        {"action": action, "_selected_action": [post.pk]},
        follow=True,
    )


def shown(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def is_live(post: Post) -> bool:
    post.refresh_from_db()
    return post.status == Post.Status.PUBLISHED


def test_saving_status_published_with_an_invented_number_is_held_with_the_reason(editor, draft):
    response = save_with_status(editor, invent_a_number(draft), Post.Status.PUBLISHED)
    assert not is_live(draft)
    assert "Held" in shown(response) and "987654" in shown(response)
    assert draft.flag_count >= 1 and "987654" in draft.review_note


def test_saving_status_published_with_a_misquoted_verse_is_refused(editor, draft):
    response = save_with_status(editor, misquote_the_verse(draft), Post.Status.PUBLISHED)
    assert not is_live(draft)
    assert "Refused" in shown(response) and "scripture" in shown(response)


def test_saving_status_published_on_a_clean_draft_publishes_it_with_a_date(editor, draft):
    save_with_status(editor, draft, Post.Status.PUBLISHED)
    assert is_live(draft) and draft.published_at is not None
    assert editor.get(draft.get_absolute_url()).status_code == 200


def test_the_publish_action_holds_an_invented_number(editor, draft):
    response = run_action(editor, "publish_checked", invent_a_number(draft))
    assert not is_live(draft) and "987654" in shown(response)


def run_override(client, post: Post, reason: str):
    return client.post(
        reverse("admin:editorial_post_changelist"),
        {"action": "publish_overriding", "_selected_action": [post.pk], "reason": reason},
        follow=True,
    )


@pytest.fixture
def reviewer(client, django_user_model):
    """An editor: in the Editors group, staff, not an admin."""
    user = django_user_model.objects.create_user("rita", "rita@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def test_an_admin_publishes_past_an_invented_number_only_with_a_reason_kept(editor, draft):
    asked = run_action(editor, "publish_overriding", invent_a_number(draft))
    assert not is_live(draft) and b"Publish with this reason" in asked.content  # the form
    run_override(editor, draft, "   ")
    assert not is_live(draft)
    run_override(editor, draft, "The ministry confirmed the figure by phone.")
    assert is_live(draft)
    [event] = draft.events.all()
    assert event.action == PostEvent.Action.OVERRIDDEN and event.by.username == "ed"
    assert "confirmed the figure by phone" in event.reason and "987654" in event.reason
    page = editor.get(reverse("admin:editorial_post_change", args=[draft.pk])).content.decode()
    assert "Published over the check&#x27;s flags by ed (The ministry confirmed" in page


def test_an_admins_override_never_publishes_a_misquoted_verse(editor, draft):
    response = run_override(editor, misquote_the_verse(draft), "I have read it.")
    assert not is_live(draft) and "scripture" in shown(response)


def test_an_editor_cannot_override_the_check(reviewer, draft):
    listing = reviewer.get(reverse("admin:editorial_post_changelist"))
    assert b"publish_checked" in listing.content and b"publish_overriding" not in listing.content
    run_override(reviewer, invent_a_number(draft), "I have read it.")
    assert not is_live(draft) and not draft.events.exists()
    editor_user = User.objects.get(username="rita")
    refused = publish(draft, override=Override(editor_user, "I have read it."))
    assert not refused.published and "only an admin may" in refused.reason


def test_an_editor_publishes_a_clean_draft_and_it_is_recorded(reviewer, draft):
    run_action(reviewer, "publish_checked", draft)
    assert is_live(draft)
    [event] = draft.events.all()
    assert event.action == PostEvent.Action.PUBLISHED and event.by.username == "rita"
    page = reviewer.get(draft.get_absolute_url()).content.decode()
    sources = len(draft.draft["sources"])
    plural = "" if sources == 1 else "s"
    assert f"Drafted automatically from {sources} source{plural}, reviewed by rita." in page


def test_return_to_draft_takes_the_post_and_its_story_down(editor, draft):
    services.publish_posts([draft.pk])
    assert is_live(draft) and draft.story.status == Story.Status.PUBLISHED
    run_action(editor, "unpublish", draft)
    assert not is_live(draft) and draft.published_at is None
    assert draft.events.last().action == PostEvent.Action.UNPUBLISHED
    assert Story.objects.get().status == Story.Status.NEW
    assert editor.get(draft.get_absolute_url()).status_code == 404


def test_an_edit_that_misquotes_a_published_verse_takes_the_post_down(editor, draft):
    services.publish_posts([draft.pk])
    assert is_live(draft)
    response = save_with_status(editor, misquote_the_verse(draft), Post.Status.PUBLISHED)
    assert not is_live(draft) and "Taken down" in shown(response)


def test_the_flag_count_is_the_number_of_problems_the_check_finds(editor, draft):
    draft.draft["glance"][0] = "At least 987654 people were hurt, said Zebulon Quartermaine."
    save_with_status(editor, draft, Post.Status.DRAFT)
    draft.refresh_from_db()
    assert draft.flag_count == len(draft.review_note.splitlines()) >= 2
    page = editor.get(reverse("admin:editorial_post_changelist")).content.decode()
    assert f'<td class="field-flag_count">{draft.flag_count}</td>' in page


def test_a_rerun_publishes_nothing_and_says_so(draft):
    first = services.publish_ready()
    again = services.publish_ready()
    assert first.count(services.PublishOutcome.PUBLISHED) == 1
    assert again.count(services.PublishOutcome.PUBLISHED) == 0
    assert again.count(services.PublishOutcome.UNCHANGED) == 1


def test_the_publication_date_comes_from_the_clock_given(draft):
    moment = datetime(2019, 11, 20, 6, 30, tzinfo=UTC)
    services.publish_posts([draft.pk], clock=FixedClock(moment))
    draft.refresh_from_db()
    assert draft.published_at == moment


def test_each_article_keeps_why_it_joined_its_story(editor, samples):
    for name in ["papua-new-guinea-morobe-earthquake.html", "png-morobe-quake-equator-desk.html"]:
        ingest(str(samples / "pages" / name))
    first, second = Article.objects.order_by("pk")
    assert first.story_reason.startswith("no story within")
    assert second.story == first.story and second.story_reason.startswith("shares ")
    page = editor.get(reverse("admin:news_article_change", args=[second.pk])).content.decode()
    assert second.story_reason.split(";")[0] in page


@pytest.mark.parametrize("spoil", [invent_a_number, misquote_the_verse])
def test_the_worker_never_publishes_a_draft_the_check_holds_or_refuses(draft, spoil, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUTO_PUBLISH", "1")
    spoil(draft)
    Worker().run_pass()
    assert not is_live(draft) and not draft.events.exists()
    assert draft.flag_count >= 1


def test_the_worker_publishes_a_clean_draft_as_praynews_itself(client, draft, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUTO_PUBLISH", "1")
    Worker().run_pass()
    assert is_live(draft)
    [event] = draft.events.all()
    assert event.action == PostEvent.Action.PUBLISHED and event.by is None
    assert (
        "published without an editor&#x27;s review"
        in client.get(draft.get_absolute_url()).content.decode()
    )
