"""The meetings' pages (a package once one module grew past a screen of grep): a meeting
as people see it, running it, answering invitations, action items, calendar feeds."""

from .actions import ActionUpdateView, MyActionsView
from .attendance import CertificateVerifyView, CertificateView, JoinView
from .calendar import CalendarTokensView, group_feed
from .decisions import GroupDecisionsView
from .meeting import (
    AttachmentDownloadView,
    MeetingDetailView,
    MeetingListView,
    MinutesPrintView,
    MinutesVersionsView,
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
    DecisionPublishView,
    DecisionUnpublishView,
    ImprovementToAgendaView,
    InviteView,
    MeetingCreateView,
    MeetingUpdateView,
    MinutesApproveView,
    MinutesCommentView,
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
    "CertificateVerifyView",
    "CertificateView",
    "CancelView",
    "CloseView",
    "DecisionAddView",
    "DecisionPublishView",
    "DecisionUnpublishView",
    "GroupDecisionsView",
    "ImprovementToAgendaView",
    "InviteView",
    "JoinView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingUpdateView",
    "MinutesApproveView",
    "MinutesCommentView",
    "MinutesPrintView",
    "MinutesVersionsView",
    "MinutesView",
    "MyActionsView",
    "PaperAddView",
    "PaperDownloadView",
    "RespondView",
    "RsvpView",
    "group_feed",
    "meeting_ics",
]
