"""Who sees which version of a group's yearly report."""

from stakeholders.permissions import can_coordinate_group

from .models import YearlyReportPublication


def can_see_full(user, group) -> bool:
    """The full version (with names): the group's coordinators and staff."""
    return can_coordinate_group(user, group)


def is_published(group, year: int) -> bool:
    return YearlyReportPublication.objects.filter(group=group, year=year).exists()


def published_years(group) -> set[int]:
    return set(YearlyReportPublication.objects.filter(group=group).values_list("year", flat=True))


def can_see_index(user, group) -> bool:
    """Whether the group's page links to its reports: for those who see the full version,
    or for everyone once a year is published."""
    return can_see_full(user, group) or YearlyReportPublication.objects.filter(group=group).exists()
