from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import EmailStatus, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "language", "essential"]
    search_fields = ["recipient", "subject", "object_key"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["resend"]
    date_hierarchy = "created_at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = dict(
            OutboundEmail.objects.values_list("status").annotate(count=Count("id")).values_list("status", "count")
        )
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(label, counts.get(value, 0)) for value, label in EmailStatus.choices],
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Send the selected messages again"), permissions=["view"])
    def resend(self, request, queryset):
        count = outbox.resend(emails=queryset)
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count})
