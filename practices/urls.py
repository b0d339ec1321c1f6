from django.urls import path

from . import export, feeds, views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
    path("new/", views.PracticeCreateView.as_view(), name="create"),
    path("mine/", views.MyPracticesView.as_view(), name="mine"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("export.csv", export.export_csv, name="export"),
    path("feed/", feeds.PracticeFeed(), name="feed"),
    path("evidence/", views.EvidenceCriteriaView.as_view(), name="evidence_criteria"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.PracticeUpdateView.as_view(), name="update"),
    path(
        "<slug:slug>/review/<str:action>/",
        views.TransitionView.as_view(),
        name="transition",
    ),
    path(
        "<slug:slug>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path("<slug:slug>/contact/", views.PracticeContactView.as_view(), name="contact"),
    path(
        "<slug:slug>/improvements/",
        views.ImprovementCreateView.as_view(),
        name="improvement_create",
    ),
    path(
        "<slug:slug>/improvements/<int:pk>/",
        views.ImprovementRespondView.as_view(),
        name="improvement_respond",
    ),
]
