"""Publishing a group's yearly report: data in (never a request), rules checked here, so
that the views, the admin and the shell obey the same ones."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders import audit
from stakeholders.models import AuditEvent, WorkingGroup
from stakeholders.permissions import can_coordinate_group

from .figures import report_years
from .models import YearlyReportPublication


def _check_coordinator(group: WorkingGroup, by) -> None:
    if not can_coordinate_group(by, group):
        raise PermissionDenied(_("Only the group's coordinators publish its report."))


def _check(group: WorkingGroup, year: int, by) -> None:
    _check_coordinator(group, by)
    if year not in report_years(group):
        raise ValidationError(_("There is no report of this group for that year."), code="year")


@transaction.atomic
def report_publish(*, group: WorkingGroup, year: int, by) -> YearlyReportPublication:
    """Show the public version of ``group``'s report for ``year`` to everyone (once: a
    second call leaves the first publication as it is)."""
    _check(group, year, by)
    # Two coordinators publishing at once: the unique (group, year) lets one row in, and
    # get_or_create then finds it (no error for the second).
    publication, created = YearlyReportPublication.objects.get_or_create(
        group=group, year=year, defaults={"published_at": timezone.now(), "published_by": by}
    )
    if not created:
        return publication
    audit.record(AuditEvent.Action.REPORT_PUBLISHED, actor=by, target=group, year=year)
    return publication


@transaction.atomic
def report_unpublish(*, group: WorkingGroup, year: int, by) -> bool:
    """Withdraw the public version of ``group``'s report for ``year``; whether it was shown.
    Any year: a publication stays withdrawable whatever the group's dates became."""
    _check_coordinator(group, by)
    deleted, _details = YearlyReportPublication.objects.filter(group=group, year=year).delete()
    if deleted:
        audit.record(AuditEvent.Action.REPORT_UNPUBLISHED, actor=by, target=group, year=year)
    return bool(deleted)
