"""The subscriptions job: each confirmed subscription that is due gets the practices
published since its last email that match its filter, in its language.

Run by the worker (and ``manage.py send_subscriptions``). Safe to run twice or late: each
subscription's high-water mark (``sent_until``) advances in the transaction that writes its
email, so a practice is sent once. A practice counts once it has been published for
``SETTLE``: a publication whose transaction is still open when the job looks (its
``published_at`` already in the past) is then seen at a later run, never skipped.

Each distinct filter is evaluated once per run, from the catalogue's index; the practices
are read once; each group of subscriptions sharing a filter costs a fixed number of
queries (plus what notify() writes for each email).
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from practices.models import Practice
from stakeholders import mail

from .filters import describe, matching_ids
from .models import Subscription
from .services import unsubscribe_headers

SETTLE = timedelta(minutes=2)
WEEK = timedelta(days=7)
# The most practices one email lists; the catalogue link shows the others.
LISTED = 50


def _due(subscription: Subscription, cutoff) -> bool:
    if subscription.confirmed_at is None:
        return False
    if subscription.frequency == Subscription.Frequency.WEEKLY:
        return subscription.sent_until <= cutoff - WEEK
    return subscription.sent_until < cutoff


def run(now: datetime | None = None) -> int:
    """Send what is due at ``now`` (default: now); returns how many emails were written."""
    now = now or timezone.now()
    cutoff = now - SETTLE
    due = list(Subscription.objects.due(cutoff).only("pk", "query", "sent_until"))
    if not due:
        return 0
    since = min(subscription.sent_until for subscription in due)
    published = list(
        Practice.objects.published()
        .filter(published_at__gt=since, published_at__lte=cutoff)
        .select_related("organisation")
        .defer(*Practice.TEXT_FIELDS)
        .order_by("published_at", "pk")
    )
    if not published:
        # Nothing new for anyone: every due subscription is up to date, in one query.
        Subscription.objects.due(cutoff).filter(pk__in=[s.pk for s in due]).update(
            sent_until=cutoff
        )
        return 0
    by_query = defaultdict(list)
    for subscription in due:
        by_query[subscription.query].append(subscription.pk)
    sent = 0
    for query, ids in by_query.items():
        bits = matching_ids(query)
        matching = [practice for practice in published if practice.pk in bits]
        sent += _send(query, ids, matching, now=now, cutoff=cutoff)
    return sent


def _descriptions(query: str) -> dict[str, list]:
    """The filter described in each language, once (not once per email)."""
    descriptions = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            descriptions[language] = describe(query)
    return descriptions


@transaction.atomic
def _send(query: str, ids: list[int], matching: list, *, now, cutoff) -> int:
    """Email the subscriptions ``ids`` (of one filter) their share of ``matching`` and
    advance their marks, in one transaction."""
    # Read again under lock: another run may have sent them meanwhile, or they were
    # cancelled.
    subscriptions = list(Subscription.objects.select_for_update().filter(pk__in=ids))
    letters = {}
    changed = []
    for subscription in subscriptions:
        if not _due(subscription, cutoff):
            continue
        new = [p for p in matching if p.published_at > subscription.sent_until]
        subscription.sent_until = cutoff
        if new:
            subscription.last_sent_at = now
            letters[mail.Recipient(subscription.email, subscription.language)] = (
                subscription,
                new,
            )
        changed.append(subscription)
    if not changed:
        return 0
    descriptions = _descriptions(query) if letters else {}

    def context(recipient):
        subscription, new = letters[recipient]
        return {
            "subscription": subscription,
            "description": descriptions[subscription.language],
            "practices": new[:LISTED],  # linked from portal_url in the recipient's language
            "count": len(new),
            "more": max(0, len(new) - LISTED),
            "catalogue_link": mail.Link("practices:list"),
            "query": query,
            "unsubscribe_link": mail.Link("subscriptions:unsubscribe", token=subscription.token),
        }

    written = 0
    if letters:
        written = mail.notify(
            to=list(letters),
            template="subscriptions/email/new_practices",
            context=context,
            headers=lambda recipient: unsubscribe_headers(letters[recipient][0]),
        )
    Subscription.objects.bulk_update(changed, ["sent_until", "last_sent_at"])
    return written
