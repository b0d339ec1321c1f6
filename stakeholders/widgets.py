"""An organisation of the directory, chosen by its name: the field of the member and
coordinator forms that name one (a practice's partners, a protocol's signatories and steps,
the organisation of an accepted proposal).

With thousands of organisations a ``<select>`` made a practice's edit page weigh 2 MB, and
nobody picks one name among 8,000 options. The field is a text input holding the
organisation's name, beside a hidden input holding its id:

- left unchanged, or picked among the suggestions that static/js/site.js asks
  ``stakeholders:organisation_suggest`` for as one types (it fills the id), the id is
  taken, once the name sent is checked to be its name or the name the page showed beside
  it (a third, hidden input: a rename meanwhile does not turn an untouched row into an
  error);
- typed without JavaScript, the name is looked up: the one organisation called so (its
  name, its acronym or "Name (ACRONYM)", case and accents ignored) is taken; otherwise the
  form says so and offers the organisations that match (at most ten, with their
  territory) as choices, to pick one and send again (a choice counts if the name sent
  with it offers it: a name typed after ticking one is read). Nothing else typed in the
  form is lost.

A client that sends only the id (``<name>`` without ``<name>_name``) is read as a plain
``ModelChoiceField``. A value sent costs one query by id; a name is looked up among the
directory's names, read once per state of the catalogue (``DirectoryNames``), and at most
eleven organisations are then read.
"""

import re
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices import cache as catalogue_cache
from practices.text import WORD, unaccent

from .models import Organisation

# What the label reads (Organisation.__str__).
LABEL_COLUMNS = ("pk", "name", "acronym")
MAX_NAME = 250  # characters of a name typed (the longest "Name (ACRONYM)" is 233)
MAX_WORDS = 8  # words of a name looked up one by one
CHOICES = 10  # organisations offered when a name matches several or none exactly
LABELLED = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)$")  # "Name (ACRONYM)"


class Typed(NamedTuple):
    """What the browser sent: the hidden id, the name typed (None: not sent), the
    organisation picked among the choices offered (its id), the name the page showed
    beside that id (a name left as it was keeps its id, even if the organisation was
    renamed meanwhile)."""

    pk: str
    text: str | None
    choice: str
    shown: str = ""


def as_pk(value) -> int | None:
    """``value`` as an id, or None: ASCII digits only (``"²"`` is a digit to Python, not
    to the database), at most 18 of them."""
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def squeezed(text: str) -> str:
    """``text`` with its spaces collapsed, as a name typed is read."""
    return " ".join(text.split())


def plain(text: str) -> str:
    """Lower case, without accents, spaces collapsed: how names are compared."""
    return squeezed(unaccent(text or ""))


def _contains(words, name: str, acronym: str) -> bool:
    return all(word in name or word in acronym for word in words)


class DirectoryNames:
    """The directory's names and acronyms, plain (``plain``), in name order: read once per
    state of the catalogue (organisations write its change log: a new, renamed or deleted
    one gives a new state, whatever wrote it), so that a name typed is looked up with its
    accents ignored, the same way on either database, in a couple of milliseconds."""

    def __init__(self):
        rows = Organisation.objects.order_by("name", "pk").values_list("pk", "name", "acronym")
        self.names = {pk: (plain(name), plain(acronym)) for pk, name, acronym in rows}

    @staticmethod
    def _is_called(text, labelled, name, acronym) -> bool:
        return text in (name, acronym) or labelled == (name, acronym)

    def called(self, text: str) -> list[int]:
        """The organisations called ``text``: their name, their acronym, or both as
        ``Organisation.__str__`` writes them (in name order)."""
        text = plain(text)
        labelled = self._labelled(text)
        return [pk for pk, (n, a) in self.names.items() if self._is_called(text, labelled, n, a)]

    def matching(self, text: str) -> list[int]:
        """The organisations whose name or acronym contains each word of ``text`` (the
        first MAX_WORDS): those called so first, then those whose name starts so, then the
        others; each in name order."""
        text = plain(text)
        words = WORD.findall(text)[:MAX_WORDS]
        if not words:
            return []
        labelled = self._labelled(text)
        ranked = ([], [], [])
        for pk, (name, acronym) in self.names.items():
            if _contains(words, name, acronym):
                if self._is_called(text, labelled, name, acronym):
                    ranked[0].append(pk)
                else:
                    ranked[1 if name.startswith(text) else 2].append(pk)
        return [*ranked[0], *ranked[1], *ranked[2]]

    def offers(self, pk: int, text: str) -> bool:
        """Whether ``text`` offers the organisation ``pk`` (called so, or matching)."""
        if pk not in self.names:
            return False
        text = plain(text)
        name, acronym = self.names[pk]
        words = WORD.findall(text)[:MAX_WORDS]
        return self._is_called(text, self._labelled(text), name, acronym) or (
            bool(words) and _contains(words, name, acronym)
        )

    @staticmethod
    def _labelled(text: str):
        match = LABELLED.match(text)
        return (match["name"].strip(), match["acronym"].strip()) if match else None


def directory_names() -> DirectoryNames:
    return catalogue_cache.memoize("directory-names", DirectoryNames)


def organisations(pks: list[int]) -> list[Organisation]:
    """The organisations of ``pks`` with their territory, in that order (one query)."""
    rows = Organisation.objects.filter(pk__in=pks).select_related("territory")
    by_pk = {o.pk: o for o in rows.only(*LABEL_COLUMNS, "territory__name", "territory__country")}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def suggestions(text: str) -> list[Organisation]:
    """At most CHOICES organisations for a name being typed, accents ignored: those
    called so first, then those whose name starts so, then those containing its words."""
    text = squeezed(text[:MAX_NAME])
    if len(text) < 2 or "\x00" in text:  # no name has one (PostgreSQL refuses it)
        return []
    return organisations(directory_names().matching(text)[:CHOICES])


def where(organisation: Organisation) -> str:
    """What tells two organisations of the same name apart: their territory."""
    return str(organisation.territory)


class OrganisationInput(forms.Widget):
    """The name typed (a text input, with the field's id: labels and error links point at
    it) and the id (a hidden input); after a name that matched several organisations or
    none, the ones to choose from as radio buttons."""

    # pk (a string) -> label, read once for a whole formset (SharedOrganisationLabels).
    labels = None

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.candidates = []  # offered after a name matched several or none
        self.chosen = None  # the organisation the value sent was read as

    def value_from_datadict(self, data, files, name):
        text = data.get(f"{name}_name")
        return Typed(
            str(data.get(name) or "").strip(),
            None if text is None else str(text),
            str(data.get(f"{name}_choice") or "").strip(),
            str(data.get(f"{name}_shown") or ""),
        )

    def value_omitted_from_data(self, data, files, name):
        return not any(key in data for key in (name, f"{name}_name", f"{name}_choice"))

    def label_of(self, pk) -> str:
        pk = str(pk)
        if self.labels is not None and pk in self.labels:
            return self.labels[pk]
        if as_pk(pk) is None:
            return ""
        organisation = Organisation.objects.only(*LABEL_COLUMNS).filter(pk=as_pk(pk)).first()
        return str(organisation) if organisation is not None else ""

    def shown(self, value) -> tuple[str, str, str]:
        """The id, the name to show for ``value`` and the name that belongs to that id: an
        id (a form's initial value), or what was sent (the name as typed, or as read once
        it was read)."""
        if isinstance(value, Organisation):
            return str(value.pk), str(value), str(value)
        if not isinstance(value, Typed):
            pk = "" if value in (None, "") else str(value)
            label = self.label_of(pk)
            return pk, label, label
        if self.chosen is not None:
            return str(self.chosen.pk), str(self.chosen), str(self.chosen)
        if value.text is None:
            label = self.label_of(value.pk)
            return value.pk, label, label
        # Not read (an error): the name as typed; the id sent keeps the name it came with.
        return value.pk, value.text[:MAX_NAME], value.shown[:MAX_NAME]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        input_id = attrs.pop("id", None) or f"id_{name}"
        pk, text, label = self.shown(value)
        attrs.update(
            {
                "maxlength": MAX_NAME,
                "autocomplete": "off",
                "spellcheck": "false",
                "data-organisation-search": reverse("stakeholders:organisation_suggest"),
            }
        )
        html = format_html(
            '<input type="hidden" name="{}" value="{}" id="{}_pk">'
            '<input type="hidden" name="{}_shown" value="{}">'
            '<input type="text" name="{}_name" value="{}" id="{}"{}>',
            name,
            pk,
            input_id,
            name,
            label if pk else "",
            name,
            text,
            input_id,
            flatatt(attrs),
        )
        if self.candidates:
            html += self.render_choices(name, input_id, text)
        return html

    def render_choices(self, name, input_id, text) -> str:
        options = format_html_join(
            "",
            '<li><input type="radio" name="{}_choice" value="{}" id="{}_choice_{}">'
            ' <label for="{}_choice_{}">{} <span class="hint">{}</span></label></li>',
            (
                (name, o.pk, input_id, i, input_id, i, str(o), where(o))
                for i, o in enumerate(self.candidates)
            ),
        )
        return format_html(
            '<fieldset class="organisation-choices"><legend>{}</legend><ul>{}</ul></fieldset>',
            _("Organisations of the directory that match “%(name)s”") % {"name": text},
            options,
        )

    def id_for_label(self, id_):
        return id_


class DirectoryOrganisationField(forms.ModelChoiceField):
    """An organisation of the whole directory, given by its name (see the module's
    docstring). A model form's queryset (all the organisations of the model's manager) is
    replaced by the directory's."""

    widget = OrganisationInput
    default_error_messages = {
        "several": gettext_lazy(
            "Several organisations of the directory are called “%(name)s”: choose one below."
        ),
        "near": gettext_lazy(
            "No organisation of the directory is called exactly “%(name)s”: choose one of "
            "those below, or type its whole name."
        ),
        "more": gettext_lazy(
            "Only the first %(count)s are shown: type more of the name to find the others."
        ),
        "none": gettext_lazy(
            "No organisation of the directory is called “%(name)s”. Check the name, or look "
            "the organisation up in the directory."
        ),
        "too_long": gettext_lazy("An organisation's name has at most %(max)s characters."),
    }

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset=Organisation.objects.all(), **kwargs)

    def by_pk(self, pk):
        """The organisation of that id, or the invalid choice error (as a select's)."""
        if pk in self.empty_values:
            return None
        if as_pk(pk) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(as_pk(pk))

    def to_python(self, value):
        widget = self.widget
        widget.candidates, widget.chosen = [], None
        if not isinstance(value, Typed):
            return self.by_pk(value)
        # A choice among those offered for the name sent (without a name: as sent).
        if value.choice and (value.text is None or self.offered(value)):
            organisation = self.by_pk(value.choice)
        elif value.text is None:
            organisation = self.by_pk(value.pk)
        else:
            organisation = self.read_name(value)
        widget.chosen = organisation
        return organisation

    def offered(self, value: Typed) -> bool:
        """Whether the organisation chosen is one that the name sent offers (a choice
        ticked, then another name typed: the name is read)."""
        text = squeezed(value.text)
        pk = as_pk(value.choice)
        if pk is None or not text or len(text) > MAX_NAME or "\x00" in text:
            return pk is not None and not text
        return directory_names().offers(pk, text)

    def read_name(self, value: Typed):
        text = squeezed(value.text)
        if not text:
            return None
        if len(text) > MAX_NAME:
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"max": MAX_NAME}
            )
        if "\x00" in text:
            raise ValidationError(self.error_messages["none"], code="none", params={"name": ""})
        pk = as_pk(value.pk)
        if pk is not None:
            organisation = self.queryset.filter(pk=pk).first()
            # The name the page showed beside the id, or the organisation's name now.
            if organisation is not None and plain(text) in (
                plain(value.shown),
                plain(str(organisation)),
            ):
                return organisation
        names = directory_names()
        called = names.called(text)[: CHOICES + 1]
        if len(called) == 1:
            organisation = self.queryset.filter(pk=called[0]).first()
            if organisation is not None:
                return organisation
        found = organisations(called)
        code = "several" if found else "near"
        if not found:
            found = organisations(names.matching(text)[: CHOICES + 1])
            code = "near" if found else "none"
        self.widget.candidates = found[:CHOICES]
        errors = [ValidationError(self.error_messages[code], code=code, params={"name": text})]
        if len(found) > CHOICES:
            errors.append(
                ValidationError(self.error_messages["more"], code="more", params={"count": CHOICES})
            )
        raise ValidationError(errors)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = "" if initial in (None, "") else str(self.prepare_value(initial))
        if not isinstance(data, Typed):
            return before != str(data or "")
        if data.choice:
            return data.choice != before
        if data.text is None:
            return data.pk != before
        text = plain(data.text)
        if not text or data.pk != before:
            return bool(text) or bool(before)
        if not before:
            return True
        # Left as the page showed it (even if the organisation was renamed meanwhile).
        return text not in (plain(data.shown), plain(self.widget.label_of(before)))


class SharedOrganisationLabels:
    """A formset whose rows' organisation names are read in one query for the whole
    formset (the ids of the initial values and of the values sent), not once per row."""

    @cached_property
    def forms(self):
        forms = super().forms
        widgets, pks = [], set()
        for form in forms:
            for name, field in form.fields.items():
                if isinstance(field, DirectoryOrganisationField):
                    widgets.append(field.widget)
                    value = form[name].value()
                    if isinstance(value, Typed):
                        pks.update((value.pk, value.choice))
                    elif value not in (None, ""):
                        pks.add(str(value))
                    initial = form.get_initial_for_field(field, name)
                    if initial not in (None, ""):
                        pks.add(str(field.prepare_value(initial)))
        pks = {pk for pk in map(as_pk, pks) if pk is not None}
        labels = {str(pk): "" for pk in pks}  # "": no such organisation (any more)
        if pks:
            rows = Organisation.objects.only(*LABEL_COLUMNS).filter(pk__in=pks)
            labels.update((str(o.pk), str(o)) for o in rows)
        for widget in widgets:
            widget.labels = labels
        return forms
