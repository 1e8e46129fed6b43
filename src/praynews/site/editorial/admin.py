from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from praynews.core.errors import DraftFormatError
from praynews.core.types import Draft
from praynews.site import services
from praynews.site.editorial import services as editorial
from praynews.site.editorial.models import Edition, EditionItem, Post


class DraftField(forms.JSONField):
    """The draft's JSON, where text nested too deeply for the parser is a form error too."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except RecursionError as exc:
            raise forms.ValidationError("The draft is nested too deeply to be a post.") from exc


class PostForm(forms.ModelForm):
    """The change form; a draft is checked against FORMAT.md before it is stored, because the
    post page, the lists and the feeds all read it."""

    class Meta:
        model = Post
        fields = "__all__"
        field_classes = {"draft": DraftField}

    def clean_draft(self) -> Any:
        draft = self.cleaned_data["draft"]
        try:
            Draft.from_dict(draft)
        except DraftFormatError as exc:
            raise forms.ValidationError(f"The draft does not match FORMAT.md: {exc}") from exc
        return draft


class OverrideForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why these posts may go out over the flags: kept with each post.",
    )


# Outcomes an editor must act on are warnings; the rest are news.
WARNING_OUTCOMES = {
    services.PublishOutcome.HELD,
    services.PublishOutcome.REFUSED,
    services.CheckOutcome.BLOCKED,
    services.CheckOutcome.TAKEN_DOWN,
}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts are edited here, but published and taken down only through the services: choosing
    a status and saving asks them, as the actions do, so the check always runs."""

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
        "scheduled_for",
        "override_by",
        "override_reason",
        "prayed_count",
        "history",
    ]
    actions = ["publish_checked", "publish_overriding", "unpublish"]

    def save_model(
        self, request: HttpRequest, obj: Post, form: forms.ModelForm, change: bool
    ) -> None:
        """Save the edit with the status it had, check it, then ask the services for the
        status the editor chose: publishing may be refused, with the reasons shown."""
        wanted = obj.status
        obj.status = form.initial.get("status", Post.Status.DRAFT)
        super().save_model(request, obj, form, change)
        if "draft" in form.changed_data:
            services.record_edit(obj.pk, request.user, "edited in the admin")
        checked = services.check_post(obj.pk)
        if checked.outcome in WARNING_OUTCOMES:
            self._warn(request, obj.headline, checked.outcome, checked.problems)
        obj.refresh_from_db()
        if wanted == obj.status:
            return
        if wanted == Post.Status.PUBLISHED:
            self._report(request, services.publish_posts([obj.pk], by=request.user))
        elif obj.status == Post.Status.PUBLISHED:
            self._report(request, services.return_to_draft([obj.pk], by=request.user))
        else:
            self.message_user(
                request,
                "Posts move through review, approval and scheduling on the desk (/desk/).",
                messages.WARNING,
            )

    @admin.action(description="Publish (only drafts the check passes)")
    def publish_checked(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._report(request, services.publish_posts(ids, by=request.user))

    @admin.action(
        description="Publish over the check's flags, giving a reason (admins; scripture must "
        "still match)",
        permissions=["override"],
    )
    def publish_overriding(
        self, request: HttpRequest, queryset: QuerySet[Post]
    ) -> TemplateResponse | None:
        """Asks for the reason on a page of its own, then publishes with it recorded."""
        form = OverrideForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": "Publish over the check's flags",
                "posts": queryset,
                "form": form,
                "action": "publish_overriding",
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/editorial/post/override.html", context)
        override = editorial.Override(request.user, form.cleaned_data["reason"])
        ids = list(queryset.values_list("pk", flat=True))
        self._report(request, services.publish_posts(ids, by=request.user, override=override))
        return None

    @admin.display(description="History")
    def history(self, obj: Post) -> str:
        """Who published the post, over which flags and why, and who took it down."""
        events = obj.events.select_related("by") if obj.pk else []
        return (
            format_html_join(
                mark_safe("<br>"),
                "{}: {} by {}{}",
                (
                    (
                        f"{e.at:%Y-%m-%d %H:%M}",
                        e.get_action_display(),
                        e.by or "praynews",
                        f" ({e.reason})" if e.reason else "",
                    )
                    for e in events
                ),
            )
            or "Not published yet."
        )

    def has_override_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("editorial.override_check")

    @admin.action(description="Return to draft")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._report(request, services.return_to_draft(ids, by=request.user))

    def _report(self, request: HttpRequest, result: services.BatchResult) -> None:
        for item in result.items:
            if item.outcome in WARNING_OUTCOMES:
                self._warn(request, item.headline, item.outcome, item.reasons)
            else:
                self.message_user(request, f"{item.outcome.capitalize()}: {item.headline}")

    def _warn(self, request: HttpRequest, headline: str, outcome: str, reasons: tuple) -> None:
        text = f"{outcome.capitalize()}: {headline}: {'; '.join(reasons)}"
        self.message_user(request, text, messages.WARNING)


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
