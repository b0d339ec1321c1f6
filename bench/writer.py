"""The writers of the benchmark's mixed row, through the portal's own code.

    DATABASE_URL=… .venv/bin/python bench/writer.py --seconds 10

For ``--seconds``: a member saves their draft once a second, as a browser does (the edit
form read and posted back with a new summary: PracticeUpdateView, practices.services.
practice_save), and a staff reviewer publishes a submitted practice every ten seconds
(practices.services.practice_transition). Prints what was done as one JSON line.
The member, their draft and the reviewer are made the first time.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
# The reviewer is staff without a second factor: this process is not a login.
os.environ["MFA_REQUIRED_FOR_COORDINATORS"] = "false"

MEMBER, STAFF = "bench-member@example.org", "bench-staff@example.org"


def setup():
    from practices.models import Partner, Practice
    from stakeholders.models import Membership, Organisation, Person, User, WorkingGroup

    staff, _ = User.objects.get_or_create(email=STAFF, defaults={"is_staff": True})
    member = User.objects.filter(email=MEMBER).first()
    if member is None:
        member = User.objects.create_user(email=MEMBER, password=None)
        group = WorkingGroup.objects.order_by("pk").first()
        organisation = Organisation.objects.order_by("pk").first()
        group.organisations.add(organisation)
        person = Person.objects.create(
            first_name="Bench", last_name="Member", email=MEMBER, user=member,
            organisation=organisation,
        )  # fmt: skip
        Membership.objects.create(person=person, group=group, role=Membership.Role.MEMBER)
    person = member.person
    draft = Practice.objects.filter(
        organisation_id=person.organisation_id, status=Practice.Status.DRAFT, created_by=member
    ).first()
    if draft is None:
        group = person.memberships.first().group
        draft = Practice.objects.create(
            title_fr="Brouillon du banc d’essai", slug="brouillon-banc-essai",
            territory=group.territory, organisation=person.organisation, group=group,
            created_by=member, summary_fr="Premier jet.",
        )  # fmt: skip
        Partner.objects.create(
            practice=draft, organisation=person.organisation, role=Partner.Role.LEAD
        )
    return member, staff, draft


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--setup-only", action="store_true")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client

    from practices.models import Practice
    from practices.services import practice_transition
    from tests.practices.helpers import form_data

    member, staff, draft = setup()
    if args.setup_only:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member)
    url = f"/fr/practices/{draft.slug}/edit/"
    saves = publishes = errors = 0
    started = time.monotonic()
    next_save = next_publish = started
    while (now := time.monotonic()) < started + args.seconds:
        if now >= next_publish:
            waiting = Practice.objects.filter(status=Practice.Status.SUBMITTED).first()
            if waiting is not None:
                # Publishing is the coordinator's assessment of the evidence: the filled
                # practices cite no reference, so "emerging" (which needs none).
                practice_transition(
                    practice=waiting,
                    action="publish",
                    by=staff,
                    evidence=Practice.Evidence.EMERGING,
                )
                publishes += 1
            next_publish += 10
        if now >= next_save:
            # A draft's address follows its title: the first save of a new one may move it.
            page = client.get(url, follow=True)
            url = page.request["PATH_INFO"]
            try:
                data = form_data(page)
            except AssertionError:
                # Counted and said, not fatal: the row goes on measuring the writes.
                print(f"no edit form: {page.status_code} {page.content[:200]!r}", file=sys.stderr)
                data = None
            if data is not None:
                data["summary_fr"] = f"Version enregistrée à {time.time():.3f}."
                response = client.post(url, data)
            if data is not None and response.status_code == 302:
                saves += 1
            else:
                errors += 1
            next_save += 1
        time.sleep(max(0.0, min(next_save, next_publish) - time.monotonic()))
    print(json.dumps({"saves": saves, "publishes": publishes, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
