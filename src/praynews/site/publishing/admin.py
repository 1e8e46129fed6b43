from django.contrib import admin

from praynews.site.publishing.models import Reply


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "created_at", "handled"]
    list_filter = ["handled"]
    search_fields = ["name", "email", "message"]
    readonly_fields = ["post", "name", "email", "message", "created_at"]
