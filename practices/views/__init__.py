"""The catalogue's pages (a package once one module grew past a screen of grep): the public
catalogue, one practice, members' forms and review, suggestions."""

from .catalogue import CARD_FIELDS, CompareView, EvidenceCriteriaView, PracticeListView
from .edit import (
    MyPracticesView,
    PracticeCreateView,
    PracticeEditMixin,
    PracticeUpdateView,
    ReviewQueueView,
    TransitionView,
)
from .improvements import (
    ImprovementCommentView,
    ImprovementCreateView,
    ImprovementDetailView,
    ImprovementQueueView,
    ImprovementRespondView,
)
from .practice import (
    AttachmentDownloadView,
    PracticeContactView,
    PracticeDetailView,
    PracticeMixin,
    PracticeVersionsView,
    withheld_steps,
)

__all__ = [
    "CARD_FIELDS",
    "AttachmentDownloadView",
    "CompareView",
    "EvidenceCriteriaView",
    "ImprovementCommentView",
    "ImprovementCreateView",
    "ImprovementDetailView",
    "ImprovementQueueView",
    "ImprovementRespondView",
    "MyPracticesView",
    "PracticeContactView",
    "PracticeCreateView",
    "PracticeDetailView",
    "PracticeEditMixin",
    "PracticeListView",
    "PracticeMixin",
    "PracticeUpdateView",
    "PracticeVersionsView",
    "ReviewQueueView",
    "TransitionView",
    "withheld_steps",
]
