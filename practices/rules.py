"""Who may see, edit and review a practice: every rule in one place."""

from stakeholders.permissions import roles

from .models import Practice

OWNER_EDITABLE = {Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED}


def is_owner(user, practice: Practice) -> bool:
    """A member of the organisation that keeps the practice."""
    r = roles(user)
    return r.is_member and r.organisation_id == practice.organisation_id


def can_review(user, practice: Practice) -> bool:
    """Coordinators of the practice's working group, and staff."""
    r = roles(user)
    return r.is_staff or practice.group_id in r.coordinator_of


def reviewable(user):
    """The practices ``user`` reviews: those of the groups they coordinate; all for staff."""
    r = roles(user)
    if r.is_staff:
        return Practice.objects.all()
    return Practice.objects.filter(group_id__in=r.coordinator_of)


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


def leads_practice(user, practice: Practice) -> bool:
    """Whether the user's organisation leads the practice (four-eyes rule)."""
    r = roles(user)
    lead = practice.lead
    return lead is not None and r.organisation_id == lead.pk


def can_suggest_improvement(user, practice: Practice) -> bool:
    return roles(user).is_member and practice.status == Practice.Status.PUBLISHED
