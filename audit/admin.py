from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from events.admin_scoping import EventScopedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(EventScopedAdmin, ModelAdmin):
    """The audit trail is evidence: organisers read and filter it, nobody writes, edits or deletes it here."""

    list_display = ["at", "action", "actor", "event", "subject", "subject_user", "row_count"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "event",
        ("subject_user", admin.RelatedOnlyFieldListFilter),
        "subject_type",
    ]
    list_select_related = ["actor", "event", "subject_type", "subject_user"]
    search_fields = ["actor__email", "subject_user__email"]
    date_hierarchy = "at"
    readonly_fields = [
        "at", "actor", "action", "event", "subject_type", "subject_id", "subject_user", "row_count", "extra",
    ]  # fmt: skip

    @admin.display(description=_("object"))
    def subject(self, entry):
        if entry.subject_type is None:
            return "—"
        return f"{entry.subject_type.name} #{entry.subject_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
