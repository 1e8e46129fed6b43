"""The model writer in the site: chosen by the settings, its drafts stored with their
citations and accounting, shown on the desk and in `praynews status`, and labelled for
readers; a bad setting is a clear error."""

import pytest
from django.urls import reverse

from praynews.core.errors import InputError
from praynews.site import services
from praynews.site.editorial import writers
from praynews.site.editorial.models import Post
from praynews.site.news.ingest import ingest
from praynews.site.status import current_status
from tests.model_server import Answer, ScriptedModelServer
from tests.site.test_desk import editor, logged_in, page  # noqa: F401 (fixtures)
from tests.test_model_writer import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_server(monkeypatch, tmp_path):
    with ScriptedModelServer() as server:
        monkeypatch.setenv("PRAYNEWS_MODEL_URL", server.url)
        monkeypatch.setenv("PRAYNEWS_MODEL", "test-model")
        writers._model_writer.cache_clear()
        yield server
    writers._model_writer.cache_clear()


@pytest.fixture
def post(samples, model_server) -> Post:
    model_server.script(Answer(GOOD))
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    return Post.objects.get()


def test_a_post_written_with_the_model_keeps_its_citations_and_cost(post):
    assert post.writer == "model:test-model" and post.headline == GOOD["headline"]
    assert post.draft["citations"][0]["where"] == "glance[0]"
    assert post.draft["writing"]["prompt_tokens"] == 1200
    assert post.how_it_was_made.startswith("Written with AI assistance from 1 source")


def test_the_desk_shows_how_the_draft_was_written_and_its_citations(post, editor):  # noqa: F811
    html = page(editor, reverse("desk:post", args=[post.pk]))
    assert "How it was written" in html and "By test-model (prompt draft-1)" in html
    assert "1200 + 400 tokens" in html
    assert 'href="#s-1"' in html  # glance[0] cites the second sentence, as the model said


def test_status_sums_what_the_model_writer_cost(post):
    use = current_status().model
    assert (use.drafts, use.prompt_tokens, use.completion_tokens, use.fell_back) == (
        1,
        1200,
        400,
        0,
    )


def test_a_server_that_keeps_failing_leaves_a_model_free_draft_saying_why(samples, model_server):
    model_server.script(Answer(status=500), Answer(status=500), Answer(status=500))
    writers._model_writer.cache_clear()
    writer = writers.writer()
    writer.sleep = lambda seconds: None
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    post = Post.objects.get()
    assert post.writer == "extractive" and "server-error" in post.draft["writing"]["fallback"]
    assert post.how_it_was_made.startswith("Drafted automatically")
    assert current_status().model.fell_back == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [("PRAYNEWS_MODEL", ""), ("PRAYNEWS_MODEL_TIMEOUT", "soon"), ("PRAYNEWS_MODEL_FORMAT", "xml")],
)
def test_a_bad_model_setting_is_a_clear_error(model_server, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(InputError, match=name if name != "PRAYNEWS_MODEL_FORMAT" else "xml"):
        writers.writer()
