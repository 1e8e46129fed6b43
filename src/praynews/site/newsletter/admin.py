"""The newsletter in the admin: subscribers (CSV in and out), suppressed addresses, and each
mail with its numbers, a preview and "send a test to me"."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from praynews.core.errors import PrayNewsError
from praynews.site.newsletter import service, subscribing
from praynews.site.newsletter.models import Delivery, Mailing, Subscriber, Suppression


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="an email column, or one address per line")
    frequency = forms.ChoiceField(
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.DAILY,
        help_text="for rows that name none",
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "frequency", "origin", "created_at", "confirmed_at"]
    list_filter = ["status", "frequency", "origin"]
    search_fields = ["email"]
    readonly_fields = [
        "key",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "confirmation_sent_at",
    ]
    actions = ["export_csv"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsletter_import"),
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
            result = subscribing.import_csv(data, form.cleaned_data["frequency"])
            messages.success(
                request,
                f"{result.added} added, {result.already} already on the list, "
                f"{result.suppressed} left out as suppressed.",
            )
            for problem in result.problems[:20]:
                messages.warning(request, problem)
            return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Import subscribers",
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)

    @admin.action(description="Export the whole list as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> HttpResponse:
        response = HttpResponse(subscribing.export_csv(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        return response


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    """Each mail with its numbers. No opens or clicks: nothing in a mail tracks its reader."""

    list_display = [
        "subject",
        "kind",
        "queued_at",
        "queued",
        "sent",
        "failed",
        "bounced",
        "unsubscribed",
    ]
    list_filter = ["kind"]
    readonly_fields = ["kind", "post", "edition", "week_of", "subject", "queued_at", "preview"]
    fields = readonly_fields
    actions = ["send_test_to_me"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Mailing]:
        counts = {
            f"n_{s}": Count("deliveries", filter=Q(deliveries__status=s))
            for s in ("queued", "sent", "failed", "bounced")
        }
        return (
            super()
            .get_queryset(request)
            .annotate(
                **counts,
                n_unsubscribed=Count("deliveries", filter=Q(deliveries__unsubscribed=True)),
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # mails are queued by publishing, the edition and the digest

    def get_urls(self):
        extra = [
            path(
                "<int:mailing_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_mailing_preview",
            )
        ]
        return extra + super().get_urls()

    def preview_view(self, request: HttpRequest, mailing_id: int) -> HttpResponse:
        mailing = get_object_or_404(Mailing, pk=mailing_id)
        response = HttpResponse(service.preview_html(mailing))
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @admin.display(description="preview")
    def preview(self, mailing: Mailing) -> str:
        url = reverse("admin:newsletter_mailing_preview", args=[mailing.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the mail as sent</a>'
            '<iframe src="{}" title="The mail" style="display:block;width:640px;height:800px;'
            'border:1px solid #ccc;margin-top:.5rem" sandbox></iframe>',
            url,
            url,
        )

    @admin.action(description="Send a test to me")
    def send_test_to_me(self, request: HttpRequest, queryset: QuerySet[Mailing]) -> None:
        if not request.user.email:
            self.message_user(
                request, "Your account has no email address to send a test to.", messages.ERROR
            )
            return
        for mailing in queryset:
            try:
                service.send_test(mailing.pk, request.user.email)
            except PrayNewsError as exc:
                self.message_user(request, f"{mailing}: not sent: {exc}", messages.ERROR)
                continue
            self.message_user(
                request, f"Sent a test of “{mailing.subject}” to {request.user.email}."
            )

    @admin.display(description="waiting")
    def queued(self, mailing: Mailing) -> int:
        return mailing.n_queued

    @admin.display(description="sent")
    def sent(self, mailing: Mailing) -> int:
        return mailing.n_sent

    @admin.display(description="failed")
    def failed(self, mailing: Mailing) -> int:
        return mailing.n_failed

    @admin.display(description="bounced")
    def bounced(self, mailing: Mailing) -> int:
        return mailing.n_bounced

    @admin.display(description="unsubscribed")
    def unsubscribed(self, mailing: Mailing) -> int:
        return mailing.n_unsubscribed


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["mailing", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "mailing"]
    search_fields = ["subscriber__email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
