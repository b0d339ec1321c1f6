from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lanzarote import views
from lanzarote.sitemaps import SITEMAPS
from stakeholders import account_views
from stakeholders import views as stakeholder_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("insight/", views.InsightView.as_view(), name="insight"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path(_("my-space/"), views.MemberHomeView.as_view(), name="member_home"),
    path(_("my-account/"), account_views.AccountView.as_view(), name="account"),
    path(
        _("my-account/reminders/"),
        account_views.AccountRemindersView.as_view(),
        name="account_reminders",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("accounts/my-data/", account_views.MyDataView.as_view(), name="my_data"),
    path(
        "stakeholders/people/<int:pk>/remove/",
        account_views.PersonRemoveView.as_view(),
        name="person_remove",
    ),
    path(
        "accounts/invitation/<str:token>/",
        stakeholder_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("accounts/", include("allauth.urls")),
    # A territory's page gathers every app's work there (site-wide, as Insight).
    path(
        "stakeholders/territories/",
        include(
            (
                [
                    path("", views.TerritoryListView.as_view(), name="list"),
                    path("<slug:slug>/", views.TerritoryDetailView.as_view(), name="detail"),
                ],
                "territories",
            )
        ),
    ),
    path("stakeholders/", include("stakeholders.urls")),
    # Before the catalogue: its ``<slug>/`` would take "propose/" and "proposals/".
    path("practices/", include("proposals.urls")),
    path("practices/", include("practices.urls")),
    path("glossary/", include("glossary.urls")),
    path("meetings/", include("meetings.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("protocols/", include("protocols.urls")),
    path("reports/", include("reports.urls")),
)

handler400 = "lanzarote.views.bad_request"
handler500 = "lanzarote.views.server_error"
