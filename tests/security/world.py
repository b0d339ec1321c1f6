"""One set of real objects for the access-control matrix: a working group with a member, a
coordinator, a contact without login, a practice under review with a document and a
suggestion, a members-only meeting with its agenda, document, action item and invitee, a
pending invitation and a calendar address."""

from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from post_office.models import Email
from post_office.utils import create_attachments

from glossary.models import Term
from meetings import services as meeting_services
from meetings.certificates import reference
from meetings.models import (
    AgendaItemPaper,
    CalendarToken,
    Decision,
    MeetingAttachment,
    MinutesComment,
    MinutesVersion,
)
from practices.models import (
    Attachment,
    ConventionArticle,
    Improvement,
    OldSlug,
    Practice,
    TargetGroup,
    Theme,
)
from proposals.models import Proposal
from protocols.models import Protocol, ProtocolSuggestion
from reminders.models import SentReminder
from reports.models import YearlyReportPublication
from stakeholders.models import AuditEvent, Invitation, Membership, Person, Sector
from subscriptions.models import Follow, Subscription
from tests.factories import PersonFactory
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
)
from tests.practices.factories import PracticeFactory, complete
from tests.protocols.factories import ProtocolFactory, with_pathway

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_world(*, group, member, coordinator, other_member, other_coordinator, staff):
    person_of_member = Person.objects.get(user=member)
    organisation = person_of_member.organisation
    contact = PersonFactory(organisation=organisation, first_name="Zélie", last_name="Contact")

    practice = complete(
        PracticeFactory(
            status=Practice.Status.SUBMITTED,
            organisation=organisation,
            group=group,
            territory=group.territory,
            created_by=member,
        )
    )
    attachment = Attachment.objects.create(
        practice=practice,
        file=ContentFile(PDF, name="note.pdf"),
        title="Note",
        original_name="note.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    improvement = Improvement.objects.create(practice=practice, author=member, text="Une idée.")
    published = complete(PracticeFactory(group=group, territory=group.territory))
    OldSlug.objects.create(slug="an-old-address", practice=published)

    meeting = MeetingFactory(group=group, starts_at=at(hours=-2), ends_at=at(hours=-1))
    agenda_item = AgendaItemFactory(meeting=meeting)
    document = MeetingAttachment.objects.create(
        meeting=meeting,
        file=ContentFile(PDF, name="agenda.pdf"),
        title="Ordre du jour",
        original_name="agenda.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    action_item = ActionItemFactory(
        meeting=meeting, agenda_item=agenda_item, owner=person_of_member
    )
    attendance = AttendanceFactory(meeting=meeting, person=person_of_member)
    decision = Decision.objects.create(
        meeting=meeting, agenda_item=agenda_item, text="Une décision de la réunion."
    )

    invitation_token = Invitation.new_token()
    Invitation.objects.create(
        email="invitee@example.org",
        person=PersonFactory(organisation=organisation, email="invitee@example.org"),
        group=group,
        token_hash=Invitation.hash_token(invitation_token),
        invited_by=coordinator,
        expires_at=Invitation.default_expiry(),
    )
    calendar_token = CalendarToken.new_token()
    CalendarToken.objects.create(
        user=member, group=group, token_hash=CalendarToken.hash_token(calendar_token)
    )

    auth_group = AuthGroup.objects.create(name="Editors")
    email_address = EmailAddress.objects.create(user=member, email=member.email, primary=True)
    audit_event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor=member)
    membership = Membership.objects.get(person=person_of_member, group=group)
    history_id = practice.history.latest("history_id").history_id

    term = Term.objects.create(
        name="Barnahus",
        slug="barnahus-se",
        languages=["sv"],
        country="SE",
        definition_fr="Maison de l'enfant.",
        definition_en="Children's house.",
        source_url="https://www.barnafrid.se/",
    )
    # The outbox, subscriptions and reminders, one of each for their admin pages.
    outbox_email = Email.objects.create(
        from_email="portal@example.org",
        to=[member.email],
        subject="s",
        message="m",
        html_message="<p>m</p>",
        status=1,
    )
    outbox_email.logs.create(status=1, message="451 try again later", exception_type="X")
    (outbox_attachment,) = create_attachments(
        {"invitation.ics": {"file": ContentFile(b"BEGIN:VCALENDAR"), "mimetype": "text/calendar"}}
    )
    outbox_email.attachments.add(outbox_attachment)
    subscription = Subscription.objects.create(email="public@example.org", query="sector=police")
    follow = Follow.objects.create(user=member, practice=published)
    sent_reminder = SentReminder.objects.create(
        kind="action-due", object_key="x", user=member, period="2026-12-01"
    )
    # A proposal from outside, waiting for the first group's coordinators.
    proposal = Proposal.objects.create(
        proposer_name="Inès Exemple",
        proposer_organisation="Association Exemple",
        proposer_email="ines@example.net",
        title="Barnahus",
        summary="Un résumé.",
        description="Une description.",
        country="SE",
        group=group,
        status=Proposal.Status.WAITING,
        confirmed_at=outbox_email.created,
    )
    # A members-only protocol of the first group's territory, in force, with its document.
    protocol = with_pathway(
        ProtocolFactory(territory=group.territory, visibility=Protocol.Visibility.MEMBERS)
    )
    protocol.document.save("protocols/signed.pdf", ContentFile(PDF), save=False)
    protocol.document_name = "signed.pdf"
    protocol.document_type = "application/pdf"
    protocol.save()
    protocol_suggestion = ProtocolSuggestion.objects.create(
        protocol=protocol, author=member, text="Ajouter un délai."
    )
    # An agenda item's paper, and the record of the minutes (a comment, a version).
    paper = AgendaItemPaper.objects.create(
        agenda_item=agenda_item,
        file=ContentFile(PDF, name="paper.pdf"),
        title="Note de séance",
        original_name="paper.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    minutes_version = MinutesVersion.objects.create(
        meeting=meeting, number=1, text="Compte rendu.", saved_by=coordinator
    )
    minutes_comment = MinutesComment.objects.create(
        meeting=meeting, author=member, text="Une correction."
    )
    # A publication of a year long past: the current year's report stays unpublished.
    publication = YearlyReportPublication.objects.create(
        group=group, year=2000, published_at=timezone.now(), published_by=coordinator
    )
    admin_ids = {
        "reports/yearlyreportpublication": publication.pk,
        "protocols/protocol": protocol.pk,
        "protocols/protocolsuggestion": protocol_suggestion.pk,
        "meetings/minutescomment": minutes_comment.pk,
        "meetings/minutesversion": minutes_version.pk,
        "proposals/proposal": proposal.pk,
        "post_office/email": outbox_email.pk,
        "post_office/log": outbox_email.logs.get().pk,
        "post_office/attachment": outbox_attachment.pk,
        "subscriptions/subscription": subscription.pk,
        "subscriptions/follow": follow.pk,
        "reminders/sentreminder": sent_reminder.pk,
        "glossary/term": term.pk,
        "auth/group": auth_group.pk,
        "account/emailaddress": email_address.pk,
        "mfa/authenticator": Authenticator.objects.filter(user=coordinator).first().pk,
        "stakeholders/user": member.pk,
        "stakeholders/sector": Sector.objects.first().pk,
        "stakeholders/territory": group.territory.pk,
        "stakeholders/organisation": organisation.pk,
        "stakeholders/person": contact.pk,
        "stakeholders/workinggroup": group.pk,
        "stakeholders/membership": membership.pk,
        "stakeholders/invitation": Invitation.objects.first().pk,
        "stakeholders/auditevent": audit_event.pk,
        "practices/practice": practice.pk,
        "practices/theme": Theme.objects.first().pk,
        "practices/targetgroup": TargetGroup.objects.first().pk,
        "practices/conventionarticle": ConventionArticle.objects.first().pk,
        "practices/improvement": improvement.pk,
        "practices/oldslug": OldSlug.objects.first().pk,
        "meetings/meeting": meeting.pk,
        "meetings/actionitem": action_item.pk,
        "meetings/agendaitem": agenda_item.pk,
        "meetings/decision": decision.pk,
        "meetings/meetingattachment": document.pk,
        "meetings/calendartoken": CalendarToken.objects.first().pk,
    }
    return SimpleNamespace(
        protocol=protocol,
        protocol_suggestion=protocol_suggestion,
        paper=paper,
        person_of_member=person_of_member,
        certificate_code=reference(attendance.pk),
        proposal=proposal,
        outbox_email=outbox_email,
        term=term,
        group=group,
        organisation=organisation,
        contact=contact,
        membership=membership,
        practice=practice,
        attachment=attachment,
        improvement=improvement,
        published=published,
        meeting=meeting,
        agenda_item=agenda_item,
        decision=decision,
        document=document,
        action_item=action_item,
        rsvp_token=meeting_services.rsvp_token(attendance),
        invitation_token=invitation_token,
        calendar_token=calendar_token,
        admin_ids=admin_ids,
        history_id=history_id,
        organisation_type=ContentType.objects.get_for_model(organisation).pk,
        article=ConventionArticle.objects.first().number,
        sector=Sector.objects.first().code,
    )
