"""The review workflow of a practice, and its addresses."""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders import audit, mail
from stakeholders.mail import Link
from stakeholders.models import AuditEvent, Membership, User

from . import rules
from .models import Improvement, OldSlug, Partner, Practice, Transition

S = Practice.Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: str
    needs_note: bool = False


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "submit",
            gettext_lazy("Submit for review"),
            frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
            S.SUBMITTED,
        ),
        Action(
            "publish", gettext_lazy("Publish"), frozenset({S.SUBMITTED, S.ARCHIVED}), S.PUBLISHED
        ),
        Action(
            "request_changes",
            gettext_lazy("Request changes"),
            frozenset({S.SUBMITTED, S.PUBLISHED}),
            S.CHANGES_REQUESTED,
            needs_note=True,
        ),
        Action(
            "archive",
            gettext_lazy("Archive"),
            frozenset({S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED}),
            S.ARCHIVED,
        ),
    ]
}


def allowed_actions(user, practice: Practice) -> list[Action]:
    """The transitions ``user`` may apply to ``practice`` now (for buttons)."""
    return [a for a in ACTIONS.values() if refusal(user, practice, a) is None]


def refusal(user, practice: Practice, action: Action) -> str | None:
    """Why ``user`` may not apply ``action`` to ``practice``, or None when they may."""
    if practice.status not in action.sources:
        return _("This practice is no longer in a state where this can be done.")
    if action.name == "submit":
        if not rules.is_owner(user, practice):
            return _("Only members of the practice's organisation can submit it.")
        return None
    if not rules.can_review(user, practice):
        return _("Only coordinators of the practice's working group can do this.")
    if action.name == "publish" and rules.organisation_involved(user, practice):
        return _(
            "Four-eyes rule: a practice led by your own organisation, or in which it takes "
            "part, must be published by a coordinator from another organisation."
        )
    if action.name == "publish" and rules.wrote_practice(user, practice):
        return _(
            "Four-eyes rule: you wrote, submitted or last changed this practice: another "
            "coordinator must publish it."
        )
    return None


def _recipients(practice: Practice, action: Action, by) -> list:
    """Who hears of a step: the group's coordinators of a submission, the practice's
    authors (creator and submitters) of a review; never the one who took the step."""
    if action.name == "submit":
        users = User.objects.filter(
            person__memberships__group_id=practice.group_id,
            person__memberships__role=Membership.Role.COORDINATOR,
        )
    else:
        users = User.objects.filter(
            Q(pk=practice.created_by_id)
            | Q(pk__in=practice.transitions.filter(to_status=S.SUBMITTED).values("by"))
        )
    return list(users.filter(is_active=True).exclude(pk=getattr(by, "pk", None)).order_by("email"))


def _notify(practice: Practice, action: Action, note: str, by):
    mail.notify(
        to=_recipients(practice, action, by),
        template="practices/email/transition",
        context={
            "practice": practice,
            "action": action,
            "note": note,
            "by": by,
            "link": Link(practice),
            "review_link": Link("practices:review"),
        },
    )


@transaction.atomic
def practice_transition(*, practice: Practice, action: str, by, note: str = "") -> Practice:
    """Move ``practice`` through the review workflow, record the step and tell the people
    concerned by email once the transaction commits."""
    step = ACTIONS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    refused = refusal(by, practice, step)
    if refused:
        raise PermissionDenied(refused)
    note = (note or "").strip()
    if step.needs_note and not note:
        raise ValidationError(
            _("Say what should change: the note is sent to the practice's authors."),
            code="note_required",
        )
    if step.name == "submit":
        missing = practice.missing_for_submission()
        if missing:
            raise ValidationError(
                [_("Before submitting, add: %(item)s.") % {"item": item} for item in missing],
                code="incomplete",
            )

    now = timezone.now()
    Transition.objects.create(
        practice=practice, from_status=practice.status, to_status=step.target, by=by, note=note
    )
    practice.status = step.target
    if step.name == "submit":
        practice.submitted_at = now
    elif step.name == "publish":
        practice.published_at = practice.published_at or now
        practice.reviewed_by = by
        practice.review_note = ""
    elif step.name == "request_changes":
        practice.reviewed_by = by
        practice.review_note = note
    practice.version += 1
    practice.save()
    audit.record(
        AuditEvent.Action.PRACTICE_TRANSITION,
        actor=by,
        target=practice,
        action=step.name,
        status=step.target,
    )
    _notify(practice, step, note, by)
    return practice


@transaction.atomic
def improvement_create(*, practice: Practice, author, text: str) -> Improvement:
    """A member's suggestion on a published practice, open until a coordinator answers."""
    if not rules.can_suggest_improvement(author, practice):
        raise PermissionDenied(
            _("Only members can suggest an improvement to a published practice.")
        )
    improvement = Improvement(practice=practice, author=author, text=text.strip())
    improvement.full_clean()
    improvement.save()
    return improvement


@transaction.atomic
def improvement_answer(*, improvement: Improvement, status: str, response: str, by) -> Improvement:
    """A coordinator of the practice's group takes up or declines a suggestion (or reopens
    it), with an answer for its author; the step is recorded."""
    if not rules.can_review(by, improvement.practice):
        raise PermissionDenied(_("Only coordinators of the practice's working group can do this."))
    improvement = Improvement.objects.select_for_update().get(pk=improvement.pk)
    improvement.status = status
    improvement.response = response.strip()
    improvement.responded_by = by
    improvement.responded_at = timezone.now()
    improvement.full_clean()
    improvement.save()
    audit.record(
        AuditEvent.Action.IMPROVEMENT_ANSWERED, actor=by, target=improvement, status=status
    )
    return improvement


class EditConflict(Exception):
    """Someone else saved the practice since the form was opened."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def practice_save(*, form, formsets, by, expected_version: int | None) -> Practice:
    """Save a practice with its partners, links and attachments: all of it, or nothing.

    ``expected_version`` is the version the editor started from; if the practice has been
    saved since, EditConflict is raised and nothing is written.
    """
    try:
        return _practice_save(
            form=form, formsets=formsets, by=by, expected_version=expected_version
        )
    except BaseException:
        # The rows are rolled back; files already stored by this save must go too.
        _delete_stored_uploads(formsets)
        raise


def _delete_stored_uploads(formsets) -> None:
    for formset in formsets:
        for item in formset.forms:
            for name in item.changed_data:
                value = getattr(item.instance, name, None)
                if isinstance(value, FieldFile) and value.name and value._committed:
                    value.storage.delete(value.name)


# A change of the organisations behind a practice under review, or published, sends it
# (back) to review: the four-eyes rule looks at them.
BACK_TO_REVIEW = frozenset({S.SUBMITTED, S.PUBLISHED})


def _partners(practice: Practice) -> set:
    if practice.pk is None:
        return set()
    return set(Partner.objects.filter(practice=practice).values_list("organisation_id", "role"))


@transaction.atomic
def _practice_save(*, form, formsets, by, expected_version: int | None) -> Practice:
    practice = form.instance
    if practice.pk is not None:
        current = (
            Practice.objects.select_for_update()
            .values_list("version", flat=True)
            .get(pk=practice.pk)
        )
        if expected_version != current:
            raise EditConflict(current)
        practice.version = current + 1
    else:
        practice.created_by = by
    partners_before = _partners(practice)
    practice = form.save(commit=False)
    # The history names who changed the content (the four-eyes rule reads it).
    practice._change_reason = rules.EDITED
    if getattr(by, "is_authenticated", False):
        practice._history_user = by
    refresh_slug(practice)
    practice.full_clean()
    practice.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = practice
        formset.save()
    if practice.status in BACK_TO_REVIEW and _partners(practice) != partners_before:
        _back_to_review(practice, by=by)
    return practice


def _back_to_review(practice: Practice, *, by) -> None:
    """The lead or partners of a practice under review or published changed: it waits for a
    coordinator's review again (submitted, the earlier review forgotten)."""
    if practice.status != S.SUBMITTED:
        Transition.objects.create(
            practice=practice, from_status=practice.status, to_status=S.SUBMITTED, by=by
        )
    practice.status = S.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.reviewed_by = None
    practice.review_note = ""
    practice._change_reason = "partners-changed"
    practice.save(update_fields=["status", "submitted_at", "reviewed_by", "review_note"])
    audit.record(
        AuditEvent.Action.PRACTICE_TRANSITION,
        actor=by,
        target=practice,
        action="partners_changed",
        status=S.SUBMITTED,
    )


# Addresses of catalogue pages (practices/urls.py) that a practice's slug would shadow.
RESERVED_SLUGS = frozenset({"new", "mine", "review", "feed"})


def unique_practice_slug(title: str, *, exclude_pk=None) -> str:
    """A slug that neither another practice, an old address nor a catalogue page uses."""
    base = slugify(title)[:200].strip("-") or "practice"
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Practice.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
        or OldSlug.objects.filter(slug=slug).exclude(practice_id=exclude_pk).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def refresh_slug(practice: Practice) -> None:
    """Give the practice a slug from its title; an earlier slug keeps redirecting."""
    title = practice.title_fr or practice.title_en or ""
    desired = slugify(title)[:200].strip("-") or "practice"
    if practice.slug and re.fullmatch(rf"{re.escape(desired)}(-\d+)?", practice.slug):
        return
    new = unique_practice_slug(title, exclude_pk=practice.pk)
    if practice.pk and practice.slug:
        # A practice that takes back one of its own old addresses no longer redirects it.
        OldSlug.objects.filter(slug=new).delete()
        OldSlug.objects.update_or_create(slug=practice.slug, defaults={"practice": practice})
    practice.slug = new
