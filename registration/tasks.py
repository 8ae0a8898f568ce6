"""Celery tasks of the registration app: thin; the services decide and make repeats harmless."""

from celery import shared_task

from . import services


@shared_task(name="symposium.registration.apply_retention_periods", acks_late=True)
def apply_retention_periods_task() -> dict:
    """Erases the personal data whose retention period is over (see services.apply_retention_periods)."""
    return services.apply_retention_periods()
