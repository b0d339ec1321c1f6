"""Changes to the glossary: each in one transaction, validated first. Coordinators make
them (glossary.views); the triggers tell the catalogue (glossary/triggers.py)."""

from django.db import transaction

from stakeholders import audit
from stakeholders.models import AuditEvent

from .models import Term


def _save(term: Term, equivalents, *, action: str, by) -> Term:
    term.full_clean()
    term.save()
    term.equivalents.set(equivalents)
    # The glossary changes every country's searches: who changed what is kept.
    audit.record(action, actor=by, target=term, slug=term.slug)
    return term


@transaction.atomic
def term_create(*, term: Term, equivalents, by) -> Term:
    """Add ``term`` (unsaved, with its slug) and link it to ``equivalents`` (both ways)."""
    return _save(term, equivalents, action=AuditEvent.Action.GLOSSARY_TERM_CREATED, by=by)


@transaction.atomic
def term_update(*, term: Term, equivalents, by) -> Term:
    """Save ``term``'s changes; its equivalents become exactly ``equivalents``."""
    return _save(term, equivalents, action=AuditEvent.Action.GLOSSARY_TERM_CHANGED, by=by)


@transaction.atomic
def term_delete(*, term: Term, by) -> None:
    """Remove ``term`` and its links to its equivalents (they stay in the glossary)."""
    audit.record(AuditEvent.Action.GLOSSARY_TERM_DELETED, actor=by, target=term, slug=term.slug)
    term.equivalents.clear()
    term.delete()
