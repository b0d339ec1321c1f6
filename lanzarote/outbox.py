"""The outbox: no email is lost, no request waits for the mail server.

Every email the portal sends (``stakeholders.mail.notify()``, allauth's own) goes through
Django's ``EMAIL_BACKEND``, which is ``OutboxBackend``: it stores the message as a row of
django-post-office's ``Email`` table, in the transaction of the change that causes it (a
change that is undone leaves no email; an email is never lost once the change is saved).
The worker (``manage.py worker``) sends what is due through the real transport
(``settings.OUTBOX_TRANSPORT``: SMTP in production, the console in development):

- each pass claims the due rows with a compare-and-set on ``scheduled_time`` (a lease), so
  that two workers never send one message twice, and a worker that dies mid-send leaves its
  messages to be sent again once the lease ends;
- a message that cannot be sent is retried with exponential backoff
  (``OUTBOX_RETRY_BASE`` × 2ⁿ, at most ``OUTBOX_RETRY_MAX``), ``OUTBOX_MAX_RETRIES`` times,
  then stays *failed*; every failure is logged with its error, which staff see in the
  admin (*Emails*), where *Send again* queues it anew;
- when the mail server cannot be reached at all, the whole batch waits for the next try
  after one connection attempt, not one attempt per message.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.mail import create
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.utils import create_attachments

logger = logging.getLogger(__name__)

WAITING = (STATUS.queued, STATUS.requeued)


class OutboxBackend(BaseEmailBackend):
    """Stores each message in the outbox instead of sending it (see the module)."""

    #: ``notify()`` stores its messages at once, inside the caller's transaction, instead
    #: of after the commit as it must for a backend that really sends.
    transactional = True

    def send_messages(self, email_messages):
        for message in email_messages:
            store(message)
        return len(email_messages)


def store(message) -> Email:
    """``message`` (an ``EmailMessage``) as a queued row of the outbox."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", ()) or ()
            if mimetype == "text/html"
        ),
        "",
    )
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(str(address) for address in message.reply_to))
    email = create(
        sender=message.from_email,
        recipients=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=headers or None,
        priority=PRIORITY.medium,
    )
    files = {}
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            name = attachment.get_filename() or "attachment"
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            name, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        unique, n = name, 1
        while unique in files:  # two files of one name: both are kept
            n += 1
            unique = f"{n}-{name}"
        files[unique] = {"file": ContentFile(content), "mimetype": mimetype or ""}
    if files:
        email.attachments.add(*create_attachments(files))
    return email


@dataclass
class Pass:
    """What one pass of the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after the ``attempt``-th failure (1, 2, …) before the next try."""
    base = settings.OUTBOX_RETRY_BASE
    return min(base * (2 ** (attempt - 1)), settings.OUTBOX_RETRY_MAX)


def due(now: datetime):
    return Email.objects.filter(
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now),
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        status__in=WAITING,
    )


def _claim(now: datetime, batch: int) -> list[int]:
    """The ids of up to ``batch`` due messages, claimed by this worker until the lease
    ends: a compare-and-set on ``scheduled_time``, so two workers never claim one row."""
    lease = now + settings.OUTBOX_LEASE
    claimed = []
    candidates = due(now).order_by("-priority", "id").values_list("id", "scheduled_time")
    for pk, scheduled in candidates[:batch]:
        same = Q(scheduled_time__isnull=True) if scheduled is None else Q(scheduled_time=scheduled)
        if Email.objects.filter(same, pk=pk, status__in=WAITING).update(scheduled_time=lease):
            claimed.append(pk)
    return claimed


def _failed(email: Email, error: Exception, now: datetime) -> bool:
    """Record a failed try of ``email``; True when it will be tried again."""
    attempt = (email.number_of_retries or 0) + 1
    again = attempt <= settings.OUTBOX_MAX_RETRIES
    with transaction.atomic():
        Log.objects.create(
            email=email,
            status=STATUS.failed,
            message=str(error)[:2000] or repr(error),
            exception_type=type(error).__name__,
        )
        Email.objects.filter(pk=email.pk).update(
            status=STATUS.requeued if again else STATUS.failed,
            number_of_retries=attempt if again else email.number_of_retries,
            scheduled_time=now + retry_delay(attempt) if again else None,
            last_updated=now,
        )
    logger.warning(
        "email %s to %s not sent (try %s): %s%s",
        email.pk,
        email.to,
        attempt,
        type(error).__name__,
        "; will retry" if again else "; given up",
    )
    return again


def send_due(*, now: datetime | None = None, batch: int | None = None) -> Pass:
    """Send the messages that are due (at most ``batch``; ``OUTBOX_BATCH`` by default)."""
    now = now or timezone.now()
    claimed = _claim(now, batch or settings.OUTBOX_BATCH)
    done = Pass()
    if not claimed:
        return done
    emails = Email.objects.filter(pk__in=claimed).prefetch_related("attachments").order_by("id")
    connection = get_connection(settings.OUTBOX_TRANSPORT, fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # the mail server cannot be reached: the batch waits
        for email in emails:
            if _failed(email, error, now):
                done.retrying += 1
            else:
                done.failed += 1
        return done
    try:
        for email in emails:
            try:
                message = email.email_message()
                if message.recipients():
                    connection.send_messages([message])
            except Exception as error:
                if _failed(email, error, now):
                    done.retrying += 1
                else:
                    done.failed += 1
                # The server may have hung up: the next message opens a new connection.
                connection.close()
                continue
            Email.objects.filter(pk=email.pk).update(
                status=STATUS.sent, scheduled_time=None, last_updated=timezone.now()
            )
            done.sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("could not close the mail connection")
    return done


def send_again(emails) -> int:
    """Queue ``emails`` (a queryset) to be sent by the next pass, with a new count of tries."""
    return emails.update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now()
    )
