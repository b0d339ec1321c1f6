from django.urls import path

from . import export, views

app_name = "protocols"

urlpatterns = [
    path("", views.ProtocolListView.as_view(), name="list"),
    path("export.csv", export.export_csv, name="export"),
    path("new/", views.ProtocolCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.ProtocolDetailView.as_view(), name="detail"),
    path("<slug:slug>/document/", views.ProtocolDocumentView.as_view(), name="document"),
    path("<slug:slug>/edit/", views.ProtocolUpdateView.as_view(), name="edit"),
    path("<slug:slug>/revise/", views.ProtocolReviseView.as_view(), name="revise"),
    path("<slug:slug>/status/", views.ProtocolStatusView.as_view(), name="status"),
    path("<slug:slug>/suggest/", views.ProtocolSuggestView.as_view(), name="suggest"),
    path(
        "<slug:slug>/suggestions/<int:pk>/answer/",
        views.SuggestionAnswerView.as_view(),
        name="suggestion_answer",
    ),
]
