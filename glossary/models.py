"""The glossary: what each country calls the institutions, services and procedures of child
protection, with their equivalents elsewhere (a French UAPED, an Icelandic Barnahus, a
Child Advocacy Centre…).

Beside the practices: the catalogue's search reads it (``glossary.lookup``) to search the
equivalents of a term too, and the practice pages to explain the terms they use.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from stakeholders.models import HttpsURLField, Sector

# The languages a term may belong to: those of the Council of Europe's member states.
LANGUAGES = [
    ("bg", _("Bulgarian")), ("ca", _("Catalan")), ("cs", _("Czech")), ("da", _("Danish")),
    ("de", _("German")), ("el", _("Greek")), ("en", _("English")), ("es", _("Spanish")),
    ("et", _("Estonian")), ("eu", _("Basque")), ("fi", _("Finnish")), ("fr", _("French")),
    ("ga", _("Irish")), ("hr", _("Croatian")), ("hu", _("Hungarian")), ("is", _("Icelandic")),
    ("it", _("Italian")), ("lt", _("Lithuanian")), ("lv", _("Latvian")), ("mt", _("Maltese")),
    ("nb", _("Norwegian")), ("nl", _("Dutch")), ("pl", _("Polish")), ("pt", _("Portuguese")),
    ("ro", _("Romanian")), ("sk", _("Slovak")), ("sl", _("Slovenian")), ("sv", _("Swedish")),
    ("tr", _("Turkish")), ("uk", _("Ukrainian")),
]  # fmt: skip
LANGUAGE_CODES = {code for code, _name in LANGUAGES}


def validate_languages(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."), code="required")
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            code="invalid",
            params={"codes": ", ".join(map(str, unknown))},
        )


class Term(models.Model):
    """A term as one country uses it, with a short definition and a public source."""

    name = models.CharField(
        _("term"), max_length=120, help_text=_("As it is written in its country: UAPED, Barnahus…")
    )
    full_name = models.CharField(
        _("full form"),
        max_length=200,
        blank=True,
        help_text=_("What an abbreviation stands for, in its own language."),
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    country = CountryField(_("country"))
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="glossary_terms",
    )
    definition = models.TextField(_("short definition"), max_length=700)
    source_url = HttpsURLField(
        _("public source"), max_length=500, help_text=_("An official page that describes it.")
    )
    equivalents = models.ManyToManyField(
        "self",
        verbose_name=_("equivalents"),
        symmetrical=True,
        blank=True,
        help_text=_("The same kind of institution or procedure in other countries."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["name", "country"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="glossary_term_name_country")
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        return reverse("glossary:term_detail", kwargs={"slug": self.slug})
