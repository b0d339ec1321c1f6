from django import template

register = template.Library()


@register.filter
def startswith(text, prefix) -> bool:
    """{% if request.path|startswith:section_url %} marks the current section in menus."""
    return bool(prefix) and str(text).startswith(str(prefix))
