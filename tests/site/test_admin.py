"""The editor's admin: a draft edit that breaks FORMAT.md is refused on the field."""

import json

import lxml.html
import pytest
from django.urls import reverse

from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article

pytestmark = pytest.mark.django_db


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
