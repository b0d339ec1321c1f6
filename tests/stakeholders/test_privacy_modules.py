"""Personal data is described app by app: each app's ``privacy.py`` says what it holds and
what it forgets; stakeholders.privacy assembles them without importing the other apps."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from stakeholders import privacy

EXPORT_KEYS = {
    "exported_at", "account", "person", "memberships", "invitations", "attendances",
    "action_items", "practices_created", "review_steps", "improvements",
    "action_item_comments", "minutes_comments", "protocol_changes_proposed",
    "calendar_addresses", "followed_practices", "subscriptions", "reminders_sent",
    "audit_events",
}  # fmt: skip


def test_stakeholders_privacy_imports_no_other_app():
    source = (Path(settings.BASE_DIR) / "stakeholders" / "privacy.py").read_text()
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.level == 0
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported <= {"django", "functools", "importlib", "post_office", "stakeholders"}


def test_an_app_that_repeats_another_s_export_key_is_refused(member, monkeypatch):
    """One app's section never silently replaces another's."""

    class Clashing:
        __name__ = "clashing.privacy"

        @staticmethod
        def personal_data(user, person):
            return {"memberships": []}

    modules = (*privacy.app_privacy_modules(), Clashing)
    monkeypatch.setattr(privacy, "app_privacy_modules", lambda: modules)
    with pytest.raises(ValueError, match="memberships"):
        privacy.personal_data(member)


def test_the_apps_privacy_modules_are_read_in_the_order_of_the_setting():
    assert [module.__name__ for module in privacy.app_privacy_modules()] == [
        "practices.privacy",
        "meetings.privacy",
        "subscriptions.privacy",
        "reminders.privacy",
        "protocols.privacy",
    ]
    for module in privacy.app_privacy_modules():
        assert callable(module.personal_data) and callable(module.forget)


def test_the_export_has_every_app_s_sections(member):
    assert set(privacy.personal_data(member)) == EXPORT_KEYS


def test_an_account_without_a_person_record_has_empty_meeting_sections(outsider):
    data = privacy.personal_data(outsider)
    assert set(data) == EXPORT_KEYS
    assert (data["person"], data["attendances"], data["action_items"]) == (None, [], [])
