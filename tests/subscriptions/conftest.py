"""Fixtures of the subscription tests: practices published at a chosen instant, two groups
in two territories (two countries), and the helpers to read the emails' links."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from stakeholders import mail
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.practices.factories import PracticeFactory, complete, org_of


class _AtOnce:
    """django.db.transaction, but ``on_commit`` runs its function at once."""

    def __getattr__(self, name):
        return getattr(transaction, name)

    @staticmethod
    def on_commit(func, using=None, robust=False):
        func()


@pytest.fixture(autouse=True)
def _emails_in_the_outbox_at_once(monkeypatch):
    """notify() sends once the transaction commits, and a test's transaction never does:
    here its emails reach ``mailoutbox`` at once (as they reach the outbox table)."""
    monkeypatch.setattr(mail, "transaction", _AtOnce(), raising=False)


@pytest.fixture
def other_group(db):
    """A working group in another country (Belgium) than ``group`` (France)."""
    return WorkingGroupFactory(territory=TerritoryFactory(country="BE", name="Bruxelles"))


@pytest.fixture
def author(group):
    """A member of ``group`` whose organisation keeps the practices under test."""
    return member_user(group)


@pytest.fixture
def publish(group, author):
    """``publish(at=…, sectors=…, **fields)``: a complete published practice of the author's
    organisation, published at ``at`` (default: an hour ago)."""

    def make(*, at=None, sectors=("justice", "police"), status="published", **fields):
        fields.setdefault("organisation", org_of(author))
        fields.setdefault("group", group)
        fields.setdefault("territory", group.territory)
        fields.setdefault("created_by", author)
        if status == "published":
            fields.setdefault("published_at", at or timezone.now() - timedelta(hours=1))
        practice = PracticeFactory(status=status, **fields)
        return complete(practice, sectors=sectors)

    return make


LINK = re.compile(r"https://portal\.example\.org(/\S*)")


def links(message) -> list[str]:
    """The portal paths in an email's text."""
    return LINK.findall(message.body)


def link_to(message, part: str) -> str:
    """The one portal path of ``message`` that contains ``part``."""
    found = [path for path in links(message) if part in path]
    assert len(found) == 1, (part, links(message))
    return found[0]
