from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.forms import unique_slug
from stakeholders.submissions import OneTimeFormMixin

from .models import LANGUAGES, Term

# Paths under /glossary/ that a term page must not take.
RESERVED_SLUGS = frozenset({"new"})


class TermFieldsForm(forms.ModelForm):
    """A glossary term's fields (the admin's form too)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Term
        fields = [
            "name",
            "full_name",
            "languages",
            "country",
            "sector",
            "definition_fr",
            "definition_en",
            "source_url",
            "equivalents",
        ]
        labels = {
            "definition_fr": _("Short definition in French"),
            "definition_en": _("Short definition in English"),
        }
        widgets = {
            "definition_fr": forms.Textarea(attrs={"rows": 4}),
            "definition_en": forms.Textarea(attrs={"rows": 4}),
            "equivalents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Term.objects.order_by("name", "country")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["equivalents"].queryset = others

    def save(self, commit=False):
        """The term with its slug, unsaved: glossary.services saves it (and its
        equivalents)."""
        if commit:
            raise ValueError("Save it with glossary.services.term_create or term_update.")
        term = super().save(commit=False)
        if not term.slug:
            term.slug = unique_slug(
                Term, f"{term.name} {term.country}", instance=term, max_length=140,
                reserved=RESERVED_SLUGS,
            )  # fmt: skip
        return term


class TermForm(OneTimeFormMixin, TermFieldsForm):
    """The coordinators' form (a new term is made once per filled-in form)."""
