"""The meetings' pages (a package once one module grew past a screen of grep): a meeting
as people see it, running it, answering invitations, action items, calendar feeds."""

from .actions import ActionUpdateView, MyActionsView
from .attendance import CertificateVerifyView, CertificateView, JoinView
from .calendar import CalendarTokensView, group_feed
from .meeting import (
    AttachmentDownloadView,
    MeetingDetailView,
    MeetingListView,
    MinutesPrintView,
    meeting_ics,
)
from .responses import RespondView, RsvpView
from .running import (
    ActionAddView,
    AgendaAddView,
    AgendaMoveView,
    AttachmentAddView,
    AttendanceView,
    CancelView,
    CloseView,
    DecisionAddView,
    ImprovementToAgendaView,
    InviteView,
    MeetingCreateView,
    MeetingUpdateView,
    MinutesView,
)

__all__ = [
    "ActionAddView",
    "ActionUpdateView",
    "AgendaAddView",
    "AgendaMoveView",
    "AttachmentAddView",
    "AttachmentDownloadView",
    "AttendanceView",
    "CalendarTokensView",
    "CertificateVerifyView",
    "CertificateView",
    "CancelView",
    "CloseView",
    "DecisionAddView",
    "ImprovementToAgendaView",
    "InviteView",
    "JoinView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingUpdateView",
    "MinutesPrintView",
    "MinutesView",
    "MyActionsView",
    "RespondView",
    "RsvpView",
    "group_feed",
    "meeting_ics",
]
