"""The subscriptions job: the new matching practices, once, in the subscriber's language,
with one-click unsubscribe; weekly ones once a week; each filter evaluated once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lanzarote import demo_data
from subscriptions import filters, jobs
from subscriptions.models import Subscription

from .conftest import link_to

pytestmark = pytest.mark.django_db


def confirmed(email="reader@example.net", query="sector=police", *, at, **fields):
    fields.setdefault("frequency", Subscription.Frequency.AS_PUBLISHED)
    return Subscription.objects.create(
        email=email, query=query, confirmed_at=at, sent_until=at, created_at=at, **fields
    )


@pytest.fixture
def start():
    return timezone.now() - timedelta(days=1)


def test_a_new_matching_practice_is_sent_once_across_two_runs(publish, start, mailoutbox):
    subscription = confirmed(at=start, language="en")
    practice = publish(at=start + timedelta(hours=1), sectors=("police", "justice"))
    now = start + timedelta(hours=2)

    assert jobs.run(now=now) == 1
    assert jobs.run(now=now) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reader@example.net"]
    assert message.subject == "1 new practice matches your subscription"
    assert practice.title_en in message.body
    assert practice.organisation.name in message.body
    assert f"/en/practices/{practice.slug}/" in message.body
    assert "A summary in English." in message.body
    assert link_to(message, "/practices/?") == "/en/practices/?sector=police"
    subscription.refresh_from_db()
    assert subscription.last_sent_at == now
    assert subscription.sent_until == now - jobs.SETTLE
    assert jobs.run(now=now + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1


def test_the_email_carries_one_click_unsubscribe_headers(publish, start, mailoutbox):
    subscription = confirmed(at=start)
    publish(at=start + timedelta(hours=1))
    jobs.run(now=start + timedelta(hours=2))
    message = mailoutbox[0]
    link = f"https://portal.example.org/fr/subscriptions/unsubscribe/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    # The HTML part has the link too.
    html = message.alternatives[0][0]
    assert link in html


def test_a_practice_that_does_not_match_is_not_sent(publish, start, mailoutbox):
    confirmed(at=start, query="sector=education")
    publish(at=start + timedelta(hours=1), sectors=("police", "justice"))
    assert jobs.run(now=start + timedelta(hours=2)) == 0
    assert mailoutbox == []


def test_search_words_are_matched_by_the_catalogue_search(publish, start, mailoutbox):
    confirmed(at=start, query="q=barnahus")
    wanted = publish(at=start + timedelta(hours=1), title_fr="Une maison Barnahus à Lyon")
    other = publish(at=start + timedelta(hours=1), title_fr="Formation des enseignants")
    jobs.run(now=start + timedelta(hours=2))
    assert len(mailoutbox) == 1
    assert wanted.title_fr in mailoutbox[0].body
    assert other.title_fr not in mailoutbox[0].body


def test_practices_published_before_the_subscription_are_not_sent(publish, start, mailoutbox):
    publish(at=start - timedelta(hours=1))
    confirmed(at=start)
    assert jobs.run(now=start + timedelta(hours=2)) == 0


def test_an_unconfirmed_subscription_gets_nothing(publish, start, mailoutbox):
    Subscription.objects.create(email="reader@example.net", query="", created_at=start)
    publish(at=start + timedelta(hours=1))
    assert jobs.run(now=start + timedelta(hours=2)) == 0
    assert mailoutbox == []


def test_a_practice_published_moments_ago_waits_for_the_next_run(publish, start, mailoutbox):
    """A publication's transaction may still be open when the job looks: the job only
    takes practices published for SETTLE, and the next run finds it."""
    confirmed(at=start)
    now = start + timedelta(hours=2)
    publish(at=now - timedelta(seconds=30))
    assert jobs.run(now=now) == 0
    assert jobs.run(now=now + jobs.SETTLE) == 1


def test_a_draft_or_an_archived_practice_is_not_sent(publish, start, mailoutbox):
    confirmed(at=start, query="")
    publish(status="draft")
    publish(status="archived", published_at=start + timedelta(hours=1))
    assert jobs.run(now=start + timedelta(hours=2)) == 0


def test_weekly_subscriptions_are_sent_once_a_week(publish, time_machine, mailoutbox):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    confirmed(at=start, frequency=Subscription.Frequency.WEEKLY)
    publish(at=start + timedelta(days=1))
    publish(at=start + timedelta(days=3))

    time_machine.move_to(start + timedelta(days=4), tick=False)
    assert jobs.run() == 0  # not a week yet
    time_machine.move_to(start + timedelta(days=7, minutes=5), tick=False)
    assert jobs.run() == 1
    assert "2 nouvelles pratiques" in mailoutbox[0].subject
    assert jobs.run() == 0
    publish(at=start + timedelta(days=8))
    time_machine.move_to(start + timedelta(days=10), tick=False)
    assert jobs.run() == 0  # the next week has not ended
    time_machine.move_to(start + timedelta(days=14, minutes=10), tick=False)
    assert jobs.run() == 1
    assert len(mailoutbox) == 2


def test_each_subscriber_gets_only_what_is_new_to_them(publish, start, mailoutbox):
    confirmed("early@example.net", at=start)
    first = publish(at=start + timedelta(hours=1))
    confirmed("late@example.net", at=start + timedelta(hours=2))
    second = publish(at=start + timedelta(hours=3))
    jobs.run(now=start + timedelta(hours=4))
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert first.title_fr in bodies["early@example.net"]
    assert second.title_fr in bodies["early@example.net"]
    assert first.title_fr not in bodies["late@example.net"]
    assert second.title_fr in bodies["late@example.net"]


def queries_for(n, publish, start, django_assert_max_num_queries, monkeypatch):
    for i in range(n):
        confirmed(f"reader{i}@example.net", at=start)
    publish(at=start + timedelta(hours=1))
    evaluated = []
    original = filters.matching_ids
    monkeypatch.setattr(jobs, "matching_ids", lambda q: evaluated.append(q) or original(q))
    return evaluated


@pytest.mark.parametrize("subscribers", [2, 10])
def test_the_job_runs_the_same_queries_for_2_or_10_subscriptions_to_one_filter(
    subscribers, publish, start, django_assert_max_num_queries, monkeypatch, mailoutbox
):
    evaluated = queries_for(subscribers, publish, start, None, monkeypatch)
    # Due subscriptions, new practices, the catalogue's state (built here: 15 queries),
    # then one transaction for the filter: its savepoint, the lock, the filter described
    # in each language (the catalogue's state again: 2 each) and the marks (one update),
    # whatever the number of subscribers.
    with django_assert_max_num_queries(25):
        assert jobs.run(now=start + timedelta(hours=2)) == subscribers
    assert evaluated == ["sector=police"]  # the filter was evaluated once


def test_the_command_runs_the_job(publish, start, mailoutbox, capsys):
    confirmed(at=start)
    publish(at=start + timedelta(hours=1))
    call_command("send_subscriptions", "--now", (start + timedelta(hours=2)).isoformat())
    assert "1" in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_a_filter_whose_value_no_longer_exists_matches_nothing(publish, start, mailoutbox):
    """The catalogue ignores an unknown value; a subscription must not then get every
    practice of the other filters."""
    confirmed(at=start, query="sector=police&territory=a-territory-since-removed")
    publish(at=start + timedelta(hours=1), sectors=("police", "justice"))
    assert jobs.run(now=start + timedelta(hours=2)) == 0
    assert mailoutbox == []


def test_with_nothing_new_the_marks_advance_in_one_query(start, django_assert_num_queries):
    for n in range(5):
        confirmed(f"reader{n}@example.net", query=f"q=mot{n}", at=start)
    now = start + timedelta(hours=2)
    with django_assert_num_queries(3):  # the due subscriptions, the new practices, the marks
        assert jobs.run(now=now) == 0
    assert set(Subscription.objects.values_list("sent_until", flat=True)) == {now - jobs.SETTLE}


def test_the_demo_subscriber_gets_the_demo_practices_at_the_first_run(settings, mailoutbox):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert jobs.run() == 1
    assert mailoutbox[0].to == [demo_data.SUBSCRIBER]
    assert jobs.run() == 0


def test_the_command_refuses_a_time_without_a_time_zone():
    with pytest.raises(CommandError, match="time zone"):
        call_command("send_subscriptions", "--now", "2026-12-03 10:00")
