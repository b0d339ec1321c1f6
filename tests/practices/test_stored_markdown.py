"""Markdown is rendered when it is saved, not on every request: the practices' descriptions
(per language) and the meetings' minutes keep their HTML, which the pages show."""

import io

import pytest
from django.core.management import call_command

from meetings import services as meeting_services
from meetings.models import Meeting
from practices import services
from practices.models import Practice
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db

S = Practice.Status


def page_of(client, practice, lang="fr"):
    return client.get(f"/{lang}{practice.get_absolute_url()[3:]}").content.decode()


def test_a_save_stores_each_language_s_description_as_safe_html(author, make_practice):
    practice = make_practice(S.DRAFT)

    services.practice_save(
        practice=practice,
        data={
            "description_fr": "Le **protocole** <script>alert(1)</script>",
            "description_en": "The *protocol*",
        },
        by=author,
        expected_version=practice.version,
    )

    practice.refresh_from_db()
    assert "<strong>protocole</strong>" in practice.description_html_fr
    assert "<script>" not in practice.description_html_fr
    assert practice.description_html_en == "<p>The <em>protocol</em></p>\n"


def test_the_practice_page_shows_the_stored_html_in_its_language_or_the_other(
    client, make_practice
):
    practice = make_practice(S.PUBLISHED, description_fr="En **français**", description_en="")
    Practice.objects.filter(pk=practice.pk).update(description_html_fr="<p>Rendu enregistré</p>")

    assert "<p>Rendu enregistré</p>" in page_of(client, practice, "fr")
    # No English description: the English page falls back to the French one.
    assert "<p>Rendu enregistré</p>" in page_of(client, practice, "en")


def test_a_description_never_rendered_is_shown_rendered_all_the_same(client, make_practice, caplog):
    """A row written around save() (bulk_create, loaddata) has no stored HTML: the page
    renders it (sanitised) rather than showing an empty description, and says so in the log."""
    practice = make_practice(S.PUBLISHED, description_fr="Jamais **rendu** <script>x</script>")
    Practice.objects.filter(pk=practice.pk).update(description_html_fr=None)

    html = page_of(client, practice, "fr")

    assert "Jamais <strong>rendu</strong>" in html
    assert "<script>x</script>" not in html
    assert "never rendered" in caplog.text


def test_an_update_of_the_markdown_around_the_portal_waits_for_rerender_markdown(
    client, make_practice
):
    """The portal writes a description through its saves, which render it;
    QuerySet.update() does not, and ``manage.py rerender_markdown`` catches up."""
    practice = make_practice(S.PUBLISHED, description_fr="Ancien **texte**")
    Practice.objects.filter(pk=practice.pk).update(description_fr="Nouveau **texte**")

    assert "<strong>texte</strong>" in page_of(client, practice)
    assert "Ancien" in page_of(client, practice)

    out = io.StringIO()
    call_command("rerender_markdown", stdout=out)

    assert "practices.Practice: 1 rendered again." in out.getvalue()
    html = page_of(client, practice)
    assert "Nouveau <strong>texte</strong>" in html
    assert "Ancien" not in html
    call_command("rerender_markdown", stdout=out)
    assert "practices.Practice: 0 rendered again." in out.getvalue()


def test_the_form_s_preview_still_renders_what_was_typed(client, author, make_practice):
    from .helpers import form_data

    practice = make_practice(S.DRAFT)
    client.force_login(author)
    url = f"/fr/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data.update(description_fr="Aperçu **en direct**", preview="1")

    response = client.post(url, data)

    assert "Aperçu <strong>en direct</strong>" in response.content.decode()
    practice.refresh_from_db()
    assert "en direct" not in practice.description_html_fr


def test_saved_minutes_keep_their_html_which_the_meeting_page_shows(client, coordinator, group):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-2), ends_at=at(hours=-1))

    meeting_services.minutes_save(meeting=meeting, text="Décision **adoptée**", expected_version=0)

    meeting.refresh_from_db()
    assert meeting.minutes_html == "<p>Décision <strong>adoptée</strong></p>\n"
    Meeting.objects.filter(pk=meeting.pk).update(minutes_html="<p>Compte rendu enregistré</p>")
    client.force_login(coordinator)
    assert "Compte rendu enregistré" in client.get(f"/fr/meetings/{meeting.pk}/").content.decode()


def test_minutes_written_around_the_portal_are_rendered_again_by_the_command(group):
    meeting = MeetingFactory(group=group, minutes="Premier **jet**")
    assert meeting.minutes_html == "<p>Premier <strong>jet</strong></p>\n"
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Second **jet**")

    call_command("rerender_markdown", stdout=io.StringIO())

    meeting.refresh_from_db()
    assert meeting.minutes_html == "<p>Second <strong>jet</strong></p>\n"
