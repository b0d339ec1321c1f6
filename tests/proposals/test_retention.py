"""The proposer's personal data: erased a set period after the decision, unconfirmed
proposals deleted after a week; the privacy page says so; staff see proposals read-only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lanzarote import retention
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_proposers_data_is_erased_after_the_period_and_the_proposal_kept(
    make_proposal, settings
):
    settings.PROPOSAL_RETENTION_DAYS = 180
    now = timezone.now()
    old = make_proposal(status=Proposal.Status.DECLINED, decided_at=now - timedelta(days=181))
    recent = make_proposal(status=Proposal.Status.ACCEPTED, decided_at=now - timedelta(days=179))
    waiting = make_proposal(confirmed_at=now - timedelta(days=179))
    forgotten = make_proposal(confirmed_at=now - timedelta(days=400))

    assert retention.purge(now=now, dry_run=True)["proposers' personal data"] == 2
    counts = retention.purge(now=now)
    assert counts["proposers' personal data"] == 2
    # Nobody answered it: nobody's data is kept all the same.
    forgotten.refresh_from_db()
    assert forgotten.proposer_email == "" and forgotten.status == Proposal.Status.WAITING

    old.refresh_from_db()
    assert (old.proposer_name, old.proposer_organisation, old.proposer_email) == ("", "", "")
    assert old.token_hash is None and old.erased_at == now
    # What was proposed stays, as the record of the decision.
    assert old.title == "Barnahus de Linköping" and old.sectors.count() == 2
    assert old.decision_message
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.proposer_email == "ines@example.net" and kept.erased_at is None
    # Run again: nothing more to do.
    assert retention.purge(now=now)["proposers' personal data"] == 0


def test_unconfirmed_proposals_are_deleted_after_a_week(make_proposal):
    now = timezone.now()
    old = make_proposal(status=Proposal.Status.UNCONFIRMED, created_at=now - timedelta(days=8))
    recent = make_proposal(status=Proposal.Status.UNCONFIRMED, created_at=now - timedelta(days=6))
    counts = retention.purge(now=now)
    assert counts["unconfirmed proposals"] == 1
    assert not Proposal.objects.filter(pk=old.pk).exists()
    assert Proposal.objects.filter(pk=recent.pk).exists()


def test_the_worker_runs_the_purge_daily(settings):
    assert settings.WORKER_JOBS["purge expired data"] == (
        "lanzarote.jobs.purge_expired_data",
        24 * 3600,
    )


def test_the_privacy_page_says_what_is_kept_and_how_long(client, settings):
    settings.PROPOSAL_RETENTION_DAYS = 90
    html = client.get("/en/privacy/").content.decode()
    assert 'id="proposals"' in html
    assert "the proposer's name, organisation and email address are erased 90 days" in (
        html.replace("&#x27;", "'")
    )
    assert "within 7 days is deleted" in html
    assert "Propositions de pratique" in client.get("/fr/privacy/").content.decode()


def test_staff_see_proposals_read_only_and_may_delete_one(client, staff, make_proposal):
    proposal = make_proposal()
    client.force_login(staff)
    listing = client.get("/admin/proposals/proposal/?q=ines")
    assert listing.status_code == 200 and "Barnahus" in listing.content.decode()
    change = client.get(f"/admin/proposals/proposal/{proposal.pk}/change/")
    assert change.status_code == 200
    assert 'name="proposer_email"' not in change.content.decode()  # not an input
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
    response = client.post(f"/admin/proposals/proposal/{proposal.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Proposal.objects.exists()
