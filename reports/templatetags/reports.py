"""The link from a working group's page to its yearly reports, for those who may see them
(the group's page lives in stakeholders, which knows nothing of reports)."""

from django import template

from .. import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_visible(context, group) -> bool:
    """Whether the current visitor may see some of ``group``'s yearly reports."""
    return rules.can_see_index(context["request"].user, group)
