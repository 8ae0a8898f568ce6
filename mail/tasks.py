"""Celery tasks of mail: the outbox's (thin, ids only; safe to repeat) and the reminder planner's."""

import datetime

from celery import shared_task

from . import outbox, reminders


@shared_task(
    name="symposium.mail.deliver",
    acks_late=True,
    autoretry_for=(outbox.TransientDeliveryError,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_emails_task(*, email_ids: list[int]) -> int:
    """Sends those of the messages still queued, over one SMTP connection; a repeat sends nothing."""
    return outbox.deliver(email_ids)


@shared_task(name="symposium.mail.dispatch", acks_late=True)
def dispatch_queued_emails_task() -> int:
    """Hands queued messages that no task is carrying (broker down at commit, say) to workers."""
    batches = outbox.queued_batches(older_than=datetime.timedelta(seconds=30))
    for batch in batches:
        deliver_emails_task.delay(email_ids=batch)
    return len(batches)


@shared_task(name="symposium.mail.sweep", acks_late=True)
def sweep_stuck_emails_task() -> int:
    """Puts back messages a killed worker left half-sent, then dispatches them."""
    count = outbox.requeue_stuck()
    if count:
        for batch in outbox.queued_batches():
            deliver_emails_task.delay(email_ids=batch)
    return count


@shared_task(name="symposium.mail.plan_reminders", acks_late=True)
def plan_reminders_task() -> int:
    """Queues every registered kind's due reminders; a repeated or overlapping run queues nothing twice."""
    return reminders.plan_reminders()
