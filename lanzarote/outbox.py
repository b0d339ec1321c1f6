"""The outbox: no email is lost, no request waits for the mail server.

Every email the portal sends (``stakeholders.mail.notify()``, allauth's own) goes through
Django's ``EMAIL_BACKEND``, which is ``OutboxBackend``: it stores the message as a row of
django-post-office's ``Email`` table, in the transaction of the change that causes it (a
change that is undone leaves no email; an email is never lost once the change is saved).
The worker (``manage.py worker``) sends what is due through the real transport
(``settings.OUTBOX_TRANSPORT``: SMTP in production, the console in development):

- each pass claims the due rows with a compare-and-set on ``scheduled_time`` (a lease), so
  that two workers never send one message twice; a pass stops after half the lease (a
  slow server) or when the worker is stopping, and gives back what it has not sent; a
  worker killed mid-send leaves its messages to be sent again once the lease ends;
- a message that cannot be sent is retried with exponential backoff
  (``OUTBOX_RETRY_BASE`` × 2ⁿ, at most ``OUTBOX_RETRY_MAX``), ``OUTBOX_MAX_RETRIES`` times,
  then stays *failed*; a refusal no retry can mend (SMTP 5xx) fails at once; every failure
  is recorded with its error, which staff see in the admin (*Emails*), where *Send again*
  queues a failed one anew;
- when the mail server cannot be reached at all, the batch waits after one connection
  attempt, longer after each pass that fails, and the outage does not use up the
  messages' tries;
- once sent, a message's text, HTML, headers and files are dropped (they may hold
  password-reset or answer links); its addresses, subject and dates stay until the daily
  purge (``OUTBOX_RETENTION_DAYS``).
"""

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.settings import get_message_id_fqdn
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


@transaction.atomic
def store(message) -> Email:
    """``message`` (an ``EmailMessage``) as a queued row of the outbox, with its files.

    The row is built here, not with ``post_office.mail.create()``, which renders subject
    and text as Django templates: what people wrote ("{{", "{%") is sent as written.
    """
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
    email = Email(
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=headers or None,
        priority=PRIORITY.medium,
        status=STATUS.queued,
        message_id=make_msgid(domain=get_message_id_fqdn()),
    )
    email.save()
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
    released: int = 0
    unreachable: bool = False


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


def permanent(error: Exception) -> bool:
    """True for an error that no retry can mend: the server refused the message or its
    addresses for good (SMTP 5xx), or the message itself is malformed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reason in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, (ValueError, TypeError, UnicodeError))


def _failed(email: Email, error: Exception) -> bool:
    """Record a failed try of ``email``; True when it will be tried again."""
    now = timezone.now()
    attempt = (email.number_of_retries or 0) + 1
    again = attempt <= settings.OUTBOX_MAX_RETRIES and not permanent(error)
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
    # The email's number, not its address: the log is no place for personal data.
    logger.warning(
        "email %s not sent (try %s): %s%s",
        email.pk,
        attempt,
        type(error).__name__,
        "; will retry" if again else "; given up",
    )
    return again


def _sent(email: Email) -> None:
    """Mark ``email`` sent. What it said (a password-reset link, an answer link) is not kept
    once delivered: subject, addresses and dates stay for the record."""
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.sent,
        scheduled_time=None,
        message="",
        html_message="",
        headers=None,
        last_updated=timezone.now(),
    )
    email.attachments.clear()  # their files go with the daily purge


class _Outage:
    """How many passes in a row could not reach the mail server (this process)."""

    passes = 0


def _unreachable(claimed: list[int], error: Exception, done: "Pass") -> None:
    """The mail server cannot be reached: the batch waits for the next try, longer after each
    pass that fails, without counting it against each email (an outage is not their fault);
    the error is shown on each, once per pass."""
    _Outage.passes += 1
    now = timezone.now()
    Log.objects.bulk_create(
        Log(
            email_id=pk,
            status=STATUS.failed,
            message=str(error)[:2000] or repr(error),
            exception_type=type(error).__name__,
        )
        for pk in claimed
    )
    Email.objects.filter(pk__in=claimed).update(
        status=STATUS.requeued,
        scheduled_time=now + retry_delay(_Outage.passes),
        last_updated=now,
    )
    done.unreachable = True
    done.retrying += len(claimed)
    logger.warning(
        "mail server unreachable (%s pass(es) in a row): %s", _Outage.passes, type(error).__name__
    )


def _release(pks: list[int]) -> None:
    """Give back claimed emails this pass will not send (stopping, or the lease ending)."""
    if pks:
        Email.objects.filter(pk__in=pks, status__in=WAITING).update(scheduled_time=None)


def send_due(
    *,
    now: datetime | None = None,
    batch: int | None = None,
    stopping: Callable[[], bool] = lambda: False,
) -> Pass:
    """Send the messages that are due (at most ``batch``; ``OUTBOX_BATCH`` by default).

    Stops early, giving back what it has not sent, when ``stopping()`` becomes true or
    half the lease has gone (a slow server must not let a second worker take them too).
    """
    now = now or timezone.now()
    claimed = _claim(now, batch or settings.OUTBOX_BATCH)
    done = Pass()
    if not claimed:
        return done
    deadline = time.monotonic() + settings.OUTBOX_LEASE.total_seconds() / 2
    connection = get_connection(settings.OUTBOX_TRANSPORT, fail_silently=False)
    try:
        connection.open()
    except Exception as error:
        _unreachable(claimed, error, done)
        return done
    _Outage.passes = 0
    emails = list(
        Email.objects.filter(pk__in=claimed).prefetch_related("attachments").order_by("id")
    )
    try:
        for index, email in enumerate(emails):
            if stopping() or time.monotonic() > deadline:
                _release([one.pk for one in emails[index:]])
                done.released = len(emails) - index
                break
            try:
                message = email.email_message()
                if message.recipients():
                    connection.send_messages([message])
            except Exception as error:
                if _failed(email, error):
                    done.retrying += 1
                else:
                    done.failed += 1
                # The server may have hung up: the next message opens a new connection.
                _close(connection)
                continue
            _sent(email)
            done.sent += 1
    finally:
        _close(connection)
    return done


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a dead socket: nothing left to close
        logger.info("the mail connection was already gone")


def send_again(emails) -> int:
    """Queue the failed ones of ``emails`` (a queryset) to be sent by the next pass, with a
    new count of tries. A sent email is not sent twice, nor one a worker holds."""
    return emails.filter(status=STATUS.failed).update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now()
    )
