"""Who may see, create and revise a territory's protocols.

Coordinators of any working group whose territory is the protocol's territory create, edit
and revise it; staff everything. Members of the territory's groups see its members-only
protocols and those in preparation; everyone sees public protocols once out of preparation.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from stakeholders.models import Membership, Territory, WorkingGroup
from stakeholders.permissions import roles

from .models import Protocol


def coordinated_territories(user):
    """The territories in which ``user`` may create protocols; every one for staff."""
    r = roles(user)
    if r.is_staff:
        return Territory.objects.all()
    return Territory.objects.filter(
        pk__in=WorkingGroup.objects.filter(pk__in=r.coordinator_of).values("territory_id")
    )


def _member_territory_ids(user):
    return WorkingGroup.objects.filter(pk__in=roles(user).member_of).values("territory_id")


def can_create(user, territory=None) -> bool:
    """Coordinators of a group of ``territory`` (of any territory when not given), staff."""
    r = roles(user)
    if r.is_staff:
        return True
    if not r.coordinator_of:
        return False
    groups = WorkingGroup.objects.filter(pk__in=r.coordinator_of)
    if territory is not None:
        groups = groups.filter(territory=territory)
    return groups.exists()


def can_edit(user, protocol: Protocol) -> bool:
    return can_create(user, protocol.territory_id and protocol.territory)


def visible_to(user, queryset=None):
    """The protocols ``user`` may see."""
    queryset = Protocol.objects.all() if queryset is None else queryset
    r = roles(user)
    if r.is_staff:
        return queryset
    public = Q(visibility=Protocol.Visibility.PUBLIC) & ~Q(status=Protocol.Status.IN_PREPARATION)
    if not r.member_of:
        return queryset.filter(public)
    return queryset.filter(public | Q(territory__in=_member_territory_ids(user)))


def public(queryset=None):
    """The protocols anyone may see, whoever asks: what the open API, the CSV export and the
    sitemap show (a file or a feed may be passed on)."""
    return visible_to(AnonymousUser(), queryset)


def can_view(user, protocol: Protocol) -> bool:
    return visible_to(user, Protocol.objects.filter(pk=protocol.pk)).exists()


# A proposed change makes sense on a protocol that may still be revised.
SUGGESTIBLE = (
    Protocol.Status.IN_PREPARATION,
    Protocol.Status.IN_FORCE,
    Protocol.Status.EXPIRED,
)


def can_suggest(user, protocol: Protocol) -> bool:
    """Members of the territory's groups (and staff) propose changes to a protocol they see
    that may still be revised."""
    if protocol.status not in SUGGESTIBLE:
        return False
    r = roles(user)
    if r.is_staff:
        return True
    return (
        bool(r.member_of)
        and WorkingGroup.objects.filter(
            pk__in=r.member_of, territory_id=protocol.territory_id
        ).exists()
    )


def can_read_suggestions(user, protocol: Protocol) -> bool:
    """The proposed changes (with their authors' names) are for the territory's groups."""
    r = roles(user)
    if r.is_staff:
        return True
    return bool(r.member_of) and protocol.territory_id in set(
        _member_territory_ids(user).values_list("territory_id", flat=True)
    )


def answerers(territory_ids):
    """The active accounts of the coordinators of the groups of ``territory_ids``, with the
    territories each answers for: ``{user: {territory_id, …}}``."""
    found = {}
    memberships = Membership.objects.filter(
        role=Membership.Role.COORDINATOR,
        group__territory_id__in=list(territory_ids),
        person__user__isnull=False,
        person__user__is_active=True,
    ).select_related("person__user", "group")
    for membership in memberships:
        found.setdefault(membership.person.user, set()).add(membership.group.territory_id)
    return found
