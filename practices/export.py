"""The catalogue as a CSV file: the filtered rows, streamed, safe from spreadsheet formulas."""

import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries
from modeltranslation.utils import resolution_order

from stakeholders.models import Organisation

from .filters import Catalogue
from .models import Partner, Practice
from .rendering import PracticeAddresses, translated

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def _export_rows(ids: list[int], vocabularies: dict, root: str):
    """The CSV cells of these practices, in this order: five queries, no model instance."""
    practices = {
        row["pk"]: row
        for row in Practice.objects.published().filter(pk__in=ids).values(
            "pk", "slug", "title_fr", "title_en", "summary_fr", "summary_en",
            "territory__country", "territory__name", "evidence", "year_started",
            "year_ended", "published_at",
        )
    }  # fmt: skip
    sectors = {s.pk: (i, s.name) for i, s in enumerate(vocabularies["sectors"])}
    themes = {t.pk: (i, t.name) for i, t in enumerate(vocabularies["themes"])}

    def names(through, column, labels):
        found = {}
        for practice_id, value_id in through.objects.filter(practice_id__in=ids).values_list(
            "practice_id", column
        ):
            if value_id in labels:  # not one added since the export began
                found.setdefault(practice_id, []).append(labels[value_id])
        return {pk: ", ".join(name for _i, name in sorted(v)) for pk, v in found.items()}

    sector_names = names(Practice.sectors.through, "sector_id", sectors)
    theme_names = names(Practice.themes.through, "theme_id", themes)
    kinds = dict(Organisation.Kind.choices)
    found_kinds: dict[int, set] = {}
    for practice_id, kind in Partner.objects.filter(
        practice_id__in=ids, role__in=Partner.WORKING_ROLES
    ).values_list("practice_id", "organisation__kind"):
        found_kinds.setdefault(practice_id, set()).add(kind)
    kind_names = {
        pk: ", ".join(str(label) for kind, label in kinds.items() if kind in found)
        for pk, found in found_kinds.items()
    }
    leads = {
        practice_id: f"{name} ({acronym})" if acronym else name
        for practice_id, name, acronym in Partner.objects.filter(
            practice_id__in=ids, role=Partner.Role.LEAD
        ).values_list("practice_id", "organisation__name", "organisation__acronym")
    }
    evidence = dict(Practice.Evidence.choices)
    languages = resolution_order(get_language())
    address = PracticeAddresses()
    for pk in ids:
        row = practices.get(pk)
        if row is None:
            continue
        published = row["published_at"]
        yield (
            translated(row, "title", languages),
            translated(row, "summary", languages),
            countries.name(row["territory__country"]),
            row["territory__name"],
            sector_names.get(pk, ""),
            theme_names.get(pk, ""),
            leads.get(pk, ""),
            kind_names.get(pk, ""),
            str(evidence.get(row["evidence"], row["evidence"])),
            row["year_started"] or "",
            row["year_ended"] or "",
            short_date(published) if published else "",
            root + address(row["slug"]),
        )


def short_date(moment) -> str:
    """A moment's local date in the reader's short format ("03/12/2026")."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def export_csv(request):
    """The filtered catalogue as CSV, streamed row by row (UTF-8 with a BOM for spreadsheets).

    The rows are read 500 at a time, in the catalogue's order: the memory used stays that
    of one chunk whatever the number of rows.
    """
    # Only the order of the ids is read from the catalogue; _export_rows reads the rows.
    catalogue = Catalogue(request.GET, Practice.objects.published())
    writer = csv.writer(_Echo())
    header = [
        _("Title"),
        _("Summary"),
        _("Country"),
        _("Territory"),
        _("Sectors involved"),
        _("Themes"),
        _("Lead organisation"),
        _("Kinds of organisations carrying it out"),
        _("Evidence level"),
        _("Since"),
        _("Until"),
        _("Published"),
        _("Address"),
    ]
    root = settings.PORTAL_URL

    def rows():
        yield "\ufeff" + writer.writerow([csv_safe(h) for h in header])
        for chunk in catalogue.results.id_chunks(500):
            for cells in _export_rows(chunk, catalogue.vocab, root):
                yield writer.writerow([csv_safe(v) for v in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lanzarote-practices.csv"'
    return response
