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
