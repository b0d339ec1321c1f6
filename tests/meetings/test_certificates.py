"""The attendance certificate: a PDF (and its web page) in the person's language, for the
person, the group's coordinators and staff only; its reference checks it on the portal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from django.urls import reverse
from django.utils import translation
from weasyprint.formatting_structure import boxes

from lanzarote import member_home
from meetings import certificates
from meetings.models import Attendance, Meeting
from stakeholders.models import Person

from .factories import AttendanceFactory, MeetingFactory, person_of

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def held(group):
    """A meeting held on 12 March 2026, 14:00–17:00 in Paris."""
    return MeetingFactory(
        group=group,
        title="Plénière sur les auditions",
        starts_at=datetime(2026, 3, 12, 14, 0, tzinfo=PARIS),
        ends_at=datetime(2026, 3, 12, 17, 0, tzinfo=PARIS),
        place="Mairie du 17e",
        status=Meeting.Status.HELD,
    )


def present(user, meeting, mode="in-person", language=None):
    person = person_of(user)
    person.first_name, person.last_name = "Maëlle", "Certifiée"
    person.save()
    if language:
        user.language = language
        user.save()
    return AttendanceFactory(
        meeting=meeting, person=person, status=Attendance.Status.PRESENT, mode=mode
    )


def url(attendance, query=""):
    return f"/fr/meetings/{attendance.meeting_id}/certificate/{attendance.person_id}/{query}"


def pdf_text(html: str) -> str:
    """The text WeasyPrint lays out on the pages of ``html`` (no PDF reader in the venv)."""
    document = weasyprint.HTML(string=html, url_fetcher=certificates.refuse_fetch).render()
    texts = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox):
                texts.append(box.text)
    return " ".join(texts)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Attestation de présence", "12 mars 2026", "14:00", "17:00", "3 h 00"]),
        ("en", ["Certificate of attendance", "12 March 2026", "14:00", "3 h 00"]),
    ],
)
def test_the_certificate_is_in_the_person_s_language(held, member, language, expected):
    attendance = present(member, held, language=language)
    attendance = certificates.certified().get(pk=attendance.pk)
    certificate = certificates.certificate_for(attendance)
    assert certificate.language == language
    pdf = certificate.pdf()
    assert pdf.startswith(b"%PDF")
    assert "size: A4" in certificate.html(inline_css=True)
    text = pdf_text(certificate.html())
    with translation.override(language):
        group_name = held.group.name
    for part in [
        "Maëlle Certifiée",
        attendance.person.organisation.name,
        "Plénière sur les auditions",
        group_name,
        "Mairie du 17e",
        certificates.reference(attendance.pk),
        *expected,
    ]:
        assert part in text, part


def test_the_remote_mode_is_on_the_certificate(held, member):
    attendance = present(member, held, mode="remote", language="en")
    certificate = certificates.certificate_for(certificates.certified().get(pk=attendance.pk))
    assert "Remote (online)" in certificate.html()


def test_the_person_downloads_the_pdf_with_a_named_file(client_for, held, member):
    attendance = present(member, held, language="fr")
    response = client_for(member).get(url(attendance))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="attestation-2026-03-12-{attendance.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_an_english_speaker_gets_an_english_file_name(client_for, held, member):
    attendance = present(member, held, language="en")
    response = client_for(member).get(url(attendance))
    assert (
        f'filename="certificate-2026-03-12-{attendance.pk}.pdf"' in response["Content-Disposition"]
    )


def test_the_web_page_version(client_for, held, member):
    attendance = present(member, held, language="en")
    response = client_for(member).get(url(attendance, "?format=html"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Certificate of attendance" in page and "Maëlle Certifiée" in page
    # The site's CSP forbids inline style: the page links its stylesheet (the PDF inlines it).
    assert "<style" not in page and "css/certificate" in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("who", "allowed"), [("coordinator", True), ("staff", True)])
def test_coordinators_and_staff_download_it(client_for, request, held, member, who, allowed):
    attendance = present(member, held)
    response = client_for(request.getfixturevalue(who)).get(url(attendance, "?format=html"))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_member", "other_coordinator", "outsider"])
def test_anyone_else_gets_not_found(client_for, request, held, member, who):
    attendance = present(member, held)
    response = client_for(request.getfixturevalue(who)).get(url(attendance))
    assert response.status_code == 404


def test_another_member_of_the_group_gets_not_found(client_for, held, member, group):
    from tests.factories import member_user

    attendance = present(member, held)
    response = client_for(member_user(group)).get(url(attendance))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, held, member):
    attendance = present(member, held)
    response = client.get(url(attendance))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("meeting_status", "status"),
    [("held", "absent"), ("held", "excused"), ("planned", "present"), ("cancelled", "present")],
)
def test_no_certificate_without_presence_at_a_held_meeting(
    client_for, held, member, meeting_status, status
):
    attendance = present(member, held)
    Meeting.objects.filter(pk=held.pk).update(status=meeting_status)
    Attendance.objects.filter(pk=attendance.pk).update(status=status, mode="")
    assert client_for(member).get(url(attendance)).status_code == 404


def test_no_certificate_for_an_erased_person(client_for, held, member, staff):
    attendance = present(member, held)
    Person.objects.filter(pk=attendance.person_id).update(erased_at=held.ends_at)
    assert client_for(staff).get(url(attendance)).status_code == 404


def test_the_reference_checks_the_certificate_and_shows_little(client, held, member):
    attendance = present(member, held)
    code = certificates.reference(attendance.pk)
    response = client.get(f"/en/meetings/certificates/{code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is genuine" in page
    assert "Maëlle Certifiée" in page and "Plénière sur les auditions" in page
    assert attendance.person.organisation.name not in page
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    "forged", ["1-ABCDEF123456", "x", "99999-000000000000", "1-", "²-ABCDEF123456", "１-X"]
)
def test_a_wrong_reference_is_not_found(client, held, member, forged):
    present(member, held)
    response = client.get(f"/en/meetings/certificates/{forged}/")
    assert response.status_code == 404
    assert "No certificate has this reference" in response.content.decode()


def test_the_reference_of_an_attendance_does_not_check_another(
    client, held, member, coordinator, group
):
    attendance = present(member, held)
    other = present(coordinator, held)  # certified too: only the digest tells them apart
    digest = certificates.reference(attendance.pk).split("-")[1]
    response = client.get(f"/en/meetings/certificates/{other.pk}-{digest}/")
    assert response.status_code == 404
    assert (
        client.get(f"/en/meetings/certificates/{certificates.reference(other.pk)}/").status_code
        == 200
    )


def test_the_member_home_lists_the_attended_meetings_with_links(client_for, held, member):
    attendance = present(member, held)
    with translation.override("en"):
        home = reverse("member_home")
    page = client_for(member).get(home).content.decode()
    assert "Attendance certificates" in page
    assert url(attendance).replace("/fr/", "/en/") in page


def test_the_meeting_page_offers_the_certificate_to_the_person_and_coordinators(
    client_for, held, member, coordinator
):
    attendance = present(member, held)
    link = url(attendance).replace("/fr/", "/en/")
    assert link in client_for(member).get(f"/en/meetings/{held.pk}/").content.decode()
    assert link in client_for(coordinator).get(f"/en/meetings/{held.pk}/").content.decode()


def test_the_member_home_runs_the_same_queries_whatever_the_attended_meetings(
    member, group, django_assert_max_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            member_home.context(member)
        return len(queries)

    MeetingFactory(group=group, status="held")
    for _ in range(2):
        present_meeting = MeetingFactory(group=group, status="held")
        AttendanceFactory(meeting=present_meeting, person=person_of(member), status="present")
    few = count()
    for _ in range(8):
        present_meeting = MeetingFactory(group=group, status="held")
        AttendanceFactory(meeting=present_meeting, person=person_of(member), status="present")
    with django_assert_max_num_queries(few):
        member_home.context(member)
