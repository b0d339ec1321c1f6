"""Each person chooses their reminders on My account (/fr/compte/rappels/), and the job
honours the choice; deactivated accounts and erased people get nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from reminders.models import SentReminder
from stakeholders import privacy, services
from stakeholders.choices import ReminderKind

from .conftest import MONDAY_EIGHT, WEDNESDAY, action_for, invite, meeting_in, to

User = get_user_model()

pytestmark = pytest.mark.django_db

URL = "/fr/compte/rappels/"
ALL = list(ReminderKind.values)


def test_the_account_page_shows_one_box_per_reminder_all_ticked_by_default(client, member):
    client.force_login(member)
    response = client.get("/fr/compte/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'action="/fr/compte/rappels/"' in page
    for kind in ALL:
        assert f'value="{kind}"' in page
    assert page.count('name="wanted"') == len(ALL)
    assert page.count("checked") >= len(ALL)
    assert response.context["reminders_form"].initial == {"wanted": ALL}


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.post(URL, {"wanted": ["meeting-soon"]})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_turns_reminders_off_and_sees_a_confirmation(client, member):
    client.force_login(member)
    response = client.post(URL, {"wanted": ["meeting-soon", "action-due"]}, follow=True)
    assert response.redirect_chain[-1][0] == "/fr/compte/#reminders-heading"
    assert "Vos choix de rappels ont été enregistrés." in response.content.decode()
    member.refresh_from_db()
    assert member.reminders_off == [
        "overdue-digest",
        "invitation-expiring",
        "improvements-waiting",
        "suggestion-discussion",
        "proposals-waiting",
        "protocols-due",
        "protocol-suggestions",
    ]
    # The page shows the choice.
    page = client.get("/fr/compte/")
    assert page.context["reminders_form"].initial == {"wanted": ["meeting-soon", "action-due"]}


def test_unticking_every_box_turns_every_reminder_off(client, member):
    client.force_login(member)
    client.post(URL, {})
    member.refresh_from_db()
    assert member.reminders_off == ALL


def test_a_bad_value_is_refused_with_a_message_and_nothing_saved(client, member):
    member.reminders_off = ["action-due"]
    member.save()
    client.force_login(member)
    response = client.post(URL, {"wanted": ["meeting-soon", "spam-every-hour"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sélectionnez un choix valide. spam-every-hour n’en fait pas partie." in page
    assert 'class="error-summary"' in page
    member.refresh_from_db()
    assert member.reminders_off == ["action-due"]


def test_the_form_acts_on_the_logged_in_account_only(client, member, other_member):
    client.force_login(member)
    client.post(URL, {"wanted": [], "user": other_member.pk, "email": other_member.email})
    other_member.refresh_from_db()
    member.refresh_from_db()
    assert other_member.reminders_off == []
    assert member.reminders_off == ALL


def test_get_leads_back_to_the_account_page(client, member):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/fr/compte/#reminders-heading"


def test_the_service_refuses_an_unknown_kind(member):
    with pytest.raises(ValidationError):
        services.reminder_preferences_update(user=member, wanted=["nope"])
    member.reminders_off = ["nope"]
    with pytest.raises(ValidationError):
        member.full_clean()


def test_the_english_page_has_its_own_address(client, member):
    client.force_login(member)
    response = client.post("/en/my-account/reminders/", {"wanted": ["meeting-soon"]}, follow=True)
    assert "Your reminder choices have been saved." in response.content.decode()


# ----------------------------------------------------------------- the job honours it


def test_the_job_skips_a_kind_turned_off_and_sends_the_others(
    clock, run_job, mailoutbox, group, member
):
    services.reminder_preferences_update(user=member, wanted=["action-due"])
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=20), member)
    action_for(member, group=group, due_in_days=1)
    assert run_job() == 1
    (message,) = to(mailoutbox, member)
    assert "/meetings/actions/" in message.body
    assert "invitation.ics" not in [name for name, _c, _m in message.attachments]


def test_a_deactivated_account_gets_no_reminder_of_any_kind(
    clock, run_job, mailoutbox, group, member, coordinator
):
    clock(MONDAY_EIGHT - timedelta(days=3))
    action_for(member, group=group, due_in_days=1)  # overdue on Monday
    action_for(member, group=group, due_in_days=4)  # due on Monday
    invite(meeting_in(group, hours=72), member)  # within two days on Monday
    member.is_active = False
    member.save()
    coordinator.is_active = False
    coordinator.save()
    clock(MONDAY_EIGHT)
    assert run_job() == 0
    assert mailoutbox == []


def test_an_erased_person_gets_nothing_and_their_records_of_sent_reminders_go(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=20), member)
    action_for(member, group=group, due_in_days=1)
    assert run_job() == 2
    privacy.erase_own_account(user=member)
    assert SentReminder.objects.count() == 0
    clock(WEDNESDAY + timedelta(hours=1))
    assert run_job() == 0
