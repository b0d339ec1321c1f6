import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import rendering
from ..forms import LANGUAGE_CHOICES

register = template.Library()

_LANGUAGES = dict(LANGUAGE_CHOICES)
# As django.utils.html.json_script: no "</script>" or HTML can break out of the block.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


register.simple_tag(rendering.practice_cards, name="practice_cards")


@register.filter
def language_names(codes):
    """["fr", "en"] → "French, English" in the current language."""
    return ", ".join(str(_LANGUAGES.get(code, code)) for code in codes or [])


@register.simple_tag(takes_context=True)
def practice_json_ld(context, practice, partners):
    """schema.org description of a published practice, for search engines (``partners``:
    its partners, as its page read them)."""
    request = context["request"]
    url = request.build_absolute_uri(practice.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": practice.title,
        "headline": practice.title,
        "abstract": practice.summary,
        "url": url,
        "inLanguage": ["fr", "en"],
        "spatialCoverage": {"@type": "Place", "name": str(practice.territory)},
        "keywords": [sector.name for sector in practice.sector_list],
        "contributor": [
            {"@type": "Organization", "name": partner.organisation.name} for partner in partners
        ],
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at.date().isoformat()
    if practice.updated_at:
        data["dateModified"] = practice.updated_at.date().isoformat()
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
