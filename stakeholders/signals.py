"""Account events into the audit log: logins, failed logins, logouts, password changes and
resets, two-factor codes refused, two-factor methods added or removed, recovery codes used
or regenerated. (Lockouts are recorded by the adapter and the two-factor forms, which see
them; allauth sends no signal for them.)

Only the account id is recorded: a failed login keeps no trace of the address typed.
"""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.LOGIN, actor=user)


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
