"""How long the portal keeps what it no longer needs, and the purge that enforces it.

Run daily (``manage.py purge_expired_data``, see the README); each run deletes what has
expired by then, so running it twice, or late, is harmless. The periods are settings:

- audit events older than ``AUDIT_RETENTION_DAYS`` (with the client addresses they hold);
- sessions past their expiry date, and sessions of accounts that no longer exist (an erased
  person's other devices);
- invitations used or expired more than ``INVITATION_RETENTION_DAYS`` ago (they hold an
  email address);
- calendar addresses revoked, and one-time form tokens sent, more than
  ``TOKEN_RETENTION_DAYS`` ago;
- the nameless record of an erased person once no meeting, action item or other record
  refers to it any more;
- emails of the outbox sent or given up more than ``OUTBOX_RETENTION_DAYS`` ago (they hold
  addresses and what was written), with their logs and attached files;
- public subscriptions never confirmed within ``SUBSCRIPTION_CONFIRM_DAYS`` (they hold an
  email address);
- the record of the reminders sent (``reminders.SentReminder``) after
  ``SENT_REMINDER_RETENTION_DAYS`` (a year): by then none of them could be due again;
- practices proposed from outside whose address was not confirmed within
  ``PROPOSAL_CONFIRM_DAYS`` (deleted), and the proposer's name, organisation and address
  ``PROPOSAL_RETENTION_DAYS`` after the coordinators' decision (erased; what was proposed
  stays).

The worker (``manage.py worker``) runs it once a day (lanzarote.jobs).
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from post_office.models import STATUS as EMAIL_STATUS
from post_office.models import Attachment as EmailAttachment
from post_office.models import Email

from meetings.models import CalendarToken
from proposals import services as proposal_services
from proposals.models import Proposal
from reminders.models import SENT_REMINDER_RETENTION_DAYS, SentReminder
from stakeholders.models import AuditEvent, FormSubmission, Invitation, Person
from subscriptions.models import Subscription

BATCH = 1000


def _days_ago(now, days: int):
    return now - timedelta(days=days)


def _unreferenced(model):
    """Rows of ``model`` that no row of another table points to."""
    queryset = model.objects.all()
    for relation in model._meta.get_fields():
        if relation.auto_created and not relation.concrete:
            queryset = queryset.exclude(
                Exists(
                    relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")})
                )
            )
    return queryset


def _sessions_in_database() -> bool:
    return settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )


def _sessions_of_deleted_accounts(now) -> list[str]:
    """Keys of the unexpired sessions whose account no longer exists (an erased person's
    other devices): a session keeps what it was given until it expires."""
    User = get_user_model()
    accounts = set(User.objects.values_list("pk", flat=True))
    orphans = []
    for session in Session.objects.filter(expire_date__gte=now).iterator(chunk_size=BATCH):
        user_id = session.get_decoded().get("_auth_user_id")
        if user_id is not None and User._meta.pk.to_python(user_id) not in accounts:
            orphans.append(session.pk)
    return orphans


def _delete_email_files() -> int:
    """Delete the files attached to no email any more (their emails were purged)."""
    deleted = 0
    while batch := list(EmailAttachment.objects.filter(emails=None)[:BATCH]):
        for attachment in batch:
            attachment.file.delete(save=False)
        EmailAttachment.objects.filter(pk__in=[one.pk for one in batch]).delete()
        deleted += len(batch)
    return deleted


def purge(*, now=None, dry_run: bool = False) -> dict[str, int]:
    """Delete what the retention periods no longer cover; returns the count of each kind
    (what would be deleted, with ``dry_run``)."""
    now = now or timezone.now()
    audit_before = _days_ago(now, settings.AUDIT_RETENTION_DAYS)
    invitations_before = _days_ago(now, settings.INVITATION_RETENTION_DAYS)
    tokens_before = _days_ago(now, settings.TOKEN_RETENTION_DAYS)
    kinds = {
        "audit events": AuditEvent.objects.filter(at__lt=audit_before),
        "invitations": Invitation.objects.filter(
            Q(accepted_at__lt=invitations_before)
            | Q(accepted_at__isnull=True, expires_at__lt=invitations_before)
        ),
        "revoked calendar addresses": CalendarToken.objects.filter(revoked_at__lt=tokens_before),
        "form tokens": FormSubmission.objects.filter(created_at__lt=tokens_before),
        "erased people": _unreferenced(Person).filter(erased_at__isnull=False),
        "emails sent": Email.objects.filter(
            status__in=(EMAIL_STATUS.sent, EMAIL_STATUS.failed),
            last_updated__lt=_days_ago(now, settings.OUTBOX_RETENTION_DAYS),
        ),
        "unconfirmed subscriptions": Subscription.objects.expired(now),
        "unconfirmed proposals": Proposal.objects.expired(now),
        "sent reminders": SentReminder.objects.filter(
            sent_at__lt=_days_ago(now, SENT_REMINDER_RETENTION_DAYS)
        ),
    }
    orphans = []
    if _sessions_in_database():
        kinds["expired sessions"] = Session.objects.filter(expire_date__lt=now)
        orphans = _sessions_of_deleted_accounts(now)
    if dry_run:
        counts = {kind: queryset.count() for kind, queryset in kinds.items()}
    else:
        counts = {}
        for kind, queryset in kinds.items():
            with transaction.atomic():
                # Counted by the rows of the model itself, not the rows deleted with them.
                counts[kind] = queryset.delete()[1].get(queryset.model._meta.label, 0)
        counts["email attachments"] = _delete_email_files()
        for start in range(0, len(orphans), BATCH):
            Session.objects.filter(pk__in=orphans[start : start + BATCH]).delete()
        if not _sessions_in_database():
            import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    counts["sessions of deleted accounts"] = len(orphans)
    counts["proposers' personal data"] = proposal_services.erase_expired(now=now, dry_run=dry_run)
    return counts
