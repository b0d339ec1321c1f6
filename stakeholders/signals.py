"""Account events into the audit log: logins, failed logins, logouts, password changes and
resets, two-factor codes refused, two-factor methods added or removed, recovery codes used
or regenerated. (Lockouts are recorded by the adapter and the two-factor forms, which see
them; allauth sends no signal for them.)

Only the account id is recorded: a failed login keeps no trace of the address typed.

The sessions of an account end when it is deactivated, changes its password or is deleted
(stakeholders.sessions); a new login starts the clock of the inactivity limit.
"""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import audit, sessions
from .models import AuditEvent, User


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.LOGIN, actor=user)
    if getattr(request, "session", None) is not None:
        sessions.touch(request.session)


@receiver(pre_save, sender=User)
def _note_session_ending_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before an account is saved: will it be deactivated, or get a new password?"""
    instance._end_sessions = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"is_active", "password"} & set(update_fields):
        return  # the time of the last login, and the like
    before = sender.objects.filter(pk=instance.pk).values("is_active", "password").first()
    if before is not None:
        instance._end_sessions = (before["is_active"] and not instance.is_active) or before[
            "password"
        ] != instance.password


@receiver(post_save, sender=User)
def _end_sessions_after_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_end_sessions", False):
        instance._end_sessions = False
        # The request's own session is kept (a password changed from it): a deactivated
        # account is never the one making the request (staff do, in the admin).
        sessions.end_sessions(instance.pk, keep=sessions.current_session_key.get())


@receiver(post_delete, sender=User)
def _end_sessions_of_deleted(sender, instance, **kwargs):
    sessions.end_sessions(instance.pk)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(AuditEvent.Action.LOGIN_FAILED)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEvent.Action.LOGOUT, actor=user)


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.PASSWORD_CHANGED, actor=user)


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.PASSWORD_RESET, actor=user)


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    audit.record(AuditEvent.Action.MFA_FAILED, actor=user, reauthentication=bool(reauthentication))


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs):
    audit.record(AuditEvent.Action.MFA_ADDED, actor=user, method=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    audit.record(AuditEvent.Action.MFA_REMOVED, actor=user, method=authenticator.type)


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        audit.record(AuditEvent.Action.RECOVERY_CODES_REGENERATED, actor=user)


@receiver(mfa_signals.authenticator_used)
def _mfa_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        # Read again: allauth marked the code used on a copy of the row.
        codes = Authenticator.objects.get(pk=authenticator.pk).wrap().get_unused_codes()
        audit.record(AuditEvent.Action.RECOVERY_CODE_USED, actor=user, codes_left=len(codes))
