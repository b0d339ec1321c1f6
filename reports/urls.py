from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<slug:slug>/", views.ReportIndexView.as_view(), name="index"),
    path("<slug:slug>/<int:year>/", views.ReportView.as_view(), name="detail"),
    path("<slug:slug>/<int:year>.pdf", views.ReportView.as_view(pdf=True), name="pdf"),
    path(
        "<slug:slug>/<int:year>/publish/",
        views.PublicationView.as_view(publish=True),
        name="publish",
    ),
    path(
        "<slug:slug>/<int:year>/unpublish/",
        views.PublicationView.as_view(publish=False),
        name="unpublish",
    ),
]
