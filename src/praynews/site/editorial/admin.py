from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from praynews.core.errors import DraftFormatError
from praynews.core.types import Draft
from praynews.site.editorial.models import Edition, EditionItem, Post
from praynews.site.editorial.services import publish


class PostForm(forms.ModelForm):
    """The change form; a draft is checked against FORMAT.md before it is stored, because the
    post page, the lists and the feeds all read it."""

    class Meta:
        model = Post
        fields = "__all__"

    def clean_draft(self) -> Any:
        draft = self.cleaned_data["draft"]
        try:
            Draft.from_dict(draft)
        except DraftFormatError as exc:
            raise forms.ValidationError(f"The draft does not match FORMAT.md: {exc}") from exc
        return draft


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostForm
    list_display = ["headline", "status", "flag_count", "verse_reference", "published_at"]
    list_filter = ["status", "writer"]
    search_fields = ["headline", "slug"]
    readonly_fields = [
        "flag_count",
        "review_note",
        "created_at",
        "updated_at",
        "published_at",
        "story",
        "follows",
    ]
    actions = ["publish_checked", "publish_as_editor", "unpublish"]

    @admin.action(description="Publish (only drafts without flags)")
    def publish_checked(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._publish(request, queryset, editor_approved=False)

    @admin.action(description="Publish, I have checked the flags (scripture must still match)")
    def publish_as_editor(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._publish(request, queryset, editor_approved=True)

    @admin.action(description="Return to draft")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        count = queryset.update(status=Post.Status.DRAFT)
        self.message_user(request, f"{count} post(s) returned to draft.")

    def _publish(
        self, request: HttpRequest, queryset: QuerySet[Post], editor_approved: bool
    ) -> None:
        for post in queryset:
            outcome = publish(post, editor_approved=editor_approved)
            if outcome.published:
                self.message_user(request, f"Published: {post.headline}")
            else:
                self.message_user(
                    request, f"Not published: {post.headline}: {outcome.reason}", messages.WARNING
                )


class EditionItemInline(admin.TabularInline):
    model = EditionItem
    fields = ["position", "story", "post", "reasons"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["day", "created_at"]
    inlines = [EditionItemInline]
