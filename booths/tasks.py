from celery import shared_task

from . import reminders


@shared_task(name="symposium.booths.plan_consultation_reminders", acks_late=True)
def plan_consultation_reminders_task() -> int:
    return reminders.plan_consultation_reminders()
