"""Concurrent attendance updates keep exact counts (issue #6, point 5).

Invitees answer, coordinators save the attendance sheet, invite and close the meeting, all at
the same moment: up to 18 threads, each with its own database connection, are released
together by a barrier and call the services of ``meetings/services.py`` as the views do (with
the attendance or meeting each request loaded beforehand).

No count is stored: the figures of a meeting (how many confirmed, declined, present, excused,
absent) are counted from the Attendance rows, one per person and meeting (unique constraint),
and the meeting page lists those rows. So "exact counts" means, after every race below:

* no call failed (no deadlock, no duplicate-key error) and no row is duplicated or missing;
* the outcome is that of running the same calls one at a time in some order: every row's
  final status, every "N changes" a coordinator was told by ``record_attendance``, and which
  answers ``respond`` (and saves) refused because the meeting had been closed in the meantime
  (``one_at_a_time`` searches every such order). A lost update or a change counted twice has
  no such order: with the locks of ``record_attendance`` removed and 50 ms between its read
  and its write, two saves of the same people both count the same changes, and the tests
  fail;
* the meeting page shows exactly the rows and statuses of the database.

Before the fix that came with these tests (meetings/services.py: every change to a meeting's
attendances now locks the meeting's row first, as meeting_close and meeting_cancel already
did), the eight saves, the close and the invitations failed in every run on PostgreSQL, and
the answers among saves in some runs. record_attendance locked attendance rows before the
meeting's row (its query joins and orders by meeting and person, and FOR UPDATE locks every
joined row), the opposite order to meeting_close: a save deadlocked with a close, or with
another save of an overlapping set of people. respond checked the status of the meeting as
loaded before its write, so an answer could turn a closed meeting's "absent" back into
"confirmed". Two invitations of the same person at once ended in a duplicate-key error for
one coordinator.

PostgreSQL only: the SQLite test database is in memory with a shared cache, where a second
writer fails at once with "database table is locked" (no busy timeout applies), so the race
would measure SQLite's table locks, not the portal.
"""

import html
import itertools
import re
import threading
import time
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.utils import translation
from django.utils.html import strip_tags

from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    directory_person,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers: PostgreSQL (set DATABASE_URL)",
    ),
    # serialized_rollback puts the seeded sectors back for the tests that come after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

S = Attendance.Status
WAIT = 60  # seconds: a thread still waiting then is a failure, never a hang


# ---------------------------------------------------------------- running calls at once


def run_together(calls):
    """Run each call in its own thread (its own connection), all released at once; return
    their results in order, or raise the first error any of them met."""
    barrier = threading.Barrier(len(calls), timeout=WAIT)
    results = [None] * len(calls)
    errors = []

    def work(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "a call is still waiting"
    if errors:
        raise errors[0]
    return results


def fresh(meeting):
    """The meeting as a request would load it."""
    return Meeting.objects.select_related("group").get(pk=meeting.pk)


def answer(attendance, status, *, after=0.0):
    """An invitee's answer: "accepted", or "refused" if the meeting is no longer planned."""

    def call():
        time.sleep(after)
        try:
            services.respond(attendance=attendance, status=status)
        except ValidationError as error:
            if error.code != "not_planned":
                raise
            return "refused"
        return "accepted"

    return call


def save(meeting, statuses):
    """A coordinator saves the attendance sheet; returns the number of changes shown, or
    "refused" if the meeting is no longer planned."""
    meeting = fresh(meeting)

    def call():
        try:
            return services.record_attendance(meeting=meeting, statuses=statuses)
        except ValidationError as error:
            if error.code != "not_planned":
                raise
            return "refused"

    return call


def close(meeting, coordinator):
    meeting = fresh(meeting)

    def call():
        services.meeting_close(meeting=meeting, by=coordinator)
        return "closed"

    return call


# ---------------------------------------------------------------- what one at a time gives


def _run_row(pk, status, order, answer_before, answers, saves):
    """One attendance taken through the coordinators' calls in ``order``, its invitee's
    answer (if any) coming just before the call at index ``answer_before`` (or after the
    last): its final status, whether the answer was refused, the changes each save counted."""
    planned, refused, changes = True, None, [0] * len(saves)
    for position in range(len(order) + 1):
        if position == answer_before:
            refused = not planned
            if planned:
                status = answers[pk]
        if position == len(order):
            break
        kind, index = order[position]
        if kind == "close":  # no more answers; the invitees nobody marked did not come
            planned = False
            if status in (S.INVITED, S.CONFIRMED):
                status = S.ABSENT
        elif planned and pk in saves[index] and saves[index][pk] != status:
            status = saves[index][pk]
            changes[index] += 1
    return status, refused, tuple(changes)


def one_at_a_time(*, start, final, answers, refused, saves, changed, closed=False):
    """An order of the coordinators' calls in which running every call one at a time, each
    answer anywhere in between, gives exactly what was observed; None if there is none.

    ``start``, ``final``: pk -> status before and after. ``answers``: pk -> the answer its
    invitee sent (one invitee per attendance); ``refused``: pk -> whether it was refused.
    ``saves``: the statuses given to each record_attendance, ``changed``: the number of
    changes each reported. ``closed``: whether meeting_close ran too."""
    calls = [("save", index) for index in range(len(saves))] + [("close", None)] * closed
    refused_saves = {index for index, n in enumerate(changed) if n == "refused"}
    changed = [0 if n == "refused" else n for n in changed]
    for order in itertools.permutations(calls):
        # A save is refused exactly when the close came before it.
        close_at = order.index(("close", None)) if closed else len(order)
        if {index for kind, index in order[close_at:] if kind == "save"} != refused_saves:
            continue
        # The rows are independent once the order of these calls is fixed: collect every
        # total of changes per save that some placing of the answers can give.
        totals = {(0,) * len(saves)}
        for pk, status in start.items():
            options = set()
            for answer_before in range(len(order) + 1) if pk in answers else [None]:
                end, was_refused, changes = _run_row(
                    pk, status, order, answer_before, answers, saves
                )
                if end == final[pk] and was_refused == refused.get(pk):
                    options.add(changes)
            totals = {
                total
                for total in (
                    tuple(map(sum, zip(done, more, strict=True)))
                    for done in totals
                    for more in options
                )
                if all(n <= limit for n, limit in zip(total, changed, strict=True))
            }
            if not totals:
                break
        if tuple(changed) in totals:
            return order
    return None


# ---------------------------------------------------------------- what the portal shows


def statuses(meeting):
    """pk -> status of the meeting's attendances, as stored."""
    return dict(Attendance.objects.filter(meeting=meeting).values_list("pk", "status"))


def tally(meeting):
    """How many attendances of the meeting are in each status, counted by the database."""
    return dict(
        Attendance.objects.filter(meeting=meeting)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )


def page_statuses(client, meeting):
    """Name -> status of every row of the meeting page's attendance table (a select for a
    planned meeting, the status's name once it is closed)."""
    with translation.override("en"):
        labels = {str(label): value for value, label in S.choices}
    response = client.get(f"/en/meetings/{meeting.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    section = page.split('id="attendance"', 1)[1].split("</section>", 1)[0]
    shown = {}
    for name, cells in re.findall(r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', section, re.S):
        # The status's cell (the mode's and the certificate's follow it).
        status = re.search(r'<td data-label="Status">(.*?)</td>', cells, re.S).group(1)
        selected = re.search(r'<option value="([\w-]+)" selected>', status)
        label = strip_tags(status).strip()
        assert html.unescape(name) not in shown, f"{name} is listed twice"
        shown[html.unescape(name)] = selected.group(1) if selected else labels[label]
    return shown


def assert_exact(client, coordinator, meeting, expected_rows):
    """One row per invitee, and the page shows exactly what the database holds."""
    rows = Attendance.objects.filter(meeting=meeting).select_related("person")
    stored = {a.person.full_name: a.status for a in rows}
    assert len(rows) == expected_rows
    assert rows.values("person").distinct().count() == expected_rows
    client.force_login(coordinator)
    assert page_statuses(client, meeting) == stored
    assert Counter(stored.values()) == tally(meeting)


def invitees(group, meeting, count):
    """``count`` people of the group's directory invited to ``meeting``, with distinct names."""
    created = [
        AttendanceFactory(
            meeting=meeting,
            person=directory_person(group, first_name="Invitee", last_name=f"N{i:02d}"),
        )
        for i in range(count)
    ]
    # As each request loads its own, with the meeting it belongs to.
    return [Attendance.objects.select_related("meeting").get(pk=a.pk) for a in created]


# ---------------------------------------------------------------- the races


def test_invitees_answering_at_once_are_each_counted_once(client, coordinator, group):
    meeting = MeetingFactory(group=group)
    rows = invitees(group, meeting, 16)
    answers = {a.pk: S.DECLINED if i % 4 == 0 else S.CONFIRMED for i, a in enumerate(rows)}

    results = run_together([answer(a, answers[a.pk]) for a in rows])

    assert results == ["accepted"] * 16
    assert statuses(meeting) == answers
    assert tally(meeting) == {S.CONFIRMED: 12, S.DECLINED: 4}
    assert not Attendance.objects.filter(meeting=meeting, responded_at=None).exists()
    assert_exact(client, coordinator, meeting, 16)


def test_two_coordinators_saving_the_same_people_count_each_change_once(client, coordinator, group):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-1))
    rows = invitees(group, meeting, 20)
    first = {a.pk: S.PRESENT for a in rows[:14]}
    second = {a.pk: S.PRESENT for a in rows[6:]}  # 8 people in both

    changed = run_together([save(meeting, first), save(meeting, second)])

    # Whoever saved first changed their 14 people; the other only the 6 the first left.
    assert sorted(changed) == [6, 14]
    assert sum(changed) == 20
    assert tally(meeting) == {S.PRESENT: 20}
    assert_exact(client, coordinator, meeting, 20)


def test_saves_of_overlapping_people_at_once_are_as_if_one_at_a_time(client, coordinator, group):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-1))
    rows = invitees(group, meeting, 20)
    start = statuses(meeting)
    # Eight saves of 6 people each, every window overlapping the next ones: the first four
    # (one coordinator's tabs) agree on the status of each person, the last four (another
    # coordinator's) disagree with them. The changes counted then depend on the order.
    cycle = [S.PRESENT, S.EXCUSED, S.ABSENT]
    saves = [
        {a.pk: cycle[(2 * k + i + k // 4) % 3] for i, a in enumerate(rows[2 * k : 2 * k + 6])}
        for k in range(8)
    ]

    changed = run_together([save(meeting, s) for s in saves])

    final = statuses(meeting)
    order = one_at_a_time(
        start=start,
        answers={},
        saves=saves,
        closed=False,
        final=final,
        refused={},
        changed=changed,
    )
    assert order is not None, (changed, final)
    assert set(final.values()) <= {S.PRESENT, S.EXCUSED, S.ABSENT}  # all 20 were saved
    assert sum(tally(meeting).values()) == 20
    assert_exact(client, coordinator, meeting, 20)


def test_answers_and_saves_at_once_are_as_if_one_at_a_time(client, coordinator, group):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-1))
    rows = invitees(group, meeting, 20)
    start = statuses(meeting)
    # Coordinators save people 0-11 and 6-19, and agree on 6, 8 and 10; 16 invitees answer
    # meanwhile, people 6 and 7 among them (but not 8-11).
    answering = rows[:8] + rows[12:]
    answers = {a.pk: S.DECLINED if i % 3 == 0 else S.CONFIRMED for i, a in enumerate(answering)}
    saves = [
        {a.pk: S.PRESENT for a in rows[:12]},
        {a.pk: S.EXCUSED if i % 2 else S.PRESENT for i, a in enumerate(rows[6:])},
    ]

    results = run_together(
        [save(meeting, s) for s in saves] + [answer(a, answers[a.pk]) for a in answering]
    )

    changed, answered = results[:2], results[2:]
    assert answered == ["accepted"] * 16
    final = statuses(meeting)
    order = one_at_a_time(
        start=start,
        answers=answers,
        saves=saves,
        closed=False,
        final=final,
        refused=dict.fromkeys(answers, False),
        changed=changed,
    )
    assert order is not None, (changed, final)
    assert_exact(client, coordinator, meeting, 20)


def test_answers_and_a_save_while_the_meeting_closes_are_as_if_one_at_a_time(
    client, coordinator, group
):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-1))
    rows = invitees(group, meeting, 16)
    start = statuses(meeting)
    answers = {a.pk: S.DECLINED if i % 4 == 0 else S.CONFIRMED for i, a in enumerate(rows[4:])}
    saves = [{a.pk: S.PRESENT if i % 2 else S.EXCUSED for i, a in enumerate(rows[:8])}]

    results = run_together(
        [close(meeting, coordinator), save(meeting, saves[0])]
        # Answers spread over the time the close takes (0 to 55 ms after it starts).
        + [answer(a, answers[a.pk], after=i * 0.005) for i, a in enumerate(rows[4:])]
    )

    closed, changed, answered = results[0], results[1:2], results[2:]
    assert closed == "closed"
    final = statuses(meeting)
    refused = {pk: result == "refused" for pk, result in zip(answers, answered, strict=True)}
    order = one_at_a_time(
        start=start,
        answers=answers,
        saves=saves,
        closed=True,
        final=final,
        refused=refused,
        changed=changed,
    )
    assert order is not None, (changed, refused, final)
    # Closed: nobody is left invited or confirmed, nobody answered afterwards.
    assert fresh(meeting).status == Meeting.Status.HELD
    assert not {S.INVITED, S.CONFIRMED} & set(final.values())
    assert_exact(client, coordinator, meeting, 16)


def test_coordinators_inviting_the_same_people_at_once_invite_each_person_once(
    client, coordinator, group, mailoutbox
):
    meeting = MeetingFactory(group=group)
    people = [
        directory_person(group, first_name="Invitee", last_name=f"N{i:02d}") for i in range(12)
    ]
    # Two coordinators, each clicking "invite" twice, for lists that share 4 people.
    lists = [people[:8], people[:8], people[4:], people[4:]]

    def invite(chosen):
        meeting_now = fresh(meeting)
        return lambda: services.invite(meeting=meeting_now, people=chosen)

    created = run_together([invite(chosen) for chosen in lists])

    invited = [a.person_id for batch in created for a in batch]
    assert sorted(invited) == sorted(p.pk for p in people)  # each exactly once
    for batch, chosen in zip(created, lists, strict=True):
        assert {a.person_id for a in batch} <= {p.pk for p in chosen}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert tally(meeting) == {S.INVITED: 12}
    assert_exact(client, coordinator, meeting, 12)


def test_a_form_sent_twice_at_the_same_moment_makes_one_object(coordinator):
    """A double click whose two posts arrive together: the token's unique index makes the
    second wait for the first, then lead to what the first made."""
    from stakeholders import submissions
    from stakeholders.models import Organisation
    from tests.factories import OrganisationFactory

    token = submissions.new_token()

    def create():
        time.sleep(0.2)  # still writing when the other post arrives
        return OrganisationFactory(name="Maison des adolescents")

    def post():
        try:
            return ("made", submissions.once(token=token, user=coordinator, create=create).pk)
        except submissions.AlreadySent as sent:
            return ("led to", sent.target.pk)

    results = run_together([post, post])

    organisation = Organisation.objects.get(name="Maison des adolescents")
    assert sorted(results) == [("led to", organisation.pk), ("made", organisation.pk)]


def test_agenda_items_added_at_the_same_moment_take_distinct_positions(coordinator, group):
    """Each add locks the meeting's row before reading the last position: without the lock,
    the adds read the same last position and several items share a number."""
    meeting = MeetingFactory(group=group)
    AgendaItemFactory(meeting=meeting, position=1, title="Accueil")

    def add(n):
        meeting_now = fresh(meeting)
        return lambda: services.agenda_item_add(
            meeting=meeting_now, item=AgendaItem(title=f"Point {n}")
        )

    run_together([add(n) for n in range(8)])
    positions = list(meeting.agenda_items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, 10))
