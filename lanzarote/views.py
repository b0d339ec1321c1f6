"""Site-wide pages: home, about, insight, health check."""

import json
import sys

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from lanzarote import health, insight, member_home, network_map, privacy, territories
from meetings import figures as meeting_figures
from practices import cache as catalogue_cache
from practices import figures as practice_figures
from practices.index import PUBLIC_CIVIL, current_index
from practices.models import Practice
from reminders.models import SENT_REMINDER_RETENTION_DAYS
from stakeholders import audit, permissions, services
from stakeholders.forms import OwnRecordForm, ReminderPreferencesForm
from stakeholders.models import (
    AuditEvent,
    Organisation,
    Person,
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


class InsightView(TemplateView):
    """Which sectors work together, where, and where nobody does yet."""

    template_name = "insight.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, problems = insight.scope_from(self.request.GET)
        matrix = insight.sector_matrix(scope)
        layer = network_map.layer_from(self.request.GET)
        context.update(
            network_map=network_map.render(network_map.country_figures(), layer),
            map_layers=network_map.layer_links(self.request.GET, layer),
            scope=scope,
            problems=problems,
            matrix=matrix,
            coverage=insight.convention_coverage(scope),
            collaboration=insight.public_civil_collaboration(scope),
            presence=insight.presence_charts(scope),
            practices_chart=practice_figures.per_year_chart(insight.practices_per_year(scope)),
            activity_chart=meeting_figures.activity_chart(insight.activity_per_quarter(scope)),
            overlay_groups=insight.overlay_groups(insight.protocol_overlay(scope, matrix)),
            country_choices=[
                (code, countries.name(code)) for code in Territory.objects.countries_in_use()
            ],
            territory_choices=Territory.objects.exclude(name=""),
        )
        return context


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


class MyDataView(LoginRequiredMixin, View):
    """A member's own personal data: download it as JSON, or have it erased."""

    template_name = "my_data.html"

    def get(self, request):
        if request.GET.get("format") == "json":
            audit.record(AuditEvent.Action.DATA_EXPORTED, actor=request.user)
            payload = json.dumps(privacy.personal_data(request.user), ensure_ascii=False, indent=2)
            response = HttpResponse(payload, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="lanzarote-my-data.json"'
            return response
        return render(request, self.template_name, {"form": EraseForm(user=request.user)})

    def post(self, request):
        form = EraseForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        logout(request)
        privacy.erase_own_account(user=user)
        messages.success(request, _("Your account and your personal data have been erased."))
        return redirect("home")


class EraseForm(forms.Form):
    # Lazy: the labels are read when the form is shown, in the visitor's language.
    password = forms.CharField(
        label=gettext_lazy("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and my personal data will be erased for good."
        ),
        error_messages={
            "required": gettext_lazy("Tick the box to confirm that you want the erasure.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class PersonRemoveView(LoginRequiredMixin, View):
    """A coordinator removes a person: their personal data is erased everywhere."""

    template_name = "person_remove.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = get_object_or_404(
                Person.objects.select_related("organisation", "user"),
                pk=kwargs["pk"],
                erased_at__isnull=True,
            )
            if self.person.user_id == request.user.pk:
                messages.info(request, _("To erase your own data, use “My data”."))
                return redirect("my_data")
            # Not a coordinator's or staff's account, nor someone another group also has.
            if not permissions.can_change_account_of(request.user, self.person):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {"person": self.person})

    def post(self, request, pk):
        organisation = self.person.organisation
        name = self.person.full_name
        privacy.erase_person(person=self.person, by=request.user)
        messages.success(
            request, _("%(name)s has been removed and their personal data erased.") % {"name": name}
        )
        return redirect(organisation)


def _error_page(template: str, status: int) -> HttpResponse:
    """An error page in the site layout, rendered without context processors or queries
    (like Django's own handlers), with the quick exit working (it needs its address)."""
    context = {"quick_exit_url": settings.QUICK_EXIT_URL}
    return HttpResponse(loader.get_template(template).render(context), status=status)


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


class AccountView(LoginRequiredMixin, View):
    """The portal's own account page: the member's own record and preferred language, and
    the ways to their email address, password, two-factor authentication and data."""

    template_name = "account.html"

    def form(self, data=None):
        user = self.request.user
        person = Person.objects.filter(user=user).select_related("organisation").first()
        initial = {"language": user.language}
        if person is not None:
            initial.update(
                job_title=person.job_title, phone=person.phone, languages=person.languages
            )
        form = OwnRecordForm(data, initial=initial)
        if person is None:
            # Staff without a person record choose only their language.
            for name in ("job_title", "phone", "languages"):
                del form.fields[name]
        return person, form

    def render(self, person, form, status=200, reminders_form=None):
        context = {
            "person": person,
            "form": form,
            "reminders_form": reminders_form or ReminderPreferencesForm.for_user(self.request.user),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(*self.form())

    def post(self, request):
        person, form = self.form(request.POST)
        if not form.is_valid():
            return self.render(person, form, status=400)
        try:
            services.own_record_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(person, form, status=400)
        messages.success(request, _("Your details have been saved."))
        return redirect("account")


class AccountRemindersView(AccountView):
    """The reminders part of *My account*: which reminders the member gets (their own
    choice only: the form acts on the logged-in account, whatever it is sent)."""

    def get(self, request):
        return redirect(reverse("account") + "#reminders-heading")

    def post(self, request):
        reminders_form = ReminderPreferencesForm.for_user(request.user, request.POST)
        if not reminders_form.is_valid():
            return self.render(*self.form(), status=400, reminders_form=reminders_form)
        try:
            services.reminder_preferences_update(
                user=request.user, wanted=reminders_form.cleaned_data["wanted"]
            )
        except ValidationError as error:
            reminders_form.add_error(None, error)
            return self.render(*self.form(), status=400, reminders_form=reminders_form)
        messages.success(request, _("Your reminder choices have been saved."))
        return redirect(reverse("account") + "#reminders-heading")


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
