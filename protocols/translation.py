"""Protocol texts in French and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Protocol, Step


@register(Protocol)
class ProtocolTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("what", "time_limit", "legal_basis")
