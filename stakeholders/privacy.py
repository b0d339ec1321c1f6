"""Personal data (GDPR): what the portal holds about a person, and erasing it.

Practices, meetings and action items stay — they belong to the organisations and the
working groups — but nothing in them points to the person any more.

Each app that holds personal data says so in its own ``privacy.py``:
``personal_data(user, person) -> dict`` (its keys of the export; ``person`` is the
account's person record, or None) and ``forget(user)`` (what must go before the account is
deleted; what points to the account goes with it or loses its author). Data flows one way:
this module imports no other app, it reads the modules the ``PRIVACY_MODULES`` setting
lists, in its order, which is therefore the order of the export's sections and of the
erasure.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from post_office.models import Email

from stakeholders import audit
from stakeholders.models import AuditEvent, Invitation, Membership, Person


@cache
def app_privacy_modules() -> tuple:
    """The other apps' ``privacy`` modules (the ``PRIVACY_MODULES`` setting), in order."""
    return tuple(import_module(name) for name in settings.PRIVACY_MODULES)


def iso(value):
    """A moment of the export, as ISO 8601 text (None if there is none)."""
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the portal holds about ``user`` and their person record, as JSON data:
    the account's and the person's here, then each app's (``app_privacy_modules``)."""
    person = Person.objects.filter(user=user).select_related("organisation").first()
    data = {
        "exported_at": iso(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "is_staff": user.is_staff,
            "language": user.language,
            "reminders_off": user.reminders_off,
        },
        "person": None,
        "memberships": [],
        "invitations": [],
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
            {"group": str(m.group), "role": m.role, "since": iso(m.since)}
            for m in Membership.objects.filter(person=person).select_related("group")
        ]
        data["invitations"] = [
            {"group": str(i.group), "sent": iso(i.created_at), "accepted": iso(i.accepted_at)}
            for i in Invitation.objects.filter(person=person).select_related("group")
        ]
    for module in app_privacy_modules():
        section = module.personal_data(user, person)
        # Each app has its own keys: one never hides another's data.
        clash = set(section) & set(data)
        if clash:
            raise ValueError(f"{module.__name__} repeats the export keys {sorted(clash)}")
        data.update(section)
    data["audit_events"] = [
        {"at": iso(e.at), "action": e.action}
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
        _forget_in_apps(user)
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


def _forget_in_apps(user) -> None:
    """What each app must forget before ``user``'s account is deleted, app by app."""
    for module in app_privacy_modules():
        module.forget(user)


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
        _forget_in_apps(user)
        user.delete()
