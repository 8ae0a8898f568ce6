"""The reminder planner beat runs every minute; the outbox's tasks deliver what it queues."""

from celery import shared_task

from . import reminders


@shared_task(name="symposium.mail.plan_reminders", acks_late=True)
def plan_reminders_task() -> int:
    """Queues every registered kind's due reminders; a repeated or overlapping run queues nothing twice."""
    return reminders.plan_reminders()
