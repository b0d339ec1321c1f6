"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Languages a practice works in, or a person speaks.
WORKING_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("sv", _("Swedish")),
    ("no", _("Norwegian")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("is", _("Icelandic")),
    ("el", _("Greek")),
    ("ro", _("Romanian")),
    ("uk", _("Ukrainian")),
    ("other", _("Other languages")),
]

# Council of Europe member states where French is an official language: the portal writes
# in French to someone without an account from there, in English to others (stakeholders.mail).
FRENCH_SPEAKING_COUNTRIES = frozenset({"BE", "CH", "FR", "LU", "MC"})


class ReminderKind(models.TextChoices):
    """The reminders the portal sends (the ``reminders`` app); each person may turn any of
    them off on *My account* (``User.reminders_off``)."""

    MEETING_SOON = "meeting-soon", _("A meeting I am invited to starts within two days")
    ACTION_DUE = "action-due", _("One of my action items is due within three days")
    OVERDUE_DIGEST = (
        "overdue-digest",
        _("Every Monday: the overdue action items (mine, and my groups’ if I coordinate)"),
    )
    INVITATION_EXPIRING = (
        "invitation-expiring",
        _("An invitation I sent expires within a day and has not been accepted"),
    )
    IMPROVEMENTS_WAITING = (
        "improvements-waiting",
        _("Improvement suggestions waiting for my answer (as they arrive, and every Monday)"),
    )
    SUGGESTION_DISCUSSION = (
        "suggestion-discussion",
        _("A new message in the discussion of a suggestion I made, wrote in or answer"),
    )
    PROPOSALS_WAITING = (
        "proposals-waiting",
        _("A practice proposed from outside the network waits for my groups' review"),
    )
    PROTOCOLS_DUE = (
        "protocols-due",
        _("A protocol of my territory is to be reviewed or ends within 90 days"),
    )
    PROTOCOL_SUGGESTIONS = (
        "protocol-suggestions",
        _("A member proposes a change to a protocol of a territory I coordinate"),
    )
