from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from stakeholders.permissions import roles


def _review_count(user) -> int:
    """Submitted practices waiting in the review queue of a coordinator."""
    from practices.models import Practice

    r = roles(user)
    if not r.is_coordinator:
        return 0
    queryset = Practice.objects.filter(status=Practice.Status.SUBMITTED)
    if not r.is_staff:
        queryset = queryset.filter(group_id__in=r.coordinator_of)
    return queryset.count()


def _language_link(path: str, code: str) -> str:
    """The page in language ``code``; its home page when the path is not a local one (a
    path such as ``///evil.example/``, typed as ``/%2F%2Fevil.example/``, is another site
    to a browser)."""
    url = translate_url(path, code)
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    with translation.override(code):
        return reverse("home")


def portal(request):
    """What the site layout needs on every page: the other languages' URLs, roles."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, _language_link(path, code)) for code, name in settings.LANGUAGES
        ],
        "quick_exit_url": settings.QUICK_EXIT_URL,
        # What the layout's kept parts (base.html) also depend on: the portal's path
        # behind a proxy that serves it under a prefix.
        "script_prefix": get_script_prefix(),
        # Evaluated only when a template asks, so anonymous pages run no query for it.
        "roles": SimpleLazyObject(lambda: roles(request.user)),
        "review_count": SimpleLazyObject(lambda: _review_count(request.user)),
    }
