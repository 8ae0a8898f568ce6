"""Announcements in the admin: write, preview in both languages, see the count, send, follow progress."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from events.admin_scoping import EventScopedAdmin
from mail.outbox import render_email

from . import services
from .models import Announcement
from .selectors import announcement_progress, announcement_recipients


@admin.register(Announcement)
class AnnouncementAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["subject_ko", "event", "segment", "day", "created_at", "queued_at", "progress"]
    list_filter = ["event", "segment"]
    search_fields = ["subject_ko", "subject_en", "body_ko", "body_en"]
    readonly_fields = ["preview", "recipient_count", "progress", "queued_at"]
    fields = [
        "event", "segment", "day", "subject_ko", "subject_en", "body_ko", "body_en",
        "recipient_count", "preview", "queued_at", "progress",
    ]  # fmt: skip
    actions = ["send"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("recipients"))
    def recipient_count(self, announcement):
        if not announcement.pk:
            return _("Save to see who it goes to.")
        return len(announcement_recipients(announcement))

    @admin.display(description=_("preview"))
    def preview(self, announcement):
        if not announcement.pk:
            return _("Save to see the message as people will get it.")
        parts = []
        for language in ("ko", "en"):
            rendered = render_email(
                template="announcements/email/announcement",
                context={"announcement": announcement, "event": announcement.event, "language": language},
                language=language,
            )
            parts.append(
                format_html("<p><strong>{}</strong></p><pre>{}</pre>", rendered["subject"], rendered["text_body"])
            )
        return format_html("{}{}", *parts)

    @admin.display(description=_("progress"))
    def progress(self, announcement):
        if not announcement.queued_at:
            return _("not sent")
        counts = announcement_progress(announcement)
        total = sum(counts.values())
        return _("%(sent)d of %(total)d sent, %(failed)d failed") % {
            "sent": counts.get("sent", 0),
            "total": total,
            "failed": counts.get("failed", 0),
        }

    @admin.action(description=_("Send the selected announcements"))
    def send(self, request, queryset):
        """First a page with each announcement's number of recipients; sending takes its button."""
        if request.POST.get("confirmed") != "yes":
            rows = [
                {"announcement": announcement, "count": len(announcement_recipients(announcement))}
                for announcement in queryset.select_related("day").order_by("pk")
            ]
            return TemplateResponse(
                request,
                "admin/announcements/announcement/send_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Send announcements"),
                    "rows": rows,
                    "total": sum(row["count"] for row in rows),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for announcement in queryset:
            queued = services.send_announcement(announcement=announcement)
            self.message_user(
                request,
                _("“%(subject)s”: %(count)d messages queued; progress shows in the list.")
                % {"subject": announcement.subject_ko, "count": queued},
            )
