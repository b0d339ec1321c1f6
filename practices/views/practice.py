"""One practice as people see it: its page, its versions, its documents, the public's
messages to the people behind it."""

import functools
import logging
from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, prefetch_related_objects
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from glossary.lookup import mark_terms, terms_in
from stakeholders.permissions import roles
from stakeholders.request_context import client_ip

from .. import rules, services, versions
from ..cache import cache_public_page, memoize
from ..forms import (
    ContactForm,
    ImprovementForm,
)
from ..index import prime_relations
from ..models import Attachment, OldSlug, Partner, Practice

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- one practice


class PracticeMixin:
    """Resolves the practice in the URL for the current user: 404 when they may not see it,
    a permanent redirect from an old slug (only for those who may see it)."""

    def practices(self):
        """The practices the URL's slug is looked for in (one query)."""
        return Practice.objects.select_related(
            "territory", "organisation", "group", "evidence_assessed_by"
        )

    def dispatch(self, request, *args, slug, **kwargs):
        # The slug is unique: no LIMIT needed.
        practice = next(iter(self.practices().filter(slug=slug)), None)
        if practice is None:
            old = (
                OldSlug.objects.select_related("practice", "practice__organisation")
                .filter(slug=slug)
                .first()
            )
            # An old address leads on only for those who may see the practice: a redirect
            # would tell anyone else the new title of a renamed draft.
            if old is None or not rules.can_view(request.user, old.practice):
                raise Http404
            if request.method in ("GET", "HEAD"):
                new_path = request.get_full_path().replace(f"/{slug}/", f"/{old.practice.slug}/", 1)
                return HttpResponsePermanentRedirect(new_path)
            # A form posted to the old address (the practice was renamed meanwhile) is
            # handled, not redirected: a redirect would turn it into a GET and lose it.
            practice = next(iter(self.practices().filter(pk=old.practice_id)), None)
        if not rules.can_view(request.user, practice):
            raise Http404
        self.practice = practice
        return super().dispatch(request, *args, **kwargs)


@method_decorator(cache_public_page, name="dispatch")
class PracticeVersionsView(PracticeMixin, View):
    """The versions under which a practice was public, and the suggestions each took up."""

    template_name = "practices/practice_versions.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {
                "practice": self.practice,
                "versions": versions.public_versions(self.practice),
                # The suggestions' texts are members' (as on the practice page).
                "show_texts": roles(request.user).is_member,
            },
        )


# Kept whole for anonymous visitors: everything it shows is in the change log, the meetings
# that examined the practice included (meetings.triggers).
@method_decorator(cache_public_page, name="dispatch")
class PracticeDetailView(PracticeMixin, View):
    template_name = "practices/practice_detail.html"

    def practices(self):
        return page_practices()

    def get(self, request):
        practice = self.practice
        # Its vocabularies: from the catalogue index if it is published (no query),
        # prefetched otherwise.
        prime_relations([practice])
        # Its links, documents, references and partners: read with it.
        lists = practice.page_lists()
        user = request.user
        if rules.can_review(user, practice):
            # The four-eyes rule reads the partners (rules.organisation_involved) for each
            # step offered or withheld: once.
            prefetch_related_objects([practice], "partner_set")
        context = {
            "practice": practice,
            **lists,
            "joins_public_and_civil_society": Partner.join_public_and_civil_society(
                lists["partners"]
            ),
            # Who assessed the evidence level is named to members only; the public sees
            # when and why.
            "show_assessor": roles(user).is_member,
            "description_html": practice.description_html,
            "can_edit": rules.can_edit(user, practice),
            "actions": services.allowed_actions(user, practice),
            "is_reviewer": rules.can_review(user, practice),
            "missing": practice.missing_for_submission()
            if rules.is_owner(user, practice) and practice.status in rules.OWNER_EDITABLE
            else [],
            "withheld": withheld_steps(user, practice),
            "evidence_levels": Practice.Evidence,
            "glossary_terms": glossary_terms(practice),
            # Each glossary term's first use links to its definition below.
            "summary_html": mark_terms(practice.summary),
        }
        context["examined_at"] = examined_at(user, practice)
        context["taken_up_count"] = practice.taken_up_count
        if roles(user).is_member:
            improvements = list(suggestions_shown(practice.improvements.all()))
            for improvement in improvements:
                improvement.can_discuss = rules.can_discuss(user, improvement)
            # One query for the meetings, however many suggestions (none included).
            mark_agendas(user, improvements, practice=practice)
            context["improvements"] = improvements
            if rules.can_suggest_improvement(user, practice):
                context["improvement_form"] = ImprovementForm()
        if context["is_reviewer"] or rules.is_owner(user, practice):
            context["transitions"] = practice.transitions.select_related("by")
        return render(request, self.template_name, context)


def page_practices():
    """The practices a practice's page is looked for in: with its territory, how many
    suggestions it took up (public; their texts are members'), and the lists it shows
    (``with_page_lists``). One query; built once per process, each request adds its slug
    (building it costs more than running it). Who assessed the evidence is named to
    members only: read then."""
    return _page_practices().all()


@functools.cache
def _page_practices():
    # Never evaluated (each request filters a copy: ``all()``), shared by the process's
    # threads: nothing in it may depend on the request or the language.
    return (
        Practice.objects.select_related("territory")
        .with_taken_up_count()
        .with_page_lists()
        .order_by()
    )


def suggestions_shown(improvements):
    """What a list of suggestions shows of each: its author, who answered and how many
    messages its discussion has (the meetings: ``mark_agendas``)."""
    return improvements.select_related("author", "responded_by", "practice").annotate(
        comment_count=Count("comments")
    )


def mark_agendas(user, improvements, practice=None) -> None:
    """Give each suggestion ``agenda``: the meetings whose agenda it is on (those of every
    suggestion of ``practice`` if given, else of these suggestions; one query), each with
    whether ``user`` may open the meeting (meetings.rules.can_view)."""
    # Meetings import practices; a practice never imports meetings at the top (STYLE.md).
    from meetings.models import AgendaItem
    from meetings.rules import can_view

    improvements = list(improvements)
    if practice is not None:
        items = AgendaItem.objects.filter(improvement__practice=practice)
    else:
        items = AgendaItem.objects.filter(improvement__in=[i.pk for i in improvements])
    meetings = defaultdict(list)
    for item in items.select_related("meeting").order_by("meeting__starts_at", "pk"):
        meetings[item.improvement_id].append(item.meeting)
    for improvement in improvements:
        improvement.agenda = [
            {"meeting": meeting, "visible": can_view(user, meeting)}
            for meeting in meetings[improvement.pk]
        ]


def examined_at(user, practice) -> list:
    """The meetings (not cancelled) whose agenda examines ``practice``, oldest first, each
    once: only those ``user`` may open (meetings.rules.can_view). One query, none for a
    practice never on an agenda."""
    # Meetings import practices; a practice never imports meetings at the top (STYLE.md).
    from meetings.models import Meeting
    from meetings.rules import can_view

    # Most practices were never on an agenda: they are told apart without a query.
    examined = memoize(
        "practices-on-agendas",
        lambda: frozenset(Meeting.objects.examined_practice_ids()),
        activity=True,
    )
    if practice.pk not in examined:
        return []
    return [meeting for meeting in Meeting.objects.examining(practice) if can_view(user, meeting)]


def withheld_steps(user, practice) -> list[tuple[services.Action, str]]:
    """The review steps the practice's state allows but a reviewer may not take, with the
    reason (the four-eyes rule: services.refusal), so that the page says why a button is
    missing. Nothing for people who do not review the practice."""
    if not rules.can_review(user, practice):
        return []
    withheld = []
    for action in services.ACTIONS.values():
        if action.name == "submit" or practice.status not in action.sources:
            continue
        reason = services.refusal(user, practice, action)
        if reason:
            withheld.append((action, reason))
    return withheld


def glossary_terms(practice) -> list:
    """The glossary terms the practice's text uses, in the page's language, each with its
    definition in that language (``definition_text``)."""
    language = get_language() or "fr"
    terms = terms_in(practice.title, practice.summary, practice.description)
    return [
        {"slug": t.slug, "name": t.name, "full_name": t.full_name,
         "definition_text": t.definition(language)}
        for t in terms
    ]  # fmt: skip


class AttachmentDownloadView(PracticeMixin, View):
    """Attachments are served as downloads, under the practice's visibility rules."""

    def get(self, request, pk):
        return get_object_or_404(Attachment, pk=pk, practice=self.practice).download()


# ---------------------------------------------------------------- the public's questions


class PracticeContactView(PracticeMixin, View):
    """Anyone writes to the people behind a published practice, through the portal: their
    addresses are never shown (services.practice_contact)."""

    template_name = "practices/practice_contact.html"

    def get_practice(self):
        if self.practice.status != Practice.Status.PUBLISHED:
            raise Http404
        return self.practice

    def render_form(self, form, *, status=200):
        context = {"practice": self.get_practice(), "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        self.get_practice()
        return self.render_form(ContactForm())

    def post(self, request):
        practice = self.get_practice()
        form = ContactForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        if not form.is_robot():
            try:
                services.practice_contact(
                    practice=practice,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    client=client_ip(request),
                )
            except services.ContactRateLimited as refused:
                form.add_error(None, str(refused.message))
                response = self.render_form(form, status=429)
                response["Retry-After"] = str(services.HOUR)
                return response
        # A robot that filled in the hidden field is told the same, and nothing is sent.
        messages.success(
            request,
            _(
                "Your message has been sent to the people behind this practice. They will "
                "answer you by email if they can."
            ),
        )
        return redirect(practice)
