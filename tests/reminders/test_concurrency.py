"""Two runs of the job at the same moment, for real, on PostgreSQL: each reads that
nothing was sent yet, and still each reminder is written once (the unique constraint
makes the second run wait for the first one's commit, then skip what it wrote)."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections

from reminders import jobs
from reminders.models import SentReminder
from tests.factories import member_user

from .conftest import WEDNESDAY, action_for, invite, meeting_in

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)


# serialized_rollback: the seeded sectors are put back before (and for the tests after) it,
# as for the other tests that need real concurrent transactions (tests/security).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_runs_write_each_reminder_once(clock, mailoutbox, group):
    clock(WEDNESDAY)
    members = [member_user(group) for _ in range(3)]
    meeting = meeting_in(group, hours=20)
    for member in members:
        invite(meeting, member)
        action_for(member, group=group, due_in_days=1)

    both_have_read = threading.Barrier(2, timeout=20)
    first_read = threading.local()
    unsent = jobs._unsent

    def unsent_then_wait_for_the_other_run(emails):
        found = unsent(emails)
        if not getattr(first_read, "done", False):
            first_read.done = True
            both_have_read.wait()  # both runs saw the same reminders as unsent
        return found

    written, errors = [], []

    def run():
        try:
            written.append(jobs.run())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    with mock.patch.object(jobs, "_unsent", side_effect=unsent_then_wait_for_the_other_run):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sum(written) == 6  # three meeting reminders, three action-due reminders
    assert len(mailoutbox) == 6
    assert sorted(m.to[0] for m in mailoutbox) == sorted([m.email for m in members] * 2)
    assert SentReminder.objects.count() == 6
