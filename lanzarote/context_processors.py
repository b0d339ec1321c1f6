import functools

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


# The main menu (base.html): each entry's view, and whether the pages below its address are
# its section too (the working groups' pages are under the directory's address, and are
# theirs, not the directory's).
MENU = (
    ("practices", "practices:list", True),
    ("stakeholders", "stakeholders:organisation_list", True),
    ("meetings", "meetings:list", True),
    ("groups", "stakeholders:group_list", True),
    ("glossary", "glossary:term_list", True),
    ("insight", "insight", False),
    ("about", "about", False),
)


@functools.lru_cache(maxsize=64)
def _menu_urls(language: str, script_prefix: str) -> dict[str, str]:
    # Keyed by what reverse() reads besides the names: the language and the path the
    # portal is served under.
    return {key: reverse(name) for key, name, _section in MENU}


def _menu(path: str) -> dict:
    """The menu's addresses, and which entry is current: "page" on its own address,
    "true" below it (for an entry with a section; the longest address wins), and the key
    its HTML is kept under (base.html)."""
    urls = _menu_urls(translation.get_language(), get_script_prefix())
    current, longest = {}, 0
    for key, _name, section in MENU:
        url = urls[key]
        if path == url:
            current = {key: "page"}
            break
        if section and path.startswith(url) and len(url) > longest:
            current, longest = {key: "true"}, len(url)
    key = ",".join(f"{entry}={value}" for entry, value in current.items())
    return {"urls": urls, "current": current, "key": key}


def portal(request):
    """What the site layout needs on every page: the other languages' URLs, roles."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, _language_link(path, code)) for code, name in settings.LANGUAGES
        ],
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "menu": _menu(request.path),
        # What the layout's kept parts (base.html) also depend on: the portal's path
        # behind a proxy that serves it under a prefix.
        "script_prefix": get_script_prefix(),
        # Evaluated only when a template asks, so anonymous pages run no query for it.
        "roles": SimpleLazyObject(lambda: roles(request.user)),
        "review_count": SimpleLazyObject(lambda: _review_count(request.user)),
    }
