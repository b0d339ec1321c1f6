"""What the meetings hold about a person (stakeholders.privacy assembles every app's)."""

from stakeholders.privacy import iso

from .models import ActionItem, ActionItemComment, Attendance, CalendarToken, MinutesComment


def personal_data(user, person) -> dict:
    """``user``'s attendances and action items (through their person record, if any), their
    comments and their calendar addresses."""
    return {
        "attendances": [
            {
                "meeting": a.meeting.title,
                "date": iso(a.meeting.starts_at),
                "status": a.status,
                "mode": a.mode,
            }
            for a in Attendance.objects.filter(person=person).select_related("meeting")
        ]
        if person is not None
        else [],
        "action_items": [
            {"action": a.title, "due": iso(a.due_on), "status": a.status}
            for a in ActionItem.objects.filter(owner=person)
        ]
        if person is not None
        else [],
        "action_item_comments": [
            {
                "action": c.action_item.title,
                "status": c.status,
                "text": c.text,
                "at": iso(c.created_at),
            }
            for c in ActionItemComment.objects.filter(author=user).select_related("action_item")
        ],
        "minutes_comments": [
            {"meeting": c.meeting.title, "text": c.text, "at": iso(c.created_at)}
            for c in MinutesComment.objects.filter(author=user).select_related("meeting")
        ],
        "calendar_addresses": [
            {"group": str(t.group), "created": iso(t.created_at), "revoked": iso(t.revoked_at)}
            for t in CalendarToken.objects.filter(user=user).select_related("group")
        ],
    }


def forget(user) -> None:
    """Nothing before the account goes: meetings, attendances and action items keep their
    shape (the person record stays, nameless); comments stay without an author and the
    calendar addresses go with the account."""
