"""Choices shared by several apps."""

from django.utils.translation import gettext_lazy as _

# Languages a practice works in, or a person speaks.
WORKING_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("sv", _("Swedish")),
    ("no", _("Norwegian")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("is", _("Icelandic")),
    ("el", _("Greek")),
    ("ro", _("Romanian")),
    ("uk", _("Ukrainian")),
    ("other", _("Other languages")),
]

# Council of Europe member states where French is an official language: the portal writes
# in French to someone without an account from there, in English to others (stakeholders.mail).
FRENCH_SPEAKING_COUNTRIES = frozenset({"BE", "CH", "FR", "LU", "MC"})
