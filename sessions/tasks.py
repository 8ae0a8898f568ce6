"""Celery beat tasks of the programme: plan reminders; the outbox delivers them."""

from celery import shared_task

from . import reminders


@shared_task(name="symposium.programme.plan_day_before_reminders", acks_late=True)
def plan_day_before_reminders_task() -> int:
    return reminders.plan_day_before_reminders()


@shared_task(name="symposium.programme.plan_session_reminders", acks_late=True)
def plan_session_reminders_task() -> int:
    return reminders.plan_session_reminders()
