"""The public protocols as a CSV file: the filtered list, streamed, safe from formulas."""

import csv

from django.conf import settings
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from practices.export import csv_safe

from . import rules
from .filters import ProtocolFilter
from .models import Protocol, Signatory


class _Echo:
    def write(self, value):
        return value


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _cells(protocol, root: str):
    signatories = list(protocol.signatories.all())
    sectors = sorted(
        {s.organisation.sector for s in signatories}, key=lambda s: (s.position, s.code)
    )
    return (
        protocol.title,
        protocol.summary,
        protocol.get_kind_display(),
        protocol.get_status_display(),
        protocol.territory.country.name,
        protocol.territory.name,
        ", ".join(
            f"{s.organisation.name} ({s.get_role_display()})"
            if s.role != Signatory.Role.SIGNATORY
            else s.organisation.name
            for s in signatories
        ),
        ", ".join(str(sector.name) for sector in sectors),
        _date(protocol.signed_on),
        _date(protocol.in_force_from),
        _date(protocol.in_force_until),
        _date(protocol.next_review_on),
        root + protocol.get_absolute_url(),
    )


def export_csv(request):
    """The public protocols matching the list's filters as CSV (UTF-8 with a BOM), streamed
    500 protocols at a time: three queries a chunk, whatever the number of signatories."""
    queryset = (
        rules.public(Protocol.objects.all())
        .select_related("territory")
        .prefetch_related(
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("organisation__sector"),
            )
        )
        .order_by("territory__name", "title", "pk")
    )
    protocols = ProtocolFilter(request.GET or None, queryset=queryset).qs
    writer = csv.writer(_Echo())
    header = [
        _("Title"),
        _("Summary"),
        _("Kind"),
        _("Status"),
        _("Country"),
        _("Territory"),
        _("Signatories"),
        _("Sectors bound"),
        _("Signed on"),
        _("In force from"),
        _("In force until"),
        _("Next review"),
        _("Address"),
    ]
    root = settings.PORTAL_URL

    def rows():
        yield "\ufeff" + writer.writerow([csv_safe(h) for h in header])
        for protocol in protocols.iterator(chunk_size=500):
            yield writer.writerow([csv_safe(v) for v in _cells(protocol, root)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lanzarote-protocols.csv"'
    return response
