"""The portal's URLs plus the benchmark's trivial view."""

from django.http import HttpResponse
from django.urls import path

from lanzarote import urls as portal_urls


def ok(request):
    """The ceiling: the whole middleware stack, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench_ok"), *portal_urls.urlpatterns]
handler400 = getattr(portal_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(portal_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(portal_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(portal_urls, "handler500", "django.views.defaults.server_error")
