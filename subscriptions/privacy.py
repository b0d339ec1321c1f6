"""What the subscriptions hold about a person (stakeholders.privacy assembles every app's)."""

from stakeholders.privacy import iso

from .models import Follow, Subscription


def personal_data(user, person) -> dict:
    """The practices ``user`` follows, and the public subscriptions of their address (they
    need no account; those of the account's address are its own)."""
    return {
        "followed_practices": [
            {"practice": f.practice.title, "since": iso(f.created_at)}
            for f in Follow.objects.filter(user=user).select_related("practice")
        ],
        "subscriptions": [
            {
                "filter": s.query,
                "frequency": s.frequency,
                "language": s.language,
                "requested": iso(s.created_at),
                "confirmed": iso(s.confirmed_at),
                "last_sent": iso(s.last_sent_at),
            }
            for s in Subscription.objects.of_address(user.email)
        ],
    }


def forget(user) -> None:
    """The subscriptions of the account's address go (they hold no account, so deleting it
    would leave them); the followed practices go with the account."""
    Subscription.objects.of_address(user.email).delete()
