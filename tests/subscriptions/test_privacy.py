"""Personal data: followed practices and the subscriptions of an account's address are in
its export and go with its erasure; unconfirmed subscriptions are purged; staff see the
addresses read-only and may delete one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lanzarote import retention
from stakeholders import privacy
from subscriptions.follows import follow
from subscriptions.models import Follow, Subscription

pytestmark = pytest.mark.django_db


def test_the_export_holds_followed_practices_and_the_addresses_subscriptions(member, publish):
    practice = publish()
    follow(user=member, practice=practice)
    Subscription.objects.create(email=member.email.upper(), query="sector=police")
    Subscription.objects.create(email="someone-else@example.net", query="")
    data = privacy.personal_data(member)
    assert [f["practice"] for f in data["followed_practices"]] == [practice.title]
    assert [s["filter"] for s in data["subscriptions"]] == ["sector=police"]


def test_erasure_removes_follows_and_the_addresses_subscriptions(member, publish):
    follow(user=member, practice=publish())
    Subscription.objects.create(email=member.email, query="sector=police")
    Subscription.objects.create(email="someone-else@example.net", query="")
    privacy.erase_own_account(user=member)
    assert not Follow.objects.exists()
    assert list(Subscription.objects.values_list("email", flat=True)) == [
        "someone-else@example.net"
    ]


def test_unconfirmed_subscriptions_are_purged_after_a_week(settings):
    now = timezone.now()
    old = Subscription.objects.create(email="a@example.net", created_at=now - timedelta(days=8))
    recent = Subscription.objects.create(email="b@example.net", created_at=now - timedelta(days=6))
    kept = Subscription.objects.create(
        email="c@example.net",
        created_at=now - timedelta(days=30),
        confirmed_at=now - timedelta(days=29),
        sent_until=now,
    )
    counts = retention.purge(now=now)
    assert counts["unconfirmed subscriptions"] == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert not Subscription.objects.filter(pk=old.pk).exists()


def test_staff_see_the_addresses_read_only_and_may_delete_one(client, staff):
    subscription = Subscription.objects.create(email="reader@example.net", query="")
    client.force_login(staff)
    listing = client.get("/admin/subscriptions/subscription/")
    assert listing.status_code == 200
    assert "reader@example.net" in listing.content.decode()
    assert subscription.token not in listing.content.decode()
    page = client.get(f"/admin/subscriptions/subscription/{subscription.pk}/change/")
    assert page.status_code == 200
    assert subscription.token not in page.content.decode()
    assert 'name="email"' not in page.content.decode()  # read-only
    assert client.get("/admin/subscriptions/subscription/add/").status_code == 403
    client.post(f"/admin/subscriptions/subscription/{subscription.pk}/delete/", {"post": "yes"})
    assert not Subscription.objects.exists()


def test_members_have_no_access_to_the_admin_list(client, member):
    client.force_login(member)
    response = client.get("/admin/subscriptions/subscription/")
    assert response.status_code == 302


def test_the_privacy_page_says_what_subscriptions_keep_and_for_how_long(client, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 5
    page = client.get("/en/privacy/").content.decode()
    assert "For email subscriptions to new practices" in page
    assert "a subscription not confirmed within 5 days is deleted" in page
    french = client.get("/fr/privacy/").content.decode()
    assert "un abonnement non confirmé dans un délai de 5 jours est supprimé" in french
