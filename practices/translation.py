"""Public fields in French and English, then change history.

simple_history must be registered *after* the translation options (see STACK.md):
declaring HistoricalRecords on the model breaks with modeltranslation's extra fields.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import ConventionArticle, Practice, TargetGroup, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr", "en")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr", "en")


@register(ConventionArticle)
class ConventionArticleTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr", "en")


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "child_participation",
        "resources",
        "staffing",
        "training",
        "duration",
        "transferability",
    )


# The rendered descriptions follow from the descriptions, which the history keeps.
simple_history.register(
    Practice, excluded_fields=["version", "description_html_fr", "description_html_en"]
)
