"""Site-wide pages: home, about, insight, health check."""

import sys

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from lanzarote import health, insight, member_home, territories
from lanzarote.context_processors import layout
from meetings import figures as meeting_figures
from practices import cache as catalogue_cache
from practices import figures as practice_figures
from practices.index import PUBLIC_CIVIL, current_index
from practices.models import Practice
from reminders.models import SENT_REMINDER_RETENTION_DAYS
from reports import network_map
from stakeholders.models import (
    Organisation,
    Sector,
    Territory,
    WorkingGroup,
)


def portal_figures() -> dict:
    """The figures that say how far the network reaches (computed once per process until
    the catalogue changes: see practices.cache)."""

    def figures():
        index = current_index()
        return {
            "practices": index.size,
            "organisations": Organisation.objects.count(),
            "sectors": Sector.objects.count(),
            "countries": Territory.objects.filter(organisations__isnull=False)
            .values("country")
            .distinct()
            .count(),
            "groups": WorkingGroup.objects.count(),
            "public_civil": len(index.bitmaps["collaboration"].get(PUBLIC_CIVIL, ())),
            "sector_pairs": sum(
                1 for (first, second), n in index.sector_pairs().items() if first != second and n
            ),
        }

    return catalogue_cache.memoize("portal_figures", figures)


def home_sectors() -> list:
    """The seven sectors (kept with the catalogue version, as the figures)."""
    return catalogue_cache.memoize("home-sectors", lambda: list(Sector.objects.all()))


@method_decorator(catalogue_cache.cache_public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # All of it kept in memory until the catalogue changes (practices.cache).
        memoize = catalogue_cache.memoize
        context["figures"] = portal_figures()
        context["sectors"] = home_sectors()
        context["groups"] = memoize(
            "home-groups", lambda: list(WorkingGroup.objects.select_related("territory"))
        )
        context["latest_practices"] = memoize(
            "home-latest",
            lambda: list(
                Practice.objects.published().for_cards().order_by("-published_at", "-pk")[:3]
            ),
        )
        # The practices layer only: from the catalogue index, no query.
        context["network_map"] = network_map.render(
            network_map.country_figures(layers=(network_map.PRACTICES,)), small=True
        )
        return context


class AboutView(TemplateView):
    template_name = "about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = portal_figures()
        context["sectors"] = home_sectors()
        context["controller"] = controller()
        return context


# The most Insight figures a process keeps drawn per state (a scope and language each).
INSIGHT_PAGES_KEPT = 64


def insight_figures(scope) -> str:
    """Insight's figures for ``scope`` as HTML: drawn once per state of the catalogue and
    of the network's activity (practices.cache), scope, language, day and time zone, and
    kept for the ``INSIGHT_PAGES_KEPT`` used last."""

    def draw():
        matrix = insight.sector_matrix(scope)
        context = {
            "scope": scope,
            "matrix": matrix,
            "coverage": insight.convention_coverage(scope),
            "collaboration": insight.public_civil_collaboration(scope),
            "presence": insight.presence_charts(scope),
            "practices_chart": practice_figures.per_year_chart(insight.practices_per_year(scope)),
            "activity_chart": meeting_figures.activity_chart(insight.activity_per_quarter(scope)),
            "overlay_groups": insight.overlay_groups(insight.protocol_overlay(scope, matrix)),
        }
        return mark_safe(render_to_string("includes/insight_figures.html", context))  # noqa: S308 - a template's output

    key = (scope.key, *catalogue_cache.page_day())
    return catalogue_cache.memoize_kept(
        "insight-pages", key, draw, limit=INSIGHT_PAGES_KEPT, activity=True
    )


class InsightView(TemplateView):
    """Which sectors work together, where, and where nobody does yet."""

    template_name = "insight.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, problems = insight.scope_from(self.request.GET)
        layer = network_map.layer_from(self.request.GET)
        context.update(
            network_map=network_map.render(network_map.country_figures(), layer),
            map_layers=network_map.layer_links(self.request.GET, layer),
            scope=scope,
            problems=problems,
            figures=insight_figures(scope),
            **scope_choices(),
        )
        return context


def scope_choices() -> dict:
    """The countries and local territories Insight's form offers, with their names in the
    current language: read once per catalogue state (territories are in its change log)
    and language."""

    def read():
        return {
            "country_choices": [
                (code, countries.name(code)) for code in Territory.objects.countries_in_use()
            ],
            "territory_choices": [
                (territory.slug, str(territory)) for territory in Territory.objects.exclude(name="")
            ],
        }

    return catalogue_cache.memoize(("insight-scope-choices", get_language()), read)


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading the page: the
    icon in the static files (under its versioned name, which may change: not permanent)."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots_txt(request):
    """Crawlers may read the public pages; member areas and the API are not for indexing."""
    lines = ["User-agent: *"]
    for prefix in ("/admin/", "/api/"):
        lines.append(f"Disallow: {prefix}")
    for code, _name in settings.LANGUAGES:
        for path in (
            "accounts/",
            # The public meetings page and public summaries are for everyone (sitemap.xml).
            "meetings/new/",
            "meetings/actions/",
            "meetings/calendar/",
            "meetings/feed/",
            "meetings/rsvp/",
            "practices/new/",
            "practices/mine/",
            "practices/review/",
            "practices/export.csv",
        ):
            lines.append(f"Disallow: /{code}/{path}")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def controller() -> dict:
    """Who answers for the portal and whom to complain to (settings.PORTAL_*)."""
    return {
        "name": settings.PORTAL_CONTROLLER_NAME,
        "address": settings.PORTAL_CONTROLLER_ADDRESS,
        "email": settings.PORTAL_CONTACT_EMAIL,
        "authority": settings.PORTAL_SUPERVISORY_AUTHORITY,
        "authority_address": settings.PORTAL_SUPERVISORY_AUTHORITY_ADDRESS,
        "authority_url": settings.PORTAL_SUPERVISORY_AUTHORITY_URL,
    }


class PrivacyView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            audit_retention_days=settings.AUDIT_RETENTION_DAYS,
            invitation_retention_days=settings.INVITATION_RETENTION_DAYS,
            token_retention_days=settings.TOKEN_RETENTION_DAYS,
            subscription_confirm_days=settings.SUBSCRIPTION_CONFIRM_DAYS,
            proposal_confirm_days=settings.PROPOSAL_CONFIRM_DAYS,
            proposal_retention_days=settings.PROPOSAL_RETENTION_DAYS,
            sent_reminder_retention_days=SENT_REMINDER_RETENTION_DAYS,
            controller=controller(),
            **kwargs,
        )


class ContactView(TemplateView):
    """How to reach the coordination: the portal's address, and each group's page."""

    template_name = "contact.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            controller=controller(),
            groups=WorkingGroup.objects.select_related("territory").order_by("name"),
            **kwargs,
        )


def _error_page(template: str, status: int) -> HttpResponse:
    """An error page in the site layout, rendered without context processors or queries
    (like Django's own handlers), with the quick exit working (it needs its address)."""
    return HttpResponse(loader.get_template(template).render(layout("")), status=status)


def bad_request(request, exception):
    """The 400 page. Not rendered with the request: a bad Host header, the usual cause,
    would fail again in the layout (which builds absolute links from the host)."""
    return _error_page("400.html", 400)


@requires_csrf_token
def server_error(request):
    """The 500 page, or a 503 "try again shortly" when the database is out of reach.

    Any other error, including one of the database (a missing table, a constraint), is a
    bug: the 500 page, and Django logs it with its traceback.
    """
    if health.is_outage(sys.exc_info()[1]):
        response = _error_page("503.html", 503)
        response["Retry-After"] = "30"
        return response
    return _error_page("500.html", 500)


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    if not health.database_answers():
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class MemberHomeView(LoginRequiredMixin, TemplateView):
    """Where people land after logging in: what waits for them (lanzarote.member_home)."""

    template_name = "member_home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**member_home.context(self.request.user), **kwargs)


# ---------------------------------------------------------------- territories


class TerritoryListView(TemplateView):
    """Every territory, country by country, with its groups, organisations and practices."""

    template_name = "stakeholders/territory_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["countries"] = territories.territory_rows()
        return context


class TerritoryDetailView(DetailView):
    """A territory's public page: its groups, organisations, protocols in force, practices,
    public meetings and the sector pairs with no shared practice there yet. The same for
    everyone but the members-only protocols, shown to those who may see them."""

    model = Territory
    template_name = "stakeholders/territory_detail.html"
    context_object_name = "territory"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(territories.territory_page(self.object))
        context.update(territories.territory_protocols(self.request.user, self.object))
        return context
