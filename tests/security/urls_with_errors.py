"""The project's URLs plus a view that fails, for the tests of the 500 page."""

from django.urls import path

from lanzarote import urls as project_urls

SECRET_DETAIL = "internal detail: table stakeholders_person, password=hunter2"


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [*project_urls.urlpatterns, path("broken/", broken_view)]

handler500 = project_urls.handler500
