"""What a practice needs before it can be submitted for review, declared once.

The same declaration serves the workflow (``Practice.missing_for_submission``, called by
``services.practice_transition``), the form (its fields are marked "needed to submit",
and a "save and submit" lists every missing item in one round) and the form's progress
indicator. A requirement looks at a ``Draft``: what is filled in, read either from a saved
practice or from the form as it is shown or sent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Draft:
    """What the requirements look at, however it was read."""

    title: bool = False
    summary: bool = False
    description: bool = False
    sectors: int = 0
    lead: bool = False
    evidence: bool = False

    @classmethod
    def of_practice(cls, practice) -> "Draft":
        """A saved practice (two small queries), or a new one (nothing filled in)."""
        from .models import Partner

        saved = practice.pk is not None
        return cls(
            title=bool(practice.title_fr or practice.title_en),
            summary=bool(practice.summary_fr or practice.summary_en),
            description=bool(practice.description_fr or practice.description_en),
            sectors=practice.sectors.count() if saved else 0,
            lead=saved and practice.partner_set.filter(role=Partner.Role.LEAD).exists(),
            evidence=bool(practice.evidence),
        )

    @classmethod
    def of_forms(cls, form, partners) -> "Draft":
        """The practice form and its partner formset as shown (initial values) or as sent."""

        def text(name):
            value = form[name].value()
            return bool(value and str(value).strip())

        lead = False
        for row in partners.forms:
            deleted = "DELETE" in row.fields and row["DELETE"].value()
            if deleted or not row["organisation"].value():
                continue
            lead = lead or row["role"].value() == "lead"
        return cls(
            title=text("title_fr") or text("title_en"),
            summary=text("summary_fr") or text("summary_en"),
            description=text("description_fr") or text("description_en"),
            sectors=len(set(form["sectors"].value() or [])),
            lead=lead,
            evidence=text("evidence"),
        )


@dataclass(frozen=True)
class Requirement:
    """One thing a practice needs before review: what to tell the author (``message``,
    completing "Before submitting, add: …"), the form fields that provide it (the first
    is where the error goes and the summary links to; "partners" is the partner formset)
    and the mark those fields carry."""

    code: str
    message: Promise
    fields: tuple[str, ...]
    mark: Promise
    met: Callable[[Draft], bool]

    @property
    def anchor(self) -> str:
        name = self.fields[0]
        return name if name == "partners" else f"id_{name}"


SUBMISSION_REQUIREMENTS = (
    Requirement(
        "summary",
        _("a summary in French or English"),
        ("summary_fr", "summary_en"),
        _("needed to submit, in French or English"),
        lambda draft: draft.summary,
    ),
    Requirement(
        "description",
        _("a description in French or English"),
        ("description_fr", "description_en"),
        _("needed to submit, in French or English"),
        lambda draft: draft.description,
    ),
    Requirement(
        "sectors",
        _("at least two sectors involved (it is an inter-sectoral practice)"),
        ("sectors",),
        _("needed to submit: at least two"),
        lambda draft: draft.sectors >= 2,
    ),
    Requirement(
        "lead",
        _("a lead organisation among the partners"),
        ("partners",),
        _("needed to submit: a lead organisation"),
        lambda draft: draft.lead,
    ),
)


def missing(draft: Draft) -> list[Requirement]:
    """The requirements ``draft`` does not meet yet, in the order of the form."""
    return [requirement for requirement in SUBMISSION_REQUIREMENTS if not requirement.met(draft)]


def marks() -> dict[str, Promise]:
    """The mark of each field that submission needs, by field name."""
    return {name: r.mark for r in SUBMISSION_REQUIREMENTS for name in r.fields}
