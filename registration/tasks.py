"""Celery tasks of the registration app: thin, ids only, idempotent in the body."""

from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from django.utils import timezone

RETRY = {"autoretry_for": (SMTPException, OSError), "retry_backoff": True, "max_retries": 5, "acks_late": True}


@shared_task(name="symposium.registration.send_confirmation", **RETRY)
def send_registration_confirmation_task(*, registration_id: int) -> None:
    """Sends the confirmation once; a repeated delivery of the task sends nothing."""
    from .emails import send_registration_confirmation
    from .models import Registration

    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=registration_id, confirmation_sent_at__isnull=True, user__isnull=False)
            .first()
        )
        if registration is None:
            return
        send_registration_confirmation(registration)
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])


@shared_task(name="symposium.registration.send_promotion_notice", **RETRY)
def send_promotion_notice_task(*, registration_day_id: int) -> None:
    """Tells a person their waitlisted day is now confirmed."""
    from .emails import send_promotion_notice
    from .models import RegistrationDay

    entry = (
        RegistrationDay.objects.select_related("registration__event", "registration__user", "day")
        .filter(pk=registration_day_id, status="confirmed", registration__user__isnull=False)
        .first()
    )
    if entry is not None:
        send_promotion_notice(entry)
