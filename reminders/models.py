"""What the reminders job has sent: each reminder once (``reminders.jobs``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import ReminderKind

# The records of sent reminders are purged after this (lanzarote.retention): a reminder
# is due within days of its period (a meeting, a due date, a week), never a year later.
SENT_REMINDER_RETENTION_DAYS = 365


class SentReminder(models.Model):
    """A reminder written to a person: its kind, what it is about (``object_key``: a
    meeting, an action item, an invitation, or a digest's name), and its period (the
    meeting's start, the due date, the ISO week of a weekly digest). The unique
    constraint is what makes each reminder go once, even from two runs at the same time:
    the row is written in the transaction that writes the email, before it."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    object_key = models.CharField(_("about"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("sent to"),
    )
    period = models.CharField(_("period"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "user", "period"],
                name="sent_reminder_once",
                violation_error_message=_("This reminder has already been sent."),
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_key} {self.period} → {self.user_id}"
