"""A practice's versions as the improvement loop sees them: its current version and each
version that took up suggestions, with those suggestions (where a suggestion marked "taken
up in version N" leads). The version number grows with every change a coordinator
publishes (practices.services); the change history does not keep it, the suggestions do."""

from dataclasses import dataclass, field
from datetime import datetime

from .models import Improvement, Practice


@dataclass
class Version:
    number: int
    date: datetime | None  # the current version's last change, else when it was taken up
    current: bool = False
    taken_up: list = field(default_factory=list)


def public_versions(practice: Practice) -> list[Version]:
    """The current version of a published practice and the versions that took up
    suggestions, newest first (one query)."""
    versions: dict[int, Version] = {}
    if practice.status == Practice.Status.PUBLISHED:
        versions[practice.version] = Version(practice.version, practice.updated_at, current=True)
    taken_up = Improvement.objects.filter(
        practice=practice,
        status=Improvement.Status.TAKEN_UP,
        taken_up_in_version__lte=practice.version,
    ).order_by("responded_at", "pk")
    for improvement in taken_up:
        number = improvement.taken_up_in_version
        if number not in versions:
            versions[number] = Version(number, improvement.responded_at)
        versions[number].taken_up.append(improvement)
    return sorted(versions.values(), key=lambda v: -v.number)
