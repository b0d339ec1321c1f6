"""Content shown in the other language: which language a translated field's text is in,
so that pages can mark it (``lang``) and say so ("available in French only").

modeltranslation gives a field in the current language, or, when that one is empty, in the
other (MODELTRANSLATION_FALLBACK_LANGUAGES); these helpers tell the two apart. Used by the
templates (lanzarote/templatetags/portal.py) and the cards built in Python
(practices/rendering.py)."""

from html import escape

from django.utils.translation import get_language, gettext, gettext_noop
from modeltranslation.utils import resolution_order

NOTES = {
    "fr": gettext_noop("Available in French only."),
    "en": gettext_noop("Available in English only."),
}


def text_language(values, name: str, languages=None) -> str:
    """The language of the text the page shows for the translated field ``name`` of a
    model instance or a ``values()`` row: the current one, or the fallback's ("" when the
    field is empty in every language)."""
    get = values.get if isinstance(values, dict) else values.__dict__.get
    for language in languages or resolution_order(get_language()):
        value = get(f"{name}_{language}")
        if value is not None and value != "":
            return language
    return ""


def fallback_language(values, name: str, languages=None) -> str:
    """The language of the field's text when it is not the page's (a fallback), else ""."""
    language = text_language(values, name, languages)
    current = (languages or resolution_order(get_language()))[0]
    return language if language and language != current else ""


def lang_attribute(language: str) -> str:
    """` lang="fr"` for a fallback in French, "" otherwise (HTML, safe)."""
    return f' lang="{escape(language)}"' if language else ""


def fallback_note(language: str, *, tag: str = "p") -> str:
    """The short note under text shown in the other language (HTML, safe), "" otherwise."""
    if not language or language not in NOTES:
        return ""
    return f'<{tag} class="fallback-note">{escape(gettext(NOTES[language]))}</{tag}>'
