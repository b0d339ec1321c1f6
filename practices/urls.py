from django.urls import path

from . import export, feeds, views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
    path("new/", views.PracticeCreateView.as_view(), name="create"),
    path("mine/", views.MyPracticesView.as_view(), name="mine"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("suggestions/", views.ImprovementQueueView.as_view(), name="improvement_queue"),
    path("export.csv", export.export_csv, name="export"),
    path("feed/", feeds.PracticeFeed(), name="feed"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("evidence/", views.EvidenceCriteriaView.as_view(), name="evidence_criteria"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.PracticeUpdateView.as_view(), name="update"),
    path("<slug:slug>/versions/", views.PracticeVersionsView.as_view(), name="versions"),
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
        views.ImprovementDetailView.as_view(),
        name="improvement_detail",
    ),
    path(
        "<slug:slug>/improvements/<int:pk>/answer/",
        views.ImprovementRespondView.as_view(),
        name="improvement_respond",
    ),
    path(
        "<slug:slug>/improvements/<int:pk>/discussion/",
        views.ImprovementCommentView.as_view(),
        name="improvement_comment",
    ),
]
