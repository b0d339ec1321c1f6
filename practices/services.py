"""The review workflow of a practice, and its addresses."""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders import audit, limits, mail
from stakeholders.choices import ReminderKind
from stakeholders.models import AuditEvent, Membership, Organisation, User

from . import rules, signals
from .models import (
    Attachment,
    Improvement,
    ImprovementComment,
    Link,
    OldSlug,
    Partner,
    Practice,
    Reference,
    Transition,
)

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
            "link": mail.Link(practice),
            "review_link": mail.Link("practices:review"),
        },
    )


# The levels whose reason a coordinator must give when publishing (shown on the page).
LEVELS_NEEDING_RATIONALE = frozenset({Practice.Evidence.EVALUATED, Practice.Evidence.PROMISING})
RATIONALE_MAX_LENGTH = 2000


@transaction.atomic
def practice_transition(
    *,
    practice: Practice,
    action: str,
    by,
    note: str = "",
    evidence: str | None = None,
    rationale: str | None = None,
) -> Practice:
    """Move ``practice`` through the review workflow, record the step and tell the people
    concerned by email once the transaction commits.

    Publishing is the coordinator's assessment of the evidence level: ``evidence`` (None
    keeps the level the authors chose) and ``rationale``, why (None keeps the one recorded;
    needed for "evaluated" and "promising"); who assessed it and when are recorded."""
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
    if step.name == "publish":
        # Before the requirements: they depend on the level the coordinator confirms.
        _assess_evidence(practice, evidence=evidence, rationale=rationale, by=by)
    if step.name in ("submit", "publish"):
        # The same content rules for a practice going to review and one going public,
        # whoever publishes it: the review pages, the admin's actions, the shell.
        missing = practice.missing_for_submission()
        if missing:
            before = (
                _("Before submitting, add: %(item)s.")
                if step.name == "submit"
                else _("Before publishing, add: %(item)s.")
            )
            raise ValidationError([before % {"item": item} for item in missing], code="incomplete")

    now = timezone.now()
    first_publication = practice.published_at is None
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
    if step.name == "publish":
        signals.practice_published.send(
            sender=Practice, practice=practice, by=by, first=first_publication
        )
    return practice


def _assess_evidence(practice: Practice, *, evidence, rationale, by) -> None:
    """The publishing coordinator's assessment of the evidence level, on ``practice`` (saved
    with the step)."""
    level = evidence or practice.evidence
    if level not in Practice.Evidence.values:
        raise ValidationError({"evidence": _("Choose an evidence level.")}, code="evidence")
    rationale = practice.evidence_rationale if rationale is None else rationale.strip()
    if len(rationale) > RATIONALE_MAX_LENGTH:
        raise ValidationError(
            {
                "rationale": _("Say it in %(max)s characters at most.")
                % {"max": RATIONALE_MAX_LENGTH}
            },
            code="rationale_too_long",
        )
    if level in LEVELS_NEEDING_RATIONALE and not rationale:
        raise ValidationError(
            {
                "rationale": _(
                    "Say why the practice has this evidence level: the reason is shown on its page."
                )
            },
            code="rationale_required",
        )
    practice.evidence = level
    practice.evidence_rationale = rationale
    practice.evidence_assessed_by = by if getattr(by, "is_authenticated", False) else None
    practice.evidence_assessed_at = timezone.now()


@transaction.atomic
def improvement_create(*, practice: Practice, author, text: str) -> Improvement:
    """A member's suggestion on a published practice, open until a coordinator answers."""
    if not rules.can_suggest_improvement(author, practice):
        raise PermissionDenied(
            _("Only members can suggest an improvement to a published practice.")
        )
    improvement = Improvement(
        practice=practice, author=author, text=text.strip(), practice_version=practice.version
    )
    improvement.full_clean()
    improvement.save()
    signals.improvement_suggested.send(sender=Improvement, improvement=improvement, by=author)
    # The coordinators who answer it are told at once, unless they turned these reminders
    # off on their account page (the weekly digest of waiting ones is the reminders app's).
    mail.notify(
        to=[
            membership.person.user
            for membership in rules.improvement_answerers([practice.group_id])
            if membership.person.user != author
            and membership.person.user.wants_reminder(ReminderKind.IMPROVEMENTS_WAITING)
        ],
        template="practices/email/improvement_suggested",
        context={
            "practice": practice,
            "improvement": improvement,
            "link": mail.Link(improvement),
            "preferences_link": mail.Link("account", anchor="#reminders-heading"),
        },
    )
    return improvement


def default_taken_up_version(improvement: Improvement, current_version: int) -> int:
    """The version that takes a suggestion up unless the coordinator says otherwise: the
    current one if the practice changed since the suggestion, else the next one."""
    suggested_on = improvement.practice_version
    if suggested_on is None or current_version > suggested_on:
        return current_version
    return current_version + 1


def taken_up_versions(improvement: Improvement, current_version: int) -> range:
    """The versions a coordinator may name: from the one suggested on to the next one."""
    return range(improvement.practice_version or 1, current_version + 2)


@transaction.atomic
def improvement_answer(
    *, improvement: Improvement, status: str, response: str, by, version: int | None = None
) -> Improvement:
    """A coordinator of the practice's group takes up or declines a suggestion (or reopens
    it), with an answer for its author; the step is recorded. A suggestion taken up names
    the practice's version that took it up (``version``, by default
    ``default_taken_up_version``)."""
    if not rules.can_review(by, improvement.practice):
        raise PermissionDenied(_("Only coordinators of the practice's working group can do this."))
    improvement = Improvement.objects.select_for_update().get(pk=improvement.pk)
    improvement.status = status
    improvement.response = response.strip()
    improvement.responded_by = by
    improvement.responded_at = timezone.now()
    improvement.taken_up_in_version = None
    if status == Improvement.Status.TAKEN_UP:
        current = Practice.objects.values_list("version", flat=True).get(pk=improvement.practice_id)
        allowed = taken_up_versions(improvement, current)
        if version is None:
            version = default_taken_up_version(improvement, current)
        elif version not in allowed:
            raise ValidationError(
                {
                    "taken_up_in_version": _("Choose a version between %(first)s and %(last)s.")
                    % {"first": allowed[0], "last": allowed[-1]}
                },
                code="bad_version",
            )
        improvement.taken_up_in_version = version
    improvement.full_clean()
    improvement.save()
    audit.record(
        AuditEvent.Action.IMPROVEMENT_ANSWERED, actor=by, target=improvement, status=status
    )
    signals.improvement_answered.send(sender=Improvement, improvement=improvement, by=by)
    return improvement


def _discussion_recipients(improvement: Improvement, by) -> list:
    """Who hears of a new message on a suggestion: its author, those who wrote in its
    discussion and the coordinators of the practice's group; never the one who wrote it,
    only those who may still read the discussion and want these emails."""
    ids = {improvement.author_id}
    ids |= set(improvement.comments.values_list("author_id", flat=True))
    ids |= {
        membership.person.user_id
        for membership in rules.improvement_answerers([improvement.practice.group_id])
    }
    ids -= {None, getattr(by, "pk", None)}
    return [
        user
        for user in User.objects.filter(pk__in=ids, is_active=True).order_by("email")
        if user.wants_reminder(ReminderKind.SUGGESTION_DISCUSSION)
        and rules.can_discuss(user, improvement)
    ]


@transaction.atomic
def improvement_comment_add(*, improvement: Improvement, author, text: str) -> ImprovementComment:
    """A message in the discussion of an open suggestion, by someone who may read it; the
    author of the suggestion, the earlier writers and the group's coordinators are told."""
    # Locked: the count and the status are read as committed, one writer at a time.
    improvement = (
        Improvement.objects.select_for_update()
        .select_related("practice", "practice__group")
        .get(pk=improvement.pk)
    )
    if not rules.can_discuss(author, improvement):
        raise PermissionDenied(
            _("Only members of the practice's working group can discuss this suggestion.")
        )
    if not improvement.is_open:
        raise ValidationError(
            _("This suggestion has been answered: its discussion is closed."), code="closed"
        )
    if improvement.comments.count() >= Improvement.MAX_COMMENTS:
        raise ValidationError(
            _("This discussion has reached %(max)s messages: it is closed.")
            % {"max": Improvement.MAX_COMMENTS},
            code="too_many",
        )
    comment = ImprovementComment(improvement=improvement, author=author, text=text.strip())
    comment.full_clean()
    comment.save()
    mail.notify(
        to=_discussion_recipients(improvement, author),
        template="practices/email/improvement_comment",
        context={
            "practice": improvement.practice,
            "improvement": improvement,
            "comment": comment,
            "by": author,
            "link": mail.Link(improvement, anchor="#discussion"),
            "preferences_link": mail.Link("account", anchor="#reminders-heading"),
        },
    )
    return comment


class EditConflict(Exception):
    """Someone else saved the practice since the form was opened."""

    message = gettext_lazy(
        "Someone else saved this practice while you were editing it. Your text is kept "
        "below: compare it with the current version, then save again to replace that "
        "version with yours."
    )

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


@dataclass(frozen=True)
class PartnerData:
    """An organisation's part in a practice (``Partner``)."""

    organisation: Organisation
    role: str = Partner.Role.PARTNER


@dataclass(frozen=True)
class LinkData:
    """A link of a practice: ``pk`` names the saved link it replaces, None adds one."""

    url: str
    title: str
    pk: int | None = None


@dataclass(frozen=True)
class ReferenceData:
    """A reference of a practice (``Reference``): ``pk`` names the saved reference it
    replaces, None adds one. The DOI is normalised when it is saved."""

    title: str
    kind: str = Reference.Kind.REPORT
    authors: str = ""
    year: int | None = None
    publisher: str = ""
    doi: str = ""
    url: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class AttachmentData:
    """A document of a practice: ``file`` is a new upload (its content is checked here), or
    None to keep the stored file; ``pk`` names the saved attachment, None adds one."""

    title: str
    file: File | None = None
    pk: int | None = None


# What ``practice_save`` takes in ``data``: the practice's content, never its review state
# (status, dates, reviewer: practice_transition) nor its address (from the title).
CONTENT_FIELDS = frozenset(
    {
        *(
            f"{name}_{code}"
            for name in (
                "title",
                "summary",
                "description",
                "child_participation",
                "resources",
                "staffing",
                "training",
                "duration",
                "transferability",
            )
            for code, _name in settings.LANGUAGES
        ),
        "cost_range",
        "territory",
        "organisation",
        "group",
        "evidence",
        "year_started",
        "year_ended",
        "languages",
    }
)
CONTENT_RELATIONS = frozenset({"sectors", "themes", "target_groups", "articles"})


def practice_save(
    *,
    practice: Practice,
    data: dict,
    partners: list[PartnerData] | None = None,
    links: list[LinkData] | None = None,
    attachments: list[AttachmentData] | None = None,
    references: list[ReferenceData] | None = None,
    by,
    expected_version: int | None,
) -> Practice:
    """Save a practice with its partners, links, attachments and references: all of it, or
    nothing.

    ``data`` holds content fields (``CONTENT_FIELDS``, and ``CONTENT_RELATIONS`` as lists
    of objects); ``partners``, ``links``, ``attachments`` and ``references`` are the full
    lists after the save (None leaves them as they are). A change of the evidence level is
    recorded as ``by``'s (who, when; the earlier rationale no longer applies), and sends a
    published practice back to review: its level is the publishing coordinator's. The
    portal's form, the admin and an import call it alike. ``expected_version`` is the
    version the editor started from; if the practice has been saved since, EditConflict is
    raised and nothing is written. A practice under review or published must still meet
    ``Practice.missing_requirements()`` after the save, else ValidationError (by field) and
    nothing is written.
    """
    unknown = set(data) - CONTENT_FIELDS - CONTENT_RELATIONS
    if unknown:
        raise ValueError(f"Not content fields of a practice: {', '.join(sorted(unknown))}")
    stored: list = []
    try:
        return _practice_save(
            practice=practice,
            data=data,
            partners=partners,
            links=links,
            attachments=attachments,
            references=references,
            by=by,
            expected_version=expected_version,
            stored=stored,
        )
    except BaseException:
        # The rows are rolled back; files already stored by this save must go too.
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


# A change of the organisations behind a practice under review, or published, sends it
# (back) to review: the four-eyes rule looks at them.
BACK_TO_REVIEW = frozenset({S.SUBMITTED, S.PUBLISHED})


def _content(pk) -> dict | None:
    """What a practice's page shows, as stored: its content fields and relations."""
    if pk is None:
        return None
    fields = sorted(
        f"{name}_id" if Practice._meta.get_field(name).is_relation else name
        for name in CONTENT_FIELDS
    )
    content = Practice.objects.filter(pk=pk).values(*fields).get()
    for name in sorted(CONTENT_RELATIONS):
        related = Practice._meta.get_field(name).remote_field.through.objects
        column = Practice._meta.get_field(name).m2m_reverse_name()
        content[name] = set(related.filter(practice_id=pk).values_list(column, flat=True))
    return content


def _partners(practice: Practice) -> set:
    if practice.pk is None:
        return set()
    return set(Partner.objects.filter(practice=practice).values_list("organisation_id", "role"))


@transaction.atomic
def _practice_save(
    *, practice, data, partners, links, attachments, references, by, expected_version, stored
) -> Practice:
    if practice.pk is not None:
        current = (
            Practice.objects.select_for_update()
            .values("version", "status", "evidence")
            .get(pk=practice.pk)
        )
        if expected_version != current["version"]:
            raise EditConflict(current["version"])
        practice.version = current["version"] + 1
        status_before = current["status"]
        evidence_before = current["evidence"]
    else:
        if practice.created_by_id is None and getattr(by, "is_authenticated", False):
            practice.created_by = by
        status_before = practice.status
        evidence_before = None
    partners_before = _partners(practice)
    keepers_before = (practice.organisation_id, practice.group_id)
    # Read only for a published practice (a change to it may be a new public version).
    content_before = _content(practice.pk) if status_before == S.PUBLISHED else None
    # Four-eyes: a published practice changed by someone who could not have published it
    # (their organisation takes part, or they wrote or submitted it) is looked at again.
    own_practice = (
        practice.pk is not None
        and status_before == S.PUBLISHED
        and rules.could_not_publish(by, practice)
    )
    for name, value in data.items():
        if name in CONTENT_FIELDS:
            setattr(practice, name, value)
    evidence_changed = practice.evidence != evidence_before
    if evidence_changed:
        # Whoever sets a level answers for it until a coordinator assesses it (publish).
        practice.evidence_assessed_by = by if getattr(by, "is_authenticated", False) else None
        practice.evidence_assessed_at = timezone.now()
        practice.evidence_rationale = ""
    # The history names who changed the content (the four-eyes rule reads it).
    practice._change_reason = rules.EDITED
    if getattr(by, "is_authenticated", False):
        practice._history_user = by
    refresh_slug(practice)
    practice.full_clean()
    practice.save()
    for name in CONTENT_RELATIONS & set(data):
        getattr(practice, name).set(data[name])
    if partners is not None:
        _save_partners(practice, partners)
    if links is not None:
        _save_links(practice, links)
    if attachments is not None:
        _save_attachments(practice, attachments, stored)
    if references is not None:
        _save_references(practice, references)
    if status_before in BACK_TO_REVIEW:
        _check_still_complete(practice)
    # Who takes part, keeps or reviews the practice decides who may publish it (four-eyes):
    # a change of any of them is looked at again.
    if practice.status in BACK_TO_REVIEW and (
        _partners(practice) != partners_before
        or (practice.organisation_id, practice.group_id) != keepers_before
    ):
        _back_to_review(practice, by=by, why="partners_changed")
    elif own_practice:
        _back_to_review(practice, by=by, why="changed_by_its_own")
    elif practice.status == S.PUBLISHED and evidence_changed:
        # The level of a published practice is the one a coordinator assessed.
        _back_to_review(practice, by=by, why="evidence_changed")
    if (
        status_before == S.PUBLISHED
        and practice.status == S.PUBLISHED
        and (_content(practice.pk) != content_before or _partners(practice) != partners_before)
    ):
        # Changed in place by someone who may publish it: a new public version (a save
        # that changes nothing of what the page shows is none).
        signals.practice_published.send(sender=Practice, practice=practice, by=by, first=False)
    return practice


def _save_partners(practice: Practice, partners: list[PartnerData]) -> None:
    wanted = [(p.organisation.pk, p.role) for p in partners]
    if len({organisation for organisation, _role in wanted}) != len(wanted):
        raise ValidationError(
            {"partners": _("Each organisation can be listed only once.")}, code="duplicate"
        )
    if sum(role == Partner.Role.LEAD for _organisation, role in wanted) > 1:
        raise ValidationError({"partners": _("Choose only one lead organisation.")}, code="leads")
    if set(wanted) == _partners(practice):
        return
    Partner.objects.filter(practice=practice).delete()
    for organisation_id, role in wanted:
        partner = Partner(practice=practice, organisation_id=organisation_id, role=role)
        partner.full_clean(validate_constraints=False)
        partner.save()


def _save_links(practice: Practice, links: list[LinkData]) -> None:
    kept = {link.pk for link in links if link.pk is not None}
    practice.links.exclude(pk__in=kept).delete()
    saved = practice.links.in_bulk(kept)
    for data in links:
        link = saved[data.pk] if data.pk in saved else Link(practice=practice)
        link.url, link.title = data.url, data.title
        link.full_clean()
        link.save()


def _save_references(practice: Practice, references: list[ReferenceData]) -> None:
    if len(references) > Reference.MAX_PER_PRACTICE:
        raise ValidationError(
            {
                "references": _("A practice has at most %(max)s references.")
                % {"max": Reference.MAX_PER_PRACTICE}
            },
            code="too_many_references",
        )
    kept = {reference.pk for reference in references if reference.pk is not None}
    practice.references.exclude(pk__in=kept).delete()
    saved = practice.references.in_bulk(kept)
    for data in references:
        reference = saved[data.pk] if data.pk in saved else Reference(practice=practice)
        for name in ("title", "kind", "authors", "year", "publisher", "doi", "url"):
            value = getattr(data, name)
            setattr(reference, name, value.strip() if isinstance(value, str) else value)
        reference.full_clean()
        reference.save()


def _save_attachments(practice: Practice, attachments: list[AttachmentData], stored) -> None:
    kept = {attachment.pk for attachment in attachments if attachment.pk is not None}
    practice.attachments.exclude(pk__in=kept).delete()
    saved = practice.attachments.in_bulk(kept)
    for data in attachments:
        attachment = saved[data.pk] if data.pk in saved else Attachment(practice=practice)
        attachment.title = data.title
        if data.file is not None:
            attachment.take_file(data.file)
        elif attachment.pk is None:
            raise ValidationError({"attachments": _("Choose a file to attach.")}, code="no_file")
        attachment.full_clean(exclude=["file"] if data.file is None else None)
        attachment.save()
        if data.file is not None:
            stored.append(attachment.file)


def _check_still_complete(practice: Practice) -> None:
    """A practice under review or published keeps what it needed to get there."""
    missing = practice.missing_requirements()
    if missing:
        raise ValidationError(
            {
                requirement.fields[0]: _("A practice under review or published must keep %(item)s.")
                % {"item": requirement.message}
                for requirement in missing
            },
            code="incomplete",
        )


def _back_to_review(practice: Practice, *, by, why: str) -> None:
    """The organisations or the group of a practice under review or published changed, or
    its own people changed it once published: it waits for a coordinator's review again
    (submitted, the earlier review forgotten); ``why`` goes into the audit record."""
    if practice.status != S.SUBMITTED:
        Transition.objects.create(
            practice=practice, from_status=practice.status, to_status=S.SUBMITTED, by=by
        )
    practice.status = S.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.reviewed_by = None
    practice.review_note = ""
    practice._change_reason = why.replace("_", "-")
    practice.save(update_fields=["status", "submitted_at", "reviewed_by", "review_note"])
    audit.record(
        AuditEvent.Action.PRACTICE_TRANSITION,
        actor=by,
        target=practice,
        action=why,
        status=S.SUBMITTED,
    )


# Addresses of catalogue pages that a practice's slug would shadow: the catalogue's own
# (practices/urls.py) and those other apps put under its prefix (proposals/urls.py). The URL
# configuration does not change while a process runs: read once.
@functools.cache
def reserved_slugs() -> frozenset:
    """The first parts of the addresses under the catalogue's prefix (``new``, ``compare``,
    ``propose``…), which no practice may take as its slug."""
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    from .urls import urlpatterns

    patterns = list(urlpatterns)
    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            patterns += [
                inner
                for include in top.url_patterns
                if isinstance(include, URLResolver) and str(include.pattern) == "practices/"
                for inner in include.url_patterns
            ]
    return frozenset(
        str(pattern.pattern).split("/", 1)[0]
        for pattern in patterns
        if not str(pattern.pattern).startswith("<")
    ) - {""}


def unique_practice_slug(title: str, *, exclude_pk=None) -> str:
    """A slug that neither another practice, an old address nor a catalogue page uses."""
    base = slugify(title)[:200].strip("-") or "practice"
    slug, n = base, 2
    while (
        slug in reserved_slugs()
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


# ---------------------------------------------------------------- contact route


class ContactRateLimited(Exception):
    """Too many messages sent from one client address."""

    message = gettext_lazy(
        "Too many messages have been sent from here. Please try again in an hour."
    )


HOUR = 3600


def contact_recipients(practice: Practice) -> list:
    """Who receives the public's messages about ``practice``: the members of the
    organisation that keeps it (active accounts); if it has none, the coordinators of its
    working group."""
    users = list(
        User.objects.filter(
            person__organisation_id=practice.organisation_id,
            person__erased_at__isnull=True,
            is_active=True,
        ).order_by("email")
    )
    if users:
        return users
    return [m.person.user for m in Membership.objects.coordinators_of([practice.group_id])]


# What a visitor's message may hold (the form says so; the service holds to it whatever
# calls it).
CONTACT_NAME_LENGTH = 100
CONTACT_MESSAGE_LENGTH = 3000


@transaction.atomic
def practice_contact(
    *, practice: Practice, name: str, email: str, message: str, client: str | None
) -> int:
    """Forward a visitor's message about a published practice to the people behind it
    (``contact_recipients``), as plain text, the visitor's address as Reply-To: nobody's
    address is shown to the visitor, theirs only to the recipients. Raises
    ContactRateLimited beyond ``PRACTICE_CONTACT_PER_IP`` messages an hour from one client
    address. Returns how many emails were written."""
    if practice.status != S.PUBLISHED:
        raise PermissionDenied(_("Only published practices can be contacted."))
    email = (email or "").strip()
    # A valid address is one line: safe in the Reply-To header.
    validate_email(email)
    if not limits.hit(
        "practice-contact",
        limits.client_key(client),
        limit=settings.PRACTICE_CONTACT_PER_IP,
        seconds=HOUR,
    ) or not limits.hit(
        # However many clients write, the people behind one practice get so many an hour.
        "practice-contact-practice",
        str(practice.pk),
        limit=settings.PRACTICE_CONTACT_PER_PRACTICE,
        seconds=HOUR,
    ):
        raise ContactRateLimited
    sent = mail.notify(
        to=contact_recipients(practice),
        template="practices/email/contact",
        context={
            "practice": practice,
            "name": _defang(" ".join((name or "").split())[:CONTACT_NAME_LENGTH]),
            "email": email,
            # A stranger's text: sent as plain text, its web addresses made inactive.
            "message": _defang(message.strip()[:CONTACT_MESSAGE_LENGTH]),
            "link": mail.Link(practice),
        },
        headers={"Reply-To": email},
        plain_text=True,
    )
    return sent


def _defang(text: str) -> str:
    """``text`` with nothing a mail program would turn into a link: schemes made inactive
    ("https://x" → "hxxps://x", "mailto:" → "mailto[:]"), and the dots of anything that
    looks like a domain name or an address bracketed ("evil.example" → "evil[.]example")."""
    text = re.sub(r"(?i)\bhttp(s?)://", r"hxxp\1://", text)
    text = re.sub(r"(?i)\b(ftp|mailto|tel|sms|file|data|javascript):", r"\1[:]", text)
    text = re.sub(r"(?<![:\w])//(?=\w)", "/ /", text)
    return re.sub(r"(?<=[\w-])\.(?=[a-zA-Z][\w-]*)", "[.]", text)
