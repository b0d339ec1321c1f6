"""What the protocols hold about a person (stakeholders.privacy assembles every app's)."""

from stakeholders.privacy import iso

from .models import ProtocolSuggestion


def personal_data(user, person) -> dict:
    """The changes to protocols ``user`` proposed."""
    return {
        "protocol_changes_proposed": [
            {
                "protocol": s.protocol.title,
                "text": s.text,
                "status": s.status,
                "answer": s.response,
                "at": iso(s.created_at),
            }
            for s in ProtocolSuggestion.objects.filter(author=user).select_related("protocol")
        ],
    }


def forget(user) -> None:
    """Nothing before the account goes: the proposals stay, without an author."""
