"""The protocol pages, for each kind of visitor."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from protocols.models import Protocol
from tests.factories import OrganisationFactory

from .factories import PDF, ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "coordinator", "other_coordinator", "staff"]


@pytest.fixture
def users(member, coordinator, other_coordinator, staff):
    return {
        "anonymous": None,
        "member": member,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "staff": staff,
    }


@pytest.fixture
def protocol(group):
    return with_pathway(ProtocolFactory(territory=group.territory))


def status_for(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 200), ("member", 200), ("coordinator", 200), ("other_coordinator", 200),
     ("staff", 200)],
)  # fmt: skip
def test_public_protocol_is_seen_by_everyone(client, users, protocol, role, expected):
    assert status_for(client, users[role], protocol.get_absolute_url()) == expected
    assert status_for(client, users[role], "/fr/protocols/") == 200


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 404), ("member", 200), ("coordinator", 200), ("other_coordinator", 404),
     ("staff", 200)],
)  # fmt: skip
def test_members_only_protocol_is_seen_by_the_territorys_members(
    client, users, protocol, role, expected
):
    protocol.visibility = Protocol.Visibility.MEMBERS
    protocol.save()
    assert status_for(client, users[role], protocol.get_absolute_url()) == expected
    listed = protocol.title_fr in status_text(client, users[role], "/fr/protocols/")
    assert listed == (expected == 200)


def status_text(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 404), ("member", 200), ("coordinator", 200), ("other_coordinator", 404),
     ("staff", 200)],
)  # fmt: skip
def test_protocol_in_preparation_is_not_public(client, users, protocol, role, expected):
    protocol.status = Protocol.Status.IN_PREPARATION
    protocol.save()
    assert status_for(client, users[role], protocol.get_absolute_url()) == expected


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 302), ("member", 403), ("coordinator", 200), ("other_coordinator", 403),
     ("staff", 200)],
)  # fmt: skip
def test_edit_form_is_for_the_territorys_coordinators(client, users, protocol, role, expected):
    assert status_for(client, users[role], f"/fr/protocols/{protocol.slug}/edit/") == expected


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 302), ("member", 403), ("coordinator", 200), ("other_coordinator", 200),
     ("staff", 200)],
)  # fmt: skip
def test_create_form_is_for_coordinators(client, users, role, expected):
    assert status_for(client, users[role], "/fr/protocols/new/") == expected


@pytest.mark.parametrize(
    "role, expected",
    [("anonymous", 302), ("member", 403), ("coordinator", 302), ("other_coordinator", 403),
     ("staff", 302)],
)  # fmt: skip
def test_revise_and_status_are_for_the_territorys_coordinators(
    client, users, protocol, role, expected
):
    url = f"/fr/protocols/{protocol.slug}/status/"
    assert status_for(client, users[role], url, "post", {"status": "expired"}) == expected
    protocol.refresh_from_db()
    assert (protocol.status == Protocol.Status.EXPIRED) == (expected == 302 and role != "anonymous")


def test_revise_leads_to_the_revision_form(client, coordinator, protocol):
    client.force_login(coordinator)
    response = client.post(f"/fr/protocols/{protocol.slug}/revise/")
    revision = Protocol.objects.get(supersedes=protocol)
    assert response.url == f"/fr/protocols/{revision.slug}/edit/"


def test_status_rule_error_is_shown(client, coordinator, group):
    protocol = ProtocolFactory(territory=group.territory, status=Protocol.Status.IN_PREPARATION)
    client.force_login(coordinator)
    response = client.post(
        f"/fr/protocols/{protocol.slug}/status/", {"status": "in-force"}, follow=True
    )
    assert "au moins deux organisations signataires" in response.content.decode() or (
        "at least two signatory" in response.content.decode()
    )


def test_diagram_and_list_show_the_same_steps(client, protocol):
    page = client.get(protocol.get_absolute_url()).content.decode()
    diagram = page.split('class="swimlane"', 1)[1].split("</div>\n  </div>", 1)[0]
    listed = page.split('class="pathway-steps"', 1)[1].split("</ol>", 1)[0]
    in_diagram = sorted(int(n) for n in re.findall(r'data-step="(\d+)"', diagram))
    in_list = [int(n) for n in re.findall(r'data-step="(\d+)"', listed)]
    assert in_diagram == in_list == [1, 2, 3]
    for step in protocol.steps.all():
        assert diagram.count(step.what_fr) == 1
        assert listed.count(step.what_fr) == 1
    # One lane per sector of the steps.
    assert diagram.count('class="swimlane-lane"') == 3


def test_list_runs_constant_queries(client, group, django_assert_max_num_queries):
    with_pathway(ProtocolFactory(territory=group.territory))
    with django_assert_max_num_queries(8) as few:
        client.get("/fr/protocols/")
    for _ in range(5):
        with_pathway(ProtocolFactory(territory=group.territory))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/fr/protocols/")
    assert response.status_code == 200


def form_data(territory, **extra):
    organisations = [OrganisationFactory(territory=territory) for _ in range(2)]
    data = {
        "title_fr": "Protocole",
        "title_en": "Protocol",
        "kind": "referral-pathway",
        "territory": territory.pk,
        "visibility": "public",
        "signatories-TOTAL_FORMS": "2",
        "signatories-INITIAL_FORMS": "0",
        "signatories-0-organisation": organisations[0].pk,
        "signatories-0-role": "signatory",
        "signatories-1-organisation": organisations[1].pk,
        "signatories-1-role": "signatory",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-what_fr": "Signalement",
        "steps-0-responsible_organisation": organisations[0].pk,
    }
    data.update(extra)
    return data


def test_coordinator_creates_protocol_through_the_form(client, coordinator, group):
    client.force_login(coordinator)
    response = client.post(
        "/fr/protocols/new/",
        {**form_data(group.territory), "document_upload": SimpleUploadedFile("p.pdf", PDF)},
    )
    protocol = Protocol.objects.get()
    assert response.url == protocol.get_absolute_url()
    assert protocol.signatories.count() == 2 and protocol.steps.count() == 1
    download = client.get(f"/fr/protocols/{protocol.slug}/document/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_non_pdf_document_is_refused_with_clear_message_and_nothing_lost(
    client, coordinator, group
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    response = client.post(
        "/fr/protocols/new/", {**form_data(group.territory), "document_upload": upload}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "PDF" in page and "Signalement" in page
    assert not Protocol.objects.exists()


def test_step_without_responsible_is_refused(client, coordinator, group):
    client.force_login(coordinator)
    data = form_data(group.territory, **{"steps-0-responsible_organisation": ""})
    response = client.post("/fr/protocols/new/", data)
    assert response.status_code == 400
    assert not Protocol.objects.exists()


def test_dates_out_of_order_are_refused_on_the_form(client, coordinator, group):
    client.force_login(coordinator)
    data = form_data(group.territory, signed_on="2025-03-01", in_force_from="2025-01-01")
    response = client.post("/fr/protocols/new/", data)
    assert response.status_code == 400
    assert not Protocol.objects.exists()


def test_coordinator_of_another_territory_cannot_pick_this_territory(
    client, other_coordinator, group
):
    client.force_login(other_coordinator)
    response = client.post("/fr/protocols/new/", form_data(group.territory))
    assert response.status_code == 400
    assert not Protocol.objects.exists()


def test_detail_runs_constant_queries(client, group, django_assert_max_num_queries):
    small = with_pathway(ProtocolFactory(territory=group.territory), sectors=("justice",))
    with django_assert_max_num_queries(20) as few:
        client.get(small.get_absolute_url())
    large = with_pathway(
        ProtocolFactory(territory=group.territory),
        sectors=("justice", "police", "medico-legal", "child-welfare", "education", "ngo"),
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert response.status_code == 200


def test_detail_in_english_shows_english_texts_and_lanes(client, protocol):
    page = client.get(f"/en/protocols/{protocol.slug}/").content.decode()
    assert "Step 1" in page and "within 24 hours" in page
    assert 'class="swimlane-label sector-justice"' in page


def test_hostile_step_text_is_escaped(client, protocol):
    step = protocol.steps.first()
    step.what_fr = "<script>alert(1)</script>"
    step.save()
    page = client.get(protocol.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_revision_links_both_ways_once_in_force(client, coordinator, protocol):
    from protocols import services

    revision = services.protocol_revise(protocol=protocol, by=coordinator)
    revision.in_force_from = protocol.in_force_from
    revision.save()
    services.protocol_set_status(protocol=revision, status="in-force", by=coordinator)
    old_page = client.get(protocol.get_absolute_url()).content.decode()
    new_page = client.get(revision.get_absolute_url()).content.decode()
    assert revision.get_absolute_url() in old_page
    assert protocol.get_absolute_url() in new_page


def test_the_same_create_form_sent_twice_makes_one_protocol(client, coordinator, group):
    client.force_login(coordinator)
    data = {**form_data(group.territory), "submission": "a" * 32}
    first = client.post("/fr/protocols/new/", data)
    second = client.post("/fr/protocols/new/", data)
    assert Protocol.objects.count() == 1
    assert first.url == second.url == Protocol.objects.get().get_absolute_url()


def as_post(*forms) -> dict:
    """What a browser sends back for these forms and formsets, unchanged."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            for field in form.management_form:
                data[field.html_name] = field.value()
            inner = form.forms
        else:
            inner = [form]
        for each in inner:
            for field in each:
                value = field.value()
                if value is None or value is False:
                    continue
                if isinstance(value, (list, tuple)):
                    data[field.html_name] = [str(v) for v in value]
                elif hasattr(value, "pk"):
                    data[field.html_name] = str(value.pk)
                else:
                    data[field.html_name] = str(value)
    return data


def test_editing_only_the_title_keeps_every_signatory_and_step(client, coordinator, protocol):
    signatories = set(protocol.signatories.values_list("organisation_id", "role"))
    steps = list(protocol.steps.values_list("position", "what_fr"))
    assert len(signatories) >= 2 and steps
    client.force_login(coordinator)
    page = client.get(f"/fr/protocols/{protocol.slug}/edit/")
    data = as_post(page.context["form"], page.context["signatories"], page.context["steps"])
    data["title_fr"] = "Nouveau titre"
    response = client.post(f"/fr/protocols/{protocol.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    protocol.refresh_from_db()
    assert protocol.title_fr == "Nouveau titre"
    assert set(protocol.signatories.values_list("organisation_id", "role")) == signatories
    assert list(protocol.steps.values_list("position", "what_fr")) == steps


def test_a_members_only_adopting_meeting_is_named_only_to_its_members(
    client, member, protocol, group
):
    from meetings.models import Decision, Meeting
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(
        group=group, title="Réunion confidentielle Zircon", visibility=Meeting.Visibility.MEMBERS
    )
    item = AgendaItemFactory(meeting=meeting)
    protocol.adopted_by = Decision.objects.create(meeting=meeting, agenda_item=item, text="Adopté.")
    protocol.save()
    assert "Zircon" not in client.get(protocol.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Zircon" in client.get(protocol.get_absolute_url()).content.decode()


def test_the_edit_page_runs_the_same_queries_whatever_the_number_of_steps(
    client, coordinator, group
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from protocols.models import Step
    from stakeholders.models import Sector

    short = with_pathway(ProtocolFactory(territory=group.territory))
    long = with_pathway(ProtocolFactory(territory=group.territory))
    sector = Sector.objects.first()
    for position in range(10, 25):
        Step.objects.create(
            protocol=long, position=position, what_fr=f"Étape {position}", responsible_sector=sector
        )
    client.force_login(coordinator)
    client.get(f"/fr/protocols/{short.slug}/edit/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/fr/protocols/{short.slug}/edit/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/fr/protocols/{long.slug}/edit/").status_code == 200
    assert len(many) == len(few)


def test_the_list_names_no_place_whose_protocols_are_all_hidden(client, group, other_group, member):
    ProtocolFactory(territory=group.territory, title_fr="Public")
    hidden = ProtocolFactory(
        territory=other_group.territory, visibility=Protocol.Visibility.MEMBERS
    )
    form = client.get("/fr/protocols/").context["filter"].form
    slugs = [value for value, _label in form.fields["territory"].choices if value]
    assert hidden.territory.slug not in [str(s) for s in slugs]
    assert group.territory.slug in [str(s) for s in slugs]


def test_editing_keeps_a_practice_no_longer_published_and_a_decision_of_another_group(
    client, coordinator, protocol, other_group
):
    """Staff linked an unpublished practice and another group's decision: the coordinator's
    form shows them and saving keeps them."""
    from meetings.models import Decision
    from practices.models import Practice
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory
    from tests.practices.factories import PracticeFactory

    practice = PracticeFactory(group=protocol_group(protocol), territory=protocol.territory)
    protocol.practices.add(practice)
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.ARCHIVED)
    item = AgendaItemFactory(meeting=MeetingFactory(group=other_group))
    protocol.adopted_by = Decision.objects.create(
        meeting=item.meeting, agenda_item=item, text="Adopté ailleurs."
    )
    protocol.save()
    client.force_login(coordinator)
    page = client.get(f"/fr/protocols/{protocol.slug}/edit/")
    data = as_post(page.context["form"], page.context["signatories"], page.context["steps"])
    data["title_fr"] = "Titre revu"
    response = client.post(f"/fr/protocols/{protocol.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol.refresh_from_db()
    assert list(protocol.practices.all()) == [practice]
    assert protocol.adopted_by.text == "Adopté ailleurs."


def protocol_group(protocol):
    from stakeholders.models import WorkingGroup

    return WorkingGroup.objects.filter(territory=protocol.territory).first()


def test_the_list_filtered_by_two_sectors_shows_the_protocols_binding_both(client, group):
    both = with_pathway(ProtocolFactory(territory=group.territory, title_fr="Les deux"))
    one = with_pathway(
        ProtocolFactory(territory=group.territory, title_fr="Un seul"),
        sectors=("justice", "police"),
    )
    page = client.get("/fr/protocols/?sector=child-welfare&sector=justice").content.decode()
    assert both.title_fr in page and one.title_fr not in page
    page = client.get("/fr/protocols/?sector=justice").content.decode()
    assert both.title_fr in page and one.title_fr in page


def test_a_step_whose_organisation_name_is_not_read_says_so_once_and_keeps_the_rest(
    client, coordinator, group
):
    client.force_login(coordinator)
    data = form_data(group.territory)
    data["steps-0-responsible_organisation_name"] = "Inconnue au bataillon"
    response = client.post("/en/protocols/new/", data)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "No organisation of the directory is called “Inconnue au bataillon”" in html
    assert "Say who is responsible for the step" not in html
    assert 'value="Inconnue au bataillon"' in html
    assert not Protocol.objects.exists()


def test_signatories_given_by_name(client, coordinator, group):
    client.force_login(coordinator)
    data = form_data(group.territory)
    signatory = OrganisationFactory(name="Parquet des mineurs", acronym="PDM")
    data["signatories-1-organisation_name"] = "pdm"
    response = client.post("/en/protocols/new/", data)
    assert response.status_code == 302
    assert Protocol.objects.get().signatories.filter(organisation=signatory).exists()
