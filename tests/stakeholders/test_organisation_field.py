"""The forms' organisation field (stakeholders.widgets): a name typed, with its id when it
was left unchanged or picked among the suggestions. Without JavaScript the name alone is
read; a name that is not enough offers the organisations that match, with their territory,
to choose from."""

import factory
import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from stakeholders.models import Organisation
from stakeholders.widgets import CHOICES, MAX_NAME, DirectoryOrganisationField
from tests.factories import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


class OneForm(forms.Form):
    organisation = DirectoryOrganisationField()


class OptionalForm(forms.Form):
    organisation = DirectoryOrganisationField(required=False)


def sent(organisation=None, name=None, choice=None, form_class=OneForm, shown=None):
    data = {} if shown is None else {"organisation_shown": shown}
    if organisation is not None:
        data["organisation"] = str(getattr(organisation, "pk", organisation))
    if name is not None:
        data["organisation_name"] = name
    if choice is not None:
        data["organisation_choice"] = str(getattr(choice, "pk", choice))
    return form_class(data)


@pytest.fixture
def bpm(db):
    return OrganisationFactory(name="Brigade de protection des mineurs", acronym="BPM")


def test_a_name_left_as_it_was_keeps_its_organisation_in_one_query(bpm):
    form = sent(bpm, "Brigade de protection des mineurs (BPM)")
    with CaptureQueriesContext(connection) as queries:
        assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm
    assert len(queries) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "Brigade de protection des mineurs",
        "  brigade DE protection   des mineurs ",
        "BPM",
        "bpm",
        "Brigade de protection des mineurs (BPM)",
        "brigade de protection des mineurs(bpm)",
    ],
)
def test_a_name_typed_without_javascript_finds_its_organisation(bpm, typed):
    OrganisationFactory(name="Brigade des mineurs de Lyon", acronym="BML")
    form = sent(name=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm


def test_a_name_typed_without_its_accents_finds_its_organisation(db):
    umj = OrganisationFactory(name="Unité médico-judiciaire de l'Hôtel-Dieu", acronym="UMJ")
    form = sent(name="unite medico-judiciaire de l'hotel-dieu")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == umj
    near = sent(name="hotel-dieu")
    assert not near.is_valid()
    assert f'value="{umj.pk}"' in str(near["organisation"])


def test_a_name_typed_over_another_organisations_id_is_read_from_the_name(bpm):
    former = OrganisationFactory(name="Ancienne tête")
    form = sent(former, "BPM")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm


def test_two_organisations_of_one_name_are_offered_with_their_territory(bpm):
    lyon = TerritoryFactory(name="Lyon")
    other = OrganisationFactory(
        name="Brigade de protection des mineurs", acronym="BPM", territory=lyon
    )
    form = sent(name="BPM")
    assert not form.is_valid()
    assert "Several organisations of the directory are called “BPM”" in str(
        form.errors["organisation"]
    )
    html = str(form["organisation"])
    for organisation in (bpm, other):
        assert f'name="organisation_choice" value="{organisation.pk}"' in html
    assert "Lyon (France)" in html and f"{bpm.territory.name} (France)" in html
    # The name typed stays as it was typed.
    assert 'name="organisation_name" value="BPM"' in html

    chosen = sent(name="BPM", choice=other)
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["organisation"] == other


def test_part_of_a_name_offers_the_organisations_that_contain_its_words(bpm):
    OrganisationFactory(name="Protection de l'enfance du Nord")
    OrganisationFactory(name="Aide sociale")
    form = sent(name="protection")
    assert not form.is_valid()
    message = str(form.errors["organisation"])
    assert "No organisation of the directory is called exactly “protection”" in message
    html = str(form["organisation"])
    assert html.count('type="radio"') == 2
    assert "Aide sociale" not in html

    words = sent(name="mineurs protection")
    assert not words.is_valid()
    assert str(words["organisation"]).count('type="radio"') == 1


def test_at_most_ten_organisations_are_offered_and_the_form_says_there_are_more(db):
    OrganisationFactory.create_batch(
        CHOICES + 3, name=factory.Sequence(lambda n: f"Maison des adolescents {n:02d}")
    )
    form = sent(name="Maison")
    assert not form.is_valid()
    assert str(form["organisation"]).count('type="radio"') == CHOICES
    assert f"Only the first {CHOICES} are shown" in str(form.errors["organisation"])


def test_a_name_nobody_has_says_so_and_offers_nothing(bpm):
    form = sent(name="Inconnue au bataillon")
    assert not form.is_valid()
    assert "No organisation of the directory is called “Inconnue au bataillon”" in str(
        form.errors["organisation"]
    )
    assert 'type="radio"' not in str(form["organisation"])


def test_the_errors_are_in_french_too(bpm):
    with translation.override("fr"):
        form = sent(name="Inconnue")
        assert not form.is_valid()
        assert "Aucune organisation de l’annuaire ne s’appelle « Inconnue »" in str(
            form.errors["organisation"]
        ).replace("\u202f", " ").replace("\xa0", " ")


def test_a_name_too_long_is_refused_without_a_query(db):
    form = sent(name="x" * (MAX_NAME + 1))
    with CaptureQueriesContext(connection) as queries:
        assert not form.is_valid()
    assert len(queries) == 0
    assert f"at most {MAX_NAME} characters" in str(form.errors["organisation"])


def test_an_empty_name_is_no_organisation(bpm):
    required = sent(bpm, "   ")
    assert not required.is_valid()
    assert "required" in str(required.errors["organisation"])
    optional = sent(bpm, "", form_class=OptionalForm)
    assert optional.is_valid(), optional.errors
    assert optional.cleaned_data["organisation"] is None


def test_a_client_sending_only_the_id_is_read_as_a_select_was(bpm):
    form = sent(bpm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm
    for wrong in ("999999", "x", "99999999999999999999999"):
        form = sent(wrong)
        assert not form.is_valid()
        assert "Select a valid choice" in str(form.errors["organisation"])


def test_a_choice_that_is_no_organisation_leaves_the_name_to_be_read(bpm):
    form = sent(name="BPM", choice="999999")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm
    unknown = sent(name="Inconnue", choice="999999")
    assert not unknown.is_valid()
    assert "No organisation of the directory is called" in str(unknown.errors["organisation"])


def test_a_form_shown_again_shows_the_organisation_read_not_the_words_typed(bpm):
    class WithTitle(OneForm):
        title = forms.CharField()

    form = WithTitle({"organisation_name": "bpm", "title": ""})
    assert not form.is_valid()
    html = str(form["organisation"])
    assert f'name="organisation" value="{bpm.pk}"' in html
    assert 'value="Brigade de protection des mineurs (BPM)"' in html


def test_the_choices_name_the_words_they_were_found_for(bpm):
    OrganisationFactory(name="Brigade des mineurs de Lyon")
    html = str(sent(name="brigade")["organisation"])
    assert "<legend>Organisations of the directory that match “brigade”</legend>" in html


def test_names_are_escaped_in_the_field_and_in_the_choices(db):
    territory = TerritoryFactory(name="<i>Zone</i>")
    hostile = '<script>alert(1)</script> "x"'
    first = OrganisationFactory(name=hostile)
    OrganisationFactory(name=hostile, territory=territory)
    html = str(OneForm(initial={"organisation": first.pk})["organisation"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;" in html

    form = sent(name=hostile)
    assert not form.is_valid()
    html = str(form["organisation"])
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;i&gt;Zone&lt;/i&gt;" in html


def test_the_label_points_at_the_name_typed(bpm):
    form = OneForm(initial={"organisation": bpm.pk})
    html = str(form["organisation"])
    assert 'type="text" name="organisation_name"' in html
    assert 'id="id_organisation"' in html and 'id="id_organisation_pk"' in html
    assert form["organisation"].id_for_label == "id_organisation"
    assert 'data-organisation-search="/en/stakeholders/suggest/"' in html


@pytest.mark.parametrize(
    "data, changed",
    [
        ({"organisation_name": "Brigade de protection des mineurs (BPM)"}, False),
        ({"organisation_name": "brigade de protection des mineurs  (bpm) "}, False),
        ({"organisation_name": "Autre"}, True),
        ({"organisation_name": ""}, True),
        ({}, False),
    ],
)
def test_a_row_left_as_it_was_has_not_changed(bpm, data, changed):
    data = {"organisation": str(bpm.pk), **data}
    form = OneForm(data, initial={"organisation": bpm.pk})
    assert form.has_changed() is changed


def test_an_empty_row_has_not_changed(db):
    form = OneForm({"organisation": "", "organisation_name": ""})
    assert not form.has_changed()


@pytest.mark.parametrize("wrong", ["²", "٣", "9" * 5000, "-1", "1.0"])
def test_an_id_that_is_no_number_of_ours_is_an_invalid_choice_not_an_error(bpm, wrong):
    alone = sent(wrong)
    assert not alone.is_valid()
    assert "Select a valid choice" in str(alone.errors["organisation"])
    assert 'name="organisation_name" value=""' in str(alone["organisation"])
    # Beside a name, or as a choice: the name is read.
    for form in (sent(wrong, "BPM"), sent(name="BPM", choice=wrong)):
        assert form.is_valid(), form.errors
        assert form.cleaned_data["organisation"] == bpm
        str(form["organisation"])


def test_a_name_with_a_nul_character_is_no_organisations(bpm):
    form = sent(name="BPM\x00")
    assert not form.is_valid()
    assert "No organisation of the directory is called" in str(form.errors["organisation"])


def test_a_choice_ticked_then_another_name_typed_reads_the_name(bpm):
    lyon = TerritoryFactory(name="Lyon")
    other = OrganisationFactory(name="Brigade des mineurs de Lyon", acronym="BML", territory=lyon)
    # "brigade" offered both; the member ticked the first, then typed the other's acronym.
    form = sent(name="BML", choice=bpm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == other
    # Ticked among those that "brigade" offered: taken.
    form = sent(name="brigade", choice=other)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == other


def test_a_name_left_as_the_page_showed_it_keeps_its_id_after_a_rename(bpm):
    shown = str(bpm)
    Organisation.objects.filter(pk=bpm.pk).update(name="Brigade renommée")
    form = sent(bpm, shown, shown=shown)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == bpm
    unchanged = OneForm(
        {"organisation": str(bpm.pk), "organisation_name": shown, "organisation_shown": shown},
        initial={"organisation": bpm.pk},
    )
    assert not unchanged.has_changed()


def test_a_name_typed_over_an_id_keeps_the_name_it_came_with_when_shown_again(bpm):
    """After an error, the id sent still goes with the name the page first showed: the
    words typed are read again at the next sending, never taken for that id."""
    OrganisationFactory(name="Brigade des mineurs de Lyon")
    shown = str(bpm)
    form = sent(bpm, "brigade", shown=shown)
    assert not form.is_valid()
    html = str(form["organisation"])
    assert f'name="organisation_shown" value="{shown}"' in html
    again = sent(bpm, "brigade", shown=shown)
    assert not again.is_valid()
