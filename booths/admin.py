from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.widgets import SafeAutocompleteMixin

from .models import Booth, BoothStaff, ConsultationSlot, DeviceToken, JobOpening, TechDemo, Visit


class TechDemoInline(admin.TabularInline):
    model = TechDemo
    extra = 1


class JobOpeningInline(admin.TabularInline):
    model = JobOpening
    extra = 1


class BoothStaffInline(admin.TabularInline):
    model = BoothStaff
    extra = 1
    fields = ["email", "role", "user"]
    readonly_fields = ["user"]


class ConsultationSlotInline(admin.TabularInline):
    model = ConsultationSlot
    extra = 1
    fields = ["starts_at", "ends_at", "seats", "booked_count"]
    readonly_fields = ["booked_count"]


@admin.register(Booth)
class BoothAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["number", "name_ko", "name_en", "hall", "event", "is_published"]
    list_filter = ["event", "is_published", "hall"]
    search_fields = ["number", "name_ko", "name_en", "companies__name_ko", "companies__name_en"]
    autocomplete_fields = ["companies"]
    inlines = [TechDemoInline, JobOpeningInline, BoothStaffInline, ConsultationSlotInline]
    actions = ["publish", "unpublish"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is BoothStaff:
            from allauth.account.models import EmailAddress

            from .services import invite_staff, link_staff_invitations

            for address in EmailAddress.objects.filter(
                email__in=[staff.email for staff in form.instance.staff.filter(user__isnull=True)], verified=True
            ):
                link_staff_invitations(user=address.user, email=address.email)
            invite_staff(booth=form.instance)

    @admin.action(description=_("Publish the selected booths"))
    def publish(self, request, queryset):
        queryset.update(is_published=True)

    @admin.action(description=_("Unpublish the selected booths"))
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["booth", "day", "scanned_at", "rating"]
    list_filter = ["booth__event", "booth", "day"]
    list_select_related = ["booth"]
    readonly_fields = ["booth", "registration", "day", "scanned_at", "recorded_at", "client_nonce", "scanned_by"]

    def has_add_permission(self, request):
        return False  # visits come from the booth scanners only


@admin.register(DeviceToken)
class DeviceTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "booth", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["booth"]
    readonly_fields = ["token_hash", "created_by", "created_at", "last_used_at"]
