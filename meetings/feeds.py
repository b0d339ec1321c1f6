"""The Atom feed of a group's decisions followed in public (as practices.feeds does for
the practices): an entry per decision, updated when its progress changes."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from stakeholders.models import WorkingGroup

from .models import Decision


class GroupDecisionsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(WorkingGroup, slug=slug)

    def title(self, group):
        return _("Decisions followed in public – %(group)s") % {"group": group.name}

    def subtitle(self, group):
        return _("The public decisions of the group's meetings and their progress.")

    def link(self, group):
        return reverse("meetings:group_decisions", kwargs={"slug": group.slug})

    def feed_url(self, group):
        return reverse("meetings:group_decisions_feed", kwargs={"slug": group.slug})

    def items(self, group):
        return Decision.objects.public_page_of(group)[:30]

    def item_title(self, item):
        return Truncator(item.text).chars(100)

    def item_description(self, item):
        parts = [
            _("Meeting of %(date)s: %(title)s")
            % {
                "date": date_format(item.meeting.local_day, "DATE_FORMAT"),
                "title": item.meeting.title,
            },
            item.text,
        ]
        if item.public_note:
            parts.append(item.public_note)
        parts.append(
            _("Progress: %(progress)s (%(counts)s).")
            % {"progress": item.progress_label, "counts": item.progress_counts}
        )
        # The summary is HTML for feed readers: the text is escaped, one paragraph each.
        return format_html_join("", "<p>{}</p>", ((part,) for part in parts))

    def item_link(self, item):
        return (
            reverse("meetings:detail", kwargs={"pk": item.meeting_id})
            + f"#public-decision-{item.pk}"
        )

    def item_pubdate(self, item):
        return item.made_public_at

    def item_updateddate(self, item):
        return item.progress_changed_at
