"""Fixtures of the meeting tests: a members-only meeting and a public one of ``group``."""

import pytest

from meetings.models import Meeting

from .factories import MeetingFactory


@pytest.fixture
def meeting(group):
    """A planned, members-only meeting of ``group`` next week."""
    return MeetingFactory(group=group, title="Réunion plénière de printemps")


@pytest.fixture
def public_meeting(group):
    return MeetingFactory(
        group=group,
        title="Réunion publique sur la prévention",
        visibility=Meeting.Visibility.PUBLIC,
        public_summary="Un résumé public de la réunion.",
        online_url="https://visio.example.org/salle-secrete",
    )
