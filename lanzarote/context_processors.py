from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from stakeholders.permissions import roles


def portal(request):
    """What the site layout needs on every page: the other languages' URLs, roles."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES
        ],
        "quick_exit_url": settings.QUICK_EXIT_URL,
        # Evaluated only when a template asks, so anonymous pages run no query for it.
        "roles": SimpleLazyObject(lambda: roles(request.user)),
    }
