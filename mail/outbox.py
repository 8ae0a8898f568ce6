"""Queueing and delivering email through the outbox.

queue_email writes the message as a row in the caller's transaction and hands
it to Celery only after that transaction commits: a rolled-back change sends
nothing. Delivery claims rows (queued -> sending) under row locks, so a task
delivered twice, or two workers, send a message once; a row left in "sending"
by a killed worker is put back by the sweeper. Batches share one SMTP
connection.
"""

from __future__ import annotations

import base64
import datetime
import html as html_module
import smtplib
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.calendar import MIMETYPE as CALENDAR_MIMETYPE
from common.calendar import CalendarEntry, build_calendar
from common.personal_data import ERASED_DOMAIN, erased_address

from .models import EmailStatus, OutboundEmail

BATCH_SIZE = 100
# A worker sending a batch renews its claim every HEARTBEAT; a claim older than
# STUCK_AFTER belongs to a worker that died. STUCK_AFTER leaves room for one slow
# message (EMAIL_TIMEOUT for connecting, then again for the data), so a live worker's
# rows are never handed to a second one, and with the sweep every 15 seconds a killed
# worker's messages are back on their way in under two minutes.
HEARTBEAT = datetime.timedelta(seconds=10)
STUCK_AFTER = datetime.timedelta(seconds=90)


class TransientDeliveryError(Exception):
    """The SMTP server could not take the messages now; the task tries again later."""


def render_email(*, template: str, context: dict, language: str) -> dict:
    """Subject, text and HTML of `<template>_subject.txt`, `.txt` and `.html`, in the language.

    Every message ends with the same footer: the site's name (and the event's) and its address.
    """
    context = {"site_name": Site.objects.get_current().name, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context).rstrip() + "\n\n"
        text += render_to_string("common/email/footer.txt", context)
        html = render_to_string(f"{template}.html", context)
        footer = render_to_string("common/email/footer.html", context)
    end = html.rfind("</body>")
    html = html[:end] + footer + html[end:] if end >= 0 else html + footer
    # A subject is plain text, but templates escape for HTML: "R&D" would arrive as "R&amp;D". Unescaping is the
    # exact inverse of Django's escaping, so what a person typed (even "&lt;") comes out as they typed it.
    subject = html_module.unescape(subject)
    return {"subject": " ".join(subject.split()), "text_body": text, "html_body": html}


def attachment(name: str, content: bytes, mimetype: str) -> dict:
    return {"name": name, "content": base64.b64encode(content).decode(), "mimetype": mimetype}


def calendar_attachment(
    filename: str, entries: Callable[[], Iterable[CalendarEntry]], *, time_zone: str, language: str
) -> dict:
    """An outbox attachment to add to one's calendar (METHOD:PUBLISH), in the recipient's language.

    `entries` is called with `language` active, so the bilingual fields it reads
    are the recipient's words, whatever language the request that queues the email is in.
    """
    with translation.override(language):
        content = build_calendar(list(entries()), time_zone=time_zone, language=language, method="PUBLISH")
    return attachment(filename, content, CALENDAR_MIMETYPE)


def queue_email(
    *,
    kind: str,
    recipient: str,
    object_key: str,
    language: str,
    subject: str,
    text_body: str,
    html_body: str = "",
    attachments: Iterable[dict] = (),
    headers: dict | None = None,
    essential: bool = True,
    not_after: datetime.datetime | None = None,
    secret: bool = False,
) -> OutboundEmail | None:
    """Queues one message; returns None when (kind, recipient, object_key) was queued before.

    A `secret` message (one with a sign-in or password link) is never shown in
    the admin and its bodies are erased once it is sent, fails or is skipped.
    """
    from .tasks import deliver_emails_task  # noqa: PLC0415 -- the tasks module imports this one

    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                kind=kind,
                recipient=recipient,
                object_key=object_key,
                language=language,
                subject=subject[:300],
                text_body=text_body,
                html_body=html_body,
                attachments=list(attachments),
                headers=headers or {},
                essential=essential,
                not_after=not_after,
                secret=secret,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: deliver_emails_task.delay(email_ids=[email.pk]))
    return email


def queue_rendered_email(*, template: str, context: dict, **fields) -> OutboundEmail | None:
    return queue_email(**fields, **render_email(template=template, context=context, language=fields["language"]))


def _claim(email_ids: list[int]) -> list[OutboundEmail]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=email_ids, status=EmailStatus.QUEUED)
            .order_by("pk")
        )
        OutboundEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return rows


def _message_id(row: OutboundEmail) -> str:
    # The same on every attempt: a message sent again after its worker died mid-send is
    # the same message to the receiving server and the mail client, which keep one copy.
    domain = urlsplit(settings.SITE_URL).hostname or "symposium.invalid"
    return f"<outbox.{row.pk}@{domain}>"


def _message(row: OutboundEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text_body,
        to=[row.recipient],
        headers={"Message-ID": _message_id(row), **row.headers},
        connection=connection,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for item in row.attachments:
        message.attach(item["name"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def _finish(row: OutboundEmail, status: str, reason: str = "") -> None:
    # A secret message's link is the recipient's alone: once it has left (or never will), nobody keeps a copy.
    erased = {"text_body": "", "html_body": ""} if row.secret else {}
    OutboundEmail.objects.filter(pk=row.pk, status=EmailStatus.SENDING).update(
        status=status,
        last_error=reason[:2000],
        sent_at=timezone.now() if status == EmailStatus.SENT else None,
        **erased,
    )


def _renew_claim(rows: list[OutboundEmail]) -> None:
    OutboundEmail.objects.filter(pk__in=[row.pk for row in rows], status=EmailStatus.SENDING).update(
        claimed_at=timezone.now()
    )


def _release(rows: list[OutboundEmail], reason: str) -> None:
    OutboundEmail.objects.filter(pk__in=[row.pk for row in rows], status=EmailStatus.SENDING).update(
        status=EmailStatus.QUEUED, last_error=reason[:2000]
    )


def deliver(email_ids: list[int]) -> int:
    """Sends the queued messages among email_ids over one SMTP connection; returns how many went.

    Permanent refusals (5xx) mark a message failed with the reason; a transient
    failure puts the unsent messages back and raises TransientDeliveryError.
    """
    rows = _claim(email_ids)
    if not rows:
        return 0
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        renewed = timezone.now()
        for index, row in enumerate(rows):
            if timezone.now() - renewed > HEARTBEAT:
                _renew_claim(rows[index:])
                renewed = timezone.now()
            if row.not_after and timezone.now() > row.not_after:
                _finish(row, EmailStatus.SKIPPED, "too late to be useful")
                continue
            try:
                _message(row, connection).send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                if isinstance(error, smtplib.SMTPRecipientsRefused):
                    code = min(code for code, _reply in error.recipients.values())
                else:
                    code = error.smtp_code
                if 400 <= code < 500:  # "try again later"
                    _release(rows[index:], str(error))
                    raise TransientDeliveryError(str(error)) from error
                _finish(row, EmailStatus.FAILED, str(error))
            except (smtplib.SMTPException, OSError) as error:
                _release(rows[index:], str(error))
                raise TransientDeliveryError(str(error)) from error
            else:
                _finish(row, EmailStatus.SENT)
                sent += 1
    except (smtplib.SMTPException, OSError) as error:  # connecting failed
        _release(rows, str(error))
        raise TransientDeliveryError(str(error)) from error
    finally:
        connection.close()
    return sent


def queued_batches(*, older_than: datetime.timedelta = datetime.timedelta(0)) -> list[list[int]]:
    """Ids of queued messages in batches, oldest first: what the dispatcher hands to workers."""
    ids = list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED, created_at__lte=timezone.now() - older_than)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:50_000]
    )
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


def requeue_stuck(*, stuck_after: datetime.timedelta = STUCK_AFTER) -> int:
    """Puts back messages a worker claimed and never finished (it was killed, say)."""
    return OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=timezone.now() - stuck_after).update(
        status=EmailStatus.QUEUED, last_error="put back after the worker stopped mid-send"
    )


def resend(*, emails) -> int:
    """Queues failed or sent messages again (organiser action).

    Secret messages are left out: their text is gone, and the person asks for a new link instead.
    """
    from .tasks import deliver_emails_task  # noqa: PLC0415 -- the tasks module imports this one

    ids = list(
        emails.exclude(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])
        .exclude(secret=True)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids).update(status=EmailStatus.QUEUED, last_error="", sent_at=None)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: deliver_emails_task.delay(email_ids=batch))
    return len(ids)


def withdraw_queued(*, kind: str, object_key_prefix: str, reason: str) -> int:
    """Marks still-queued messages about something that no longer holds (a cancelled booking) as skipped.

    A message already being sent is left to finish; returns how many were withdrawn.
    """
    return OutboundEmail.objects.filter(
        kind=kind, object_key__startswith=object_key_prefix, status=EmailStatus.QUEUED
    ).update(status=EmailStatus.SKIPPED, last_error=reason[:2000])


def queue_many(emails: list[OutboundEmail]) -> int:
    """Queues many messages in one statement (announcements); keys queued before are left alone.

    Delivery is handed to workers in batches after the transaction commits.
    """
    from .tasks import deliver_emails_task  # noqa: PLC0415 -- the tasks module imports this one

    keys = {(email.kind, email.object_key) for email in emails}
    queued_before = {
        (kind, object_key, recipient)
        for kind, object_key in keys
        for recipient in OutboundEmail.objects.filter(kind=kind, object_key=object_key).values_list(
            "recipient", flat=True
        )
    }
    new = [email for email in emails if (email.kind, email.object_key, email.recipient) not in queued_before]
    # ignore_conflicts still guards against a concurrent call queueing the same keys.
    OutboundEmail.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)

    def dispatch() -> None:
        for kind, object_key in keys:
            ids = list(
                OutboundEmail.objects.filter(kind=kind, object_key=object_key, status=EmailStatus.QUEUED)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            for start in range(0, len(ids), BATCH_SIZE):
                deliver_emails_task.delay(email_ids=ids[start : start + BATCH_SIZE])

    transaction.on_commit(dispatch)
    return len(new)


# --- Personal data (common.personal_data) -----------------------------------------------


def emails_export(user) -> list[dict]:
    """The messages sent (or to be sent) to the person's address; a secret message's text is never kept."""
    rows = OutboundEmail.objects.filter(recipient__iexact=user.email).order_by("created_at", "pk")
    return [
        {
            "kind": row.kind,
            "subject": row.subject,
            "status": row.status,
            "queued_at": row.created_at.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            "text": "" if row.secret else row.text_body,
        }
        for row in rows
    ]


def _anonymise(rows) -> None:
    """The row stays (what kind went out, when, about what); the address and everything written in it go.

    A message still queued is withdrawn first, so nothing is sent to the placeholder.
    """
    rows = rows.exclude(recipient__endswith="@" + ERASED_DOMAIN)
    rows.filter(status=EmailStatus.QUEUED).update(status=EmailStatus.SKIPPED)
    for pk in rows.order_by("pk").values_list("pk", flat=True):
        OutboundEmail.objects.filter(pk=pk).update(
            recipient=erased_address("email", pk),
            subject="",
            text_body="",
            html_body="",
            attachments=[],
            headers={},
            last_error="recipient erased",
        )


def erase_emails_to(user) -> None:
    _anonymise(OutboundEmail.objects.filter(recipient__iexact=user.email))


def forget_event_emails(event, emails: set[str]) -> None:
    """Messages to the event's people sent up to the end of its last day (later ones may be about later events)."""
    until = datetime.datetime.combine(event.end_date + datetime.timedelta(days=1), datetime.time(0), tzinfo=event.zone)
    for address in emails:
        _anonymise(OutboundEmail.objects.filter(recipient__iexact=address, created_at__lt=until))


def status_counts() -> dict[str, int]:
    """Messages in the outbox per status."""
    return dict(OutboundEmail.objects.values("status").annotate(n=Count("id")).values_list("status", "n"))
