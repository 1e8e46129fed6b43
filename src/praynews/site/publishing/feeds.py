"""The site's feeds: RSS and Atom carrying the whole post (a browser shows them through an XSL
stylesheet as a page), JSON Feed 1.1, a feed per topic, theme, region and country, and the
podcast of the audio edition.

Every link names the public site (PRAYNEWS_SITE_URL). Text goes through `normalise`, which
drops the control characters XML cannot carry, so one badly edited post cannot take a whole feed
down. A feed is sent as one body, not as the hundreds of small writes the generator makes.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from praynews.core.reading import reader_view
from praynews.core.spoken import post_script
from praynews.core.text import normalise
from praynews.core.types import Draft
from praynews.site.editorial.models import Post
from praynews.site.publishing import audio
from praynews.site.publishing.models import PostTopic, Recording
from praynews.site.publishing.readable import readable
from praynews.site.publishing.templatetags.praynews_tags import absolute, safe_url

FEED_ITEMS = 30
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def latest(posts: QuerySet[Post] | None = None) -> list[Post]:
    """The newest published posts whose drafts parse, each carrying its parsed draft."""
    chosen = posts if posts is not None else Post.objects.all()
    live = chosen.filter(status=Post.Status.PUBLISHED).order_by("-published_at", "-pk")
    live = live.prefetch_related("topics", "recordings")
    pairs = readable(live[:FEED_ITEMS])
    for post, draft in pairs:
        post.parsed_draft = draft
    return [post for post, _ in pairs]


def content_html(post: Post) -> str:
    """The whole post as HTML for a feed reader: image, glance, story, reflection, sources."""
    html = render_to_string("praynews/feed/item.html", {"post": post, "draft": post.parsed_draft})
    return normalise_lines(html)


def normalise_lines(text: str) -> str:
    """Each line through `normalise` (which makes one line of its text), the lines kept."""
    return "\n".join(normalise(line) for line in text.splitlines() if line.strip())


def image_enclosure(draft: Draft) -> Enclosure | None:
    """The lead image as an enclosure; its length is the stored file's, or 0 (unknown) for
    an image left at the outlet, as RSS allows."""
    url = safe_url(draft.image.url) if draft.image else ""
    if not url:
        return None
    length, kind = 0, mimetypes.guess_type(url.split("?")[0])[0] or "image/jpeg"
    if url.startswith(settings.MEDIA_URL):
        stored = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
        length = stored.stat().st_size if stored.is_file() else 0
    return Enclosure(absolute(url), str(length), kind)


class _FullContent:
    """Adds each item's whole post to the generator's output."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            self.add_content(handler, item["content_html"])


# Sent as plain XML: Chromium and Firefox show application/rss+xml and application/atom+xml as
# text or a download, and only apply a feed's XSL stylesheet to XML. Feed readers and podcast
# apps read the document, not the type; pages still announce the feeds by their own types.
BROWSER_XML = "application/xml; charset=utf-8"


class FullRss(_FullContent, Rss201rev2Feed):
    content_type = BROWSER_XML

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_content(self, handler, html: str) -> None:
        handler.addQuickElement("content:encoded", html)


class FullAtom(_FullContent, Atom1Feed):
    content_type = BROWSER_XML

    def write(self, outfile, encoding) -> None:
        """Django's Atom writer, with the stylesheet its RSS writer puts before the root."""
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_content(self, handler, html: str) -> None:
        handler.addQuickElement("content", html, {"type": "html"})


class PostsFeed(Feed):
    """The newest posts, whole, as RSS 2.0."""

    feed_type = FullRss

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response.content = b"".join(response)  # one body for the server, not ~300 writes
        response["Cache-Control"] = "public, max-age=300"
        return response

    def title(self, obj=None) -> str:
        return settings.PUBLICATION_NAME

    def link(self, obj=None) -> str:
        return absolute(reverse("home"))

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("feed_rss"))

    def description(self, obj=None) -> str:
        return f"The latest posts from {settings.PUBLICATION_NAME}: news, scripture and prayer."

    def stylesheets(self) -> list[Stylesheet]:
        return [Stylesheet(static("praynews/feed.xsl"), mimetype="text/xsl")]

    def items(self, obj=None) -> list[Post]:
        return latest()

    def item_title(self, item: Post) -> str:
        return normalise(item.headline)

    def item_link(self, item: Post) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Post) -> str:
        return absolute(item.get_absolute_url())

    def item_description(self, item: Post) -> str:
        return normalise(item.parsed_draft.dek)

    def item_extra_kwargs(self, item: Post) -> dict[str, str]:
        return {"content_html": content_html(item)}

    def item_enclosures(self, item: Post) -> list[Enclosure]:
        enclosure = image_enclosure(item.parsed_draft)
        return [enclosure] if enclosure else []

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime | None:
        return item.updated_at


class PostsAtom(PostsFeed):
    feed_type = FullAtom

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("feed_atom"))

    def subtitle(self, obj=None) -> str:
        return self.description()


class TopicFeed(PostsFeed):
    """The newest posts on one topic, theme, region or country."""

    def get_object(self, request: HttpRequest, kind: str, slug: str) -> PostTopic:
        listed = PostTopic.objects.filter(kind=kind, slug=slug, post__status=Post.Status.PUBLISHED)
        found = listed.first()
        if found is None:
            raise Http404("no published post has this topic")
        return found

    def title(self, obj: PostTopic) -> str:
        return f"{obj.name} · {settings.PUBLICATION_NAME}"

    def link(self, obj: PostTopic) -> str:
        return absolute(reverse("topic", kwargs={"kind": obj.kind, "slug": obj.slug}))

    def feed_url(self, obj: PostTopic) -> str:
        return absolute(reverse("topic_feed", kwargs={"kind": obj.kind, "slug": obj.slug}))

    def description(self, obj: PostTopic) -> str:
        return f"Posts from {settings.PUBLICATION_NAME} on {obj.name}."

    def items(self, obj: PostTopic) -> list[Post]:
        return latest(Post.objects.filter(topics__kind=obj.kind, topics__slug=obj.slug))


def json_feed(request: HttpRequest) -> JsonResponse:
    """The newest posts as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": settings.PUBLICATION_NAME,
        "home_page_url": absolute(reverse("home")),
        "feed_url": absolute(reverse("feed_json")),
        "description": f"The latest posts from {settings.PUBLICATION_NAME}.",
        "language": "en",
        "items": [_json_item(post) for post in latest()],
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _json_item(post: Post) -> dict:
    draft: Draft = post.parsed_draft
    url = absolute(post.get_absolute_url())
    item = {
        "id": url,
        "url": url,
        "title": normalise(draft.headline),
        "summary": normalise(draft.dek),
        "content_html": content_html(post),
        "date_published": post.published_at.isoformat() if post.published_at else None,
        "date_modified": post.updated_at.isoformat(),
        "tags": [topic.name for topic in post.topics.all()],
    }
    image = image_enclosure(draft)
    if image:
        item["image"] = image.url
    key = audio.digest(post_script(reader_view(draft)))
    recording = next((r for r in post.recordings.all() if r.digest == key), None)
    if recording:
        item["attachments"] = [
            {
                "url": absolute(recording.url),
                "mime_type": "audio/mpeg",
                "size_in_bytes": recording.size,
                "duration_in_seconds": recording.seconds,
            }
        ]
    return {key: value for key, value in item.items() if value is not None}


ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_INDEX = "https://podcastindex.org/namespace/1.0"
PODCAST_EPISODES = 30


class PodcastRss(Rss201rev2Feed):
    """RSS 2.0 with the iTunes and Podcasting 2.0 tags podcast apps read."""

    content_type = BROWSER_XML

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST_INDEX}

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["title"])
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.startElement("itunes:category", {"text": "Religion & Spirituality"})
        handler.addQuickElement("itunes:category", attrs={"text": "Christianity"})
        handler.endElement("itunes:category")

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(item["seconds"]))
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement(
            "podcast:transcript", attrs={"url": item["transcript"], "type": "text/html"}
        )


class PodcastFeed(PostsFeed):
    """The audio edition: each day's edition read aloud, and each post published outside an
    edition, newest first, with the recording as the enclosure."""

    feed_type = PodcastRss

    def title(self, obj=None) -> str:
        return f"{settings.PUBLICATION_NAME} (audio)"

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("podcast"))

    def description(self, obj=None) -> str:
        return (
            f"{settings.PUBLICATION_NAME} read aloud: each day's stories, told plainly, "
            "with scripture and a prayer for the people in them."
        )

    def stylesheets(self) -> list[Stylesheet]:
        return [Stylesheet(static("praynews/feed.xsl"), mimetype="text/xsl")]

    def items(self, obj=None) -> list[Recording]:
        episodes = Recording.objects.filter(
            Q(edition__isnull=False) | Q(post__status=Post.Status.PUBLISHED, post__editionitem=None)
        )
        return list(episodes.select_related("post", "edition")[:PODCAST_EPISODES])

    def item_title(self, item: Recording) -> str:
        if item.edition:
            return (
                f"Edition of {item.edition.day:%A} {item.edition.day.day} {item.edition.day:%B %Y}"
            )
        return normalise(item.post.headline)

    def item_link(self, item: Recording) -> str:
        if item.edition:
            return absolute(reverse("edition", kwargs={"day": item.edition.day.isoformat()}))
        return absolute(item.post.get_absolute_url())

    def item_guid(self, item: Recording) -> str:
        return absolute(item.url)

    def item_description(self, item: Recording) -> str:
        if item.edition:
            return f"The stories of {item.edition.day:%d %B %Y}, read aloud."
        return normalise(item.post.draft.get("dek", ""))

    def item_extra_kwargs(self, item: Recording) -> dict:
        return {"seconds": round(item.seconds), "transcript": self.item_link(item)}

    def item_enclosures(self, item: Recording) -> list[Enclosure]:
        return [Enclosure(absolute(item.url), str(item.size), "audio/mpeg")]

    def item_pubdate(self, item: Recording) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Recording) -> datetime:
        return item.created_at
