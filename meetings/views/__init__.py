"""The meetings' pages (a package once one module grew past a screen of grep): a meeting
as people see it, running it, answering invitations, action items, calendar feeds."""

from .actions import ActionUpdateView, MyActionsView
from .calendar import CalendarTokensView, group_feed
from .meeting import (
    AttachmentDownloadView,
    MeetingDetailView,
    MeetingListView,
    MinutesPrintView,
    PaperDownloadView,
    meeting_ics,
)
from .responses import RespondView, RsvpView
from .running import (
    ActionAddView,
    AgendaAddView,
    AgendaMoveView,
    AgendaUpdateView,
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
    PaperAddView,
)

__all__ = [
    "ActionAddView",
    "ActionUpdateView",
    "AgendaAddView",
    "AgendaMoveView",
    "AgendaUpdateView",
    "AttachmentAddView",
    "AttachmentDownloadView",
    "AttendanceView",
    "CalendarTokensView",
    "CancelView",
    "CloseView",
    "DecisionAddView",
    "ImprovementToAgendaView",
    "InviteView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingUpdateView",
    "MinutesPrintView",
    "MinutesView",
    "MyActionsView",
    "PaperAddView",
    "PaperDownloadView",
    "RespondView",
    "RsvpView",
    "group_feed",
    "meeting_ics",
]
