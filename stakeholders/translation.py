"""Fields the public reads, in French and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Organisation, Sector, WorkingGroup


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr", "en")


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(WorkingGroup)
class WorkingGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")
