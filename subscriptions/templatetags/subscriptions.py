from django import template

from subscriptions.filters import describe
from subscriptions.models import Follow

register = template.Library()


@register.simple_tag
def filter_description(query: str) -> list[tuple[str, str]]:
    """The (label, value) parts of a subscription's filter, in the active language (an
    email is rendered in its recipient's)."""
    return describe(query)


@register.inclusion_tag("subscriptions/_follow_button.html", takes_context=True)
def follow_button(context, practice):
    """Follow / Unfollow for a logged-in member on a practice page (one query)."""
    request = context["request"]
    user = request.user
    shown = context.get("roles") is not None and context["roles"].is_member
    following = shown and Follow.objects.filter(user=user, practice=practice).exists()
    return {
        "practice": practice,
        "shown": shown,
        "following": following,
        "csrf_token": context.get("csrf_token"),
    }
