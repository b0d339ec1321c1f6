"""Fixtures of the practice tests: an author whose organisation keeps (and leads) the
practices under test, and a helper that makes such practices in any state."""

import pytest

from tests.factories import member_user

from .factories import PracticeFactory, complete, org_of


@pytest.fixture
def author(group):
    """A member of ``group`` whose organisation keeps and leads the practices under test.

    The ``member`` fixture is then a member of the same group from another organisation.
    """
    return member_user(group)


@pytest.fixture
def make_practice(group, author):
    """``make_practice(status, **fields)``: a complete practice of the author's organisation
    (two sectors, the author's organisation as lead), filed under ``group``."""

    def make(status="published", *, sectors=("justice", "police"), **fields):
        fields.setdefault("organisation", org_of(author))
        fields.setdefault("group", group)
        fields.setdefault("territory", group.territory)
        fields.setdefault("created_by", author)
        practice = PracticeFactory(status=status, **fields)
        return complete(practice, sectors=sectors)

    return make
