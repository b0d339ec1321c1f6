"""The network's activity (meetings, their agendas, attendance, decisions and actions, the
people, protocols, published reports) writes the catalogue's change log with kind ``a``
(meetings/protocols/reports ``triggers``): whatever makes the write, in its transaction. A
change of the activity only keeps the catalogue's index and what was derived from the
catalogue alone, renews what was derived from the activity and gives a new version, so
whole pages kept for anonymous visitors are renewed (practices/cache.py)."""

import itertools

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from practices import cache
from practices.models import CatalogueChange, Improvement, Practice
from protocols.models import Protocol, Signatory
from reports.models import YearlyReportPublication
from stakeholders.models import Organisation, Person
from tests.factories import OrganisationFactory, PersonFactory, WorkingGroupFactory
from tests.insight.html import parse
from tests.insight.network import PRESENCE, add_meetings, build_network
from tests.insight.test_insight import presence_tables
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
)
from tests.protocols.factories import ProtocolFactory

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

INSIGHT = "/en/insight/"


def changes() -> list[tuple]:
    return list(CatalogueChange.objects.order_by("id").values_list("kind", "practice_id"))


# ---------------------------------------------------------------- what the triggers record


@pytest.fixture
def activity(db):
    """One row of every watched table (and a published practice, an organisation), then an
    empty change log."""
    group = WorkingGroupFactory()
    person = PersonFactory()
    meeting = MeetingFactory(group=group)
    item = AgendaItemFactory(meeting=meeting)
    rows = {
        "group": group,
        "meeting": meeting,
        "item": item,
        "person": person,
        "attendance": AttendanceFactory(meeting=meeting, person=person),
        "decision": Decision.objects.create(meeting=meeting, agenda_item=item, text="Décidé."),
        "action": ActionItemFactory(meeting=meeting, owner=person),
        "protocol": ProtocolFactory(status=Protocol.Status.IN_PREPARATION),
        "practice": complete(PracticeFactory()),
        "draft": PracticeFactory(status=Practice.Status.DRAFT),
        "organisation": OrganisationFactory(),
    }
    CatalogueChange.objects.all().delete()
    return rows


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def meeting_saved(r):
    r["meeting"].status = Meeting.Status.HELD
    r["meeting"].save()


def agenda_item_bulk_created(r):
    AgendaItem.objects.bulk_create([AgendaItem(meeting=r["meeting"], position=99, title="Autre")])


def attendance_updated(r):
    Attendance.objects.filter(pk=r["attendance"].pk).update(status=Attendance.Status.PRESENT)


def decision_noted_in_sql(r):
    _raw(
        "UPDATE meetings_decision SET public_note = %s WHERE id = %s",
        ["Mise en œuvre.", r["decision"].pk],
    )


def action_item_deleted(r):
    ActionItem.objects.filter(pk=r["action"].pk).delete()


def person_updated(r):
    Person.objects.filter(pk=r["person"].pk).update(organisation=r["organisation"])


def protocol_saved(r):
    r["protocol"].status = Protocol.Status.IN_FORCE
    r["protocol"].save()


def signatory_bulk_created(r):
    Signatory.objects.bulk_create(
        [Signatory(protocol=r["protocol"], organisation=r["organisation"])]
    )


def protocol_practice_inserted_in_sql(r):
    _raw(
        "INSERT INTO protocols_protocol_practices (protocol_id, practice_id) VALUES (%s, %s)",
        [r["protocol"].pk, r["practice"].pk],
    )


def report_published(r):
    YearlyReportPublication(
        group=r["group"], year=timezone.localdate().year - 1, published_at=timezone.now()
    ).save()


def report_withdrawn_in_sql(r):
    report_published(r)
    CatalogueChange.objects.all().delete()
    _raw("DELETE FROM reports_yearlyreportpublication WHERE group_id = %s", [r["group"].pk])


def suggestion_taken_up_on_a_draft(r):
    # A yearly report counts the suggestions its group took up, on drafts too
    # (reports.triggers.SUGGESTIONS); no public page of the catalogue shows them.
    improvement = Improvement.objects.create(practice=r["draft"], text="Ajouter un volet.")
    CatalogueChange.objects.all().delete()
    Improvement.objects.filter(pk=improvement.pk).update(status=Improvement.Status.TAKEN_UP)


def suggestion_made_in_sql(r):
    _raw(
        "INSERT INTO practices_improvement (practice_id, text, status, response, created_at) "
        "VALUES (%s, %s, %s, '', CURRENT_TIMESTAMP)",
        [r["draft"].pk, "Un volet de plus.", Improvement.Status.OPEN],
    )


WRITES = [
    suggestion_taken_up_on_a_draft,
    suggestion_made_in_sql,
    meeting_saved,
    agenda_item_bulk_created,
    attendance_updated,
    decision_noted_in_sql,
    action_item_deleted,
    person_updated,
    protocol_saved,
    signatory_bulk_created,
    protocol_practice_inserted_in_sql,
    report_published,
    report_withdrawn_in_sql,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_a_write_to_the_activity_records_one_change_of_kind_a(activity, write):
    write(activity)
    assert changes() == [(CatalogueChange.Kind.ACTIVITY, None)]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_a_write_to_the_activity_rolled_back_records_nothing(activity, write):
    with pytest.raises(RuntimeError), transaction.atomic():
        write(activity)
        assert changes() == [("a", None)]  # in the writer's transaction
        raise RuntimeError("the request fails after the write")
    assert changes() == []


def test_writes_to_unwatched_tables_of_the_meetings_record_nothing(activity):
    """What no public page shows (an action item's comments) is not in the log."""
    from meetings.models import ActionItemComment

    ActionItemComment.objects.create(
        action_item=activity["action"], status=ActionItem.Status.OPEN, text="Relancé."
    )
    assert changes() == []


# ---------------------------------------------------------------- what a change of kind a keeps

# The shared state (not a private one) is what a process keeps between requests: these
# tests commit, as the portal does.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Built:
    """Values built by ``cache.memoize``, counted."""

    def __init__(self):
        self.counts, self._ids = {}, itertools.count()

    def __call__(self, name, *, activity=False):
        def build():
            self.counts[name] = self.counts.get(name, 0) + 1
            return (name, next(self._ids))

        return cache.memoize(("test-activity", name), build, activity=activity)


@committed
def test_a_change_of_the_activity_keeps_the_index_and_renews_what_the_activity_gave():
    meeting = MeetingFactory()
    complete(PracticeFactory(group=meeting.group, territory=meeting.group.territory))
    built = Built()
    state = cache.current()
    assert state.version is not None  # the shared state
    catalogue, activity = built("catalogue"), built("activity", activity=True)
    assert (built("catalogue"), built("activity", activity=True)) == (catalogue, activity)

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)

    later = cache.current()
    assert later.version > state.version  # whole pages kept under the old one are renewed
    assert later.index is state.index
    assert built("catalogue") == catalogue
    renewed = built("activity", activity=True)
    assert renewed != activity
    assert built("activity", activity=True) == renewed  # once per state, again
    assert built.counts == {"catalogue": 1, "activity": 2}
    # Nothing written: the same state.
    assert cache.current() is later


@committed
def test_what_a_transaction_derives_after_a_change_of_the_activity_is_never_shared():
    """Inside a transaction that changed the activity only, the private state keeps the
    shared index, but derives everything anew and keeps it to itself: after the rollback,
    the shared state has none of it and its own values are untouched."""
    meeting = MeetingFactory()
    shared = cache.current()
    shared.memo("committed", lambda: "shared")
    with pytest.raises(RuntimeError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        private = cache.current()
        assert private.version is None
        assert private.index is shared.index
        # Its own memo: not even the shared state's values, which may hold containers
        # (memoize_kept) it would write into.
        assert private.memo("committed", lambda: "recomputed") == "recomputed"
        private.memo("seen-in-a-transaction", lambda: "private")
        raise RuntimeError("rolled back")
    assert cache.current() is shared
    assert shared.memo("seen-in-a-transaction", lambda: "committed") == "committed"
    assert shared.memo("committed", lambda: "recomputed") == "shared"


@committed
@pytest.mark.parametrize("kind", ["r", "i", "v"])
def test_a_change_of_the_catalogue_with_one_of_the_activity_renews_everything(kind):
    meeting = MeetingFactory()
    practice = complete(PracticeFactory(group=meeting.group, territory=meeting.group.territory))
    built = Built()
    state = cache.current()
    catalogue, activity = built("catalogue"), built("activity", activity=True)

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    if kind == "r":  # what only rendered pages show: the index stays
        Organisation.objects.filter(pk=practice.organisation_id).update(name="Renommée")
    elif kind == "i":
        Practice.objects.filter(pk=practice.pk).update(evidence="evaluated")
    else:
        from stakeholders.models import Sector

        Sector.objects.filter(code="ngo").update(name_fr="Associations")
    assert {k for k, _p in changes()[-2:]} == {"a", kind}

    later = cache.current()
    assert later.version > state.version
    assert (later.index is state.index) == (kind == "r")
    assert built("catalogue") != catalogue
    assert built("activity", activity=True) != activity
    assert built.counts == {"catalogue": 2, "activity": 2}


# ---------------------------------------------------------------- Insight and the map


@pytest.fixture
def network(db):
    """The insight network whose figures are known by hand (tests/insight/network.py)."""
    return build_network()


@pytest.fixture
def network_with_meetings(network):
    return add_meetings(network)


@committed
def test_insight_shows_an_attendance_changed_with_update_at_the_next_request(
    client, network_with_meetings
):
    net = network_with_meetings
    tables = presence_tables(parse(client.get(INSIGHT).content))
    assert tables["Paris working group"] == [PRESENCE["first"], PRESENCE["second"]]

    # The officer was the only police present at the first meeting.
    Attendance.objects.filter(meeting=net.meetings["first"], person=net.people["officer"]).update(
        status=Attendance.Status.ABSENT
    )

    first, second = presence_tables(parse(client.get(INSIGHT).content))["Paris working group"]
    assert first == PRESENCE["first"] - {"police"} and second == PRESENCE["second"]
    cache.reset()  # another process, or this one having dropped its memory
    tables = presence_tables(parse(client.get(INSIGHT).content))
    assert tables["Paris working group"] == [PRESENCE["first"] - {"police"}, PRESENCE["second"]]


@committed
def test_insight_shows_a_person_who_changed_organisation_at_the_next_request(
    client, network_with_meetings
):
    """Presence counts a person's organisation's sector: the people's table is watched."""
    net = network_with_meetings
    client.get(INSIGHT)
    Person.objects.filter(pk=net.people["officer"].pk).update(
        organisation=net.organisations["lycee"]
    )
    first, _second = presence_tables(parse(client.get(INSIGHT).content))["Paris working group"]
    assert first == {"justice", "education"}


def overlay_section(client, params="?territory=paris"):
    html = client.get(INSIGHT + params).content.decode()
    return html.split('id="protocols-heading"')[1].split("</section>")[0]


def map_title(client, code):
    doc = parse(client.get(INSIGHT, {"map": "protocols"}).content)
    svg = doc.find("svg", cls="map-svg")
    link = next(
        a
        for a in svg.find("g", cls="map-countries").find_all("a")
        if a.attrs["data-country"] == code
    )
    return link.find("title").text()


@committed
def test_a_protocol_put_in_force_with_update_shows_in_the_overlay_and_on_the_map(client, network):
    o, t = network.organisations, network.territories
    protocol = ProtocolFactory(
        territory=t["paris"],
        status=Protocol.Status.IN_PREPARATION,
        title_en="Medico-legal convention",
    )
    Signatory.objects.create(protocol=protocol, organisation=o["umj"])
    Signatory.objects.create(protocol=protocol, organisation=o["lycee"])
    before = overlay_section(client)
    assert "/en/protocols/?sector=medico-legal&amp;sector=education" not in before
    assert map_title(client, "FR") == "France: 0 public protocols in force"

    Protocol.objects.filter(pk=protocol.pk).update(status=Protocol.Status.IN_FORCE)

    after = overlay_section(client)
    assert "/en/protocols/?sector=medico-legal&amp;sector=education" in after
    assert map_title(client, "FR") == "France: 1 public protocol in force"
    cache.reset()
    assert map_title(client, "FR") == "France: 1 public protocol in force"


# ---------------------------------------------------------------- the practice page, kept whole


@pytest.fixture
def kept_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    django_cache.clear()
    yield
    django_cache.clear()


def examined(page: str) -> str:
    if 'id="meetings"' not in page:
        return ""
    return page.split('id="meetings"')[1].split("</section>")[0]


def public_meeting(group, title, **fields):
    return MeetingFactory(
        group=group,
        title=title,
        visibility=Meeting.Visibility.PUBLIC,
        starts_at=at(days=-20),
        ends_at=at(days=-20, hours=2),
        **fields,
    )


@committed
@pytest.mark.parametrize("how", ["bulk_create", "update"])
def test_a_kept_practice_page_shows_a_meeting_that_examined_it_added_afterwards(
    client, kept_pages, django_assert_max_num_queries, how
):
    group = WorkingGroupFactory()
    practice = complete(PracticeFactory(group=group, territory=group.territory))
    meeting = public_meeting(group, "Séance publique sur les auditions")
    item = AgendaItemFactory(meeting=meeting)  # on another subject, for now
    url = practice.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first.context is not None  # rendered, then kept
    assert examined(first.content.decode()) == ""
    with django_assert_max_num_queries(2):  # what changed since, the kept page
        kept = client.get(url)
    assert kept.context is None and kept.content == first.content

    if how == "bulk_create":
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, position=50, title="Examen", practice=practice)]
        )
    else:
        AgendaItem.objects.filter(pk=item.pk).update(practice=practice)

    page = client.get(url)
    assert page.context is not None
    assert f'href="{meeting.get_absolute_url()}#agenda"' in examined(page.content.decode())


@committed
def test_a_member_never_gets_the_practice_page_kept_for_anonymous_visitors(client, kept_pages):
    from tests.factories import member_user

    group = WorkingGroupFactory()
    practice = complete(PracticeFactory(group=group, territory=group.territory))
    internal = MeetingFactory(group=group, title="Séance interne sur les auditions")
    AgendaItemFactory(meeting=internal, practice=practice)
    member = member_user(group)  # first: the catalogue's version stays the same below
    url = practice.get_absolute_url()
    assert "Séance interne" not in client.get(url).content.decode()
    assert client.get(url).context is None  # kept for anonymous visitors

    client.force_login(member)
    page = client.get(url)
    assert page.context is not None
    assert "Séance interne sur les auditions" in examined(page.content.decode())
    assert Client().get(url).context is None  # the anonymous visitors' page is still kept


# ---------------------------------------------------------------- SQLite's rebuilt tables


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.parametrize(
    ("app", "table", "write"),
    [
        ("meetings", "meetings_attendance", attendance_updated),
        ("protocols", "protocols_signatory", signatory_bulk_created),
        ("reports", "reports_yearlyreportpublication", report_published),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_sqlite_triggers_of_the_activity_come_back_after_a_migration(activity, app, table, write):
    """SQLite drops a table's triggers when a migration rebuilds it (Django copies it into
    a new one to alter a column): the app's post_migrate handler creates them again."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    with connection.cursor() as cursor:
        for event in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER activity_{table}_{event}")
    write(activity)
    assert changes() == []  # the triggers are gone: this write went unseen

    config = apps.get_app_config(app)
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False,
        using=connection.alias, apps=apps, plan=[],
    )  # fmt: skip
    _raw(f"DELETE FROM {table}", [])  # noqa: S608
    assert changes() and {kind for kind, _p in changes()} == {"a"}


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_undoing_the_activitys_migration_on_sqlite_leaves_no_trigger_behind():
    """``manage.py migrate meetings 0011`` drops the meetings' triggers, and the
    post_migrate that follows every migrate does not create them again (it does once the
    migration is applied)."""
    from django.apps import apps
    from django.db.migrations.executor import MigrationExecutor
    from django.db.models.signals import post_migrate

    def triggers() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'activity_meetings_%'"
            )
            return {name for (name,) in cursor.fetchall()}

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        config = apps.get_app_config("meetings")
        post_migrate.send(
            sender=config, app_config=config, verbosity=0, interactive=False,
            using=connection.alias, apps=apps, plan=[],
        )  # fmt: skip

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    assert triggers()
    try:
        migrate([("meetings", "0011_agenda_timetable_papers")])
        assert triggers() == set()
    finally:
        migrate(latest)
    assert len(triggers()) == 15  # five tables, three events
