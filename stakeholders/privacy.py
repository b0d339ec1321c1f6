"""Personal data (GDPR): what the portal holds about a person, and erasing it.

Practices, meetings and action items stay — they belong to the organisations and the
working groups — but nothing in them points to the person any more.
"""

from django.db import transaction
from django.utils import timezone
from post_office.models import Email

from meetings.models import (
    ActionItem,
    ActionItemComment,
    Attendance,
    CalendarToken,
    MinutesComment,
)
from practices.models import Improvement, Practice, Transition
from protocols.models import ProtocolSuggestion
from reminders.models import SentReminder
from stakeholders import audit
from stakeholders.models import AuditEvent, Invitation, Membership, Person
from subscriptions.models import Follow, Subscription


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the portal holds about ``user`` and their person record, as JSON data."""
    person = Person.objects.filter(user=user).select_related("organisation").first()
    data = {
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
            "language": user.language,
            "reminders_off": user.reminders_off,
        },
        "person": None,
        "memberships": [],
        "invitations": [],
        "attendances": [],
        "action_items": [],
    }
    if person is not None:
        data["person"] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": person.job_title,
            "organisation": person.organisation.name,
            "email": person.email,
            "phone": person.phone,
            "languages": person.languages,
        }
        data["memberships"] = [
            {"group": str(m.group), "role": m.role, "since": _iso(m.since)}
            for m in Membership.objects.filter(person=person).select_related("group")
        ]
        data["invitations"] = [
            {"group": str(i.group), "sent": _iso(i.created_at), "accepted": _iso(i.accepted_at)}
            for i in Invitation.objects.filter(person=person).select_related("group")
        ]
        data["attendances"] = [
            {
                "meeting": a.meeting.title,
                "date": _iso(a.meeting.starts_at),
                "status": a.status,
                "mode": a.mode,
            }
            for a in Attendance.objects.filter(person=person).select_related("meeting")
        ]
        data["action_items"] = [
            {"action": a.title, "due": _iso(a.due_on), "status": a.status}
            for a in ActionItem.objects.filter(owner=person)
        ]
    data["practices_created"] = [
        {"title": p.title, "status": p.status, "created": _iso(p.created_at)}
        for p in Practice.objects.filter(created_by=user).only(
            "title", "title_fr", "title_en", "status", "created_at"
        )
    ]
    data["review_steps"] = [
        {"practice": t.practice.title, "to": t.to_status, "at": _iso(t.at), "note": t.note}
        for t in Transition.objects.filter(by=user).select_related("practice")
    ]
    data["improvements"] = [
        {"practice": i.practice.title, "text": i.text, "status": i.status}
        for i in Improvement.objects.filter(author=user).select_related("practice")
    ]
    data["action_item_comments"] = [
        {
            "action": c.action_item.title,
            "status": c.status,
            "text": c.text,
            "at": _iso(c.created_at),
        }
        for c in ActionItemComment.objects.filter(author=user).select_related("action_item")
    ]
    data["minutes_comments"] = [
        {"meeting": c.meeting.title, "text": c.text, "at": _iso(c.created_at)}
        for c in MinutesComment.objects.filter(author=user).select_related("meeting")
    ]
    data["protocol_changes_proposed"] = [
        {
            "protocol": s.protocol.title,
            "text": s.text,
            "status": s.status,
            "answer": s.response,
            "at": _iso(s.created_at),
        }
        for s in ProtocolSuggestion.objects.filter(author=user).select_related("protocol")
    ]
    data["calendar_addresses"] = [
        {"group": str(t.group), "created": _iso(t.created_at), "revoked": _iso(t.revoked_at)}
        for t in CalendarToken.objects.filter(user=user).select_related("group")
    ]
    data["followed_practices"] = [
        {"practice": f.practice.title, "since": _iso(f.created_at)}
        for f in Follow.objects.filter(user=user).select_related("practice")
    ]
    # Public subscriptions need no account; those of the account's address are its own.
    data["subscriptions"] = [
        {
            "filter": s.query,
            "frequency": s.frequency,
            "language": s.language,
            "requested": _iso(s.created_at),
            "confirmed": _iso(s.confirmed_at),
            "last_sent": _iso(s.last_sent_at),
        }
        for s in Subscription.objects.of_address(user.email)
    ]
    data["reminders_sent"] = [
        {"kind": r.kind, "about": r.object_key, "period": r.period, "sent": _iso(r.sent_at)}
        for r in SentReminder.objects.filter(user=user).order_by("sent_at", "pk")
    ]
    data["audit_events"] = [
        {"at": _iso(e.at), "action": e.action}
        for e in AuditEvent.objects.filter(actor=user).order_by("at")
    ]
    return data


@transaction.atomic
def erase_person(*, person: Person, by) -> None:
    """Remove a person's personal data everywhere and close their account.

    The person record stays, nameless, so that meetings and action items keep their shape;
    memberships and pending invitations go; the login is deleted (its practices, review
    steps, suggestions and comments stay, without an author; the record of the reminders
    sent to it goes with it).
    """
    user = person.user
    audit.record(
        AuditEvent.Action.PERSON_ERASED,
        actor=by if by is not None and by != user else None,
        target=person,
        by_self=by is not None and by == user,
    )
    Membership.objects.filter(person=person).delete()
    Invitation.objects.filter(person=person).delete()
    _forget_emails({address for address in (person.email, user and user.email) if address})
    if user is not None:
        # Followed practices go with the account; the subscriptions of its address too.
        Subscription.objects.of_address(user.email).delete()
    person.first_name = ""
    person.last_name = ""
    person.job_title = ""
    person.email = ""
    person.phone = ""
    person.languages = []
    person.user = None
    person.erased_at = timezone.now()
    person.save()
    if user is not None:
        user.delete()


def _forget_emails(addresses: set[str]) -> None:
    """Delete the outbox's emails to ``addresses``: those waiting are not sent any more, and
    those sent keep nobody's address (lanzarote.outbox)."""
    wanted = {address.lower() for address in addresses}
    candidates = Email.objects.none()
    for address in wanted:
        candidates = candidates | Email.objects.filter(to__icontains=address)
    mine = [
        email.pk
        for email in candidates.only("pk", "to")
        if wanted & {address.lower() for address in email.to}
    ]
    Email.objects.filter(pk__in=mine).delete()


@transaction.atomic
def erase_own_account(*, user) -> None:
    """A member erases themselves: their person record as ``erase_person`` does, or, for an
    account without one, the account."""
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is not None:
        erase_person(person=person, by=user)
    else:
        _forget_emails({user.email})
        Subscription.objects.of_address(user.email).delete()
        user.delete()
