"""The layout STYLE describes: data flows one way, and no app imports the site package
(``lanzarote``): the site's pages read from the apps, not the other way round."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

SITE = "lanzarote"


def portal_apps():
    """The portal's own apps (in the repository), but the site package."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and config.name.split(".")[0] != SITE:
            yield config.name, path


def imported_modules(source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_app_imports_the_site_package():
    found = []
    for _name, path in portal_apps():
        for module in sorted(path.rglob("*.py")):
            for imported in imported_modules(module.read_text(encoding="utf-8")):
                if imported == SITE or imported.startswith(SITE + "."):
                    found.append(f"{module.relative_to(path.parent)}: {imported}")
    assert found == []


def test_the_apps_are_found():
    assert {"stakeholders", "practices", "meetings", "reports"} <= dict(portal_apps()).keys()
