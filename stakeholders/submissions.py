"""One object per filled-in form.

A create form carries a hidden one-time token (``OneTimeFormMixin``). The view makes the
object through ``once()``, which stores the token with what it made, in the same
transaction; a second post of the same form (a double click, the back button, a retry after
a timeout) then leads to what the first made, with a message (``OneTimeViewMixin``),
instead of making it again. Two posts at the same moment are serialised by the token's
unique index: the second waits for the first and finds its result.
"""

import re
import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "submission"
TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _valid(token) -> str:
    return token if isinstance(token, str) and TOKEN.fullmatch(token) else ""


class AlreadySent(Exception):
    """The form's token has already made something: ``target`` (None if it is gone)."""

    def __init__(self, target):
        super().__init__("form already sent")
        self.target = target


def earlier(*, token: str, user) -> FormSubmission | None:
    """What ``user`` sent before with ``token``, if anything."""
    token = _valid(token)
    if not token or not user.is_authenticated:
        return None
    return FormSubmission.objects.filter(token=token, user=user).first()


def once(*, token: str, user, create):
    """Return ``create()``, recording that ``token`` made it; raise AlreadySent if the token
    has already made something. Without a (well-formed) token, simply ``create()``."""
    token = _valid(token)
    if not token:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    token=token, user=user if user.is_authenticated else None
                )
        except IntegrityError:
            # Sent already, or being sent: the unique index waited for that post to end.
            done = earlier(token=token, user=user)
            raise AlreadySent(done.target if done else None) from None
        result = create()
        if isinstance(result, models.Model):
            submission.target = result
            submission.save(update_fields=["target_type", "target_id"])
        return result


class OneTimeFormMixin:
    """Adds the hidden one-time token to a form that creates something (a model form for a
    new instance, or a plain form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=new_token()
            )

    def clean_submission(self) -> str:
        # A token that is not one of ours only loses the protection, never the form.
        return _valid(self.cleaned_data.get(FIELD))


class OneTimeViewMixin:
    """For the view of a create form: a form sent again leads to what it made.

    Put it after the permission mixins. Views make the object with ``self.once(form,
    create)`` and answer ``AlreadySent`` with ``self.already_sent(error.target)``;
    ``earlier_url(target)`` says where to go (by default the target's page, else
    ``fallback_url()``).
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            done = earlier(token=request.POST.get(self.token_name()), user=request.user)
            if done is not None:
                return self.already_sent(done.target)
        return super().dispatch(request, *args, **kwargs)

    def token_name(self) -> str:
        prefix = getattr(self, "prefix", None)
        return f"{prefix}-{FIELD}" if prefix else FIELD

    def once(self, form, create):
        """``once()`` with the token of ``form`` and the user of the request."""
        return once(token=form.cleaned_data.get(FIELD, ""), user=self.request.user, create=create)

    def already_sent(self, target):
        messages.info(
            self.request,
            _("You had already sent this form: it was taken into account only once."),
        )
        return redirect(self.earlier_url(target))

    def earlier_url(self, target) -> str:
        if target is not None and hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        return self.fallback_url()

    def fallback_url(self) -> str:
        raise NotImplementedError
