"""Who may do what, in one place.

A *member* has an account linked to a person who belongs to at least one working group;
a *coordinator* coordinates at least one group; *staff* may do everything. The roles of
a user are computed once per request and cached on the user object.

Coordinators and staff hold their powers only once they have set up two-factor
authentication (``MFA_REQUIRED_FOR_COORDINATORS``); until then they are plain members and
the site asks them to set it up.

**Whom a coordinator manages** (the scope rule, in this file only):

- An organisation is *managed* by the working group that listed it first (the earliest link
  in its groups' directories, ``GroupOrganisation``). Other groups may list it too, for their
  meetings and practices, but that gives them no power over it. An organisation in no group
  is managed by staff only.
- A person who is a member of working groups is managed by the coordinators of those
  groups; a person in no group, by the coordinators of the group managing their
  organisation.
- Coordinators manage the organisations and people their groups manage, nothing else; staff
  manage everything.
- The accounts of coordinators and staff are *protected*: a coordinator never changes their
  email address nor erases them (staff do, or the account holder); nor those of someone who
  is also a member of a group they do not coordinate.
- Listing another group's organisation, or inviting its people, gives no power over them:
  an invitation to someone another group manages is refused.
"""

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .models import GroupOrganisation, Membership, Organisation, Person, WorkingGroup


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


def _first_group():
    """The group that listed the outer organisation first (its managing group)."""
    return Subquery(
        GroupOrganisation.objects.filter(organisation=OuterRef("pk"))
        .order_by("pk")
        .values("group_id")[:1]
    )


def organisations_managed_by(group_ids) -> QuerySet:
    """Organisations managed by the groups ``group_ids``: those the groups listed first."""
    return Organisation.objects.alias(managing_group=_first_group()).filter(
        managing_group__in=list(group_ids)
    )


def managing_group_id(organisation: Organisation) -> int | None:
    return (
        GroupOrganisation.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("group_id", flat=True)
        .first()
    )


def people_managed_by(group_ids) -> QuerySet:
    """People managed by the groups ``group_ids``: their members, and the people in no group
    whose organisation the groups manage."""
    group_ids = list(group_ids)
    return Person.objects.filter(
        Q(Exists(Membership.objects.filter(person=OuterRef("pk"), group_id__in=group_ids)))
        | Q(
            ~Exists(Membership.objects.filter(person=OuterRef("pk"))),
            organisation__in=organisations_managed_by(group_ids).values("pk"),
        )
    )


def managed_organisations(user) -> QuerySet:
    """Organisations ``user`` may edit and add people to."""
    r = roles(user)
    if r.is_staff:
        return Organisation.objects.all()
    return organisations_managed_by(r.coordinator_of)


def can_manage_organisation(user, organisation: Organisation) -> bool:
    r = roles(user)
    if r.is_staff:
        return True
    if not r.coordinator_of:
        return False
    return managing_group_id(organisation) in r.coordinator_of


def managed_people(user) -> QuerySet:
    r = roles(user)
    if r.is_staff:
        return Person.objects.all()
    return people_managed_by(r.coordinator_of)


def can_manage_person(user, person: Person) -> bool:
    """Whether ``user`` may edit ``person`` (see the scope rule above)."""
    r = roles(user)
    if r.is_staff:
        return True
    if not r.coordinator_of:
        return False
    return people_managed_by(r.coordinator_of).filter(pk=person.pk).exists()


def is_protected(person: Person) -> bool:
    """A person whose login is a coordinator's or staff's: only staff or themselves change
    its email or erase it."""
    if person.user_id is None:
        return False
    user = person.user
    return user.is_staff or person.memberships.filter(role=Membership.Role.COORDINATOR).exists()


def can_change_account_of(user, person: Person) -> bool:
    """Whether ``user`` may change ``person``'s email or erase them (besides editing them)."""
    if not can_manage_person(user, person):
        return False
    r = roles(user)
    if r.is_staff or (person.user_id is not None and person.user_id == user.pk):
        return True
    # Someone also in a group this coordinator does not coordinate: that group decides too.
    if person.memberships.exclude(group_id__in=r.coordinator_of).exists():
        return False
    return not is_protected(person)


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
