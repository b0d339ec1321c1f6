"""Actions that write several stakeholder models: invitations and memberships."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, mail, permissions
from .choices import ReminderKind
from .mail import Link
from .models import AuditEvent, Invitation, Membership, Organisation, Person, WorkingGroup

User = get_user_model()


@dataclass(frozen=True)
class InvitationResult:
    """What an invitation did: a new link was sent, or an existing account was added."""

    person: Person
    invitation: Invitation | None
    added_directly: bool


@transaction.atomic
def invitation_create(
    *,
    group: WorkingGroup,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    role: str,
    by,
    invitee_language: str = "",
) -> InvitationResult:
    """Invite ``email`` into ``group``.

    The person is found by email or created. Someone who already has an account is added
    to the group at once and told by email, in their account's language; anyone else gets
    a single-use link that expires after ``INVITATION_VALID_DAYS``, written in
    ``invitee_language`` (the inviter's choice, which becomes the new account's language;
    by default the person's, see stakeholders.mail). Emails leave only once the
    transaction commits.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if not group.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(organisation)s is not in the directory of this working group.")
            % {"organisation": organisation},
            code="organisation_outside_group",
        )
    person = Person.objects.filter(email__iexact=email).select_related("user").first()
    if person is not None and not permissions.can_manage_person(by, person):
        # Someone of another group's directory: that group's coordinators (or staff) decide.
        raise ValidationError(
            _(
                "%(email)s is in the directory of another working group: its coordinators "
                "or the portal's staff can add them to yours."
            )
            % {"email": email},
            code="person_outside_scope",
        )
    if person is None:
        person = Person(
            first_name=first_name, last_name=last_name, email=email, organisation=organisation
        )
        person.full_clean()
        person.save()
    elif Membership.objects.filter(person=person, group=group).exists() and person.user_id:
        raise ValidationError(
            _("%(email)s is already a member of this working group.") % {"email": email},
            code="already_member",
        )

    user = person.user or User.objects.filter(email__iexact=email).first()
    if person.user_id is None and user is not None and _bound_or_protected(user):
        # A login is never linked to a second person, nor a staff login to a group's person.
        raise ValidationError(
            _("The account of %(email)s cannot be linked to this person; ask the portal's staff.")
            % {"email": email},
            code="account_not_linkable",
        )
    if user is not None and not user.is_active:
        # Only staff reactivate an account they deactivated (in the admin).
        raise ValidationError(
            _("The account of %(email)s has been deactivated; ask the portal's staff.")
            % {"email": email},
            code="inactive_account",
        )
    context = {"group": group, "person": person, "inviter": by}
    if user is not None and user.has_usable_password():
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        Membership.objects.update_or_create(person=person, group=group, defaults={"role": role})
        audit.record(AuditEvent.Action.MEMBER_ADDED, actor=by, target=group, role=role)
        mail.notify(
            to=user, template="stakeholders/email/added", context={**context, "link": Link(group)}
        )
        return InvitationResult(person=person, invitation=None, added_directly=True)

    # Earlier links for the same person and group stop working: only the newest counts.
    Invitation.objects.pending().filter(person=person, group=group).update(
        expires_at=timezone.now()
    )
    token = Invitation.new_token()
    invitation = Invitation(
        email=email,
        person=person,
        group=group,
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
        expires_at=Invitation.default_expiry(),
        language=invitee_language or mail.person_language(person),
    )
    invitation.full_clean()
    invitation.save()
    audit.record(AuditEvent.Action.INVITATION_SENT, actor=by, target=invitation, role=role)
    context.update(link=Link("invitation_accept", token=token), expires_at=invitation.expires_at)
    mail.notify(to=invitation, template="stakeholders/email/invitation", context=context)
    return InvitationResult(person=person, invitation=invitation, added_directly=False)


def _bound_or_protected(user) -> bool:
    return user.is_staff or Person.objects.filter(user=user).exists()


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("group", "person", "person__organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Use an invitation: create the account with ``password`` and join the group.

    The row is locked so that two clicks on the same link cannot both succeed.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.is_used:
        raise ValidationError(_("This invitation link has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("This invitation link has expired."), code="expired")

    person = invitation.person
    user = person.user or User.objects.filter(email__iexact=invitation.email).first()
    # The password rules hold here, and only here: the form, the shell and an import all
    # come through this service. Keyed "password" so that a page can show them on its field.
    try:
        validate_password(
            password, user or User(email=invitation.email, full_name=person.full_name)
        )
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    if person.user_id is None and user is not None and _bound_or_protected(user):
        raise ValidationError(
            _("This invitation link cannot be used with this account; ask the portal's staff."),
            code="account_not_linkable",
        )
    if user is None:
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=person.full_name,
            language=invitation.language,
        )
    elif not user.is_active:
        raise ValidationError(
            _("This account has been deactivated; ask the portal's staff."), code="inactive"
        )
    else:
        # Like a password-reset link, the invitation proves that the person owns the address.
        user.set_password(password)
        user.save(update_fields=["password"])
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    Membership.objects.update_or_create(
        person=person, group=invitation.group, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(AuditEvent.Action.INVITATION_ACCEPTED, actor=user, target=invitation)
    return user


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by=None) -> Membership:
    """Make a member a coordinator, or a coordinator a member again.

    A group always keeps at least one coordinator.
    """
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    if (
        membership.role == Membership.Role.COORDINATOR
        and role != Membership.Role.COORDINATOR
        and not Membership.objects.filter(group=membership.group, role=Membership.Role.COORDINATOR)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            _("A working group needs at least one coordinator."), code="last_coordinator"
        )
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(AuditEvent.Action.ROLE_CHANGED, actor=by, target=membership, role=role)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by=None) -> None:
    """Take a person out of a group; the last coordinator cannot be removed."""
    if (
        membership.role == Membership.Role.COORDINATOR
        and not Membership.objects.filter(group=membership.group, role=Membership.Role.COORDINATOR)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            _("A working group needs at least one coordinator."), code="last_coordinator"
        )
    audit.record(
        AuditEvent.Action.MEMBER_REMOVED,
        actor=by,
        target=membership.group,
        person=membership.person_id,
    )
    membership.delete()


# ---------------------------------------------------------------- the directory


def _save_recorded(instance, *, action: str, by, changed: list[str] | None = None):
    """Validate and save ``instance``, and record ``action``: for a change, only when
    something ``changed``, naming the fields (email, phone…), never their values."""
    instance.full_clean()
    instance.save()
    if changed is None:
        audit.record(action, actor=by, target=instance)
    elif changed:
        audit.record(action, actor=by, target=instance, fields=sorted(changed))
    return instance


@transaction.atomic
def organisation_create(
    *, organisation: Organisation, group: WorkingGroup | None = None, by
) -> Organisation:
    """Add ``organisation`` to the directory and, when given, to ``group``."""
    _save_recorded(organisation, action=AuditEvent.Action.ORGANISATION_CREATED, by=by)
    if group is not None:
        group_organisation_add(group=group, organisation=organisation, by=by)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, changed: list[str], by) -> Organisation:
    return _save_recorded(
        organisation, action=AuditEvent.Action.ORGANISATION_CHANGED, by=by, changed=changed
    )


@transaction.atomic
def person_create(*, person: Person, by) -> Person:
    return _save_recorded(person, action=AuditEvent.Action.PERSON_CREATED, by=by)


@transaction.atomic
def login_email_keep(*, user) -> EmailAddress:
    """Before a change of login email is asked for: the current login stays the account's
    confirmed, primary address (the invitation proved it; allauth would otherwise take it
    for a pending change, and drop it), and only the address about to be asked for will be
    pending: the unconfirmed others go."""
    addresses = EmailAddress.objects.filter(user=user)
    addresses.filter(verified=False).exclude(email__iexact=user.email).delete()
    # One primary address: the login's.
    addresses.exclude(email__iexact=user.email).filter(primary=True).update(primary=False)
    address = addresses.filter(email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email.lower())
    address.verified = address.primary = True
    address.save()
    return address


@transaction.atomic
def person_follow_login_email(*, user) -> Person | None:
    """Once a new login email is confirmed, the person's contact address follows it:
    meeting invitations and answer links go to ``Person.email``, and must not keep going to
    an address the member gave up."""
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is None or person.email == user.email:
        return person
    person.email = user.email
    return _save_recorded(
        person, action=AuditEvent.Action.PERSON_CHANGED, by=user, changed=["email"]
    )


@transaction.atomic
def person_update(*, person: Person, changed: list[str], by) -> Person:
    """Save a coordinator's changes to ``person``; the email address of a coordinator's or
    staff's login changes only by them or staff (stakeholders.permissions)."""
    if "email" in changed and not permissions.can_change_account_of(by, person):
        raise ValidationError(
            {"email": _("Only this person or the portal's staff can change this address.")},
            code="protected_account",
        )
    return _save_recorded(person, action=AuditEvent.Action.PERSON_CHANGED, by=by, changed=changed)


@transaction.atomic
def group_organisation_add(*, group: WorkingGroup, organisation: Organisation, by) -> None:
    """Bring ``organisation`` into ``group``'s directory, recording who did it and when.

    Listing an organisation gives no power over it when another group listed it first
    (stakeholders.permissions)."""
    group.organisations.add(
        organisation, through_defaults={"added_by": by, "added_at": timezone.now()}
    )
    audit.record(
        AuditEvent.Action.GROUP_ORGANISATION_ADD,
        actor=by,
        target=group,
        organisation=organisation.pk,
    )


@transaction.atomic
def group_organisation_remove(*, group: WorkingGroup, organisation: Organisation, by) -> None:
    """Take ``organisation`` out of ``group``; refused while its people are members."""
    if group.memberships.filter(person__organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s still has members in this group: remove them first.")
            % {"organisation": organisation.name},
            code="organisation_has_members",
        )
    group.organisations.remove(organisation)
    audit.record(
        AuditEvent.Action.GROUP_ORGANISATION_REMOVE,
        actor=by,
        target=group,
        organisation=organisation.pk,
    )


@transaction.atomic
def own_record_update(
    *,
    user,
    language: str,
    job_title: str = "",
    phone: str = "",
    languages: list[str] | tuple = (),
) -> None:
    """A member corrects their own record: the language the portal writes to them in and,
    when they have a person record, their job title, phone and languages spoken. The change
    is recorded (field names only) like a coordinator's change to a person."""
    if user.language != language:
        user.language = language
        user.full_clean()
        user.save(update_fields=["language"])
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is None:
        return
    values = {"job_title": job_title.strip(), "phone": phone.strip(), "languages": list(languages)}
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if not changed:
        return
    for name, value in values.items():
        setattr(person, name, value)
    _save_recorded(person, action=AuditEvent.Action.PERSON_CHANGED, by=user, changed=changed)


@transaction.atomic
def reminder_preferences_update(*, user, wanted) -> list[str]:
    """``user`` chooses the reminders they get: ``wanted`` (``ReminderKind`` values) are on,
    every other kind is off. Returns the kinds turned off."""
    wanted = set(wanted)
    unknown = wanted - set(ReminderKind.values)
    if unknown:
        raise ValidationError(_("Choose reminders from the list."), code="unknown_reminder")
    off = [kind for kind in ReminderKind.values if kind not in wanted]
    stored = User.objects.select_for_update().get(pk=user.pk)
    if stored.reminders_off != off:
        stored.reminders_off = off
        stored.full_clean()
        stored.save(update_fields=["reminders_off"])
    user.reminders_off = off
    return off
