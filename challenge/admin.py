"""The challenge in the admin, for the event's challenge team (events.admin_scoping scopes every class).

Answer keys and scoring scripts are uploaded here and never handed back: no page links
to them (their row counts and SHA-256 show what was uploaded). A submission's private
score stays hidden, in the list and the form, until the challenge's results are published.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.decorators import display

from common.admin_display import short_datetime
from common.session_extras import session_choices
from events.admin_scoping import EventScopedAdmin

from . import services
from .enums import MemberRole, SubmissionStatus
from .models import (
    Award,
    Challenge,
    ChallengeTeam,
    DataFile,
    Phase,
    Submission,
    TalentPoolConsent,
    TeamInvitation,
    TeamMember,
    TermsAcceptance,
)

SUBMISSION_STATUS_TONES = {
    SubmissionStatus.QUEUED: "info",
    SubmissionStatus.SCORING: "warning",
    SubmissionStatus.SCORED: "success",
    SubmissionStatus.FAILED: "danger",
}


LINK_CLASSES = "text-primary-600 dark:text-primary-500 underline"  # the theme's link colour


class FileWithoutLink(forms.FileInput):
    """An upload box that never shows the stored file's address: these files are not handed out."""


class PhaseInline(EventScopedAdmin, StackedInline):
    model = Phase
    extra = 0
    # The answer key is uploaded on its own page, where the scorer's checks run.
    # Two to a row at most, and a time on its own: the theme's date and time widgets need the room.
    fields = [
        ("name_ko", "name_en"),
        "opens_at",
        "closes_at",
        ("metric", "is_final"),
        ("id_column", "prediction_column"),
        ("daily_submission_limit", "total_submission_limit"),
        "answer_key_summary",
        "scoring_script",
        ("script_time_limit_seconds", "script_memory_limit_mb"),
    ]
    readonly_fields = ["answer_key_summary"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "scoring_script":
            kwargs["widget"] = FileWithoutLink
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("answer key"))
    def answer_key_summary(self, phase):
        if not phase.pk:
            return _("Save the phase first, then upload its answer key.")
        upload_url = reverse("admin:challenge_phase_answer_key", args=[phase.pk])
        if not phase.answer_key:
            return format_html(
                '{} · <a class="{}" href="{}">{}</a>',
                _("None yet"),
                LINK_CLASSES,
                upload_url,
                _("Upload the answer key"),
            )
        return format_html(
            '{} · <span class="answer-key-sha" style="overflow-wrap: anywhere">SHA-256 {}</span> · '
            '<a class="{}" href="{}">{}</a>',
            _("%(rows)d rows: %(public)d public, %(private)d private")
            % {
                "rows": phase.answer_rows,
                "public": phase.public_answer_rows,
                "private": phase.answer_rows - phase.public_answer_rows,
            },
            phase.answer_key_sha256,
            LINK_CLASSES,
            upload_url,
            _("Replace the answer key"),
        )


class DataFileInline(EventScopedAdmin, TabularInline):
    model = DataFile
    extra = 0
    fields = ["kind", "title_ko", "title_en", "file", "order", "size", "sha256"]
    readonly_fields = ["size", "sha256"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = FileWithoutLink  # participants download through the terms page, not the admin
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AwardInline(EventScopedAdmin, TabularInline):
    model = Award
    extra = 0
    fields = ["order", "name_ko", "name_en", "team", "prize_krw", "benefits_ko", "benefits_en"]

    def get_formset(self, request, obj=None, **kwargs):
        self._challenge = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "team":  # only this challenge's teams
            challenge = getattr(self, "_challenge", None)
            field.queryset = field.queryset.filter(challenge=challenge) if challenge else field.queryset.none()
        return field


class AnswerKeyForm(forms.Form):
    file = forms.FileField(
        label=_("Answer key (CSV)"),
        help_text=_("Columns: the id column, the answer, and usage (public or private). It is never shown again."),
    )


class ChallengeForm(forms.ModelForm):
    """The award ceremony is picked from the event's programme sessions, which the programme offers by id."""

    award_session_id = forms.TypedChoiceField(
        label=Challenge._meta.get_field("award_session_id").verbose_name,
        help_text=Challenge._meta.get_field("award_session_id").help_text,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Challenge
        fields = ["award_session_id"]  # the admin's fieldsets add the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event_id = self.instance.event_id if self.instance.pk else None
        sessions = list(session_choices(event_id)) if event_id else []
        self.fields["award_session_id"].choices = [("", "—"), *sessions]


@admin.register(Challenge)
class ChallengeAdmin(EventScopedAdmin, ModelAdmin):
    form = ChallengeForm
    list_display = ["title_ko", "title_en", "event", "data_provider", "team_count", "is_published", "results"]
    list_filter = ["event", "is_published"]
    search_fields = ["title_ko", "title_en"]
    list_select_related = ["event", "data_provider"]
    inlines = [PhaseInline, DataFileInline, AwardInline]
    fieldsets = [
        (None, {"fields": ["event", ("title_ko", "title_en"), "data_provider", "is_published"]}),
        (_("Description and rules"), {"fields": [("description_ko", "description_en"), ("rules_ko", "rules_en")]}),
        (
            _("Teams"),
            {"fields": [("min_team_size", "max_team_size", "final_submissions_per_team")]},
        ),
        (_("Data-use terms"), {"fields": [("terms_ko", "terms_en"), "terms_version"]}),
        (
            _("Talent pool"),
            {
                "fields": [
                    ("talent_pool_purpose_ko", "talent_pool_purpose_en"),
                    ("talent_pool_items_ko", "talent_pool_items_en"),
                    ("talent_pool_retention_ko", "talent_pool_retention_en"),
                    "talent_pool_version",
                ]
            },
        ),
        (_("Results"), {"fields": ["award_session_id", "results_published_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_teams=Count("teams"))

    @admin.display(description=_("teams"), ordering="number_of_teams")
    def team_count(self, challenge):
        return challenge.number_of_teams

    @admin.display(description=_("results"), ordering="results_published_at")
    def results(self, challenge):
        return short_datetime(challenge.results_published_at) if challenge.results_published_at else _("not yet")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is DataFile:
            for data_form in formset.forms:
                if data_form.instance.pk and "file" in data_form.changed_data:
                    services.record_data_file_digest(data_file=data_form.instance)

    def get_urls(self):
        return [
            path(
                "phase/<int:phase_id>/answer-key/",
                self.admin_site.admin_view(self.answer_key_view),
                name="challenge_phase_answer_key",
            ),
            *super().get_urls(),
        ]

    def answer_key_view(self, request, phase_id: int):
        """Upload (or replace) a phase's answer key; the scorer's checks run on it, and it is never shown again."""
        phase = self.get_object_or_403(request, Phase, phase_id, action="change")
        back_url = reverse("admin:challenge_challenge_change", args=[phase.challenge_id])
        form = AnswerKeyForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.set_answer_key(phase=phase, upload=form.cleaned_data["file"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                phase.refresh_from_db()
                self.message_user(
                    request,
                    _("Answer key of %(phase)s saved: %(public)d public rows, %(private)d private rows.")
                    % {
                        "phase": phase.name,
                        "public": phase.public_answer_rows,
                        "private": phase.answer_rows - phase.public_answer_rows,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(back_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Answer key of %(phase)s") % {"phase": phase},
            "form": form,
            "phase": phase,
            "back_url": back_url,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/challenge/phase/answer_key.html", context)


class TeamMemberFormSet(forms.BaseInlineFormSet):
    """Friendly words for what the database refuses anyway: a full team, someone on another team, two captains."""

    def clean(self):
        super().clean()
        team = self.instance
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if team.challenge_id and len(kept) > team.challenge.max_team_size:
            raise ValidationError(
                _("A team of this challenge has at most %(count)d members.") % {"count": team.challenge.max_team_size}
            )
        if sum(form.cleaned_data.get("role") == MemberRole.CAPTAIN for form in kept) > 1:
            raise ValidationError(_("A team has one captain."))
        for form in kept:
            user = form.cleaned_data.get("user")
            if user is None or not team.challenge_id:
                continue
            elsewhere = TeamMember.objects.filter(challenge_id=team.challenge_id, user=user).exclude(team=team)
            if elsewhere.exists():
                form.add_error("user", _("This person is on another team of this challenge."))


class TeamMemberInline(EventScopedAdmin, TabularInline):
    model = TeamMember
    formset = TeamMemberFormSet
    extra = 0
    fields = ["user", "role", "joined_at"]
    raw_id_fields = ["user"]


class TeamInvitationInline(EventScopedAdmin, TabularInline):
    model = TeamInvitation
    extra = 0
    fields = ["email", "role", "invited_by", "created_at", "accepted_at", "declined_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # the captain invites from the team's page

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChallengeTeam)
class ChallengeTeamAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["name", "graduate_school", "challenge", "member_count", "submission_count", "final_rank"]
    list_filter = ["challenge", "graduate_school"]
    search_fields = ["name", "members__user__email", "graduate_school__name_ko", "graduate_school__name_en"]
    list_select_related = ["graduate_school", "challenge"]
    readonly_fields = ["final_rank"]
    fields = ["challenge", "name", "graduate_school", "created_at", "final_rank"]
    inlines = [TeamMemberInline, TeamInvitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(number_of_members=Count("members", distinct=True))
            .annotate(number_of_submissions=Count("submissions", distinct=True))
        )

    @admin.display(description=_("members"), ordering="number_of_members")
    def member_count(self, team):
        return team.number_of_members

    @admin.display(description=_("submissions"), ordering="number_of_submissions")
    def submission_count(self, team):
        return team.number_of_submissions

    def save_formset(self, request, form, formset, change):
        if formset.model is TeamMember:
            for member_form in formset.forms:
                member_form.instance.challenge_id = form.instance.challenge_id
        super().save_formset(request, form, formset, change)


class FailureReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the team sees this)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


@admin.register(Submission)
class SubmissionAdmin(EventScopedAdmin, ModelAdmin):
    list_display = ["original_name", "team", "phase_name", "status_label", "public_score", "submitted_when", "rows"]
    list_filter = ["phase__challenge", "phase", "status", "is_final_choice", "team__graduate_school"]
    search_fields = ["team__name", "original_name", "submitted_by__email"]
    list_select_related = ["team", "phase__challenge"]
    date_hierarchy = "submitted_at"
    actions = ["rescore", "mark_failed"]
    base_readonly = [
        "team", "phase", "submitted_by", "original_name", "rows", "description", "status", "failure_reason",
        "public_score", "submitted_at", "scored_at", "scoring_attempts", "is_final_choice",
    ]  # fmt: skip

    def _results_published(self, obj) -> bool:
        return obj is not None and obj.phase.challenge.results_published

    def get_list_display(self, request):
        # The private score is a column only once every challenge in the list has published its results.
        columns = list(super().get_list_display(request))
        queryset = self.get_queryset(request)
        unpublished = queryset.exclude(phase__challenge__results_published_at__lte=timezone.now())
        if queryset.exists() and not unpublished.exists():
            columns.insert(columns.index("public_score") + 1, "private_score")
        return columns

    def get_fields(self, request, obj=None):
        fields = list(self.base_readonly)
        if self._results_published(obj):
            fields.insert(fields.index("public_score") + 1, "private_score")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False  # teams submit from their page, where the file is checked

    @admin.display(description=_("phase"), ordering="phase__opens_at")
    def phase_name(self, submission):
        return submission.phase.name  # the challenge is the filter's; the row needs only the phase

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted_when(self, submission):
        return short_datetime(submission.submitted_at)

    @display(description=_("status"), ordering="status", label=SUBMISSION_STATUS_TONES)
    def status_label(self, submission):
        return submission.status, submission.get_status_display()

    @admin.action(description=_("Score the selected submissions again"))
    def rescore(self, request, queryset):
        chosen = list(queryset)
        disqualified = sum(1 for submission in chosen if services.is_disqualified(submission))
        count = services.rescore_submissions(submissions=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d submission queued for scoring again.",
                "%(count)d submissions queued for scoring again.",
                count,
            )
            % {"count": count},
        )
        if disqualified:
            self.message_user(
                request,
                ngettext(
                    "%(count)d disqualified submission stays disqualified: scoring again does not undo it.",
                    "%(count)d disqualified submissions stay disqualified: scoring again does not undo it.",
                    disqualified,
                )
                % {"count": disqualified},
                messages.WARNING,
            )
        left = len(chosen) - count - disqualified
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d submission was left failed: its team has no submissions left in the phase.",
                    "%(count)d submissions were left failed: their teams have no submissions left in the phase.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )

    @admin.action(description=_("Disqualify the selected submissions (failed, with a reason)"))
    def mark_failed(self, request, queryset):
        form = FailureReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = services.mark_submissions_failed(submissions=queryset, reason=form.cleaned_data["reason"])
            self.message_user(
                request,
                ngettext(
                    "%(count)d submission marked failed; its team sees the reason.",
                    "%(count)d submissions marked failed; their teams see the reason.",
                    count,
                )
                % {"count": count},
            )
            return None
        return TemplateResponse(
            request,
            "admin/challenge/submission/mark_failed.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Disqualify submissions"),
                "form": form,
                "submissions": queryset.select_related("team", "phase"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ReadOnlyAdmin(EventScopedAdmin, ModelAdmin):
    """Records of what a person agreed to: evidence, never written in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Never deleted here (no action, no delete page), but they go with their challenge or event when the
        # organiser may delete those: the admin's deletion check asks about each row.
        return obj is not None and super().has_delete_permission(request, obj)

    def get_urls(self):
        delete_page = f"{self.opts.app_label}_{self.opts.model_name}_delete"
        return [url for url in super().get_urls() if url.name != delete_page]

    def render_change_form(self, request, context, *args, **kwargs):
        return super().render_change_form(request, {**context, "show_delete": False}, *args, **kwargs)


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "challenge", "version", "accepted_at"]
    list_filter = ["challenge", "version"]
    search_fields = ["user__email"]
    list_select_related = ["user", "challenge"]


@admin.register(TalentPoolConsent)
class TalentPoolConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "challenge", "granted", "text_version", "company_name", "recorded_at"]
    list_filter = ["challenge", "granted"]
    search_fields = ["user__email"]
    list_select_related = ["user", "challenge"]
