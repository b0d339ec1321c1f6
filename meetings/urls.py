from django.urls import path

from . import feeds, views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("new/", views.MeetingCreateView.as_view(), name="create"),
    path("actions/", views.MyActionsView.as_view(), name="my_actions"),
    path("actions/<int:pk>/", views.ActionUpdateView.as_view(), name="action_update"),
    path("calendar/", views.CalendarTokensView.as_view(), name="calendar_tokens"),
    path("feed/<str:token>.ics", views.group_feed, name="group_feed"),
    path(
        "groups/<slug:slug>/decisions/",
        views.GroupDecisionsView.as_view(),
        name="group_decisions",
    ),
    path(
        "groups/<slug:slug>/decisions/feed/",
        feeds.GroupDecisionsFeed(),
        name="group_decisions_feed",
    ),
    path("rsvp/<str:token>/", views.RsvpView.as_view(), name="rsvp"),
    path(
        "certificates/<str:code>/",
        views.CertificateVerifyView.as_view(),
        name="certificate_verify",
    ),
    path(
        "suggestions/<int:pk>/agenda/",
        views.ImprovementToAgendaView.as_view(),
        name="improvement_to_agenda",
    ),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="update"),
    path("<int:pk>/agenda/", views.AgendaAddView.as_view(), name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.AgendaMoveView.as_view(), name="agenda_move"),
    path(
        "<int:pk>/agenda/<int:item_pk>/edit/",
        views.AgendaUpdateView.as_view(),
        name="agenda_update",
    ),
    path("<int:pk>/papers/", views.PaperAddView.as_view(), name="paper_add"),
    path(
        "<int:pk>/agenda/<int:item_pk>/papers/<int:paper_pk>/",
        views.PaperDownloadView.as_view(),
        name="paper",
    ),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/respond/", views.RespondView.as_view(), name="respond"),
    path("<int:pk>/join/", views.JoinView.as_view(), name="join"),
    path(
        "<int:pk>/certificate/<int:person_pk>/",
        views.CertificateView.as_view(),
        name="certificate",
    ),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/minutes/print/", views.MinutesPrintView.as_view(), name="minutes_print"),
    path(
        "<int:pk>/minutes/versions/",
        views.MinutesVersionsView.as_view(),
        name="minutes_versions",
    ),
    path("<int:pk>/minutes/comments/", views.MinutesCommentView.as_view(), name="minutes_comment"),
    path(
        "<int:pk>/agenda/<int:item_pk>/approve/",
        views.MinutesApproveView.as_view(),
        name="minutes_approve",
    ),
    path("<int:pk>/decisions/", views.DecisionAddView.as_view(), name="decision_add"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/publish/",
        views.DecisionPublishView.as_view(),
        name="decision_publish",
    ),
    path(
        "<int:pk>/decisions/<int:decision_pk>/unpublish/",
        views.DecisionUnpublishView.as_view(),
        name="decision_unpublish",
    ),
    path("<int:pk>/actions/", views.ActionAddView.as_view(), name="action_add"),
    path("<int:pk>/documents/", views.AttachmentAddView.as_view(), name="attachment_add"),
    path(
        "<int:pk>/documents/<int:doc_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path("<int:pk>/close/", views.CloseView.as_view(), name="close"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
]
