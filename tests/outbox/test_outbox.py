"""No email is lost: every email is stored with the change that causes it and sent by the
worker, which retries with backoff while the mail server refuses or is down, and never
sends one twice (lanzarote.outbox)."""

import os
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from lanzarote import outbox, retention
from meetings import services
from meetings.models import Meeting
from stakeholders import mail
from stakeholders.mail import Recipient
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory, directory_person

RESET = "/fr/accounts/password/reset/"


def later(minutes=0, hours=0, days=0):
    return timezone.now() + timedelta(minutes=minutes, hours=hours, days=days)


def notify(to, **kwargs):
    return mail.notify(
        to=to,
        template="stakeholders/email/added",
        context={"group": None, "person": None, "inviter": None, "link": ""},
        **kwargs,
    )


# ---------------------------------------------------------------- the request never fails


def test_a_password_reset_succeeds_while_the_mail_server_is_down_and_arrives_once_it_is_up(
    client, db, settings, outbox_down, smtp_server
):
    user = UserFactory()
    response = client.post(RESET, {"email": user.email})
    assert response.status_code == 302  # not 500: the email waits in the outbox
    (email,) = Email.objects.all()
    assert email.status == STATUS.queued and email.to == [user.email]

    first = outbox.send_due()
    assert (first.sent, first.retrying, first.unreachable) == (0, 1, True)
    email.refresh_from_db()
    assert email.status == STATUS.requeued
    (log,) = Log.objects.filter(email=email)
    assert log.exception_type == "ConnectionRefusedError"

    # The server comes back; nothing is tried before the backoff has passed.
    settings.EMAIL_PORT = smtp_server.port
    assert outbox.send_due().sent == 0
    assert outbox.send_due(now=later(minutes=2)).sent == 1
    (message,) = smtp_server.received
    assert message["To"] == user.email
    text = message.get_payload(0).get_payload(decode=True).decode()
    assert "/fr/accounts/password/reset/key/" in text
    assert outbox.send_due(now=later(days=2)).sent == 0  # and never again
    assert len(smtp_server.received) == 1


def test_while_the_server_refuses_the_action_succeeds_and_everything_arrives_once_it_accepts(
    client, group, coordinator, outbox_smtp
):
    """A coordinator invites 40 people while the mail server refuses every message."""
    meeting = MeetingFactory(group=group)
    people = [directory_person(meeting.group) for _ in range(40)]
    outbox_smtp.refusing = True
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/invite/", {"people": [person.pk for person in people]}
    )
    assert response.status_code == 302
    assert meeting.attendances.count() == 40
    assert outbox_smtp.received == []  # the request sent nothing itself
    assert Email.objects.filter(status=STATUS.queued).count() == 40

    refused = outbox.send_due()
    assert (refused.sent, refused.retrying) == (0, 40)
    assert outbox_smtp.received == []
    assert set(Log.objects.values_list("exception_type", flat=True)) == {"SMTPRecipientsRefused"}

    outbox_smtp.refusing = False
    accepted = outbox.send_due(now=later(minutes=2))
    assert accepted.sent == 40
    assert outbox_smtp.to() == sorted(person.email for person in people)
    for message in outbox_smtp.received:
        parts = {part.get_content_type(): part for part in message.walk()}
        assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
        assert parts["text/calendar"].get_param("method") == "REQUEST"
        assert parts["text/calendar"].get_filename() == "invitation.ics"
    assert outbox.send_due(now=later(days=3)).sent == 0
    assert len(outbox_smtp.received) == 40


def test_a_change_that_is_undone_leaves_no_email(outbox_smtp, db):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert notify(user) == 1
        assert Email.objects.count() == 1  # stored with the change…
        raise RuntimeError("the change fails")
    assert not Email.objects.exists()  # …and undone with it
    assert outbox.send_due().sent == 0


def test_an_email_is_stored_in_the_transaction_of_the_change_not_after_it(outbox_smtp, db):
    user = UserFactory()
    with transaction.atomic():
        notify(user)
        assert Email.objects.filter(to=[user.email]).exists()


# ---------------------------------------------------------------- retries and backoff


def test_retries_wait_longer_each_time_then_give_up_and_show_the_error(outbox_smtp, settings, db):
    settings.OUTBOX_MAX_RETRIES = 3
    outbox_smtp.refusing = True
    notify(UserFactory())
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            outbox.send_due()
            email = Email.objects.get()
            assert email.status == STATUS.requeued
            waits.append(email.scheduled_time - timezone.now())
            clock.move_to(email.scheduled_time - timedelta(seconds=1))
            assert outbox.send_due().retrying == 0  # not yet
            clock.move_to(email.scheduled_time)
        assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]

        last = outbox.send_due()
        assert (last.retrying, last.failed) == (0, 1)
        email = Email.objects.get()
        assert email.status == STATUS.failed and email.scheduled_time is None
        assert Log.objects.filter(email=email, status=STATUS.failed).count() == 4
        assert "try again later" in Log.objects.latest("id").message
        clock.shift(timedelta(days=30))
        assert outbox.send_due().sent == 0  # given up, not retried


def test_a_refusal_no_retry_can_mend_fails_at_once(outbox_smtp, db):
    async def no_such_user(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user"

    outbox_smtp.handle_RCPT = no_such_user
    notify(Recipient("gone@example.org", "fr"))
    assert outbox.send_due().failed == 1
    assert Email.objects.get().status == STATUS.failed


def test_an_outage_does_not_use_up_the_tries_and_waits_longer_each_pass(outbox_down, db):
    notify(UserFactory())
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            done = outbox.send_due()
            assert done.unreachable and done.retrying == 1
            email = Email.objects.get()
            waits.append(email.scheduled_time - timezone.now())
            clock.move_to(email.scheduled_time)
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert email.status == STATUS.requeued and not email.number_of_retries
    assert Log.objects.filter(email=email).count() == 3  # the error is shown meanwhile


def test_what_people_write_is_sent_as_written_never_run_as_a_template(outbox_smtp, db):
    tricky = "Budget {{ settings.SECRET_KEY }} {% lorem 20000 w %} {# note #} 100 %"
    mail.notify(
        to=Recipient("reader@example.org", "en"),
        template="stakeholders/email/added",
        context={"group": {"name": tricky}, "person": None, "inviter": None, "link": ""},
    )
    email = Email.objects.get()
    assert tricky in email.message
    outbox.send_due()
    (message,) = outbox_smtp.received
    text = message.get_payload(0).get_payload(decode=True).decode()
    assert tricky in text and "lorem" in text


def test_once_sent_what_an_email_said_is_not_kept(outbox_smtp, db, client):
    user = UserFactory()
    client.post(RESET, {"email": user.email})
    outbox.send_due()
    email = Email.objects.get()
    assert email.status == STATUS.sent
    assert email.message == "" and email.html_message == "" and not email.headers
    assert email.to == [user.email] and email.subject  # the record stays


def test_a_stopping_worker_gives_back_what_it_has_not_sent(outbox_smtp, db):
    notify([Recipient(f"p{n}@example.org", "fr") for n in range(5)])
    sent = []

    def stopping():
        sent.append(1)
        return len(sent) > 2  # asked to stop after two emails

    done = outbox.send_due(stopping=stopping)
    assert (done.sent, done.released) == (2, 3)
    assert len(outbox_smtp.received) == 2
    # Given back at once, not after the lease: the next pass (or worker) sends them.
    assert outbox.send_due().sent == 3
    assert len(outbox_smtp.received) == 5


def test_the_delay_between_tries_is_capped():
    assert outbox.retry_delay(1) == timedelta(minutes=1)
    assert outbox.retry_delay(5) == timedelta(minutes=16)
    assert outbox.retry_delay(30) == timedelta(hours=6)


def test_one_refused_address_does_not_hold_back_the_others(outbox_smtp, db):
    class RefuseOne:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("refused"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    outbox_smtp.handle_RCPT = RefuseOne().handle_RCPT
    notify([Recipient("refused@example.org", "fr"), Recipient("fine@example.org", "en")])
    done = outbox.send_due()
    assert (done.sent, done.failed) == (1, 1)  # 550: no retry would mend it
    assert outbox_smtp.to() == ["fine@example.org"]


# ---------------------------------------------------------------- one worker or two


def test_a_second_worker_does_not_take_what_the_first_is_sending(outbox_smtp, db):
    notify([UserFactory(), UserFactory()])
    now = timezone.now()
    first = outbox._claim(now, batch=100)
    second = outbox._claim(now, batch=100)
    assert len(first) == 2 and second == []
    # A worker that died mid-send: its messages go again once its lease has ended.
    assert outbox.send_due(now=now + timedelta(minutes=11)).sent == 2


def test_the_worker_command_runs_the_jobs_and_sends_what_they_wrote(outbox_smtp, settings, db):
    settings.WORKER_JOBS = {"test": ("tests.outbox.test_outbox.job_that_writes_an_email", 60)}
    call_command("worker", "--once")
    assert outbox_smtp.to() == ["job@example.org"]
    call_command("worker", "--once")
    assert len(outbox_smtp.received) == 1


def job_that_writes_an_email(now):
    if not Email.objects.filter(to=["job@example.org"]).exists():
        notify(Recipient("job@example.org", "en"))


def test_a_failing_job_does_not_stop_the_emails(outbox_smtp, settings, db, caplog):
    settings.WORKER_JOBS = {"broken": ("tests.outbox.test_outbox.job_that_fails", 60)}
    notify(Recipient("still@example.org", "fr"))
    call_command("worker", "--once")
    assert outbox_smtp.to() == ["still@example.org"]
    assert "job broken failed" in caplog.text


def job_that_fails(now):
    raise RuntimeError("broken job")


# ---------------------------------------------------------------- what every email is


def test_every_email_has_a_text_and_an_html_part_with_the_portal_s_name_and_address(
    outbox_smtp, db
):
    notify(Recipient("someone@example.org", "en"))
    outbox.send_due()
    (message,) = outbox_smtp.received
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "The Lanzarote working group portal" in text and "https://portal.example.org" in text
    assert "The Lanzarote working group portal" in html
    assert 'href="https://portal.example.org"' in html
    assert '<html lang="en">' in html
    assert message["Message-ID"]  # named after the portal (POST_OFFICE MESSAGE_ID_FQDN)


def test_allauth_emails_go_through_the_outbox_in_the_account_s_language(client, db, outbox_smtp):
    english = UserFactory(language="en")
    client.post(RESET, {"email": english.email})  # asked on a French page
    outbox.send_due()
    (message,) = outbox_smtp.received
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "text/html" in parts
    assert "Password Reset" in message["Subject"]
    assert "https://portal.example.org/en/" in parts["text/plain"].get_payload(decode=True).decode()


# ---------------------------------------------------------------- the admin


def test_staff_see_a_failed_email_with_its_error_and_send_it_again(
    client, staff, outbox_smtp, settings
):
    settings.OUTBOX_MAX_RETRIES = 0
    outbox_smtp.refusing = True
    notify(Recipient("later@example.org", "fr"))
    assert outbox.send_due().failed == 1
    client.force_login(staff)
    page = client.get("/admin/post_office/email/")
    assert page.status_code == 200
    assert "try again later" in page.content.decode()

    email = Email.objects.get()
    response = client.post(
        "/admin/post_office/email/",
        {"action": "send_again", "_selected_action": [email.pk]},
        follow=True,
    )
    assert "1 courriel sera renvoyé par le processus d’envoi." in response.content.decode()
    outbox_smtp.refusing = False
    assert outbox.send_due().sent == 1
    assert outbox_smtp.to() == ["later@example.org"]

    # A sent email is not sent twice.
    response = client.post(
        "/admin/post_office/email/",
        {"action": "send_again", "_selected_action": [email.pk]},
        follow=True,
    )
    assert "Seul un courriel en échec peut être renvoyé." in response.content.decode()
    assert outbox.send_due().sent == 0


def test_the_outbox_admin_is_for_staff_only(client, member, coordinator, db):
    for user in (None, member, coordinator):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get("/admin/post_office/email/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"] or "accounts" in response["Location"]


def test_staff_cannot_edit_what_an_email_said(client, staff, outbox_smtp):
    notify(Recipient("x@example.org", "fr"))
    email = Email.objects.get()
    client.force_login(staff)
    response = client.post(
        f"/admin/post_office/email/{email.pk}/change/",
        {"to": "attacker@example.org", "subject": "changed"},
    )
    assert response.status_code == 403
    email.refresh_from_db()
    assert email.to == ["x@example.org"]


# ---------------------------------------------------------------- retention


def test_sent_emails_and_their_files_are_purged_after_the_retention_period(
    outbox_smtp, settings, db
):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED)
    services.invite(meeting=meeting, people=[directory_person(meeting.group)])
    email = Email.objects.get()
    (attachment,) = email.attachments.all()
    stored = attachment.file.path
    outbox.send_due()
    Email.objects.filter(pk=email.pk).update(last_updated=later(days=-31))
    counts = retention.purge()
    assert counts["emails sent"] == 1 and counts["email attachments"] == 1
    assert not Email.objects.exists()
    assert not os.path.exists(stored)


# ---------------------------------------------------------------- privacy


def test_erasing_a_person_deletes_the_emails_waiting_for_them_and_no_one_else_s(
    client, member, outbox_smtp
):
    notify([member, Recipient("someone.else@example.org", "fr")])
    notify(Recipient(member.email.upper(), "fr"))
    client.force_login(member)
    response = client.post(
        "/fr/accounts/my-data/", {"password": "a-good-test-password", "confirm": "on"}
    )
    assert response.status_code == 302
    assert [email.to for email in Email.objects.all()] == [["someone.else@example.org"]]
    outbox.send_due()
    assert outbox_smtp.to() == ["someone.else@example.org"]


def test_the_send_again_button_is_a_form_on_a_failed_email_s_page_only(
    client, staff, outbox_smtp, settings
):
    settings.OUTBOX_MAX_RETRIES = 0
    outbox_smtp.refusing = True
    notify(Recipient("button@example.org", "fr"))
    outbox.send_due()
    email = Email.objects.get()
    client.force_login(staff)
    page = client.get(f"/admin/post_office/email/{email.pk}/change/").content.decode()
    assert f'action="/admin/post_office/email/{email.pk}/resend/"' in page
    assert client.get(f"/admin/post_office/email/{email.pk}/resend/").status_code == 403
    response = client.post(f"/admin/post_office/email/{email.pk}/resend/")
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == STATUS.queued and email.number_of_retries == 0
    outbox_smtp.refusing = False
    assert outbox.send_due().sent == 1
    page = client.get(f"/admin/post_office/email/{email.pk}/change/").content.decode()
    assert "/resend/" not in page  # sent: no button
