"""The directory's organisations in a ``<select>``: the whole directory in name order, as
the member and coordinator forms offer it (a practice's partners, a protocol's signatories
and steps, the organisation of an accepted proposal).

With thousands of organisations, rendering their options through Django's widget
templates, in every row of a formset and with a query per row, was most of a page's time.
The options' HTML is rendered once per state of the catalogue and language
(``practices.cache.memoize``: organisations write the catalogue's change log, so a new,
renamed or deleted one gives a new state, whatever wrote it) and each ``<select>`` marks
its selected option in it: the same HTML as Django's ``Select``. A value sent is checked
as by any ``ModelChoiceField``: one query by primary key.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from practices import cache as catalogue_cache

from .models import Organisation

CLOSE = "\n</select>"
# What the label reads (Organisation.__str__): the options' query reads nothing else.
LABEL_COLUMNS = ("pk", "name", "acronym")


def _tag(value) -> str:
    return f'<option value="{conditional_escape(value)}">'


def _option(value, label) -> str:
    # As django/forms/widgets/select.html includes select_option.html for each option.
    return f"\n  {_tag(value)}{conditional_escape(label)}</option>\n"


def mark_selected(options: str, values: list[str]) -> str:
    """``options`` with ``selected`` on the first of them (in their order) whose value is
    one of ``values``, as Django's ``Select`` marks it. Values and labels are escaped, so a
    tag ``<option value="…">`` appears only where an option starts."""
    found = [(at, tag) for tag in map(_tag, values) if (at := options.find(tag)) >= 0]
    if not found:
        return options
    at, tag = min(found)
    end = at + len(tag) - 1
    return options[:end] + " selected" + options[end:]


class OrganisationSelect(forms.Select):
    """The select of a ``DirectoryOrganisationField``: its options are rendered once (see
    the module's docstring); the ``<select>`` element itself (name, id, attributes) is
    Django's."""

    shared = None  # a dict given by SharedOrganisationOptions: the options of its rows

    def optgroups(self, name, value, attrs=None):
        return []  # render() adds the options, rendered once

    def options_html(self) -> str:
        field = self.choices.field
        empty = field.empty_label
        key = ("organisation-options", get_language(), None if empty is None else str(empty))

        def build():
            html = [] if empty is None else [_option("", empty)]
            rows = field.queryset.only(*LABEL_COLUMNS).iterator(chunk_size=2000)
            html += [_option(field.prepare_value(o), field.label_from_instance(o)) for o in rows]
            return "".join(html)

        if self.shared is not None and key in self.shared:
            return self.shared[key]
        html = catalogue_cache.memoize(key, build)
        if self.shared is not None:
            self.shared[key] = html
        return html

    def render(self, name, value, attrs=None, renderer=None):
        shell = super().render(name, value, attrs, renderer)
        options = mark_selected(self.options_html(), self.format_value(value))
        at = shell.rindex(CLOSE)
        return mark_safe(shell[:at] + options + shell[at:])  # noqa: S308 (escaped above)


class DirectoryOrganisationField(forms.ModelChoiceField):
    """An organisation of the whole directory, offered in name order; rendered by
    ``OrganisationSelect``. A model form's queryset (all the organisations of the model's
    manager) is replaced by the directory in name order: the options are the same in every
    form, which is what lets them be rendered once."""

    widget = OrganisationSelect

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset=Organisation.objects.order_by("name"), **kwargs)


class SharedOrganisationOptions:
    """A formset whose rows look the options up once for the formset: inside a transaction
    (a test, an atomic request) each look-up of the catalogue's state is a query."""

    @cached_property
    def forms(self):
        forms = super().forms
        shared = {}
        for form in forms:
            for field in form.fields.values():
                if isinstance(field, DirectoryOrganisationField):
                    field.widget.shared = shared
        return forms
