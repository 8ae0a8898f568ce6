"""The AI Graduate School Challenge: a data challenge per event, its teams, submissions and awards."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import Bilingual
from events.models import Event, Organization

from .enums import DataFileKind, MemberRole, Metric, SubmissionStatus
from .storage import challenge_files


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Challenge(models.Model):
    """The event's data challenge: a company's real problem, solved by graduate-school teams."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="challenge")
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    rules_ko = models.TextField(_("rules (Korean)"), blank=True)
    rules_en = models.TextField(_("rules (English)"), blank=True)
    data_provider = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="challenges_provided",
        verbose_name=_("company providing the data"),
    )
    min_team_size = models.PositiveSmallIntegerField(_("smallest team"), default=1)
    max_team_size = models.PositiveSmallIntegerField(_("largest team"), default=5)
    final_submissions_per_team = models.PositiveSmallIntegerField(
        _("final submissions a team may choose"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # The data-use terms a person accepts before downloading; raising the version asks everyone again.
    terms_ko = models.TextField(_("data-use terms (Korean)"))
    terms_en = models.TextField(_("data-use terms (English)"))
    terms_version = models.CharField(_("terms version"), max_length=32, default="1")
    # The talent pool the data provider offers the winners (a separate, explicit consent under PIPA).
    talent_pool_purpose_ko = models.TextField(_("talent pool purpose (Korean)"), blank=True)
    talent_pool_purpose_en = models.TextField(_("talent pool purpose (English)"), blank=True)
    talent_pool_items_ko = models.TextField(_("talent pool items (Korean)"), blank=True)
    talent_pool_items_en = models.TextField(_("talent pool items (English)"), blank=True)
    talent_pool_retention_ko = models.TextField(_("talent pool retention (Korean)"), blank=True)
    talent_pool_retention_en = models.TextField(_("talent pool retention (English)"), blank=True)
    talent_pool_version = models.CharField(_("talent pool text version"), max_length=32, default="1")
    is_published = models.BooleanField(_("published"), default=False)
    # The programme's session where the winners are announced, by id (the programme is a sibling app,
    # offered as choices by common.session_extras); unset, every session of kind award ceremony lists them.
    award_session_id = models.PositiveBigIntegerField(
        _("award ceremony session"),
        null=True,
        blank=True,
        help_text=_("The programme session whose page lists the winners; if empty, every award ceremony session."),
    )
    results_published_at = models.DateTimeField(_("final results published at"), null=True, blank=True)

    title = Bilingual("title")
    description = Bilingual("description")
    rules = Bilingual("rules")
    terms = Bilingual("terms")
    talent_pool_purpose = Bilingual("talent_pool_purpose")
    talent_pool_items = Bilingual("talent_pool_items")
    talent_pool_retention = Bilingual("talent_pool_retention")

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_team_size__gte=1, max_team_size__gte=models.F("min_team_size")),
                name="challenge_team_size_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(final_submissions_per_team__gte=1), name="challenge_final_choices_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None and self.results_published_at <= timezone.now()


class Phase(models.Model):
    """A stretch of the challenge with its own answer key, metric and limits (e.g. development, final)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    id_column = models.CharField(_("id column"), max_length=64, default="id")
    prediction_column = models.CharField(_("prediction column"), max_length=64, default="prediction")
    daily_submission_limit = models.PositiveSmallIntegerField(_("submissions per team per day"), default=5)
    total_submission_limit = models.PositiveIntegerField(_("submissions per team in the phase"), default=100)
    # The answer key: a CSV of id, answer and usage (public or private). Never downloadable.
    answer_key = models.FileField(_("answer key"), storage=challenge_files, upload_to="answer-keys/", blank=True)
    answer_key_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    answer_rows = models.PositiveIntegerField(default=0, editable=False)
    public_answer_rows = models.PositiveIntegerField(default=0, editable=False)
    # Optional: the organiser's own scorer, run in a separate process with limits and no network.
    scoring_script = models.FileField(
        _("scoring script"), storage=challenge_files, upload_to="scoring-scripts/", blank=True
    )
    script_time_limit_seconds = models.PositiveSmallIntegerField(_("script time limit (seconds)"), default=60)
    script_memory_limit_mb = models.PositiveIntegerField(_("script memory limit (MB)"), default=1024)
    # The phase whose private ranking is the challenge's final ranking.
    is_final = models.BooleanField(_("final phase"), default=False)

    name = Bilingual("name")

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="challenge_phase_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(total_submission_limit__gte=models.F("daily_submission_limit")),
                name="challenge_phase_limits_ordered",
            ),
            models.UniqueConstraint(
                fields=["challenge"], condition=models.Q(is_final=True), name="challenge_one_final_phase"
            ),
            models.CheckConstraint(
                condition=models.Q(public_answer_rows__lte=models.F("answer_rows")),
                name="challenge_public_rows_within_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} · {self.name}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class DataFile(models.Model):
    """A file participants download once they accept the data-use terms."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="data_files")
    kind = models.CharField(_("kind"), max_length=32, choices=DataFileKind.choices)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    file = models.FileField(_("file"), storage=challenge_files, upload_to="data/")
    size = models.PositiveBigIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = Bilingual("title")

    class Meta:
        verbose_name = _("data file")
        verbose_name_plural = _("data files")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class TermsAcceptance(models.Model):
    """A person accepted one version of a challenge's data-use terms, at a time; never edited."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="terms_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(_("terms version"), max_length=32)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("data-use terms acceptance")
        verbose_name_plural = _("data-use terms acceptances")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user", "version"], name="challenge_terms_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class ChallengeTeam(models.Model):
    """A team of one graduate school; its members are registered people of that school."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=60)
    graduate_school = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="challenge_teams",
        limit_choices_to={"is_ai_graduate_school": True},
        verbose_name=_("AI graduate school"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    final_rank = models.PositiveIntegerField(_("final rank"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("challenge team")
        verbose_name_plural = _("challenge teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("challenge", Lower("name"), name="challenge_team_name_once"),
            models.UniqueConstraint(
                fields=["challenge", "final_rank"],
                condition=models.Q(final_rank__isnull=False),
                name="challenge_final_rank_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="members")
    # Copied from the team (a trigger checks it) so that the database refuses a second team in one challenge.
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+", editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="challenge_one_team_per_person"),
            models.UniqueConstraint(
                fields=["team"], condition=models.Q(role=MemberRole.CAPTAIN), name="challenge_one_captain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team}"


class TeamInvitation(models.Model):
    """The captain asks someone by email; they join when they accept while signed in as that address."""

    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "team",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, declined_at__isnull=True),
                name="challenge_one_open_invitation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=MemberRole.CAPTAIN), name="challenge_invitation_not_captain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.team}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class Submission(models.Model):
    """One predictions file of a team in a phase, validated on upload and scored by the scoring worker."""

    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="submissions")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("predictions file"), storage=challenge_files, upload_to="submissions/")
    original_name = models.CharField(_("file name"), max_length=255)
    # The file's SHA-256, so that a double tap of the same file returns the first submission.
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    description = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED
    )
    failure_reason = models.TextField(_("why it failed"), blank=True)
    public_score = models.FloatField(_("public score"), null=True, blank=True)
    # Never shown before the results are published; no page, export or API reads it before then.
    private_score = models.FloatField(_("private score"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The day in the event's time zone, for the daily limit (set by the service, checked by a trigger).
    submitted_on = models.DateField(editable=False)
    scoring_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True, editable=False)
    scoring_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    is_final_choice = models.BooleanField(_("chosen for the final ranking"), default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["phase", "status", "public_score"], name="challenge_submission_board"),
            models.Index(fields=["team", "phase", "submitted_on"], name="challenge_submission_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=SubmissionStatus.SCORED) | models.Q(public_score__isnull=False),
                name="challenge_scored_has_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.original_name}"


class Award(models.Model):
    """An award of the final ranking: the Minister's award, prizes."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="awards")
    # RESTRICT, not PROTECT: a team with an award is not deleted alone, but goes with its challenge (or event).
    team = models.ForeignKey(ChallengeTeam, on_delete=models.RESTRICT, related_name="awards", null=True, blank=True)
    name_ko = models.CharField(_("award (Korean)"), max_length=200)
    name_en = models.CharField(_("award (English)"), max_length=200)
    prize_krw = models.PositiveBigIntegerField(_("prize money (KRW)"), null=True, blank=True)
    benefits_ko = models.TextField(_("other benefits (Korean)"), blank=True)
    benefits_en = models.TextField(_("other benefits (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")
    benefits = Bilingual("benefits")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class TalentPoolConsent(models.Model):
    """One grant or withdrawal of a person's consent to the data provider's talent pool; never edited.

    The latest row per challenge and person is in force, as with the event consents.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="talent_pool_consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("text version"), max_length=32)
    company_name = models.CharField(_("company named in the text"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("talent pool consent")
        verbose_name_plural = _("talent pool consents")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["challenge", "user", "-recorded_at"], name="challenge_pool_in_force")]

    def __str__(self) -> str:
        return f"{self.user}: {_('given') if self.granted else _('withdrawn')}"
