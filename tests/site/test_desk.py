"""The desk's pages through Django's test client: the day's drafts in edition order, a draft
beside its sources with each part's sentences and problems, edits and moves by form, previews,
revisions, and the reply queue."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from praynews.site import services
from praynews.site.editorial.models import Post, PostEvent
from praynews.site.editorial.roles import ADMINS, EDITORS
from praynews.site.news.ingest import ingest
from praynews.site.publishing.models import Reply

pytestmark = pytest.mark.django_db

INVENTED = "At least 987654 people were hurt."


@pytest.fixture
def post(samples) -> Post:
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    return Post.objects.get()


@pytest.fixture
def edition(samples) -> list[Post]:
    ingest(str(samples / "pages"))
    built = services.build_edition()
    return [Post.objects.get(slug=e.post) for e in built.entries]


def logged_in(client, name: str, group: str | None):
    user = User.objects.create_user(name, f"{name}@example.org", "pw", first_name=name.title())
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client):
    return logged_in(client, "esther", EDITORS)


@pytest.fixture
def admin(client):
    return logged_in(client, "abigail", ADMINS)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def move(client, post: Post, chosen: str, **fields):
    return client.post(
        reverse("desk:move", args=[post.pk]), {"move": chosen, **fields}, follow=True
    )


def test_the_day_lists_the_edition_in_its_order(editor, edition):
    html = page(editor, reverse("desk:day"))
    positions = [html.index(reverse("desk:post", args=[p.pk]) + '"') for p in edition]
    assert positions == sorted(positions)
    assert "The edition of" in html


def test_a_draft_is_shown_beside_its_sources_each_bullet_linked_to_its_sentence(editor, post):
    html = page(editor, reverse("desk:post", args=[post.pk]))
    assert 'id="part-glance-0" data-sentences="' in html
    first = html.split('id="part-glance-0" data-sentences="')[1].split('"')[0].split()[0]
    assert f'href="#s-{first}"' in html and f'id="s-{first}"' in html
    assert post.draft["glance"][0] in html


def test_a_problem_is_shown_on_the_part_it_is_in(editor, post):
    editor.post(reverse("desk:edit", args=[post.pk]), {"where": "glance[1]", "text": INVENTED})
    html = page(editor, reverse("desk:post", args=[post.pk]))
    part = html.split('id="part-glance-1"')[1].split('<div class="part')[0]
    assert "this number is not in the sources" in part and "987654" in part
    assert "The check holds it: 1 problem" in html


def test_an_edit_by_form_is_saved_and_kept_as_a_revision(editor, post):
    response = editor.post(
        reverse("desk:edit", args=[post.pk]),
        {"where": "glance[0]", "text": post.draft["glance"][0] + " Edited."},
        follow=True,
    )
    assert "Saved." in response.content.decode()
    post.refresh_from_db()
    assert post.draft["glance"][0].endswith("Edited.")
    assert post.revisions.last().note == "Bullet 1 edited"


def test_an_edit_to_no_such_part_is_refused_with_a_message(editor, post):
    response = editor.post(
        reverse("desk:edit", args=[post.pk]), {"where": "glance[7]", "text": "x"}, follow=True
    )
    assert "the draft has no such part" in response.content.decode().lower()


def test_the_verse_is_swapped_from_the_candidates_offered(editor, post):
    html = page(editor, reverse("desk:post", args=[post.pk]))
    offered = html.split('name="ref" value="')[1:]
    other = next(o.split('"')[0] for o in offered if "checked" not in o.split(">")[0])
    response = editor.post(reverse("desk:verse", args=[post.pk]), {"ref": other}, follow=True)
    assert "The verse is now" in response.content.decode()
    post.refresh_from_db()
    assert post.revisions.last().note.startswith("verse swapped to")


def test_a_typed_verse_is_refused(editor, post):
    before = post.draft["reflection"]
    response = editor.post(
        reverse("desk:verse", args=[post.pk]), {"ref": "John 11:35"}, follow=True
    )
    assert "not among this story" in response.content.decode()
    post.refresh_from_db()
    assert post.draft["reflection"] == before


def test_approve_schedule_and_publish_from_the_desk(editor, post):
    assert "Approved." in move(editor, post, "approve").content.decode()
    at = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert "Scheduled for" in move(editor, post, "schedule", at=at).content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED
    assert "Published." in move(editor, post, "publish").content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    refused = move(editor, post, "unpublish", reason="").content.decode()
    assert "Say why the post comes down" in refused
    move(editor, post, "unpublish", reason="A correction is coming")
    assert post.events.last().reason == "A correction is coming"


def test_an_untraceable_number_cannot_be_published_from_the_desk(editor, post):
    editor.post(reverse("desk:edit", args=[post.pk]), {"where": "glance[0]", "text": INVENTED})
    html = move(editor, post, "approve").content.decode()
    assert "The check flags it" in html and "987654" in html
    move(editor, post, "approve", reason="I checked it myself")  # not an admin
    assert move(editor, post, "publish").status_code == 200
    assert Post.objects.get().status == Post.Status.DRAFT


def test_an_admin_publishes_it_from_the_desk_over_the_flags_with_a_reason(admin, post):
    admin.post(reverse("desk:edit", args=[post.pk]), {"where": "glance[0]", "text": INVENTED})
    html = page(admin, reverse("desk:post", args=[post.pk]))
    assert "Approve over the flags" in html
    move(admin, post, "approve", reason="Confirmed with the ministry")
    move(admin, post, "publish")
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    event = post.events.get(action=PostEvent.Action.OVERRIDDEN)
    assert event.reason.startswith("Confirmed with the ministry")


def test_a_misquoted_verse_cannot_be_published_from_the_desk_even_by_an_admin(admin, post):
    verse = post.draft["reflection"]["verse"]
    verse["text"] = "Surely " + verse["text"].split(" ", 1)[1]
    post.save()
    html = move(admin, post, "approve", reason="I prefer it").content.decode()
    assert "Nobody may approve it" in html
    move(admin, post, "publish")
    assert Post.objects.get().status == Post.Status.DRAFT


def test_the_previews_show_the_page_and_the_mail_before_publishing(editor, post):
    web = page(editor, reverse("desk:preview", args=[post.pk]))
    assert "Preview: this is how the post will look" in web and post.draft["dek"] in web
    assert "Send reply" not in web
    mail = editor.get(reverse("desk:preview_email", args=[post.pk]))
    assert mail.status_code == 200 and post.draft["dek"].encode() in mail.content
    assert "sandbox" in mail["Content-Security-Policy"]


def test_two_revisions_are_compared_on_the_revisions_page(editor, post):
    editor.post(reverse("desk:edit", args=[post.pk]), {"where": "dek", "text": "A new dek."})
    html = page(editor, reverse("desk:revisions", args=[post.pk]) + "?a=1&b=2")
    assert "<ins>new dek.</ins>" in html and "<del>" in html


def test_a_reply_is_moderated_shown_under_the_post_and_answered(editor, post, tmp_path):
    move(editor, post, "approve")
    move(editor, post, "publish")
    reply = Reply.objects.create(
        post=post, name="Ruth", email="ruth@example.org", message="Praying for Lae tonight."
    )
    assert "Ruth" in page(editor, reverse("desk:replies"))
    assert "Praying for Lae tonight." not in page(editor, post.get_absolute_url())
    editor.post(reverse("desk:reply", args=[reply.pk]), {"action": "approve"})
    assert "Praying for Lae tonight." in page(editor, post.get_absolute_url())
    response = editor.post(
        reverse("desk:reply", args=[reply.pk]),
        {"action": "answer", "answer": "Thank you, Ruth."},
        follow=True,
    )
    assert "Your answer went to ruth@example.org" in response.content.decode()
    reply.refresh_from_db()
    assert reply.answer == "Thank you, Ruth." and reply.answered_by.username == "esther"
    [sent] = list(services_outbox())
    assert "Thank you, Ruth." in sent and "To: ruth@example.org" in sent


def services_outbox():
    from praynews.site.newsletter.transport import outbox_folder

    return (p.read_text() for p in outbox_folder().glob("*.eml"))


def test_a_reply_without_an_address_cannot_be_answered(editor, post):
    reply = Reply.objects.create(post=post, name="Anon", message="Thank you.")
    response = editor.post(
        reverse("desk:reply", args=[reply.pk]), {"action": "answer", "answer": "Hi"}, follow=True
    )
    assert "left no email address" in response.content.decode()


@pytest.mark.parametrize("b", ["9223372036854775808", "99999999999999999999", "-1", "x"])
def test_a_revision_number_no_post_can_have_is_a_clear_answer_not_an_error(editor, post, b):
    response = editor.get(reverse("desk:revisions", args=[post.pk]) + f"?a=1&b={b}")
    assert response.status_code == 200


def test_a_post_is_not_scheduled_further_ahead_than_an_edition_can_wait(editor, post):
    move(editor, post, "approve")
    html = move(editor, post, "schedule", at="9999-12-31T23:59").content.decode()
    assert "too far ahead" in html
    assert Post.objects.get().status == Post.Status.APPROVED
