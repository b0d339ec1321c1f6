"""Site-wide pages: home, about, insight, health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django_countries import countries

from lanzarote import insight
from practices.models import Practice
from stakeholders.models import Organisation, Sector, Territory, WorkingGroup


def portal_figures() -> dict:
    """The figures that say how far the network reaches."""
    return {
        "practices": Practice.objects.published().count(),
        "organisations": Organisation.objects.count(),
        "sectors": Sector.objects.count(),
        "countries": Territory.objects.filter(organisations__isnull=False)
        .values("country")
        .distinct()
        .count(),
        "groups": WorkingGroup.objects.count(),
        "sector_pairs": sum(
            1
            for (first, second), n in insight.pair_counts(Practice.objects.published()).items()
            if first != second and n
        ),
    }


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = portal_figures()
        context["sectors"] = Sector.objects.all()
        context["groups"] = WorkingGroup.objects.select_related("territory")
        context["latest_practices"] = (
            Practice.objects.published().for_cards().order_by("-published_at")[:3]
        )
        return context


class AboutView(TemplateView):
    template_name = "about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = portal_figures()
        context["sectors"] = Sector.objects.all()
        return context


class InsightView(TemplateView):
    """Which sectors work together, where, and where nobody does yet."""

    template_name = "insight.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, problems = insight.scope_from(self.request.GET)
        context.update(
            scope=scope,
            problems=problems,
            matrix=insight.sector_matrix(scope),
            coverage=insight.convention_coverage(scope),
            presence=insight.meeting_presence(scope),
            country_choices=[
                (code, countries.name(code)) for code in Territory.objects.countries_in_use()
            ],
            territory_choices=Territory.objects.exclude(name=""),
        )
        return context


def robots_txt(request):
    """Crawlers may read the public pages; member areas and the API are not for indexing."""
    lines = ["User-agent: *"]
    for prefix in ("/admin/", "/api/"):
        lines.append(f"Disallow: {prefix}")
    for code, _name in settings.LANGUAGES:
        for path in (
            "accounts/",
            "meetings/",
            "practices/new/",
            "practices/mine/",
            "practices/review/",
            "practices/export.csv",
        ):
            lines.append(f"Disallow: /{code}/{path}")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
