"""Site-wide pages: home, about, health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

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
