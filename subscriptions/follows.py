"""Members following a practice: following and unfollowing, and the emails followers get
when the practice has a new published version, a new improvement suggestion or an answer to
one.

The practices' services announce those events (practices.signals) inside their
transaction; the emails are written there too, so they are sent if and only if the change
commits. Never to the person who caused the event, and only to followers who may see what
the email is about: the practice (rules.can_view) and, for suggestions and answers, the
suggestions (members only).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from practices import rules, signals
from practices.models import Practice
from stakeholders import mail
from stakeholders.models import Membership
from stakeholders.permissions import roles

from .models import Follow


def follow(*, user, practice: Practice) -> Follow:
    """``user`` follows ``practice`` (following it again changes nothing)."""
    if not roles(user).is_member or not rules.can_view(user, practice):
        raise PermissionDenied(_("Only members can follow a practice they can see."))
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(user=user, practice=practice)[0]
    except IntegrityError:  # followed at the same moment from another tab
        return Follow.objects.get(user=user, practice=practice)


@transaction.atomic
def unfollow(*, user, practice: Practice) -> None:
    """``user`` stops following ``practice`` (nothing happens if they did not follow it)."""
    Follow.objects.filter(user=user, practice=practice).delete()


def followers(practice: Practice, *, by, members_only: bool) -> list:
    """The accounts following ``practice`` that may see it (and, with ``members_only``, its
    suggestions), except ``by``."""
    User = get_user_model()
    users = (
        User.objects.filter(follows__practice=practice, is_active=True)
        .exclude(pk=getattr(by, "pk", None))
        .order_by("email")
    )
    if practice.status != Practice.Status.PUBLISHED:
        # Rare (a practice sent back to its authors): the whole rule, follower by follower.
        return [
            user
            for user in users
            if rules.can_view(user, practice) and (not members_only or roles(user).is_member)
        ]
    if members_only:
        member = Exists(Membership.objects.filter(person__user=OuterRef("pk")))
        users = users.filter(Q(is_staff=True) | member)
    return list(users)


def _notify(practice: Practice, *, by, members_only: bool, template: str, context: dict):
    mail.notify(
        to=followers(practice, by=by, members_only=members_only),
        template=template,
        context={
            "practice": practice,
            "link": mail.Link(practice),
            "following_link": mail.Link("subscriptions:following"),
            **context,
        },
    )


def on_practice_published(*, practice, by, first, **_kwargs):
    _notify(
        practice,
        by=by,
        members_only=False,
        template="subscriptions/email/follow_version",
        context={"first": first},
    )


def on_improvement_suggested(*, improvement, by, **_kwargs):
    _notify(
        improvement.practice,
        by=by,
        members_only=True,
        template="subscriptions/email/follow_suggestion",
        context={
            "improvement": improvement,
            "link": mail.Link(improvement.practice, anchor="#improvements"),
        },
    )


def on_improvement_answered(*, improvement, by, **_kwargs):
    _notify(
        improvement.practice,
        by=by,
        members_only=True,
        template="subscriptions/email/follow_answer",
        context={
            "improvement": improvement,
            "link": mail.Link(improvement.practice, anchor="#improvements"),
        },
    )


def connect() -> None:
    signals.practice_published.connect(on_practice_published, dispatch_uid="follow-published")
    signals.improvement_suggested.connect(on_improvement_suggested, dispatch_uid="follow-suggested")
    signals.improvement_answered.connect(on_improvement_answered, dispatch_uid="follow-answered")
