"""The directory's organisation select (stakeholders.widgets) renders the HTML Django's
Select renders for the same field, its options rendered once per state of the catalogue
and language, hostile names escaped; a renamed organisation shows its new name at the
next render."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from practices import cache as catalogue_cache
from stakeholders import widgets
from stakeholders.models import Organisation
from stakeholders.widgets import DirectoryOrganisationField
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("<script>alert(1)</script>", ""),
    ('Les "guillemets" & cie', "L&C"),
    ("Zoé l'éducatrice", "<b>"),
    ("Aide sociale", ""),
]


def form_classes(**field_kwargs):
    """The same form with Django's select (as the forms had it) and with the new one."""

    class Old(forms.Form):
        organisation = forms.ModelChoiceField(
            queryset=Organisation.objects.order_by("name"), **field_kwargs
        )

    class New(forms.Form):
        organisation = DirectoryOrganisationField(**field_kwargs)

    return Old, New


@pytest.fixture
def organisations(db):
    return [OrganisationFactory(name=name, acronym=acronym) for name, acronym in HOSTILE]


def rendered(form_class, **form_kwargs):
    return str(form_class(**form_kwargs)["organisation"])


CASES = {
    "no value": {},
    "an initial value": {"initial": "first"},
    "a bound value": {"data": "first"},
    "a bound empty value": {"data": ""},
    "a bound unknown value": {"data": "999999"},
    "a bound value that is no number": {"data": 'x" onclick="y'},
    "a bound value with spaces": {"data": " first"},
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    "field_kwargs",
    [
        {},
        {"required": False},
        {"disabled": True},
        {"required": False, "help_text": "Aide", "label": "Organisation"},
    ],
    ids=["required", "optional", "disabled", "with-help"],
)
@pytest.mark.parametrize("use_required_attribute", [True, False])
def test_the_select_is_the_html_django_renders(
    organisations, case, field_kwargs, use_required_attribute
):
    first = str(organisations[1].pk)
    kwargs = {"use_required_attribute": use_required_attribute}
    for key, value in CASES[case].items():
        value = value.replace("first", first)
        if key == "initial":
            kwargs["initial"] = {"organisation": organisations[1]}
        else:
            kwargs["data"] = {"organisation": value}
    old, new = form_classes(**field_kwargs)
    if "data" in kwargs:
        # Errors (aria-invalid) and the value shown come from validation.
        old_form, new_form = old(**kwargs), new(**kwargs)
        assert old_form.is_valid() == new_form.is_valid()
        assert str(old_form["organisation"]) == str(new_form["organisation"])
    else:
        assert rendered(old, **kwargs) == rendered(new, **kwargs)


def test_the_selected_option_is_marked_once_and_names_are_escaped(organisations):
    _old, new = form_classes()
    chosen = organisations[0]
    html = rendered(new, data={"organisation": str(chosen.pk)})
    assert html.count(" selected") == 1
    assert f'<option value="{chosen.pk}" selected>&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert "<script>" not in html and "<b>" not in html
    assert "Les &quot;guillemets&quot; &amp; cie (L&amp;C)" in html
    assert html.index("Aide sociale") < html.index("Les &quot;") < html.index("Zo")
    assert '<option value="" selected>---------</option>' in rendered(new)


def test_the_options_are_read_once_for_every_form_and_language(organisations):
    _old, new = form_classes()
    with CaptureQueriesContext(connection) as context:
        for _ in range(5):
            rendered(new)
        with translation.override("en"):
            rendered(new)
    reads = [
        q["sql"] for q in context.captured_queries if 'FROM "stakeholders_organisation"' in q["sql"]
    ]
    assert len(reads) == 2  # French, then English


def test_a_renamed_or_new_organisation_is_shown_at_the_next_render(organisations):
    _old, new = form_classes()
    assert "Aide sociale" in rendered(new)
    Organisation.objects.filter(name="Aide sociale").update(name="Aide à l'enfance")
    OrganisationFactory(name="Nouvelle venue")
    html = rendered(new)
    assert "Aide sociale" not in html
    assert "Aide à l&#x27;enfance" in html and "Nouvelle venue" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_rename_by_update_gives_new_options():
    """As in production: the options are shared by the process's requests until the
    change log says an organisation changed, whatever changed it."""
    organisation = OrganisationFactory(name="Ancien nom")
    _old, new = form_classes()
    calls = []
    real = widgets._option

    def counted(value, label):
        calls.append(label)
        return real(value, label)

    catalogue_cache.reset()
    widgets._option = counted
    try:
        assert "Ancien nom" in rendered(new)
        built = len(calls)
        rendered(new)
        assert len(calls) == built  # kept
        Organisation.objects.filter(pk=organisation.pk).update(name="Nouveau <nom>")
        html = rendered(new)
    finally:
        widgets._option = real
        catalogue_cache.reset()
    assert len(calls) > built
    assert "Ancien nom" not in html
    assert "Nouveau &lt;nom&gt;" in html
