"""The yearly report of a working group: its index, the page, the PDF, and publishing.

The full version is for the group's coordinators and staff; the public version (no personal
data, reports.figures) for everyone once the group publishes that year. Anyone else learns
nothing: an unpublished report, an unknown year and a year out of range answer the same 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from stakeholders.models import WorkingGroup

from . import figures, rules, services
from .document import FULL, PUBLIC, Report


def not_found(request, group):
    return render(request, "reports/report_missing.html", {"group": group}, status=404)


class ReportIndexView(View):
    """``/reports/<slug>/``: the years of the group's report, with a link to each page and
    PDF: every year for those who see the full version, the published ones for others."""

    def get(self, request, slug):
        group = get_object_or_404(WorkingGroup.objects.select_related("territory"), slug=slug)
        full = rules.can_see_full(request.user, group)
        published = rules.published_years(group)
        years = [
            {"year": year, "published": year in published}
            for year in reversed(figures.report_years(group))
            if full or year in published
        ]
        response = render(
            request,
            "reports/report_index.html",
            {"group": group, "years": years, "full": full},
        )
        if full:
            response["Cache-Control"] = "private, no-store"
        return response


class ReportView(View):
    """``/reports/<slug>/<year>/`` (the page) and ``…/<year>.pdf`` (the same as a PDF)."""

    pdf = False

    def get(self, request, slug, year):
        group = get_object_or_404(WorkingGroup.objects.select_related("territory"), slug=slug)
        if year not in figures.report_years(group):
            return not_found(request, group)
        full = rules.can_see_full(request.user, group)
        published = rules.is_published(group, year)
        if not (full or published):
            return not_found(request, group)
        version = FULL if full and request.GET.get("version") != PUBLIC else PUBLIC
        report = Report(group=group, year=year, version=version)
        if self.pdf:
            response = HttpResponse(report.pdf_for_download(), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
        else:
            response = render(
                request,
                "reports/report_detail.html",
                {
                    **report.context(),
                    # The public version's sections, drawn once per state (Report.body).
                    "report_body": report.body() if report.public else "",
                    "can_publish": full,
                    "published": published,
                    "pdf_query": "?version=public" if full and version == PUBLIC else "",
                },
            )
        response["Content-Language"] = get_language()
        if full:  # the full version, or its coordinators' preview of the public one
            response["Cache-Control"] = "private, no-store"
        return response


class PublicationView(LoginRequiredMixin, View):
    """POST only: publish (or withdraw) the public version of a year's report. The group's
    coordinators and staff; anyone else gets a 404 (the report is not theirs to know of)."""

    publish = True
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.group = get_object_or_404(WorkingGroup, slug=kwargs["slug"])
        if not rules.can_see_full(request.user, self.group):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, slug, year):
        try:
            if self.publish:
                services.report_publish(group=self.group, year=year, by=request.user)
                messages.success(request, _("The public version of this report is published."))
            else:
                services.report_unpublish(group=self.group, year=year, by=request.user)
                messages.success(request, _("The report is no longer public."))
        except (PermissionDenied, ValidationError):
            return not_found(request, self.group)
        return redirect("reports:detail", slug=self.group.slug, year=year)
