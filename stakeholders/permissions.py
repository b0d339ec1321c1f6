"""Who may do what, in one place.

A *member* has an account linked to a person who belongs to at least one working group;
a *coordinator* coordinates at least one group; *staff* may do everything. The roles of
a user are computed once per request and cached on the user object.

Coordinators and staff hold their powers only once they have set up two-factor
authentication (``MFA_REQUIRED_FOR_COORDINATORS``); until then they are plain members and
the site asks them to set it up.
"""

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.mixins import AccessMixin

from .models import Membership, Organisation, Person, WorkingGroup


@dataclass(frozen=True)
class Roles:
    person_id: int | None = None
    organisation_id: int | None = None
    member_of: frozenset[int] = field(default_factory=frozenset)
    coordinator_of: frozenset[int] = field(default_factory=frozenset)
    is_staff: bool = False
    # A coordinator or staff account without two-factor authentication yet.
    needs_mfa: bool = False

    @property
    def is_member(self) -> bool:
        return self.is_staff or bool(self.member_of)

    @property
    def is_coordinator(self) -> bool:
        return self.is_staff or bool(self.coordinator_of)


_ANONYMOUS = Roles()


def roles(user) -> Roles:
    """The roles of ``user``: two small queries the first time per request, then cached."""
    if not user.is_authenticated or not user.is_active:
        return _ANONYMOUS
    cached = getattr(user, "_lanzarote_roles", None)
    if cached is not None:
        return cached
    person = Person.objects.filter(user=user).only("id", "organisation_id").first()
    member_of, coordinator_of = set(), set()
    if person is not None:
        for group_id, role in Membership.objects.filter(person=person).values_list(
            "group_id", "role"
        ):
            member_of.add(group_id)
            if role == Membership.Role.COORDINATOR:
                coordinator_of.add(group_id)
    is_staff = user.is_staff
    needs_mfa = False
    if (
        (is_staff or coordinator_of)
        and settings.MFA_REQUIRED_FOR_COORDINATORS
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        is_staff, coordinator_of, needs_mfa = False, set(), True
    result = Roles(
        person_id=person.id if person else None,
        organisation_id=person.organisation_id if person else None,
        member_of=frozenset(member_of),
        coordinator_of=frozenset(coordinator_of),
        is_staff=is_staff,
        needs_mfa=needs_mfa,
    )
    user._lanzarote_roles = result
    return result


def forget_roles(user) -> None:
    """Drop the cached roles after a change of membership."""
    user.__dict__.pop("_lanzarote_roles", None)


def can_see_people(user) -> bool:
    return roles(user).is_member


def can_coordinate_group(user, group: WorkingGroup) -> bool:
    r = roles(user)
    return r.is_staff or group.pk in r.coordinator_of


def can_see_group_members(user, group: WorkingGroup) -> bool:
    r = roles(user)
    return r.is_staff or group.pk in r.member_of


def coordinated_groups(user):
    r = roles(user)
    if r.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(pk__in=r.coordinator_of)


def managed_organisations(user):
    """Organisations a coordinator may edit: those of the groups they coordinate."""
    r = roles(user)
    if r.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(working_groups__in=r.coordinator_of).distinct()


def can_manage_organisation(user, organisation: Organisation) -> bool:
    r = roles(user)
    if r.is_staff:
        return True
    if not r.coordinator_of:
        return False
    return organisation.working_groups.filter(pk__in=r.coordinator_of).exists()


def can_manage_person(user, person: Person) -> bool:
    """Coordinators manage the people of their groups' organisations and of their groups."""
    r = roles(user)
    if r.is_staff:
        return True
    if not r.coordinator_of:
        return False
    return (
        person.organisation.working_groups.filter(pk__in=r.coordinator_of).exists()
        or person.memberships.filter(group_id__in=r.coordinator_of).exists()
    )


class MemberRequiredMixin(AccessMixin):
    """Members of a working group (and staff); others are sent to log in or refused."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles(request.user).is_member:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class CoordinatorRequiredMixin(AccessMixin):
    """Coordinators of at least one group (and staff)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles(request.user).is_coordinator:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
