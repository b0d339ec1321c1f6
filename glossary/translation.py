"""The definition of a term in French and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Term


@register(Term)
class TermTranslationOptions(TranslationOptions):
    fields = ("definition",)
    required_languages = ("fr", "en")
