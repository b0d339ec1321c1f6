"""Subscribing from the catalogue: double opt-in, the same answer for any address, the
limits, and bad inputs refused with a translated error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from subscriptions import services
from subscriptions.models import Subscription

from .conftest import link_to

pytestmark = pytest.mark.django_db

URL = "/fr/subscriptions/new/"
EN_URL = "/en/subscriptions/new/"


def subscribe(client, email="reader@example.net", query="sector=police", **extra):
    data = {"email": email, "frequency": "as-published", "language": "fr", "query": query}
    data.update(extra)
    return client.post(URL, data, REMOTE_ADDR=extra.pop("ip", "203.0.113.5"))


def test_the_catalogue_links_to_a_subscription_to_its_current_results(client):
    response = client.get("/fr/practices/?sector=police&country=FR&page=2&sort=title")
    assert response.status_code == 200
    assert 'href="/fr/subscriptions/new/?sector=police&amp;country=FR"' in response.content.decode()


def test_the_subscription_page_describes_the_filter_in_plain_language(client):
    response = client.get(EN_URL + "?sector=police&sector=justice&country=FR&q=barnahus")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sectors involved: Justice, Law enforcement" in page
    assert "Country: France" in page
    assert "Words searched: “barnahus”" in page
    # The language of the emails is the page's by default.
    assert response.context["form"].initial["language"] == "en"
    assert response.context["query"] == "q=barnahus&sector=justice&sector=police&country=FR"


def test_unknown_filter_values_are_dropped_and_said_on_the_page(client):
    response = client.get(URL + "?sector=police&sector=astrology&colour=blue")
    assert response.status_code == 200
    assert response.context["query"] == "sector=police"
    assert "astrology" in response.content.decode()


def test_subscribe_sends_a_confirmation_and_nothing_else_until_it_is_followed(client, mailoutbox):
    response = subscribe(client)
    assert response.status_code == 302
    assert response["Location"] == "/fr/subscriptions/requested/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.query == "sector=police"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reader@example.net"]
    assert "Confirmez" in message.subject
    assert "Secteurs concernés\u00a0: Police et gendarmerie" in message.body

    confirm = link_to(message, "/confirm/")
    assert confirm == f"/fr/subscriptions/confirm/{subscription.token}/"
    page = client.get(confirm)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a link scanner opening it confirms nothing

    confirmed = client.post(confirm)
    assert confirmed.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert subscription.sent_until == subscription.confirmed_at
    assert len(mailoutbox) == 1


def test_confirming_twice_changes_nothing(client):
    subscribe(client)
    subscription = Subscription.objects.get()
    client.post(f"/fr/subscriptions/confirm/{subscription.token}/")
    subscription.refresh_from_db()
    first = subscription.confirmed_at
    again = client.post(f"/fr/subscriptions/confirm/{subscription.token}/")
    assert again.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at == first


def test_an_unknown_confirmation_link_says_so(client):
    response = client.post("/fr/subscriptions/confirm/not-a-token/")
    assert response.status_code == 404
    assert "ce lien n’est pas valide" in response.content.decode().lower()


def test_an_expired_confirmation_link_is_refused_and_the_row_deleted(client, time_machine):
    subscribe(client)
    token = Subscription.objects.get().token
    time_machine.move_to(timezone.now() + timedelta(days=8))
    response = client.post(f"/fr/subscriptions/confirm/{token}/")
    assert response.status_code == 400
    assert "expiré" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_answer_is_the_same_for_an_address_already_subscribed(client, mailoutbox):
    first = subscribe(client, ip="203.0.113.1")
    subscription = Subscription.objects.get()
    services.subscription_confirm(token=subscription.token)
    mailoutbox.clear()

    again = subscribe(client, ip="203.0.113.2")
    new = subscribe(client, email="someone-else@example.net", ip="203.0.113.3")
    assert again.status_code == new.status_code == first.status_code == 302
    assert again["Location"] == new["Location"]
    # Not duplicated, and nothing sent to the subscribed address.
    assert Subscription.objects.of_address("reader@example.net").count() == 1
    assert [m.to for m in mailoutbox] == [["someone-else@example.net"]]


def test_the_same_filter_in_another_order_is_the_same_subscription(client):
    subscribe(client, query="sector=police&sector=justice&country=FR")
    subscribe(client, query="country=FR&sector=justice&sector=police", email="READER@example.NET")
    assert Subscription.objects.count() == 1


def test_an_invalid_email_is_refused_with_a_translated_error(client, mailoutbox):
    response = subscribe(client, email="not an address")
    assert response.status_code == 400
    assert "Saisissez une adresse électronique valide" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_unknown_filter_values_in_the_form_are_refused(client):
    response = subscribe(client, query="sector=astrology")
    assert response.status_code == 400
    assert "astrology" in response.content.decode()
    assert "ne peut pas être enregistré" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_huge_query_is_refused(client):
    response = subscribe(client, query="q=" + "mot " * 400)
    assert response.status_code == 400
    assert "trop long" in response.content.decode()
    page = client.get(URL + "?q=" + "x" * 2000)
    assert page.status_code == 400
    assert "trop long" in page.content.decode()


def test_search_words_longer_than_the_catalogue_allows_are_refused(client):
    response = subscribe(client, query="q=" + "x" * 201)
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_an_unknown_frequency_is_refused(client):
    response = subscribe(client, frequency="hourly")
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_one_client_may_ask_five_times_an_hour(client, mailoutbox):
    statuses = [subscribe(client, email=f"reader{n}@example.net").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429, 429]
    refused = subscribe(client, email="reader9@example.net")
    assert "Trop de demandes" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    assert len(mailoutbox) == 5
    # Another client is not held back.
    assert subscribe(client, email="reader10@example.net", ip="198.51.100.7").status_code == 302


def test_behind_the_proxy_the_limit_counts_the_real_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def ask(n, forwarded):
        return client.post(
            URL,
            {"email": f"r{n}@example.net", "frequency": "weekly", "language": "fr", "query": ""},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    # A client writing its own X-Forwarded-For entries does not get a new allowance.
    statuses = [ask(n, f"192.0.2.{n}, 203.0.113.7") for n in range(6)]
    assert statuses == [302] * 5 + [429]
    # Another client behind the same proxy has its own.
    assert ask(99, "198.51.100.20") == 302


def test_one_address_gets_at_most_three_confirmation_requests_an_hour(client, mailoutbox):
    statuses = [
        subscribe(client, query=f"sector={code}", ip=f"203.0.113.{n}").status_code
        for n, code in enumerate(["police", "justice", "education", "ngo"])
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mailoutbox) == 3


def test_one_address_has_at_most_three_pending_confirmations(client, time_machine):
    for n, code in enumerate(["police", "justice", "education"]):
        subscribe(client, query=f"sector={code}", ip=f"203.0.113.{n}")
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert subscribe(client, query="sector=ngo", ip="203.0.113.9").status_code == 429
    # Asking again for one of them sends its link again.
    assert subscribe(client, query="sector=police", ip="203.0.113.10").status_code == 302
    assert Subscription.objects.count() == 3


def test_an_address_has_at_most_the_maximum_of_confirmed_subscriptions(settings):
    settings.SUBSCRIPTION_MAX_PER_ADDRESS = 2
    settings.SUBSCRIPTION_REQUESTS_PER_ADDRESS = 10
    tokens = []
    for code in ["police", "justice", "education"]:
        subscription = services.subscription_request(
            email="reader@example.net", query=f"sector={code}", frequency="weekly", language="en"
        )
        tokens.append(subscription.token)
    services.subscription_confirm(token=tokens[0])
    services.subscription_confirm(token=tokens[1])
    with pytest.raises(services.ConfirmationRefused):
        services.subscription_confirm(token=tokens[2])
    assert Subscription.objects.confirmed().count() == 2


def test_the_confirmation_email_is_in_the_chosen_language(client, mailoutbox):
    subscribe(client, language="en")
    message = mailoutbox[0]
    assert message.subject == "Confirm your subscription to new practices"
    assert "/en/subscriptions/confirm/" in message.body


def test_asking_again_before_confirming_sends_the_link_again_for_a_full_week(
    client, mailoutbox, time_machine
):
    subscribe(client, ip="203.0.113.1")
    time_machine.move_to(timezone.now() + timedelta(days=6))
    subscribe(client, ip="203.0.113.2", frequency="weekly")
    time_machine.move_to(timezone.now() + timedelta(days=3))
    subscription = Subscription.objects.get()
    assert subscription.frequency == "weekly"
    assert len(mailoutbox) == 2
    assert link_to(mailoutbox[0], "/confirm/") == link_to(mailoutbox[1], "/confirm/")
    assert client.post(link_to(mailoutbox[1], "/confirm/")).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed
