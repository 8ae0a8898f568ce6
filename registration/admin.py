from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from accounts.models import User
from audit.selectors import audit_entries_url_for_object, audit_entries_url_for_person
from common.admin_display import label_html, promoted_notice, short_datetime
from common.check_in_points import check_in_point
from common.exports import export_response
from common.input import parse_int
from common.widgets import SafeAutocompleteMixin
from events.admin_scoping import EventScopedAdmin
from events.enums import Area, AttendeeCategory
from events.models import DayQuota, Event, EventDay, EventPartner, Organization
from events.rules import event_ids_for, scoped
from people.models import Consent

from . import services
from .badges import badge_qr_svg
from .enums import DayStatus
from .models import CheckInRole, EntranceCheckIn, Registration, RegistrationDay
from .selectors import day_capacity_overview, registrations_table, retention_schedule


@admin.register(User)
class UserAdmin(EventScopedAdmin, DjangoUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Audit trail"), {"fields": ["audit_entries"]}),
    ]
    readonly_fields = ["audit_entries"]

    @admin.display(description=_("audit entries"))
    def audit_entries(self, user):
        if not user.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', audit_entries_url_for_person(user), _("Audit entries for this person")
        )

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    # Deleting goes through the account deletion service, so what the person held
    # (day seats, session seats, consultations) goes to the people waiting.
    def delete_model(self, request, obj):
        services.delete_account(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset.order_by("pk"):
            services.delete_account(user=user, actor=request.user)

    def get_deleted_objects(self, objs, request):
        # Consent records are never deleted one by one in the admin (they are evidence), but an
        # account's go with it: they must not make the account itself undeletable.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed = {name for name in perms_needed if name != Consent._meta.verbose_name}
        return deleted, counts, perms_needed, protected


@admin.register(Organization)
class OrganizationAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name_ko", "name_en", "kind", "is_ai_graduate_school", "is_verified", "website"]
    list_filter = ["kind", "is_verified", "is_ai_graduate_school"]
    search_fields = ["name_ko", "name_en"]
    actions = ["merge_selected"]

    @admin.action(description=_("Merge the selected organisations into the verified one"))
    def merge_selected(self, request, queryset):
        verified = [organization for organization in queryset if organization.is_verified]
        if len(verified) != 1:
            self.message_user(
                request,
                _("Select exactly one verified organisation to keep, together with its duplicates."),
                messages.ERROR,
            )
            return
        merged = services.merge_organizations(target=verified[0], duplicates=list(queryset), actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation merged into %(target)s.",
                "%(count)d organisations merged into %(target)s.",
                merged,
            )
            % {"count": merged, "target": verified[0]},
        )


class EventPartnerInline(EventScopedAdmin, SafeAutocompleteMixin, TabularInline):
    model = EventPartner
    extra = 1
    autocomplete_fields = ["organization"]


class EventDayInline(EventScopedAdmin, TabularInline):
    model = EventDay
    extra = 0
    fields = ["date", "capacity", "confirmed_count"]
    readonly_fields = ["confirmed_count"]
    show_change_link = True


class EventAdminForm(forms.ModelForm):
    approval_categories = forms.MultipleChoiceField(
        label=_("Categories that need approval"),
        choices=AttendeeCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Registrations in these categories wait for an organiser's approval (e.g. press)."),
    )

    class Meta:
        model = Event
        fields = [
            "name_ko", "name_en", "slug", "theme_ko", "theme_en", "is_published", "start_date", "end_date",
            "time_zone", "venue_ko", "venue_en", "address_ko", "address_en", "registration_opens_at",
            "registration_closes_at", "approval_categories", "description_ko", "description_en",
        ]  # fmt: skip


@admin.register(Event)
class EventAdmin(EventScopedAdmin, ModelAdmin):
    form = EventAdminForm
    list_display = ["name_ko", "name_en", "slug", "start_date", "end_date", "is_published", "capacity_link"]
    list_filter = ["is_published", "start_date", "time_zone"]
    search_fields = ["name_ko", "name_en", "slug", "venue_ko", "venue_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "start_date"
    inlines = [EventDayInline, EventPartnerInline]
    fieldsets = [
        (None, {"fields": ["name_ko", "name_en", "slug", "theme_ko", "theme_en", "is_published"]}),
        (
            _("When and where"),
            {"fields": ["start_date", "end_date", "time_zone", "venue_ko", "venue_en", "address_ko", "address_en"]},
        ),
        (_("Registration"), {"fields": ["registration_opens_at", "registration_closes_at", "approval_categories"]}),
        (_("Description"), {"fields": ["description_ko", "description_en"]}),
    ]

    @admin.display(description=_("Capacity"))
    def capacity_link(self, event):
        url = reverse("admin:events_event_capacity", args=[event.pk])
        return format_html('<a href="{}">{}</a>', url, _("Capacity overview"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Days edited inline may have gained seats: let the waitlists move up.
        for day in form.instance.event_days.all():
            services.fill_seats(day=day)

    def get_deleted_objects(self, objs, request):
        # An event's consent records protect it (they are evidence of what people agreed to); say
        # so as "protected", not as a permission the organiser lacks.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = {name for name in perms_needed if name != Consent._meta.verbose_name}
        return deleted, counts, perms_needed, protected

    def get_urls(self):
        return [
            path(
                "<int:event_id>/capacity/",
                self.admin_site.admin_view(self.capacity_view),
                name="events_event_capacity",
            ),
            path(
                "retention/",
                self.admin_site.admin_view(self.retention_view),
                name="events_event_retention",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "retention_url": reverse("admin:events_event_retention")}
        return super().changelist_view(request, extra_context)

    def retention_view(self, request):
        """When each event's attendee data is removed, and of how many people (the consent texts' promise)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = []
        event_ids = event_ids_for(request.user, Area.EVENT_SETTINGS)
        for row in retention_schedule():
            if row["event"].pk not in event_ids:
                continue
            values = {"count": row["people"], "date": date_format(row["removal_date"], "DATE_FORMAT")}
            if not row["due"]:
                notice = (
                    ngettext(
                        "Personal data of %(count)s person will be removed on %(date)s.",
                        "Personal data of %(count)s people will be removed on %(date)s.",
                        row["people"],
                    )
                    % values
                )
            elif row["people"]:
                notice = (
                    ngettext(
                        "Personal data of %(count)s person was due for removal on %(date)s; it goes within the hour.",
                        "Personal data of %(count)s people was due for removal on %(date)s; it goes within the hour.",
                        row["people"],
                    )
                    % values
                )
            else:
                notice = _("Personal data removed (due on %(date)s).") % values
            rows.append({**row, "notice": notice})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Removal of personal data"),
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registration/retention.html", context)

    def capacity_view(self, request, event_id: int):
        event = self.get_object_or_403(request, Event, event_id)
        overview = day_capacity_overview(event)
        names = dict(AttendeeCategory.choices)
        for summary in overview:
            summary["held"] = [(names.get(category, category), seats) for category, seats in summary["quotas"].items()]
        categories = [
            {"value": value, "label": label, "cells": [summary["categories"].get(value) for summary in overview]}
            for value, label in AttendeeCategory.choices
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Capacity overview: %(event)s") % {"event": event},
            "event": event,
            "overview": overview,
            "categories": categories,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registration/capacity_overview.html", context)


class DayQuotaInline(EventScopedAdmin, TabularInline):
    model = DayQuota
    extra = 1


class EventDayForm(forms.ModelForm):
    class Meta:
        model = EventDay
        fields = ["event", "date", "capacity"]


@admin.register(EventDay)
class EventDayAdmin(EventScopedAdmin, ModelAdmin):
    form = EventDayForm
    list_display = ["event", "date", "capacity", "confirmed_count"]
    list_filter = ["event"]
    list_select_related = ["event"]
    inlines = [DayQuotaInline]
    actions = ["print_badges_of_days", "print_name_badges_of_days"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A raised capacity or a changed quota may free seats for people waiting.
        promoted = services.fill_seats(day=form.instance)
        if promoted:
            self.message_user(request, promoted_notice(promoted))

    @staticmethod
    def _confirmed_on(request, days):
        # Badges carry people's names: only of the events whose registrations the member may see.
        registrations = Registration.objects.filter(
            days__day__in=days, days__status=DayStatus.CONFIRMED, cancelled_at__isnull=True
        ).distinct()
        return scoped(request.user, registrations)

    @admin.action(description=_("Print the badges of everyone confirmed on the selected days (A6)"))
    def print_badges_of_days(self, request, queryset):
        return print_badges(request, self._confirmed_on(request, queryset), size="a6", back_to=DAYS_CHANGELIST)

    @admin.action(description=_("Print the badges of everyone confirmed on the selected days (name-badge size)"))
    def print_name_badges_of_days(self, request, queryset):
        return print_badges(request, self._confirmed_on(request, queryset), size="namebadge", back_to=DAYS_CHANGELIST)


DAYS_CHANGELIST = "admin:events_eventday_changelist"
REGISTRATIONS_CHANGELIST = "admin:registration_registration_changelist"


def print_badges(request, registrations, *, size: str = "a6", back_to: str = REGISTRATIONS_CHANGELIST):
    registrations = (
        registrations.select_related("event", "user__attendee_profile__organization")
        .filter(cancelled_at__isnull=True, user__isnull=False)
        .order_by("user__attendee_profile__full_name")
    )
    badges = [
        {
            "registration": registration,
            "profile": getattr(registration.user, "attendee_profile", None),
            "qr_svg": badge_qr_svg(registration.badge_code),
        }
        for registration in registrations
    ]
    event = badges[0]["registration"].event if badges else None
    back_url = reverse(back_to)
    return TemplateResponse(
        request,
        "registration/badges_print.html",
        {"event": event, "badges": badges, "size": size, "back_url": back_url},
    )


class DayStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return DayStatus.choices

    def queryset(self, request, queryset):
        if self.value() in DayStatus.values:
            return queryset.filter(days__status=self.value()).distinct()
        return queryset


class DayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        days = scoped(request.user, EventDay.objects.select_related("event").order_by("date"), area=Area.REGISTRATIONS)
        return [(day.pk, str(day)) for day in days]

    def queryset(self, request, queryset):
        day_id = parse_int(self.value() or "", minimum=1)
        if day_id is not None:
            return queryset.filter(days__day_id=day_id).distinct()
        return queryset


class RegistrationDayInline(EventScopedAdmin, TabularInline):
    model = RegistrationDay
    extra = 0
    fields = ["day", "status", "queue_number", "status_changed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# The colour of each day status in the lists.
DAY_STATUS_TONES = {
    DayStatus.CONFIRMED: "success",
    DayStatus.WAITLISTED: "warning",
    DayStatus.PENDING: "info",
    DayStatus.REJECTED: "danger",
    DayStatus.CANCELLED: "",
}


@admin.register(Registration)
class RegistrationAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["badge_code", "attendee_name", "category", "day_statuses", "registered", "cancelled_at"]
    list_filter = [
        "event",
        DayStatusFilter,
        DayFilter,
        "category",
        ("user__attendee_profile__graduate_school", admin.RelatedOnlyFieldListFilter),
        ("user__attendee_profile__organization", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["user__email", "user__attendee_profile__full_name", "badge_code"]
    readonly_fields = ["event", "user", "category", "badge_code", "created_at", "cancelled_at", "audit_entries"]
    inlines = [RegistrationDayInline]

    @admin.display(description=_("audit entries"))
    def audit_entries(self, registration):
        links = [
            format_html(
                '<a href="{}">{}</a>',
                audit_entries_url_for_object(registration),
                _("Audit entries for this registration"),
            )
        ]
        if registration.user:
            links.append(
                format_html(
                    '<a href="{}">{}</a>',
                    audit_entries_url_for_person(registration.user),
                    _("Audit entries for this person"),
                )
            )
        return format_html_join(" · ", "{}", ((link,) for link in links))

    actions = [
        "approve",
        "reject",
        "cancel",
        "promote",
        "resend_confirmation",
        "export_csv",
        "export_xlsx",
        "print_selected_badges",
        "print_selected_name_badges",
    ]
    list_per_page = 100

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event", "user__attendee_profile")
            .prefetch_related(Prefetch("days", queryset=RegistrationDay.objects.select_related("day")))
        )

    def has_add_permission(self, request):
        return False  # attendees register themselves; organisers act on what exists

    # A deleted registration is cancelled first, so its seats go to the people waiting.
    def delete_model(self, request, obj):
        services.delete_registration(registration=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for registration in queryset.order_by("pk"):
            services.delete_registration(registration=registration, actor=request.user)

    @admin.display(description=_("name and email"), ordering="user__attendee_profile__full_name")
    def attendee_name(self, registration):
        profile = getattr(registration.user, "attendee_profile", None) if registration.user else None
        return format_html(
            '{}<br><span class="list-secondary">{}</span>',
            profile.full_name if profile else _("(deleted account)"),
            registration.user.email if registration.user else "—",
        )

    @admin.display(description=_("registered at"), ordering="created_at")
    def registered(self, registration):
        return short_datetime(registration.created_at)

    @admin.display(description=_("days"))
    def day_statuses(self, registration):
        return format_html_join(
            " ",
            "{}",
            (
                (
                    label_html(
                        f"{date_format(entry.day.date, 'SHORT_DATE_FORMAT')} {entry.get_status_display()}"
                        + (f" #{entry.queue_number}" if entry.status == DayStatus.WAITLISTED else ""),
                        DAY_STATUS_TONES[entry.status],
                    ),
                )
                for entry in registration.days.all()
            ),
        )

    def _each(self, request, queryset, action, done_message):
        count = 0
        for registration in queryset:
            try:
                if action(registration):
                    count += 1
            except ValidationError as error:
                self.message_user(request, f"{registration.badge_code}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, done_message % {"count": count})

    @admin.action(description=_("Approve the selected registrations"))
    def approve(self, request, queryset):
        self._each(
            request,
            queryset.filter(days__status=DayStatus.PENDING).distinct(),
            lambda registration: services.decide_pending(registration=registration, approve=True, actor=request.user),
            _("%(count)d registrations approved."),
        )

    @admin.action(description=_("Reject the selected registrations"))
    def reject(self, request, queryset):
        self._each(
            request,
            queryset.filter(days__status=DayStatus.PENDING).distinct(),
            lambda registration: services.decide_pending(registration=registration, approve=False, actor=request.user),
            _("%(count)d registrations rejected."),
        )

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel(self, request, queryset):
        self._each(
            request,
            queryset.filter(cancelled_at__isnull=True),
            lambda registration: services.cancel_registration(registration=registration, actor=request.user),
            _("%(count)d registrations cancelled; the waitlist moved up."),
        )

    @admin.action(description=_("Promote the selected from the waitlist where a seat is free"))
    def promote(self, request, queryset):
        self._each(
            request,
            queryset.filter(days__status=DayStatus.WAITLISTED).distinct(),
            lambda registration: services.promote_from_waitlist(registration=registration, actor=request.user),
            _("%(count)d registrations promoted."),
        )

    @admin.action(description=_("Resend the confirmation email"))
    def resend_confirmation(self, request, queryset):
        self._each(
            request,
            queryset.filter(cancelled_at__isnull=True, user__isnull=False),
            lambda registration: services.resend_confirmation(registration=registration) or True,
            _("%(count)d confirmations queued."),
        )

    def _export(self, request, queryset, file_format: str):
        selected = self.get_queryset(request).filter(pk__in=queryset.values("pk"))
        events = list(Event.objects.filter(registrations__in=selected).distinct()[:2])
        return export_response(
            registrations_table(selected),
            file_format,
            actor=request.user,
            event=events[0] if len(events) == 1 else None,
            kind="registrations",
        )

    @admin.action(description=_("Export the selected as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the selected as Excel"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Print badges of the selected (A6)"))
    def print_selected_badges(self, request, queryset):
        return print_badges(request, queryset, size="a6")

    @admin.action(description=_("Print badges of the selected (name-badge size)"))
    def print_selected_name_badges(self, request, queryset):
        return print_badges(request, queryset, size="namebadge")


@admin.register(CheckInRole)
class CheckInRoleAdmin(EventScopedAdmin, ModelAdmin):
    """Who checks people in where; the places are the registered check-in points (common.check_in_points)."""

    list_display = ["user", "event", "kind", "desk"]
    list_filter = ["event", "kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "event"]

    @admin.display(description=_("desk page"))
    def desk(self, role):
        point = check_in_point(role.kind)
        if point is None:  # a place whose app is no longer installed
            return "—"
        return format_html('<a href="{}">{}</a>', point.desk_url(role.event), point.label)


@admin.register(EntranceCheckIn)
class EntranceCheckInAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["registration", "day", "checked_in_at"]
    list_filter = ["day__event", "day"]
    readonly_fields = ["registration", "day", "checked_in_at", "client_nonce", "scanned_by"]

    def has_add_permission(self, request):
        return False  # check-ins come from the entrance scanner only
