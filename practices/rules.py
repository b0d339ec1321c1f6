"""Who may see, edit and review a practice: every rule in one place."""

from django.db.models import Exists, OuterRef, Q, Subquery

from stakeholders.models import Membership, User
from stakeholders.permissions import roles

from .models import Improvement, Practice, Transition

OWNER_EDITABLE = {Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED}


def is_owner(user, practice: Practice) -> bool:
    """A member of the organisation that keeps the practice; or, while that organisation
    has nobody on the portal, the coordinator of the practice's group who created it (a
    draft made from a proposal from outside: proposals.services)."""
    r = roles(user)
    if not r.is_member:
        return False
    if r.organisation_id == practice.organisation_id:
        return True
    return (
        practice.created_by_id == user.pk
        and practice.group_id in r.coordinator_of
        and not _has_people(practice.organisation_id)
    )


def _has_people(organisation_id) -> bool:
    """Whether an active account belongs to the organisation."""
    return User.objects.filter(person__organisation_id=organisation_id, is_active=True).exists()


def stewarded_by(user):
    """The condition on practices that ``is_owner`` grants ``user`` besides their own
    organisation's: those they created as coordinators of the group, for an organisation
    that has nobody on the portal yet (for lists)."""
    r = roles(user)
    people = User.objects.filter(
        person__organisation_id=OuterRef("organisation_id"), is_active=True
    )
    return Q(created_by=user, group_id__in=r.coordinator_of) & ~Exists(people)


def can_review(user, practice: Practice) -> bool:
    """Coordinators of the practice's working group, and staff."""
    r = roles(user)
    return r.is_staff or practice.group_id in r.coordinator_of


def can_view(user, practice: Practice) -> bool:
    if practice.status == Practice.Status.PUBLISHED:
        return True
    if is_owner(user, practice):
        return True
    return can_review(user, practice) and practice.status != Practice.Status.DRAFT


def can_create(user) -> bool:
    r = roles(user)
    return r.is_member and r.organisation_id is not None


def can_edit(user, practice: Practice) -> bool:
    """Owners edit their drafts and sent-back practices; reviewers edit any but drafts."""
    if is_owner(user, practice) and practice.status in OWNER_EDITABLE:
        return True
    return can_review(user, practice) and practice.status != Practice.Status.DRAFT


def organisation_involved(user, practice: Practice) -> bool:
    """Whether the user's organisation keeps the practice or takes part in it, in any role
    (lead, partner, funder): the four-eyes rule."""
    organisation_id = roles(user).organisation_id
    if organisation_id is None:
        return False
    return organisation_id == practice.organisation_id or any(
        partner.organisation_id == organisation_id for partner in practice.partner_set.all()
    )


# The change history's reason for a save of the practice's content (services.practice_save),
# as opposed to a step of the review.
EDITED = "edited"


def _edits():
    """The change history's content saves of a practice, newest first."""
    return Practice.history.filter(history_change_reason=EDITED).order_by(
        "-history_date", "-history_id"
    )


def last_changed_by_id(practice: Practice) -> int | None:
    """The account that saved the practice's content last, from its change history."""
    return _edits().filter(id=practice.pk).values_list("history_user_id", flat=True).first()


def with_authorship(queryset, user):
    """``queryset`` annotated with what ``wrote_practice`` needs about ``user``, so that a list
    of practices asks it in the same query instead of two queries per practice."""
    return queryset.annotate(
        submitted_by_user=Exists(
            Transition.objects.filter(
                practice=OuterRef("pk"), to_status=Practice.Status.SUBMITTED, by_id=user.pk
            )
        ),
        last_changed_by_id=Subquery(
            _edits().filter(id=OuterRef("pk")).values("history_user_id")[:1]
        ),
    )


def created_or_submitted(user, practice: Practice) -> bool:
    """Whether the user created the practice or submitted it for review."""
    return practice.created_by_id == user.pk or (
        practice.transitions.filter(to_status=Practice.Status.SUBMITTED, by=user).exists()
    )


def could_not_publish(user, practice: Practice) -> bool:
    """The four-eyes rule, before an edit: the user's organisation takes part in the practice,
    or the user created or submitted it (their own later change is what makes them its last
    editor, so it is not counted here)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return organisation_involved(user, practice) or created_or_submitted(user, practice)


def wrote_practice(user, practice: Practice) -> bool:
    """Whether the user created, submitted or last changed the practice (four-eyes rule).
    Reads the annotations of ``with_authorship`` when the practice carries them."""
    if not user.is_authenticated:
        return False
    if practice.created_by_id == user.pk:
        return True
    if hasattr(practice, "submitted_by_user"):
        return practice.submitted_by_user or practice.last_changed_by_id == user.pk
    return created_or_submitted(user, practice) or last_changed_by_id(practice) == user.pk


def can_suggest_improvement(user, practice: Practice) -> bool:
    return roles(user).is_member and practice.status == Practice.Status.PUBLISHED


def can_discuss(user, improvement: Improvement) -> bool:
    """Who reads a suggestion's discussion: members of the practice's group (its
    coordinators too), the suggestion's author while a member of a group, and staff."""
    r = roles(user)
    if not r.is_member:
        return False
    return (
        r.is_staff
        or improvement.practice.group_id in r.member_of
        or (improvement.author_id is not None and improvement.author_id == user.pk)
    )


def can_comment(user, improvement: Improvement) -> bool:
    """Those who read the discussion write in it while the suggestion is open."""
    return improvement.is_open and can_discuss(user, improvement)


def improvement_answerers(group_ids):
    """Who answers the improvement suggestions of the practices of the groups ``group_ids``
    and is told of them: the coordinator memberships of those groups (``can_review``)
    whose person has an active account, with ``person__user`` selected. Staff may answer
    too but are not told: they oversee every group, the suggestions are each group's
    coordination's."""
    return Membership.objects.coordinators_of(group_ids)
