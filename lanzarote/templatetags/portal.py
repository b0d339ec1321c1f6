from django import template
from django.utils.safestring import mark_safe

from stakeholders import fallbacks

register = template.Library()


@register.filter
def startswith(text, prefix) -> bool:
    """{% if request.path|startswith:section_url %} marks the current section in menus."""
    return bool(prefix) and str(text).startswith(str(prefix))


@register.simple_tag
def lang_attr(obj, field: str):
    """` lang="fr"` on the element holding a translated field shown in the other language:
    ``<h1{% lang_attr practice "title" %}>{{ practice.title }}</h1>``."""
    return mark_safe(fallbacks.lang_attribute(fallbacks.fallback_language(obj, field)))


@register.simple_tag
def fallback_note(obj, *fields: str, tag: str = "p"):
    """ "Available in French only." when one of these translated fields is shown in the other
    language (once, whichever fell back)."""
    for field in fields:
        language = fallbacks.fallback_language(obj, field)
        if language:
            return mark_safe(fallbacks.fallback_note(language, tag=tag))
    return ""
