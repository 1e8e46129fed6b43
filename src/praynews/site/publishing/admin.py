from django.contrib import admin

from praynews.site.publishing.models import Reply


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "created_at", "status"]
    list_filter = ["status"]
    search_fields = ["name", "email", "message"]
    readonly_fields = [
        "post",
        "name",
        "email",
        "message",
        "created_at",
        "answered_at",
        "answered_by",
    ]
