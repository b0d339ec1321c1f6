from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("territories", views.TerritoryViewSet, basename="territory")
router.register("articles", views.ConventionArticleViewSet, basename="article")
router.register("glossary", views.GlossaryTermViewSet, basename="glossary-term")
router.register("protocols", views.ProtocolViewSet, basename="protocol")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # Anything else under /api/v1/ (an unknown path, a slug with characters no slug has) is
    # a JSON 404, as documented, not the site's HTML page. Only paths ending in a slash, so
    # that APPEND_SLASH still redirects /api/v1/practices to /api/v1/practices/.
    re_path(r"^[\s\S]*/$", views.not_found),
]
