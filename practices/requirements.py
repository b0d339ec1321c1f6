"""What a practice needs before it can be submitted for review, declared once.

The same declaration serves the workflow (``Practice.missing_for_submission``, called by
``services.practice_transition``), the form (its fields are marked "needed to submit",
and a "save and submit" lists every missing item in one round) and the form's progress
indicator. A requirement looks at a ``Draft``: what is filled in, read either from a saved
practice or from the form as it is shown or sent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The evidence levels that must show their sources (see the requirements below).
LEVELS_NEEDING_REFERENCES = frozenset({"evaluated", "promising"})
# Formsets of the practice form that a requirement may point to (not form fields).
FORMSETS = frozenset({"partners", "references"})


@dataclass(frozen=True)
class Draft:
    """What the requirements look at, however it was read."""

    title: bool = False
    summary: bool = False
    description: bool = False
    sectors: int = 0
    lead: bool = False
    evidence: bool = False
    # The evidence level claimed, and the references that support it.
    level: str = ""
    references: int = 0
    evaluations: int = 0

    @classmethod
    def of_practice(cls, practice) -> "Draft":
        """A saved practice (two small queries, three for a level that needs references), or
        a new one (nothing filled in)."""
        from .models import Partner, Reference

        saved = practice.pk is not None
        references = {"total": 0, "evaluations": 0}
        if saved and practice.evidence in LEVELS_NEEDING_REFERENCES:
            references = practice.references.aggregate(
                total=Count("pk"),
                evaluations=Count("pk", filter=Q(kind=Reference.Kind.EVALUATION)),
            )
        return cls(
            title=bool(practice.title_fr or practice.title_en),
            summary=bool(practice.summary_fr or practice.summary_en),
            description=bool(practice.description_fr or practice.description_en),
            sectors=practice.sectors.count() if saved else 0,
            lead=saved and practice.partner_set.filter(role=Partner.Role.LEAD).exists(),
            evidence=bool(practice.evidence),
            level=practice.evidence or "",
            references=references["total"],
            evaluations=references["evaluations"],
        )

    @classmethod
    def of_forms(cls, form, partners, references=None) -> "Draft":
        """The practice form and its partner and reference formsets as shown (initial
        values) or as sent."""

        def text(name):
            value = form[name].value()
            return bool(value and str(value).strip())

        lead = False
        for row in partners.forms:
            deleted = "DELETE" in row.fields and row["DELETE"].value()
            if deleted or not row["organisation"].value():
                continue
            lead = lead or row["role"].value() == "lead"
        total = evaluations = 0
        for row in references.forms if references is not None else ():
            deleted = "DELETE" in row.fields and row["DELETE"].value()
            if deleted or not str(row["title"].value() or "").strip():
                continue
            total += 1
            evaluations += row["kind"].value() == "evaluation"
        return cls(
            title=text("title_fr") or text("title_en"),
            summary=text("summary_fr") or text("summary_en"),
            description=text("description_fr") or text("description_en"),
            sectors=len(set(form["sectors"].value() or [])),
            lead=lead,
            evidence=text("evidence"),
            level=str(form["evidence"].value() or ""),
            references=total,
            evaluations=evaluations,
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
        return name if name in FORMSETS else f"id_{name}"


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
    # The evidence level a practice claims must show its sources (the criteria page,
    # practices:evidence_criteria): an evaluation for "evaluated", a reference for
    # "promising".
    Requirement(
        "evaluation",
        _("an evaluation among the references (the evidence level is “evaluated”)"),
        ("references",),
        _("needed to submit a promising or evaluated practice"),
        lambda draft: draft.level != "evaluated" or draft.evaluations >= 1,
    ),
    Requirement(
        "reference",
        _("at least one reference (the evidence level is “promising”)"),
        ("references",),
        _("needed to submit a promising or evaluated practice"),
        lambda draft: draft.level != "promising" or draft.references >= 1,
    ),
)


def missing(draft: Draft) -> list[Requirement]:
    """The requirements ``draft`` does not meet yet, in the order of the form."""
    return [requirement for requirement in SUBMISSION_REQUIREMENTS if not requirement.met(draft)]


def marks() -> dict[str, Promise]:
    """The mark of each field that submission needs, by field name."""
    return {name: r.mark for r in SUBMISSION_REQUIREMENTS for name in r.fields}
