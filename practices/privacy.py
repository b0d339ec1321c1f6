"""What the catalogue holds about a person (stakeholders.privacy assembles every app's)."""

from stakeholders.privacy import iso

from .models import Improvement, Practice, Transition


def personal_data(user, person) -> dict:
    """The practices ``user`` created, their review steps and their suggestions."""
    return {
        "practices_created": [
            {"title": p.title, "status": p.status, "created": iso(p.created_at)}
            for p in Practice.objects.filter(created_by=user).only(
                "title", "title_fr", "title_en", "status", "created_at"
            )
        ],
        "review_steps": [
            {"practice": t.practice.title, "to": t.to_status, "at": iso(t.at), "note": t.note}
            for t in Transition.objects.filter(by=user).select_related("practice")
        ],
        "improvements": [
            {"practice": i.practice.title, "text": i.text, "status": i.status}
            for i in Improvement.objects.filter(author=user).select_related("practice")
        ],
    }


def forget(user) -> None:
    """Nothing before the account goes: the practices, review steps and suggestions belong
    to the organisations and stay, without an author, once the account is deleted."""
