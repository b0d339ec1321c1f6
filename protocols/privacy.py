"""What the protocols hold about a person (stakeholders.privacy assembles every app's)."""

from .models import ProtocolSuggestion


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """The changes to protocols ``user`` proposed."""
    return {
        "protocol_changes_proposed": [
            {
                "protocol": s.protocol.title,
                "text": s.text,
                "status": s.status,
                "answer": s.response,
                "at": _iso(s.created_at),
            }
            for s in ProtocolSuggestion.objects.filter(author=user).select_related("protocol")
        ],
    }


def forget(user) -> None:
    """Nothing before the account goes: the proposals stay, without an author."""
