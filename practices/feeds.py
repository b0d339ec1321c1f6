"""The Atom feed of newly published practices, with the catalogue's filters."""

from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .filters import Catalogue
from .models import Practice


def feed_query(params) -> str:
    """The catalogue's filters and search of ``params`` as a query string, without the page
    and the sort order (a feed lists the newest first): what the feed and the catalogue
    page share."""
    query = params.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return query.urlencode()


class PracticeFeed(Feed):
    """Atom feed of newly published practices, with the catalogue's filters (same GET
    parameters: ``?sector=police&country=FR`` follows what that catalogue page lists)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return feed_query(request.GET)

    def title(self, query):
        return _("Lanzarote: newly published practices")

    def subtitle(self, query):
        return _("Inter-sectoral practices against the sexual abuse of children.")

    def link(self, query):
        return reverse("practices:list") + (f"?{query}" if query else "")

    def feed_url(self, query):
        return reverse("practices:feed") + (f"?{query}" if query else "")

    def items(self, query):
        params = QueryDict(query, mutable=True)
        params["sort"] = "newest"
        queryset = Practice.objects.published().defer(*Practice.TEXT_FIELDS)
        return Catalogue(params, queryset).results[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
