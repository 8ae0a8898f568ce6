from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from common.admin_display import EMAIL_STATUS_TONES, label_html
from common.exports import export_response
from common.pending_uploads import EXPIRED_UPLOAD_MESSAGE, MAX_BYTES, forget_upload, keep_upload, pending_upload
from events.admin_scoping import EventScopedAdmin
from events.rules import scoped
from mail.models import EmailStatus, OutboundEmail
from registration.badges import badge_qr_svg

from . import services
from .enums import GuestStatus, Sector
from .models import Guest, Table, Townhall
from .selectors import guests_table

CARDS_PER_SHEET = 8  # name cards on one A4 sheet: two columns of four
GUEST_STATUS_TONES = {
    GuestStatus.NOT_SENT: "",
    GuestStatus.SENT: "info",
    GuestStatus.ACCEPTED: "success",
    GuestStatus.DECLINED: "danger",
    GuestStatus.WAITLISTED: "warning",
}


class TableInline(EventScopedAdmin, TabularInline):
    model = Table
    extra = 1


@admin.register(Townhall)
class TownhallAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["event", "starts_at", "capacity", "accepted_count", "rsvp_deadline", "tools"]
    readonly_fields = ["accepted_count", "sector_counts"]
    inlines = [TableInline]
    actions = ["seat_guests"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.fill_places(townhall=obj)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d guest seated from the waitlist and told by email.",
                        "%(count)d guests seated from the waitlist and told by email.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )

    @admin.display(description=_("guests by sector"))
    def sector_counts(self, townhall):
        rows = (
            Guest.objects.filter(townhall=townhall)
            .values("sector")
            .annotate(
                total=Count("id"),
                accepted=Count("id", filter=Q(status=GuestStatus.ACCEPTED)),
                declined=Count("id", filter=Q(status=GuestStatus.DECLINED)),
            )
        )
        labels = dict(Sector.choices)
        return (
            format_html(
                "<br>".join(["{}: {} / {} / {}"] * len(rows)),
                *[
                    value
                    for row in rows
                    for value in (labels[row["sector"]], row["total"], row["accepted"], row["declined"])
                ],
            )
            or "—"
        )

    @admin.display(description=_("print"))
    def tools(self, townhall):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:townhall_townhall_chart", args=[townhall.pk]),
            _("Seating chart"),
            reverse("admin:townhall_townhall_cards", args=[townhall.pk]),
            _("Name cards"),
        )

    @admin.action(description=_("Seat the accepted guests (pins are kept)"))
    def seat_guests(self, request, queryset):
        for townhall in queryset:
            report = services.assign_seating(townhall=townhall)
            spread = sorted(report.sectors_per_table.values())
            self.message_user(
                request,
                _(
                    "%(seated)d seated, %(unseated)d without a seat; sectors per table from %(low)d to %(high)d; "
                    "%(pairs)d pairs of colleagues share a table."
                )
                % {
                    "seated": report.seated,
                    "unseated": report.unseated,
                    "low": spread[0] if spread else 0,
                    "high": spread[-1] if spread else 0,
                    "pairs": report.same_organisation_pairs,
                },
                messages.WARNING if report.unseated else messages.SUCCESS,
            )

    def get_urls(self):
        return [
            path(
                "<int:townhall_id>/chart/", self.admin_site.admin_view(self.chart_view), name="townhall_townhall_chart"
            ),
            path(
                "<int:townhall_id>/cards/", self.admin_site.admin_view(self.cards_view), name="townhall_townhall_cards"
            ),
            *super().get_urls(),
        ]

    def chart_view(self, request, townhall_id: int):
        townhall = self.get_object_or_403(request, Townhall, townhall_id)
        tables = Table.objects.filter(townhall=townhall).prefetch_related("guests").order_by("number")
        return TemplateResponse(
            request,
            "townhall/seating_chart.html",
            {"townhall": townhall, "tables": tables, "back_url": reverse("admin:townhall_townhall_changelist")},
        )

    def cards_view(self, request, townhall_id: int):
        townhall = self.get_object_or_403(request, Townhall, townhall_id)
        guests = Guest.objects.filter(townhall=townhall, status=GuestStatus.ACCEPTED).select_related("table")
        cards = [
            {"guest": guest, "qr_svg": badge_qr_svg(guest.door_code)}
            for guest in guests.order_by("table__number", "name")
        ]
        sheets = [cards[start : start + CARDS_PER_SHEET] for start in range(0, len(cards), CARDS_PER_SHEET)]
        return TemplateResponse(
            request,
            "townhall/name_cards.html",
            {"townhall": townhall, "sheets": sheets, "back_url": reverse("admin:townhall_townhall_changelist")},
        )


IMPORT_PURPOSE = "guest-import"


class GuestImportForm(forms.Form):
    townhall = forms.ModelChoiceField(label=_("Townhall"), queryset=Townhall.objects.select_related("event"))
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: name, email, organisation, sector, title, vip, language.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


@admin.register(Guest)
class GuestAdmin(EventScopedAdmin, ModelAdmin):
    change_list_template = "admin/townhall/guest/change_list.html"
    list_display = [
        "name",
        "organisation",
        "sector",
        "is_vip",
        "status_label",
        "table",
        "invitation_progress",
        "checked_in_at",
    ]
    list_filter = ["townhall", "status", "sector", "is_vip", "language"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["table"]
    readonly_fields = ["status", "invited_at", "answered_at", "checked_in_at", "queue_number"]
    actions = ["send_invitations", "resend_invitation", "export_csv", "export_xlsx"]

    def get_queryset(self, request):
        # The latest invitation's delivery status, in the list's own query rather than one per row.
        # Keys are "guest:<id>" and, for a resend, "guest:<id>:resent:<time>": match the id exactly,
        # so guest 1 never shows guest 12's status.
        key = Concat(Value("guest:"), Cast(OuterRef("pk"), CharField()))
        latest_invitation = (
            OutboundEmail.objects.filter(kind="townhall_invitation")
            .filter(Q(object_key=key) | Q(object_key__startswith=Concat(key, Value(":"))))
            .order_by("-created_at")
            .values("status")[:1]
        )
        return super().get_queryset(request).annotate(invitation_status=Subquery(latest_invitation))

    @display(description=_("status"), ordering="status", label=GUEST_STATUS_TONES)
    def status_label(self, guest):
        return guest.status, guest.get_status_display()

    @admin.display(description=_("invitation email"))
    def invitation_progress(self, guest):
        labels = dict(EmailStatus.choices)
        if guest.invitation_status not in labels:
            return "—"
        return label_html(labels[guest.invitation_status], EMAIL_STATUS_TONES[guest.invitation_status])

    @admin.action(description=_("Send the invitation to the selected guests not yet invited"))
    def send_invitations(self, request, queryset):
        count = services.send_invitations(guests=queryset)
        self.message_user(
            request, _("%(count)d invitations queued; their progress shows in the list.") % {"count": count}
        )

    @admin.action(description=_("Send the invitation again"))
    def resend_invitation(self, request, queryset):
        for guest in queryset:
            services.resend_invitation(guest=guest)
        self.message_user(request, _("%(count)d invitations queued again.") % {"count": queryset.count()})

    def _export(self, request, queryset, file_format: str):
        townhalls = list(Townhall.objects.filter(guests__in=queryset).select_related("event").distinct()[:2])
        return export_response(
            guests_table(queryset),
            file_format,
            actor=request.user,
            event=townhalls[0].event if len(townhalls) == 1 else None,
            subject=townhalls[0] if len(townhalls) == 1 else None,
            kind="townhall_guests",
        )

    @admin.action(description=_("Export the selected guests as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the selected guests as Excel"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    # A deleted guest's seat goes to the first guest waiting, as when a guest declines.
    def delete_model(self, request, obj):
        services.remove_guest(guest=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for guest in queryset.order_by("pk"):
            services.remove_guest(guest=guest, actor=request.user)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="townhall_guest_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload, see which rows can be imported and which not, then import that same file with one button.

        The previewed file waits server-side under a token (common.pending_uploads),
        so confirming does not ask for it again.
        """
        confirming = request.method == "POST" and "token" in request.POST
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GuestImportForm(None if confirming else request.POST or None, request.FILES or None)
        form.fields["townhall"].queryset = scoped(request.user, form.fields["townhall"].queryset)
        preview = token = townhall = None
        if confirming:
            token = request.POST["token"]
            pending = pending_upload(purpose=IMPORT_PURPOSE, user=request.user, token=token)
            townhall = Townhall.objects.filter(pk=pending.target_id).first() if pending else None
            if townhall is not None and not request.user.has_perm("townhall.add_guest", townhall):
                raise PermissionDenied
            if townhall is None:
                self.message_user(request, EXPIRED_UPLOAD_MESSAGE, messages.WARNING)
                return HttpResponseRedirect(reverse("admin:townhall_guest_import"))
            result = services.import_guests(townhall=townhall, data=pending.data)
            forget_upload(purpose=IMPORT_PURPOSE, user=request.user, token=token)
            self.message_user(
                request,
                _("%(count)d guests imported; %(bad)d rows left out.")
                % {"count": len(result.valid), "bad": len(result.problems)},
            )
            return HttpResponseRedirect(reverse("admin:townhall_guest_changelist"))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read()
            townhall = form.cleaned_data["townhall"]
            preview = services.preview_guest_csv(townhall=townhall, data=data)
            if preview.valid:
                token = keep_upload(purpose=IMPORT_PURPOSE, user=request.user, target_id=townhall.pk, data=data)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import guests from CSV"),
            "form": form,
            "preview": preview,
            "token": token,
            "townhall": townhall,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/townhall/guest/import.html", context)
