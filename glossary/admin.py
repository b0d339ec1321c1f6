from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .forms import TermFieldsForm
from .models import Term


@admin.register(Term)
class TermAdmin(TranslationAdmin):
    form = TermFieldsForm
    list_display = ["name", "full_name", "country", "sector", "updated_at"]
    list_filter = ["country", "sector"]
    search_fields = ["name", "full_name", "definition_fr", "definition_en"]
    readonly_fields = ["slug", "updated_at"]
