import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from common.admin_display import promoted_notice
from common.exports import export_response
from common.pending_uploads import EXPIRED_UPLOAD_MESSAGE, MAX_BYTES, forget_upload, keep_upload, pending_upload
from common.widgets import SafeAutocompleteMixin
from events.admin_scoping import EventScopedAdmin
from events.enums import Area
from events.models import Event
from events.rules import may_work_on, scoped

from . import services
from .models import ProgrammeSession, Room, SessionSpeaker, Speaker, Track


def _describe(session: ProgrammeSession) -> str:
    zone = session.event.zone
    starts, ends = timezone.localtime(session.starts_at, zone), timezone.localtime(session.ends_at, zone)
    return f"“{session.title}” ({date_format(starts, 'SHORT_DATETIME_FORMAT')}–{time_format(ends)})"


@admin.register(Room)
class RoomAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name_ko", "name_en", "hall", "capacity", "event", "order"]
    list_filter = ["event"]
    search_fields = ["name_ko", "name_en", "hall"]
    list_editable = ["order"]


@admin.register(Track)
class TrackAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name_ko", "name_en", "colour", "event", "order"]
    list_filter = ["event"]
    search_fields = ["name_ko", "name_en"]


@admin.register(Speaker)
class SpeakerAdmin(EventScopedAdmin, SafeAutocompleteMixin, ModelAdmin):
    list_display = ["name_ko", "name_en", "title_ko", "organization", "event"]
    list_filter = ["event"]
    search_fields = ["name_ko", "name_en", "title_ko", "title_en", "organization__name_ko", "organization__name_en"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "event"]


class SessionSpeakerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        session = self.instance
        if not (session.starts_at and session.ends_at):
            return
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("speaker"):
                continue
            speaker = form.cleaned_data["speaker"]
            clash = (
                ProgrammeSession.objects.filter(
                    speaker_roles__speaker=speaker, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
                )
                .exclude(pk=session.pk)
                .select_related("event")
                .first()
            )
            if clash:
                form.add_error(
                    "speaker",
                    _("%(speaker)s is already in %(session)s at that time.")
                    % {"speaker": speaker, "session": _describe(clash)},
                )


class SessionSpeakerInline(EventScopedAdmin, SafeAutocompleteMixin, TabularInline):
    model = SessionSpeaker
    formset = SessionSpeakerFormSet
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "role", "order"]


class ProgrammeSessionForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSession
        fields = [
            "event", "kind", "title_ko", "title_en", "abstract_ko", "abstract_en", "starts_at", "ends_at", "room",
            "track", "language", "seat_limit", "is_published",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        starts, ends, room = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("room")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
            return cleaned
        if not (starts and ends):
            return cleaned
        others = ProgrammeSession.objects.filter(starts_at__lt=ends, ends_at__gt=starts).select_related("event")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if room and (clash := others.filter(room=room).first()):
            # The error sits on "room", which also spares the generic constraint message.
            self.add_error("room", _("%(room)s is taken by %(session)s.") % {"room": room, "session": _describe(clash)})
        if self.instance.pk:
            for role in SessionSpeaker.objects.filter(session=self.instance).select_related("speaker"):
                if clash := others.filter(speaker_roles__speaker=role.speaker).first():
                    self.add_error(
                        "starts_at",
                        _("%(speaker)s is already in %(session)s at that time.")
                        % {"speaker": role.speaker, "session": _describe(clash)},
                    )
        return cleaned


class DayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        days = []
        for event in scoped(request.user, Event.objects.order_by("-start_date"), area=Area.PROGRAMME)[:5]:
            days += [(day.isoformat(), f"{event.slug} · {date_format(day, 'SHORT_DATE_FORMAT')}") for day in event.days]
        return days

    def queryset(self, request, queryset):
        try:
            day = datetime.date.fromisoformat(self.value() or "")
        except ValueError:
            return queryset
        return queryset.filter(starts_at__date=day)


IMPORT_PURPOSE = "programme-import"


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(EventScopedAdmin, ModelAdmin):
    form = ProgrammeSessionForm
    change_list_template = "admin/programme/programmesession/change_list.html"
    list_display = ["title_ko", "kind", "local_start", "local_end", "room", "track", "seat_limit", "is_published"]
    list_filter = ["event", DayFilter, "room", "kind", "track", "language", "is_published"]
    search_fields = ["title_ko", "title_en", "speaker_roles__speaker__name_ko", "speaker_roles__speaker__name_en"]
    list_select_related = ["event", "room", "track"]
    ordering = ["starts_at", "room__order"]
    inlines = [SessionSpeakerInline]
    actions = ["publish", "unpublish", "duplicate", "export_csv", "export_xlsx"]
    save_on_top = True

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, session):
        return date_format(session.local_starts_at, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("ends"), ordering="ends_at")
    def local_end(self, session):
        return time_format(session.local_ends_at)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"starts_at", "ends_at"} & set(form.changed_data):
            services.withdraw_stale_session_reminders(session=obj)
        if change and "seat_limit" in form.changed_data:
            promoted = services.fill_seats(session=obj)
            if promoted:
                self.message_user(request, promoted_notice(promoted))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Only a race with another organiser reaches here; the form checks catch the rest.
            self.message_user(
                request, _("Someone changed the programme at the same moment; check and save again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Publish the selected sessions"))
    def publish(self, request, queryset):
        count = services.set_published(sessions=queryset, published=True)
        self.message_user(request, _("%(count)d sessions published.") % {"count": count})

    @admin.action(description=_("Unpublish the selected sessions"))
    def unpublish(self, request, queryset):
        count = services.set_published(sessions=queryset, published=False)
        self.message_user(request, _("%(count)d sessions unpublished.") % {"count": count})

    @admin.action(description=_("Duplicate the selected sessions (unpublished, without a room)"))
    def duplicate(self, request, queryset):
        for session in queryset:
            services.duplicate_session(session=session)
        self.message_user(request, _("%(count)d sessions duplicated.") % {"count": queryset.count()})

    @admin.action(description=_("Export the programme of the selected sessions' events as CSV"))
    def export_csv(self, request, queryset):
        event = queryset.first().event
        return export_response(services.programme_table(event=event), actor=request.user, event=event, kind="programme")

    @admin.action(description=_("Export the programme of the selected sessions' events as Excel"))
    def export_xlsx(self, request, queryset):
        event = queryset.first().event
        return export_response(
            services.programme_table(event=event), "xlsx", actor=request.user, event=event, kind="programme"
        )

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="programme_programmesession_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload, see the sessions the file holds (or its bad rows), then import that same file with one button.

        The previewed file waits server-side under a token (common.pending_uploads),
        so confirming does not ask for it again.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ProgrammeImportForm(None if "token" in request.POST else request.POST or None, request.FILES or None)
        form.fields["event"].queryset = scoped(request.user, form.fields["event"].queryset, area=Area.PROGRAMME)
        report = preview = token = None
        event = None
        if request.method == "POST" and "token" in request.POST:
            token = request.POST["token"]
            pending = pending_upload(purpose=IMPORT_PURPOSE, user=request.user, token=token)
            event = Event.objects.filter(pk=pending.target_id).first() if pending else None
            if event is not None and not may_work_on(request.user, event, Area.PROGRAMME):
                raise PermissionDenied
            if event is None:
                self.message_user(request, EXPIRED_UPLOAD_MESSAGE, messages.WARNING)
                return HttpResponseRedirect(reverse("admin:programme_programmesession_import"))
            report = services.import_programme_csv(event=event, data=pending.data)
            forget_upload(purpose=IMPORT_PURPOSE, user=request.user, token=token)
            if not report.errors:
                self.message_user(request, _("%(count)d sessions imported.") % {"count": report.created})
                return HttpResponseRedirect(reverse("admin:programme_programmesession_changelist"))
            token = None
        elif request.method == "POST" and form.is_valid():
            event = form.cleaned_data["event"]
            data = form.cleaned_data["file"].read()
            report = services.preview_programme_csv(event=event, data=data)
            if not report.errors:
                preview = report
                token = keep_upload(purpose=IMPORT_PURPOSE, user=request.user, target_id=event.pk, data=data)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the programme from CSV"),
            "form": form,
            "report": report,
            "preview": preview,
            "token": token,
            "event": event,
            "columns": services.CSV_COLUMNS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/programme/programmesession/import.html", context)


class ProgrammeImportForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.order_by("-start_date"))
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, with a header row; at most 2 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
