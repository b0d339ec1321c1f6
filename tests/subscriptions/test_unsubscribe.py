"""Unsubscribing: a link in every email (a page with a button) and one-click from the mail
program (RFC 8058: a POST without a CSRF token); the row, and the address, are deleted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from subscriptions import jobs
from subscriptions.models import Subscription

from .conftest import link_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(publish, mailoutbox):
    """A confirmed subscription that has received an email."""
    start = timezone.now() - timedelta(days=1)
    subscription = Subscription.objects.create(
        email="reader@example.net", query="", confirmed_at=start, sent_until=start,
        created_at=start,
    )  # fmt: skip
    publish(at=start + timedelta(hours=1))
    jobs.run()
    assert len(mailoutbox) == 1
    return subscription, mailoutbox[0]


def test_the_link_shows_a_page_with_a_button_then_unsubscribes(sent):
    subscription, message = sent
    client = Client(enforce_csrf_checks=True)
    path = link_to(message, "/unsubscribe/")
    page = client.get(path)
    assert page.status_code == 200
    assert "reader@example.net" in page.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a GET changes nothing
    assert "no-store" in page["Cache-Control"]  # it shows the address
    assert "private" in page["Cache-Control"]

    done = client.post(path)
    assert done.status_code == 200
    assert "l’adresse a été supprimée" in done.content.decode()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert not Subscription.objects.filter(email__iexact="reader@example.net").exists()


def test_one_click_unsubscribe_needs_no_csrf_token(sent):
    subscription, message = sent
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("https://portal.example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_unsubscribing_twice_is_harmless(sent):
    subscription, message = sent
    client = Client(enforce_csrf_checks=True)
    path = link_to(message, "/unsubscribe/")
    client.post(path)
    again = client.post(path)
    assert again.status_code == 200
    page = client.get(path)
    assert page.status_code == 404
    assert "n’existe plus" in page.content.decode()


def test_no_email_is_sent_after_unsubscribing(sent, publish, mailoutbox):
    subscription, message = sent
    Client().post(link_to(message, "/unsubscribe/"))
    publish(at=timezone.now() - timedelta(minutes=10))
    assert jobs.run() == 0
    assert len(mailoutbox) == 1


def test_other_posts_still_need_a_csrf_token(client):
    """Only the unsubscribe view is exempt."""
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(
        "/fr/subscriptions/new/",
        {"email": "reader@example.net", "frequency": "weekly", "language": "fr", "query": ""},
    )
    assert response.status_code == 403
    assert not Subscription.objects.exists()
