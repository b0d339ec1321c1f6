"""Under the catalogue's prefix (``/<lang>/practices/``), before its own addresses:
practices.services.reserved_slugs() keeps these two words from being a practice's slug."""

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("propose/", views.ProposeView.as_view(), name="create"),
    path("propose/sent/", views.SentView.as_view(), name="sent"),
    path("propose/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("proposals/", views.QueueView.as_view(), name="queue"),
    path("proposals/<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("proposals/<int:pk>/accept/", views.AcceptView.as_view(), name="accept"),
    path("proposals/<int:pk>/decline/", views.DeclineView.as_view(), name="decline"),
]
