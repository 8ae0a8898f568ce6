from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from common.widgets import SafeAutocompleteMixin
from events.admin_scoping import EventScopedAdmin

from . import services
from .directory import retire_directory
from .enums import Technology
from .models import Booth, BoothStaff, ConsultationBooking, ConsultationSlot, DeviceToken, JobOpening, TechDemo, Visit
from .selectors import clashes_if_slot_moved
from .services import invite_staff, link_staff_invitations


class TechDemoInline(EventScopedAdmin, TabularInline):
    model = TechDemo
    extra = 1


class JobOpeningInline(EventScopedAdmin, TabularInline):
    model = JobOpening
    extra = 1


class BoothStaffInline(EventScopedAdmin, TabularInline):
    model = BoothStaff
    extra = 1
    fields = ["email", "role", "language", "user"]
    readonly_fields = ["user"]


class ConsultationSlotFormSet(forms.BaseInlineFormSet):
    """A slot's bookings move with it; a move that gives a booker two consultations at once is refused."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.instance.pk or not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            starts, ends = form.cleaned_data.get("starts_at"), form.cleaned_data.get("ends_at")
            if not (starts and ends) or not {"starts_at", "ends_at"} & set(form.changed_data):
                continue
            for clash in clashes_if_slot_moved(form.instance, starts_at=starts, ends_at=ends):
                form.add_error(
                    "starts_at",
                    _("%(person)s, who booked this slot, has another consultation then (%(booth)s, %(time)s).")
                    % {
                        "person": clash.user.email,
                        "booth": clash.slot.booth.name,
                        "time": date_format(timezone.localtime(clash.starts_at), "SHORT_DATETIME_FORMAT"),
                    },
                )


class ConsultationSlotInline(EventScopedAdmin, TabularInline):
    model = ConsultationSlot
    formset = ConsultationSlotFormSet
    extra = 1
    fields = ["starts_at", "ends_at", "seats", "booked_count"]
    readonly_fields = ["booked_count"]


@admin.register(Booth)
class BoothAdmin(EventScopedAdmin, SafeAutocompleteMixin, ModelAdmin):
    list_display = ["number", "name_ko", "name_en", "hall", "event", "is_published"]
    list_filter = ["event", "is_published", "hall"]
    search_fields = ["number", "name_ko", "name_en", "companies__name_ko", "companies__name_en"]
    autocomplete_fields = ["companies"]
    inlines = [TechDemoInline, JobOpeningInline, BoothStaffInline, ConsultationSlotInline]
    actions = ["publish", "unpublish"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "technologies":  # ticked from the list rather than typed as comma-separated codes
            return forms.TypedMultipleChoiceField(
                label=db_field.verbose_name,
                choices=Technology.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ConsultationSlot:
            for slot_form in formset.forms:
                if slot_form.instance.pk and {"starts_at", "ends_at"} & set(slot_form.changed_data):
                    services.withdraw_stale_consultation_reminders(slot=slot_form.instance)
        if formset.model is BoothStaff:
            for address in EmailAddress.objects.filter(
                email__in=[staff.email for staff in form.instance.staff.filter(user__isnull=True)], verified=True
            ):
                link_staff_invitations(user=address.user, email=address.email)
            invite_staff(booth=form.instance)

    @admin.action(description=_("Publish the selected booths"))
    def publish(self, request, queryset):
        queryset.update(is_published=True)
        retire_directory()  # an update sends no signal

    @admin.action(description=_("Unpublish the selected booths"))
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)
        retire_directory()  # an update sends no signal


@admin.register(Visit)
class VisitAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["booth", "day", "scanned_at", "rating"]
    list_filter = ["booth__event", "booth", "day"]
    list_select_related = ["booth"]
    readonly_fields = ["booth", "registration", "day", "scanned_at", "recorded_at", "client_nonce", "scanned_by"]

    def has_add_permission(self, request):
        return False  # visits come from the booth scanners only


@admin.register(DeviceToken)
class DeviceTokenAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name", "booth", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["booth"]
    readonly_fields = ["token_hash", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # A token is made and shown once on the booth's leads page; one added here would have no token at all.
        return False


@admin.register(ConsultationBooking)
class ConsultationBookingAdmin(EventScopedAdmin, ModelAdmin):
    """Organisers see who booked which slot; a deleted booking frees its seat and its reminder."""

    list_display = ["slot", "user", "is_cancelled", "attended", "booked_at"]
    list_filter = ["slot__booth__event", "slot__booth", "is_cancelled"]
    list_select_related = ["slot__booth", "user"]
    search_fields = ["user__email", "slot__booth__name_ko", "slot__booth__name_en"]
    readonly_fields = [
        "slot", "user", "starts_at", "ends_at", "is_cancelled", "attended", "booked_at",
        "name_shared_at", "name_sharing_text_version", "name_shared_with",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # attendees book from the booth directory

    def delete_model(self, request, obj):
        services.delete_consultation(booking=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for booking in queryset.order_by("slot_id", "pk"):
            services.delete_consultation(booking=booking, actor=request.user)
