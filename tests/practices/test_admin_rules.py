"""Every rule of a practice holds whoever writes it: the admin (staff with two-factor),
the services called from the shell or an import, and the portal's pages."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practices import services
from practices.models import Attachment, Link, OldSlug, Partner, Practice, Transition
from practices.services import AttachmentData, LinkData, PartnerData
from stakeholders.models import Sector
from tests.factories import OrganisationFactory, UserFactory

from .factories import org_of
from .helpers import form_data

pytestmark = pytest.mark.django_db

S = Practice.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CHANGELIST = "/admin/practices/practice/"


def change_url(practice):
    return f"/admin/practices/practice/{practice.pk}/change/"


def admin_form(client, practice):
    """What staff's browser posts back from the practice's admin page, unchanged."""
    return form_data(client.get(change_url(practice)), form_id="practice_form")


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def sector_ids(*codes):
    return [str(pk) for pk in Sector.objects.filter(code__in=codes).values_list("pk", flat=True)]


def test_scratch(client, staff, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(staff)
    data = admin_form(client, practice)
    print(data)
    response = client.post(change_url(practice), data)
    print(response.status_code, response.get("Location"))
    assert 0
