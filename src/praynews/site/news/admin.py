from django.contrib import admin

from praynews.site.news.models import Article, Republication, Source, Story

READONLY_SOURCE_FIELDS = [
    "kind",
    "status",
    "last_checked_at",
    "last_error",
    "next_check_at",
    "failures",
    "last_success_at",
    "interval_seconds",
    "etag",
    "last_modified",
    "lease_owner",
    "lease_expires_at",
    "created_at",
]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """The list of sources: each one's state, its last error in full, and its next check."""

    list_display = [
        "__str__",
        "kind",
        "scheduled",
        "status",
        "last_checked_at",
        "next_check_at",
        "failures",
        "error_shown",
    ]
    list_filter = ["scheduled", "status", "kind"]
    search_fields = ["location", "title"]
    fields = ["location", "title", "scheduled", *READONLY_SOURCE_FIELDS]
    readonly_fields = READONLY_SOURCE_FIELDS

    @admin.display(description="last error")
    def error_shown(self, source: Source) -> str:
        return source.last_error[:200]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "site_name", "published", "fetched_at"]
    list_filter = ["kind", "site_name"]
    search_fields = ["title", "text", "url"]
    date_hierarchy = "fetched_at"
    readonly_fields = ["fingerprint", "fetched_at", "story", "story_reason", "kind", "kind_reason"]


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ["title", "site_name", "published", "kind_reason", "story_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "held_because", "rank_score", "updated_at"]
    list_filter = ["status"]
    readonly_fields = [
        "key",
        "rank_score",
        "rank_reasons",
        "draft_failed_at",
        "draft_error",
        "created_at",
        "updated_at",
    ]
    inlines = [ArticleInline]

    @admin.display(description="held by the news gate because")
    def held_because(self, story: Story) -> str:
        return story.not_news


@admin.register(Republication)
class RepublicationAdmin(admin.ModelAdmin):
    list_display = ["outlet", "title", "similarity", "published"]
    search_fields = ["outlet", "title", "url"]
    readonly_fields = ["article", "url", "outlet", "title", "published", "similarity"]
