"""People in the admin: attendee profiles, and consent records, which are evidence nobody edits."""

from __future__ import annotations

from django.contrib import admin
from unfold.admin import ModelAdmin

from common.widgets import SafeAutocompleteMixin
from events.admin_scoping import EventScopedAdmin

from .models import AttendeeProfile, Consent


@admin.register(AttendeeProfile)
class AttendeeProfileAdmin(EventScopedAdmin, SafeAutocompleteMixin, ModelAdmin):
    list_display = ["full_name", "user", "category", "organization", "graduate_school", "open_to_job_offers"]
    list_filter = ["category", "open_to_job_offers", "graduate_school"]
    search_fields = ["full_name", "user__email", "organization__name_ko", "organization__name_en"]
    list_select_related = ["user", "organization", "graduate_school"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]


@admin.register(Consent)
class ConsentAdmin(EventScopedAdmin, ModelAdmin):
    """Consent records are evidence: organisers read them, nobody edits them."""

    list_display = ["user", "event", "kind", "granted", "text_version", "recorded_at"]
    list_filter = ["event", "kind", "granted", "text_version"]
    search_fields = ["user__email"]
    list_select_related = ["user", "event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
