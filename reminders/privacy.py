"""What the reminders hold about a person (stakeholders.privacy assembles every app's)."""

from stakeholders.privacy import iso

from .models import SentReminder


def personal_data(user, person) -> dict:
    """The reminders sent to ``user``."""
    return {
        "reminders_sent": [
            {"kind": r.kind, "about": r.object_key, "period": r.period, "sent": iso(r.sent_at)}
            for r in SentReminder.objects.filter(user=user).order_by("sent_at", "pk")
        ],
    }


def forget(user) -> None:
    """Nothing before the account goes: the record of the reminders sent goes with it."""
