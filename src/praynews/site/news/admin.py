from django.contrib import admin

from praynews.site.news.models import Article, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "last_checked_at", "has_error"]
    list_filter = ["kind"]
    search_fields = ["location", "title"]
    readonly_fields = ["last_checked_at", "last_error", "etag", "last_modified", "created_at"]

    @admin.display(boolean=True, description="error")
    def has_error(self, source: Source) -> bool:
        return bool(source.last_error)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "site_name", "published", "fetched_at"]
    list_filter = ["site_name"]
    search_fields = ["title", "text", "url"]
    date_hierarchy = "fetched_at"
    readonly_fields = ["fingerprint", "fetched_at"]
