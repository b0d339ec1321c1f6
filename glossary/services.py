"""Changes to the glossary: each in one transaction, validated first. Coordinators make
them (glossary.views); the triggers tell the catalogue (glossary/triggers.py)."""

from django.db import transaction

from .models import Term


def _save(term: Term, equivalents) -> Term:
    term.full_clean()
    term.save()
    term.equivalents.set(equivalents)
    return term


@transaction.atomic
def term_create(*, term: Term, equivalents, by) -> Term:
    """Add ``term`` (unsaved, with its slug) and link it to ``equivalents`` (both ways)."""
    return _save(term, equivalents)


@transaction.atomic
def term_update(*, term: Term, equivalents, by) -> Term:
    """Save ``term``'s changes; its equivalents become exactly ``equivalents``."""
    return _save(term, equivalents)


@transaction.atomic
def term_delete(*, term: Term, by) -> None:
    """Remove ``term`` and its links to its equivalents (they stay in the glossary)."""
    term.equivalents.clear()
    term.delete()
