"""WSGI entry point (gunicorn). Production by default: debug stays off unless asked for."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")

application = get_wsgi_application()
