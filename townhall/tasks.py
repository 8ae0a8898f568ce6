from celery import shared_task

from . import reminders


@shared_task(name="symposium.townhall.plan_reminders", acks_late=True)
def plan_townhall_reminders_task() -> int:
    return reminders.plan_townhall_reminders()
