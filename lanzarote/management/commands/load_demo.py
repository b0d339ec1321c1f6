"""Load the demo data (idempotent): the Paris group, its organisations, fictional people."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lanzarote import demo_data, demo_glossary
from meetings import services as meeting_services
from meetings.models import (
    MATTERS_ARISING_MINUTES,
    ActionItem,
    AgendaItem,
    AgendaItemPaper,
    Attendance,
    Decision,
    Meeting,
    MinutesComment,
    MinutesVersion,
    minutes_approval_title,
)
from practices.models import (
    ConventionArticle,
    Improvement,
    ImprovementComment,
    Link,
    Partner,
    Practice,
    Reference,
    TargetGroup,
    Theme,
    Transition,
)
from proposals.models import Proposal
from protocols.models import Protocol, Signatory, Step
from stakeholders.models import Membership, Organisation, Person, Sector, Territory, WorkingGroup
from subscriptions.models import Subscription


def demo_pdf(lines: list[str]) -> bytes:
    """A small one-page PDF showing ``lines`` (ASCII), for the demo's papers."""
    text = "BT /F1 12 Tf 50 780 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "").replace("(", "").replace(")", "") + ") '" for line in lines
    )
    text += " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class Command(BaseCommand):
    help = "Load the demo data and print the demo logins. Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a real production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, where demo logins with published "
                "passwords must not exist. Use --force only on a throw-away database."
            )
        with transaction.atomic():
            self.load()
            recovery = self.two_factor()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        rows = [(email, password) for email, password in demo_data.DEMO_PASSWORDS.items()]
        rows.append(demo_data.STAFF_LOGIN)
        roles = {p[0]: p[5] for p in demo_data.PEOPLE}
        for email, password in rows:
            role = roles.get(email, "staff")
            self.stdout.write(f"  {role:<12} {email:<28} {password}")
        self.stdout.write(
            "Coordinators and staff also need a second factor: a code from an authenticator "
            "app holding the TOTP secret below (or `oathtool --totp -b SECRET`), or one of "
            "their single-use recovery codes."
        )
        for email, secret in demo_data.DEMO_TOTP_SECRETS.items():
            codes = ", ".join(recovery[email][:3])
            self.stdout.write(f"  {email:<28} TOTP secret {secret}  recovery codes {codes}")

    def two_factor(self) -> dict[str, list[str]]:
        """Known TOTP secrets and fresh recovery codes for the demo coordinator and staff."""
        User = get_user_model()
        recovery = {}
        for email, secret in demo_data.DEMO_TOTP_SECRETS.items():
            user = User.objects.get(email=email)
            Authenticator.objects.filter(
                user=user,
                type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES],
            ).delete()
            TOTP.activate(user, secret)
            recovery[email] = RecoveryCodes.activate(user).get_unused_codes()
        return recovery

    def load(self):
        User = get_user_model()
        sectors = {s.code: s for s in Sector.objects.all()}
        territories = {}
        for key, country, area, slug in demo_data.TERRITORIES:
            territories[key], _ = Territory.objects.update_or_create(
                slug=slug, defaults={"country": country, "name": area}
            )

        group_data = dict(demo_data.GROUP)
        group, _ = WorkingGroup.objects.update_or_create(
            slug=group_data.pop("slug"),
            defaults={**group_data, "territory": territories["paris"]},
        )

        organisations = {}
        for (
            slug,
            name,
            acronym,
            sector,
            kind,
            territory,
            website,
            contact,
            desc_fr,
            desc_en,
        ) in demo_data.ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "acronym": acronym,
                    "sector": sectors[sector],
                    "kind": kind,
                    "territory": territories[territory],
                    "website": website,
                    "public_contact": contact,
                    "description_fr": desc_fr,
                    "description_en": desc_en,
                },
            )
        for (
            slug,
            name,
            acronym,
            sector,
            kind,
            territory,
            website,
            desc_fr,
            desc_en,
        ) in demo_data.PRACTICE_ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "acronym": acronym,
                    "sector": sectors[sector],
                    "kind": kind,
                    "territory": territories[territory],
                    "website": website,
                    "description_fr": desc_fr,
                    "description_en": desc_en,
                },
            )
        group.organisations.add(*organisations.values())

        for email, first, last, job, org_slug, role, phone, has_login in demo_data.PEOPLE:
            user = None
            if has_login:
                user, _ = User.objects.get_or_create(
                    email=email, defaults={"full_name": f"{first} {last}"}
                )
                user.set_password(demo_data.DEMO_PASSWORDS[email])
                user.is_active = True
                user.save()
            person, _ = Person.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "job_title": job,
                    "organisation": organisations[org_slug],
                    "phone": phone,
                    "user": user,
                },
            )
            Membership.objects.update_or_create(person=person, group=group, defaults={"role": role})

        coordinator = User.objects.get(email=demo_data.PEOPLE[0][0])
        self.load_practices(group, territories, sectors, organisations, coordinator)
        self.load_meetings(group, coordinator)
        self.load_suggestions(group, coordinator)
        demo_glossary.load()
        self.load_subscription()
        self.load_proposals(coordinator)
        self.load_protocols(sectors, coordinator)
        self.load_report(group, coordinator)

        email, password = demo_data.STAFF_LOGIN
        admin, _ = User.objects.get_or_create(
            email=email, defaults={"full_name": "Demo administrator"}
        )
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.set_password(password)
        admin.save()

    def load_report(self, group, coordinator):
        """The Paris group publishes its report of ``REPORT_YEAR``: anyone sees it."""
        from reports.models import YearlyReportPublication

        YearlyReportPublication.objects.update_or_create(
            group=group,
            year=demo_data.REPORT_YEAR,
            defaults={"published_at": timezone.now(), "published_by": coordinator},
        )

    def load_protocols(self, sectors, coordinator):
        """The demo territories' protocols (demo_data.PROTOCOLS), with their Icelandic
        signatories; written directly, as the rest of the demo is."""
        territories = {t.slug: t for t in Territory.objects.all()}
        for (
            slug,
            name,
            acronym,
            sector,
            kind,
            territory,
            website,
            desc_fr,
            desc_en,
        ) in demo_data.PROTOCOL_ORGANISATIONS:
            Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "acronym": acronym,
                    "sector": sectors[sector],
                    "kind": kind,
                    "territory": territories[territory],
                    "website": website,
                    "description_fr": desc_fr,
                    "description_en": desc_en,
                },
            )
        organisations = {o.slug: o for o in Organisation.objects.all()}
        for data in demo_data.PROTOCOLS:
            data = dict(data)
            signatories = data.pop("signatories")
            steps = data.pop("steps")
            practices = data.pop("practices")
            data["territory"] = territories[data["territory"]]
            protocol, _ = Protocol.objects.update_or_create(
                slug=data.pop("slug"), defaults={**data, "created_by": coordinator}
            )
            protocol.practices.set(Practice.objects.filter(slug__in=practices))
            protocol.signatories.all().delete()
            Signatory.objects.bulk_create(
                Signatory(protocol=protocol, organisation=organisations[org], role=role)
                for org, role in signatories
            )
            protocol.steps.all().delete()
            Step.objects.bulk_create(
                Step(
                    protocol=protocol,
                    position=position,
                    what_fr=what_fr,
                    what_en=what_en,
                    responsible_organisation=organisations.get(org),
                    responsible_sector=sectors.get(sector),
                    time_limit_fr=limit_fr,
                    time_limit_en=limit_en,
                    legal_basis_fr=basis,
                    legal_basis_en=basis,
                )
                for position, (what_fr, what_en, org, sector, limit_fr, limit_en, basis) in (
                    enumerate(steps, start=1)
                )
            )

    def load_subscription(self):
        """A confirmed public subscription whose last email is months old: the first run of
        the subscriptions job (``send_subscriptions``, the worker) emails it the demo
        practices published since."""
        since = timezone.now() - timedelta(days=120)
        Subscription.objects.get_or_create(
            email=demo_data.SUBSCRIBER,
            query="sector=police",
            defaults={"created_at": since, "confirmed_at": since, "sent_until": since},
        )

    def load_proposals(self, coordinator):
        """Proposals from outside the network: some waiting for the coordinators (from
        countries without a group: any coordinator may take them), one declined."""
        now = timezone.now()
        for (
            title,
            country,
            sector_codes,
            name,
            organisation,
            email,
            language,
            summary,
            description,
            website,
            days,
            declined,
        ) in demo_data.PROPOSALS:
            confirmed_at = now - timedelta(days=days)
            fields = {
                "proposer_name": name,
                "proposer_organisation": organisation,
                "proposer_email": email,
                "language": language,
                "summary": summary,
                "description": description,
                "country": country,
                "website": website,
                "created_at": confirmed_at - timedelta(hours=1),
                "confirmed_at": confirmed_at,
                "status": Proposal.Status.WAITING,
            }
            if declined:
                fields.update(
                    status=Proposal.Status.DECLINED,
                    decided_by=coordinator,
                    decided_at=confirmed_at + timedelta(days=2),
                    decision_message=declined,
                )
            proposal, created = Proposal.objects.get_or_create(title=title, defaults=fields)
            if created:
                proposal.sectors.set(Sector.objects.filter(code__in=sector_codes))

    def load_practices(self, group, territories, sectors, organisations, reviewer):
        themes = {t.code: t for t in Theme.objects.all()}
        targets = {t.code: t for t in TargetGroup.objects.all()}
        articles = {a.number: a for a in ConventionArticle.objects.all()}
        now = timezone.now()

        def published_at(index):
            # Spread over the last three years, so that the charts of practices published
            # per year have something to show.
            return now - timedelta(days=30 + 100 * index)

        for index, p in enumerate(demo_data.PRACTICES):
            published = p.status == Practice.Status.PUBLISHED
            lead = organisations[p.partners[0][0]]
            practice, created = Practice.objects.update_or_create(
                slug=p.slug,
                defaults={
                    "title_fr": p.title_fr,
                    "title_en": p.title_en,
                    "summary_fr": p.summary_fr,
                    "summary_en": p.summary_en,
                    "description_fr": p.description_fr,
                    "description_en": p.description_en,
                    "territory": territories[p.territory],
                    "organisation": lead,
                    "group": group,
                    "evidence": p.evidence,
                    "year_started": p.since,
                    "languages": p.languages,
                    "status": p.status,
                    "submitted_at": (
                        published_at(index) - timedelta(days=21)
                        if published
                        else now - timedelta(days=60 + index)
                    )
                    if p.status != Practice.Status.DRAFT
                    else None,
                    "published_at": published_at(index) if published else None,
                    "reviewed_by": reviewer if published else None,
                },
            )
            practice.sectors.set([sectors[c] for c in p.sectors])
            practice.themes.set([themes[c] for c in p.themes])
            practice.target_groups.set([targets[c] for c in p.targets])
            practice.articles.set([articles[n] for n in p.articles])
            practice.partner_set.all().delete()
            for org_slug, role in p.partners:
                Partner.objects.create(
                    practice=practice, organisation=organisations[org_slug], role=role
                )
            practice.links.all().delete()
            for title, url in p.links:
                Link.objects.create(practice=practice, title=title, url=url)
            self.load_record(practice, demo_data.RECORDS.get(p.slug, {}), reviewer)
            if created and p.status != Practice.Status.DRAFT:
                Transition.objects.create(
                    practice=practice,
                    from_status=Practice.Status.DRAFT,
                    to_status=Practice.Status.SUBMITTED,
                    at=practice.submitted_at,
                )
                if published:
                    Transition.objects.create(
                        practice=practice,
                        from_status=Practice.Status.SUBMITTED,
                        to_status=Practice.Status.PUBLISHED,
                        by=reviewer,
                        at=practice.published_at,
                    )

    def load_suggestions(self, group, coordinator):
        """Suggestions with their discussion; one on the next meeting's agenda, one taken up
        in the practice's current version (load_meetings first: it rebuilds the agendas)."""
        User = get_user_model()
        users = {u.email: u for u in User.objects.filter(person__memberships__group=group)}
        next_meeting = Meeting.objects.next_of_group(group.pk)
        now = timezone.now()
        for index, (
            slug,
            author,
            text,
            status,
            response,
            discussion,
            on_agenda,
            taken_up,
        ) in enumerate(demo_data.SUGGESTIONS):
            practice = Practice.objects.get(slug=slug)
            answered = status != Improvement.Status.OPEN
            improvement, _ = Improvement.objects.update_or_create(
                practice=practice,
                author=users[author],
                text=text,
                defaults={
                    "status": status,
                    "response": response,
                    "responded_by": coordinator if answered else None,
                    "responded_at": now - timedelta(days=3) if answered else None,
                    "practice_version": max(practice.version - 1, 1),
                    "taken_up_in_version": practice.version if taken_up else None,
                },
            )
            Improvement.objects.filter(pk=improvement.pk).update(
                created_at=now - timedelta(days=20 - index)
            )
            improvement.comments.all().delete()
            for position, (writer, message) in enumerate(discussion):
                comment = ImprovementComment.objects.create(
                    improvement=improvement, author=users[writer], text=message
                )
                ImprovementComment.objects.filter(pk=comment.pk).update(
                    created_at=now - timedelta(days=15 - index - position)
                )
            if on_agenda and next_meeting is not None:
                AgendaItem.objects.create(
                    meeting=next_meeting,
                    position=next_meeting.agenda_items.count() + 1,
                    title=f"Suggestion sur {practice.title_fr}"[:200],
                    description="\n".join(f"> {line}" for line in text.splitlines()),
                    practice=practice,
                    improvement=improvement,
                )

    def load_record(self, practice, record, reviewer):
        """References, implementation, transferability and the reviewer's assessment."""
        for name in ("resources", "staffing", "training", "duration", "transferability"):
            french, english = record.get(name, ("", ""))
            setattr(practice, f"{name}_fr", french)
            setattr(practice, f"{name}_en", english)
        practice.cost_range = record.get("cost_range", Practice.CostRange.UNKNOWN)
        published = practice.status == Practice.Status.PUBLISHED
        practice.evidence_rationale = record.get("rationale", "") if published else ""
        practice.evidence_assessed_by = reviewer if published else None
        practice.evidence_assessed_at = practice.published_at if published else None
        practice.save()
        practice.references.all().delete()
        for kind, authors, year, title, publisher, doi, url in record.get("references", []):
            reference = Reference(
                practice=practice,
                kind=kind,
                authors=authors,
                year=year,
                title=title,
                publisher=publisher,
                doi=doi,
                url=url,
            )
            reference.full_clean()
            reference.save()

    def load_meetings(self, group, coordinator):
        people = {p.email: p for p in Person.objects.filter(memberships__group=group)}
        practices = {p.slug: p for p in Practice.objects.all()}
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        # Approvals point at decisions of the agendas rebuilt below: undone first.
        Meeting.objects.filter(group=group).update(
            minutes_approved_at=None, minutes_approved_by=None
        )
        meetings = {}
        for data, held in (
            (demo_data.EARLIER_MEETING, True),
            (demo_data.PAST_MEETING, True),
            (demo_data.NEXT_MEETING, False),
        ):
            day = now + timedelta(days=data.get("days_ahead", 0) - data.get("days_ago", 0))
            starts = day.replace(hour=13)  # 14:00 in Paris in winter
            meeting, _ = Meeting.objects.update_or_create(
                group=group,
                title=data["title"],
                defaults={
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2, minutes=30),
                    "place": data["place"],
                    "online_url": data.get("online_url", ""),
                    "status": Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                    "visibility": Meeting.Visibility.PUBLIC if held else Meeting.Visibility.MEMBERS,
                    "public_summary": data.get("public_summary", ""),
                    "minutes": data.get("minutes", ""),
                    "minutes_shared_at": starts + timedelta(days=2) if held else None,
                    "closed_at": starts + timedelta(days=2) if held else None,
                    "created_by": coordinator,
                },
            )
            meetings[data["title"]] = meeting
            meeting.action_items.all().delete()
            for paper in AgendaItemPaper.objects.filter(agenda_item__meeting=meeting):
                paper.file.delete(save=False)
            meeting.agenda_items.all().delete()
            meeting.minutes_versions.all().delete()
            meeting.minutes_comments.all().delete()
            items = [
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=index,
                    title=title,
                    presenter=people.get(presenter),
                    practice=practices.get(practice),
                    duration_minutes=minutes,
                )
                for index, (title, presenter, practice, minutes) in enumerate(
                    data["agenda"], start=1
                )
            ]
            decisions = [
                Decision.objects.create(
                    meeting=meeting,
                    agenda_item=items[index],
                    text=text,
                    # Held and public: decisions with a note are followed on the public page.
                    is_public=note is not None,
                    public_note=note or "",
                    made_public_at=starts + timedelta(days=2) if note is not None else None,
                )
                for index, text, note in data.get("decisions", [])
            ]
            for index, title, owner, due_in, status, decision in data.get("actions", []):
                ActionItem.objects.create(
                    meeting=meeting,
                    agenda_item=items[index],
                    decision=decisions[decision] if decision is not None else None,
                    title=title,
                    owner=people[owner],
                    owner_organisation=people[owner].organisation,
                    due_on=(now + timedelta(days=due_in)).date(),
                    status=status,
                    completed_on=(now - timedelta(days=12)).date() if status == "done" else None,
                )
            meeting.attendances.all().delete()
            for key, status in (
                ("present", Attendance.Status.PRESENT),
                ("excused", Attendance.Status.EXCUSED),
                ("confirmed", Attendance.Status.CONFIRMED),
                ("invited", Attendance.Status.INVITED),
            ):
                for email in data.get(key, []):
                    mode = ""
                    if status == Attendance.Status.PRESENT:
                        remote = email in data.get("remote", [])
                        mode = Attendance.Mode.REMOTE if remote else Attendance.Mode.IN_PERSON
                    Attendance.objects.create(
                        meeting=meeting, person=people[email], status=status, mode=mode
                    )
            if not held and ActionItem.objects.open().filter(meeting__group=group).exists():
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=0,
                    title="Suivi des actions en cours",
                    matters_arising=True,
                    duration_minutes=MATTERS_ARISING_MINUTES,
                )
            # Papers go through the service (the meeting is planned), as a coordinator's would.
            for index, title, filename, lines in data.get("papers", []):
                content = demo_pdf(lines)
                meeting_services.agenda_item_paper_add(
                    item=items[index],
                    paper=AgendaItemPaper(
                        title=title,
                        original_name=filename,
                        content_type="application/pdf",
                        size=len(content),
                        file=ContentFile(content, name=filename),
                    ),
                )
        self.load_minutes_approval(
            earlier=meetings[demo_data.EARLIER_MEETING["title"]],
            past=meetings[demo_data.PAST_MEETING["title"]],
            following=meetings[demo_data.NEXT_MEETING["title"]],
            coordinator=coordinator,
            people=people,
        )

    def load_minutes_approval(self, *, earlier, past, following, coordinator, people):
        """The earlier meeting's minutes approved by the held one (its decision under the
        approval item); the held one's draft minutes, corrected once and commented on,
        awaiting approval on the next meeting's agenda."""
        approval = AgendaItem.objects.create(
            meeting=past,
            position=0,
            title=minutes_approval_title(earlier),
            minutes_of=earlier,
        )
        MinutesVersion.objects.create(
            meeting=earlier,
            number=1,
            text=earlier.minutes,
            saved_by=coordinator,
            saved_at=earlier.closed_at,
        )
        decision = Decision.objects.create(
            meeting=past,
            agenda_item=approval,
            text=f"Le compte rendu de « {earlier.title} » est approuvé.",
        )
        earlier.minutes_approved_at = past.starts_at + timedelta(minutes=10)
        earlier.minutes_approved_by = decision
        earlier.save(update_fields=["minutes_approved_at", "minutes_approved_by"])

        MinutesVersion.objects.create(
            meeting=past, number=1, text=past.minutes, saved_by=coordinator, saved_at=past.closed_at
        )
        past.minutes = past.minutes + demo_data.PAST_MEETING_CORRECTION
        past.minutes_version = 2
        past.save(update_fields=["minutes", "minutes_version"])
        MinutesVersion.objects.create(
            meeting=past,
            number=2,
            text=past.minutes,
            saved_by=coordinator,
            saved_at=past.closed_at + timedelta(days=3),
        )
        email, text = demo_data.PAST_MEETING_COMMENT
        MinutesComment.objects.create(meeting=past, author=people[email].user, text=text)
        AgendaItem.objects.create(
            meeting=following,
            position=0,
            title=minutes_approval_title(past),
            minutes_of=past,
        )
