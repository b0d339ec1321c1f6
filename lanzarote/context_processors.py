import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

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


# The main menu (base.html): each entry's label, its view, and whether the pages below its
# address are its section too (the working groups' pages are under the directory's address,
# and are theirs, not the directory's).
MENU = (
    (_("Practices"), "practices:list", True),
    (_("Stakeholders"), "stakeholders:organisation_list", True),
    (_("Meetings"), "meetings:list", True),
    (_("Working groups"), "stakeholders:group_list", True),
    (_("Glossary"), "glossary:term_list", True),
    (_("Insight"), "insight", False),
    (_("About"), "about", False),
)


@functools.lru_cache(maxsize=64)
def _menu_urls(language: str, script_prefix: str) -> tuple[str, ...]:
    # Keyed by what reverse() reads besides the names: the language and the path the
    # portal is served under.
    return tuple(reverse(name) for _label, name, _section in MENU)


def _menu(path: str) -> dict:
    """The menu's entries (label, address, and "page" on the entry's own address, "true"
    below it for an entry with a section, the longest address winning), and the key its
    HTML is kept under (base.html)."""
    urls = _menu_urls(translation.get_language(), get_script_prefix())
    current, longest = None, 0
    for position, (url, (_label, _name, section)) in enumerate(zip(urls, MENU, strict=True)):
        if path == url:
            current = (position, "page")
            break
        if section and path.startswith(url) and len(url) > longest:
            current, longest = (position, "true"), len(url)
    entries = [
        (label, url, current[1] if current and current[0] == position else "")
        for position, (url, (label, _name, _section)) in enumerate(zip(urls, MENU, strict=True))
    ]
    key = "" if current is None else f"{current[0]}={current[1]}"
    return {"entries": entries, "key": key}


def layout(path: str) -> dict:
    """What the site layout (base.html) needs whatever the page, error pages included: the
    main menu, the quick exit's address, the path the portal is served under (which its
    kept parts depend on)."""
    return {
        "menu": _menu(path),
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "script_prefix": get_script_prefix(),
    }


def portal(request):
    """What the site layout needs on every page: the other languages' URLs, roles."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, _language_link(path, code)) for code, name in settings.LANGUAGES
        ],
        **layout(request.path),
        # Evaluated only when a template asks, so anonymous pages run no query for it.
        "roles": SimpleLazyObject(lambda: roles(request.user)),
        "review_count": SimpleLazyObject(lambda: _review_count(request.user)),
    }
