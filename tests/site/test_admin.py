"""The editor's admin: a draft edit that breaks FORMAT.md is refused; guessing is locked out."""

import json
from datetime import timedelta

import lxml.html
import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from praynews.site.editorial.admin import PostForm
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article

pytestmark = pytest.mark.django_db

START = "2025-03-04 10:00:00"


@pytest.fixture
def post(samples):
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    return write_and_publish(Article.objects.get().story).post


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-1")
    client.force_login(user)
    return client


def save_draft(editor, post: Post, draft) -> object:
    """Submit the admin change form as an editor would, with every other field unchanged."""
    return editor.post(
        reverse("admin:editorial_post_change", args=[post.pk]),
        {
            "article": post.article_id,
            "slug": post.slug,
            "headline": post.headline,
            "draft": json.dumps(draft),
            "status": post.status,
            "writer": post.writer,
            "verse_reference": post.verse_reference,
            "reflection_opening": post.reflection_opening,
            "_save": "Save",
        },
    )


def test_a_valid_draft_edit_is_saved(editor, post):
    draft = {**post.draft, "dek": "An edited dek."}
    response = save_draft(editor, post, draft)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.draft["dek"] == "An edited dek."


def test_a_draft_edit_that_does_not_parse_is_refused_on_the_field(editor, post):
    stored = post.draft
    response = save_draft(editor, post, {"headline": "edited"})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content)
    field_errors = " ".join(e.text_content() for e in doc.cssselect(".field-draft .errorlist"))
    assert "dek is missing" in field_errors
    post.refresh_from_db()
    assert post.draft == stored
    assert editor.get(post.get_absolute_url()).status_code == 200


@pytest.fixture
def editor_account(django_user_model):
    return django_user_model.objects.create_superuser("ruth", "ruth@example.org", "right-pw-2025")


def log_in(client, password: str, address: str = "203.0.113.9"):
    return client.post(
        reverse("admin:login"),
        {"username": "ruth", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_right_password_logs_in(client, editor_account):
    assert log_in(client, "right-pw-2025").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_passwords_are_stored_with_argon2_and_older_hashes_are_upgraded_at_login(
    client, django_user_model
):
    from praynews.site import settings as production

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        ruth = django_user_model.objects.create_user(
            "ruth", password="right-pw-2025", is_staff=True
        )
        assert ruth.password.startswith("argon2$")
        ruth.password = make_password("right-pw-2025", hasher="pbkdf2_sha256")
        ruth.save()
        assert log_in(client, "right-pw-2025").status_code == 302
        ruth.refresh_from_db()
        assert ruth.password.startswith("argon2$")


def test_a_run_of_wrong_passwords_locks_the_address_out(client, editor_account):
    answers = [log_in(client, f"guess-{n}").status_code for n in range(100)]
    assert 429 in answers
    response = log_in(client, "right-pw-2025")
    assert response.status_code == 429
    assert b"wait" in response.content
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_lockout_comes_after_the_failure_limit_and_lifts_after_the_cool_off(
    client, editor_account, settings
):
    with freeze_time(START) as clock:
        answers = [log_in(client, "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
        assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
        clock.tick(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        assert log_in(client, "right-pw-2025").status_code == 302


def test_a_locked_out_address_does_not_lock_out_the_editor_elsewhere(client, editor_account):
    for _ in range(20):
        log_in(client, "wrong")
    assert log_in(client, "right-pw-2025", address="198.51.100.4").status_code == 302


def test_a_draft_nested_beyond_reason_is_a_form_error_not_a_crash():
    form = PostForm(data={"draft": "[" * 50_000 + "]" * 50_000})
    assert not form.is_valid()
    assert "nested too deeply" in str(form.errors["draft"])


def test_the_sources_page_shows_each_sources_last_error_and_next_check(editor):
    from praynews.site.news.models import Source

    Source.objects.create(
        location="https://paper.example.org/feed",
        kind="feed",
        scheduled=True,
        status=Source.Status.FAILING,
        failures=2,
        last_error="https://paper.example.org/feed answered 500 Internal Server Error",
    )
    listing = editor.get(reverse("admin:news_source_changelist"))
    assert listing.status_code == 200
    assert b"answered 500 Internal Server Error" in listing.content
    source = Source.objects.get()
    detail = editor.get(reverse("admin:news_source_change", args=[source.pk]))
    assert detail.status_code == 200 and b"Next check at" in detail.content
