from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """The built-in ways a phase scores a predictions file against its answer key."""

    AUROC = "auroc", _("Area under the ROC curve (AUROC)")
    ACCURACY = "accuracy", _("Accuracy")
    F1 = "f1", _("F1 score")
    RMSE = "rmse", _("Root mean squared error (RMSE)")
    MEAN_AVERAGE_PRECISION = "map", _("Mean average precision (mAP)")


# RMSE is an error: lower is better. The others are better higher.
LOWER_IS_BETTER = frozenset({Metric.RMSE})


class MemberRole(models.TextChoices):
    CAPTAIN = "captain", _("Captain")
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Faculty adviser")  # a member who may not submit


SUBMITTING_ROLES = frozenset({MemberRole.CAPTAIN, MemberRole.MEMBER})


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SCORING = "scoring", _("Scoring")
    SCORED = "scored", _("Scored")
    FAILED = "failed", _("Failed")


# Submissions that use up the team's allowance: a file the scorer could not score does not.
COUNTED_STATUSES = (SubmissionStatus.QUEUED, SubmissionStatus.SCORING, SubmissionStatus.SCORED)


class DataFileKind(models.TextChoices):
    TRAINING = "training", _("Training data")
    TEST = "test", _("Test inputs")
    SAMPLE_SUBMISSION = "sample_submission", _("Sample submission")
    OTHER = "other", _("Other")


class AnswerUsage(models.TextChoices):
    """Which leaderboard a row of the answer key scores: the live public one or the final private one."""

    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
