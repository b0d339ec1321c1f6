"""Attendance certificates: a printable page (HTML, and PDF through WeasyPrint) saying that
a person was present at a held meeting, in that person's language, with a reference anyone
holding it can check on the portal (``/meetings/certificates/<code>/``)."""

import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from stakeholders.mail import absolute_url, person_language

from .models import Attendance, Meeting

REFERENCE_SALT = "meetings.certificate"
# The certificate's style, read from the disk and inlined into the PDF's HTML.
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "certificate.css"


def reference(attendance_id: int) -> str:
    """The certificate's verification code: the attendance id and a short HMAC of it
    (``42-1F0C9A3B7E21``); it cannot be guessed for another attendance."""
    digest = salted_hmac(REFERENCE_SALT, str(attendance_id), algorithm="sha256").hexdigest()
    return f"{attendance_id}-{digest[:12].upper()}"


def certified(queryset=None):
    """Attendances a certificate exists for: present at a held meeting, not erased."""
    queryset = Attendance.objects.all() if queryset is None else queryset
    return queryset.filter(
        status=Attendance.Status.PRESENT,
        meeting__status=Meeting.Status.HELD,
        person__erased_at__isnull=True,
    ).select_related(
        "meeting",
        "meeting__group",
        "person",
        "person__user",
        "person__organisation",
        "person__organisation__territory",
    )


# What ``reference`` writes: ASCII digits (an id), a dash, 12 hexadecimal capitals.
REFERENCE_PATTERN = re.compile(r"[0-9]{1,12}-[0-9A-F]{12}", re.ASCII)


def attendance_for_reference(code: str) -> Attendance | None:
    """The certified attendance ``code`` names, or None for a wrong or forged code."""
    code = (code or "").upper()
    if not REFERENCE_PATTERN.fullmatch(code):
        return None
    number = code.partition("-")[0]
    if not hmac.compare_digest(reference(int(number)), code):
        return None
    return certified().filter(pk=int(number)).first()


def duration_text(meeting: Meeting) -> str:
    """The meeting's length as "3 h 00"."""
    minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


@dataclass(frozen=True)
class Certificate:
    attendance: Attendance
    language: str
    issued_on: datetime

    @property
    def filename(self) -> str:
        with translation.override(self.language):
            # Translators: the start of a certificate's file name (no spaces, no accents).
            prefix = translation.gettext("certificate")
        meeting = self.attendance.meeting
        return f"{prefix}-{meeting.local_day:%Y-%m-%d}-{self.attendance.pk}.pdf"

    def html(self, *, inline_css: bool = False) -> str:
        """The certificate's page, in the person's language, times in the meeting's zone;
        its style linked (the web page: the CSP forbids inline style) or inlined (the PDF)."""
        attendance = self.attendance
        meeting = attendance.meeting
        with translation.override(self.language), timezone.override(meeting.timezone):
            return render_to_string(
                "meetings/certificate/certificate.html",
                {
                    "attendance": attendance,
                    "person": attendance.person,
                    "meeting": meeting,
                    "duration": duration_text(meeting),
                    "issued_on": self.issued_on,
                    "reference": reference(attendance.pk),
                    "verify_url": absolute_url(
                        reverse(
                            "meetings:certificate_verify", kwargs={"code": reference(attendance.pk)}
                        )
                    ),
                    "language": self.language,
                    "inline_css": STYLESHEET.read_text(encoding="utf-8") if inline_css else "",
                },
            )

    def pdf(self) -> bytes:
        """The certificate as an A4 PDF; nothing is fetched (fonts are the system's)."""
        import weasyprint  # imported on use: its libraries are loaded once a PDF is asked

        html = weasyprint.HTML(string=self.html(inline_css=True), url_fetcher=refuse_fetch)
        return html.write_pdf()


def refuse_fetch(url, *args, **kwargs):
    """WeasyPrint's fetcher: the certificate's template carries its own style; no image,
    stylesheet or font is fetched from anywhere, not even from the disk."""
    raise ValueError(f"The certificate fetches nothing ({url[:80]}).")


def certificate_for(attendance: Attendance) -> Certificate:
    return Certificate(
        attendance=attendance,
        language=person_language(attendance.person),
        issued_on=timezone.now(),
    )
