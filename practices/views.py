import logging
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from django_countries import countries

from glossary.lookup import mark_terms, terms_in
from stakeholders import submissions
from stakeholders.facets import ToggleLinks
from stakeholders.pagination import LenientPaginationMixin
from stakeholders.permissions import CoordinatorRequiredMixin, MemberRequiredMixin, roles
from stakeholders.request_context import client_ip

from . import compare, requirements, rules, services, uploads, versions
from .cache import cache_public_page
from .feeds import feed_query
from .filters import COLLABORATION, SORTS, Catalogue, headlines
from .forms import (
    AttachmentFormSet,
    ContactForm,
    ImprovementCommentForm,
    ImprovementForm,
    ImprovementResponseForm,
    LinkFormSet,
    PartnerFormSet,
    PracticeForm,
    ReferenceFormSet,
    TransitionForm,
    attachment_data,
    groups_for,
    link_data,
    partner_data,
    practice_data,
    practice_sections,
    reference_data,
)
from .index import CatalogueIndex, current_index
from .markdown import render_markdown
from .models import Attachment, Improvement, OldSlug, Partner, Practice, Reference

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- public catalogue


# What a catalogue card shows (its sectors come from the index: see PracticeListView).
CARD_FIELDS = (
    "slug", "title_fr", "title_en", "summary_fr", "summary_en", "evidence", "year_started",
    "published_at", "territory__name", "territory__country", "territory__slug",
)  # fmt: skip


def _choice_label(field, value):
    for key, label in getattr(field, "choices", []):
        if str(key) == str(value):
            return label
    return value


class PracticeListView(LenientPaginationMixin, ListView):
    """The public catalogue: facets with counts, full-text search, sorting."""

    template_name = "practices/practice_list.html"
    paginate_by = 20

    def get_queryset(self):
        queryset = Practice.objects.published().select_related("territory").only(*CARD_FIELDS)
        self.catalogue = Catalogue(self.request.GET, queryset)
        return self.catalogue.results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cat = self.catalogue
        page = context["object_list"]
        # Marked: the words of the query and of the equivalents searched with it.
        excerpts = headlines(page, " or ".join(cat.queries))
        sectors = cat.index.sectors_of([practice.pk for practice in page])
        for practice in page:
            practice.excerpt = excerpts.get(practice.pk)
            practice.card_sectors = sectors[practice.pk]
        context.update(
            filter=cat.filterset,
            q=cat.q,
            sort=cat.sort,
            sorts=SORTS,
            facets=self.facets(cat.facet_counts()),
            active_filters=self.active_labels(),
            can_create=rules.can_create(self.request.user),
            approximate_relevance=cat.approximate and cat.sort == "relevance",
            feed_query=feed_query(self.request.GET),
            also_searched=cat.also_searched,
            exact_url=self.search_url(exact="1"),
            suggestions=[
                {"text": text, "url": self.search_url(q=text, exact=None)}
                for text in cat.suggestions()
            ],
        )
        return context

    def search_url(self, **changes) -> str:
        """This page's query string with these parameters set (None: removed), page 1."""
        params = self.request.GET.copy()
        params.pop("page", None)
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        return "?" + params.urlencode()

    def facets(self, counts):
        """Each facet with its values, their counts and the URL that toggles them."""
        choices, active = self.catalogue.choices, self.catalogue.active
        country_names = dict(choices["country"])
        country_codes = sorted(set(counts["country"]) | {active.get("country")} - {None})
        facets = [
            ("sector", gettext_lazy("Sectors involved"), choices["sector"]),
            ("collaboration", gettext_lazy("Collaboration"), COLLABORATION),
            ("country", gettext_lazy("Country"),
             [(c, country_names.get(c) or countries.name(c)) for c in country_codes]),
            ("territory", gettext_lazy("Territory"), choices["territory"]),
            ("theme", gettext_lazy("Theme"), choices["theme"]),
            ("target", gettext_lazy("Target group"), choices["target"]),
            ("evidence", gettext_lazy("Evidence level"), list(Practice.Evidence.choices)),
            ("article", gettext_lazy("Convention article"), choices["article"]),
        ]  # fmt: skip
        links = ToggleLinks(self.request.GET)
        result = []
        for name, label, values in facets:
            chosen = active.get(name)
            chosen = {str(x) for x in chosen} if isinstance(chosen, list) else {str(chosen)}
            facet_counts = counts[name]
            items = []
            for value, item_label in values:
                is_chosen = str(value) in chosen
                items.append(
                    {
                        "value": value,
                        "label": item_label,
                        "count": facet_counts.get(value, 0),
                        "chosen": is_chosen,
                        "url": links.url(name, str(value), is_chosen, multiple=name == "sector"),
                    }
                )
            result.append({"name": name, "label": label, "items": items})
        return result

    def active_labels(self):
        """Each chosen filter with the URL that drops it."""
        labels, form = [], self.catalogue.filterset.form
        for name, value in self.catalogue.active.items():
            for item in value if isinstance(value, list) else [value]:
                query = self.request.GET.copy()
                query.setlist(name, [x for x in query.getlist(name) if x != str(item)])
                query.pop("page", None)
                labels.append(
                    {
                        "label": form.fields[name].label,
                        "value": item if name == "q" else _choice_label(form.fields[name], item),
                        "drop_url": "?" + query.urlencode(),
                    }
                )
        return labels


class CompareView(View):
    """Two to four published practices side by side (public; the address says which)."""

    template_name = "practices/compare.html"

    def get(self, request):
        comparison = compare.comparison_from(request.GET)
        words = (request.GET.get("add") or "").strip()[:200]
        found = compare.candidates(comparison, words)
        return render(
            request,
            self.template_name,
            {
                "comparison": comparison,
                "rows": comparison.rows() if comparison.practices else [],
                "words": words,
                "found": [(practice, comparison.adding(practice)) for practice in found],
                "removals_by_practice": [(p, comparison.without(p)) for p in comparison.practices],
                "minimum": compare.MIN,
                "maximum": compare.MAX,
            },
        )


# ---------------------------------------------------------------- one practice


class PracticeMixin:
    """Resolves the practice in the URL for the current user: 404 when they may not see it,
    a permanent redirect from an old slug (only for those who may see it)."""

    def dispatch(self, request, *args, slug, **kwargs):
        practice = (
            Practice.objects.select_related(
                "territory", "organisation", "group", "evidence_assessed_by"
            )
            .filter(slug=slug)
            .first()
        )
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
            practice = (
                Practice.objects.select_related(
                    "territory", "organisation", "group", "evidence_assessed_by"
                )
                .filter(pk=old.practice_id)
                .first()
            )
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


class PracticeDetailView(PracticeMixin, View):
    template_name = "practices/practice_detail.html"

    def get(self, request):
        practice = self.practice
        if practice.status == Practice.Status.PUBLISHED:
            # A published practice's vocabularies come from the catalogue index, without
            # a query (one for the version instead of four).
            current_index().prime_relations([practice])
        else:
            prefetch_related_objects([practice], *CatalogueIndex.LOOKUPS.values())
        prefetch_related_objects(
            [practice],
            "links",
            "attachments",
            "references",
            Prefetch(
                "partner_set",
                queryset=Partner.objects.select_related("organisation", "organisation__sector"),
            ),
        )
        user = request.user
        context = {
            "practice": practice,
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
        # Public: how many suggestions the practice took up (their texts are members').
        context["taken_up_count"] = practice.improvements.filter(
            status=Improvement.Status.TAKEN_UP
        ).count()
        if roles(user).is_member:
            improvements = list(suggestions_shown(practice.improvements.all()))
            for improvement in improvements:
                improvement.can_discuss = rules.can_discuss(user, improvement)
            # One query for the meetings, however many suggestions (none included).
            mark_agendas(
                user, improvements, items=agenda_items().filter(improvement__practice=practice)
            )
            context["improvements"] = improvements
            if rules.can_suggest_improvement(user, practice):
                context["improvement_form"] = ImprovementForm()
        if context["is_reviewer"] or rules.is_owner(user, practice):
            context["transitions"] = practice.transitions.select_related("by")
        return render(request, self.template_name, context)


def suggestions_shown(improvements):
    """What a list of suggestions shows of each: its author, who answered and how many
    messages its discussion has (the meetings: ``mark_agendas``)."""
    return improvements.select_related("author", "responded_by", "practice").annotate(
        comment_count=Count("comments")
    )


def agenda_items():
    """The agenda items (meetings.AgendaItem), reached through the suggestions' reverse
    relation: practices does not import meetings."""
    return Improvement._meta.get_field("agenda_items").related_model.objects


def mark_agendas(user, improvements, items=None) -> None:
    """Give each suggestion ``agenda``: the meetings whose agenda it is on (from ``items``,
    by default those of these suggestions; one query), each with whether ``user`` may open
    the meeting (meetings.rules.can_view)."""
    improvements = list(improvements)
    if items is None:
        items = agenda_items().filter(improvement__in=[i.pk for i in improvements])
    from meetings.rules import can_view  # meetings imports practices: not at the top

    meetings = defaultdict(list)
    for item in items.select_related("meeting").order_by("meeting__starts_at", "pk"):
        meetings[item.improvement_id].append(item.meeting)
    for improvement in improvements:
        improvement.agenda = [
            {"meeting": meeting, "visible": can_view(user, meeting)}
            for meeting in meetings[improvement.pk]
        ]


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


# ---------------------------------------------------------------- member forms


class PracticeEditMixin:
    """Create or edit a practice with its partners, links and attachments, all or nothing.

    A hidden version number catches a concurrent edit: the second saver sees a conflict
    and keeps their text.
    """

    template_name = "practices/practice_form.html"

    def forms(self, practice, data=None, files=None):
        prefix_kwargs = {"data": data, "files": files, "instance": practice}
        form = PracticeForm(data, instance=practice, groups=groups_for(self.request.user))
        partners = PartnerFormSet(prefix="partners", **prefix_kwargs)
        if practice.pk is None and data is None:
            organisation = self.request.user.person.organisation
            partners = PartnerFormSet(
                prefix="partners",
                instance=practice,
                initial=[{"organisation": organisation, "role": Partner.Role.LEAD}],
            )
        links = LinkFormSet(prefix="links", **prefix_kwargs)
        attachments = AttachmentFormSet(prefix="attachments", **prefix_kwargs)
        references = ReferenceFormSet(prefix="references", **prefix_kwargs)
        return form, [partners, links, attachments, references]

    def render_forms(self, practice, form, formsets, *, preview=None, status=200):
        draft = requirements.Draft.of_forms(form, formsets[0], formsets[3])
        context = {
            "practice": practice,
            "form": form,
            "partners": formsets[0],
            "links": formsets[1],
            "attachments": formsets[2],
            "references": formsets[3],
            # Errors of the rows too in the summary at the top (includes/form_errors.html).
            "error_formsets": list(
                zip(
                    formsets,
                    [_("Partner"), _("Link"), _("Attachment"), _("Reference")],
                    strict=True,
                )
            ),
            "formsets_have_errors": any(f.is_bound and f.total_error_count() for f in formsets),
            "preview": preview,
            "sections": practice_sections(
                draft, links=formsets[1], attachments=formsets[2], form=form
            ),
            "missing": requirements.missing(draft),
            "partners_mark": requirements.marks()["partners"],
            "references_mark": requirements.marks()["references"],
            "is_owner": practice.pk is None or rules.is_owner(self.request.user, practice),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        practice = self.get_practice()
        form, formsets = self.forms(practice)
        return self.render_forms(practice, form, formsets)

    def post(self, request, *args, **kwargs):
        practice = self.get_practice()
        form, formsets = self.forms(practice, request.POST, request.FILES)
        # Validate everything (no short-circuit) so that every error shows at once.
        form_valid = form.is_valid()
        formsets_valid = [formset.is_valid() for formset in formsets]
        valid = form_valid and all(formsets_valid)
        if "preview" in request.POST:
            # The description in the page's language, else the one written; none when it is
            # beyond the Markdown limits (the form says so).
            names = [f"description_{get_language()}", "description_fr", "description_en"]
            name = next((n for n in names if request.POST.get(n)), None)
            preview = None
            if name and name not in form.errors:
                preview = render_markdown(request.POST[name])
            return self.render_forms(practice, form, formsets, preview=preview)
        if not valid:
            if "submit" in request.POST:
                # One round: what submission needs comes with the form's own errors.
                self.add_missing(form, formsets[0], formsets[3])
            return self.render_forms(practice, form, formsets, status=400)
        try:
            practice = self.save(practice, form, formsets)
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        except services.EditConflict as conflict:
            form.add_error(None, services.EditConflict.message)
            data = request.POST.copy()
            data["version"] = conflict.current_version
            form.data = data
            return self.render_forms(practice, form, formsets, status=409)
        except ValidationError as error:
            # A rule of the service the form does not know: a practice under review or
            # published must keep what it needed to get there (services.practice_save).
            return self.refused(error, status=400)
        except OSError as error:
            if not uploads.is_disk_full(error):
                raise
            logger.error("An uploaded document could not be stored, the storage is full: %s", error)
            return self.refused(ValidationError(uploads.STORAGE_FULL), status=507)
        if "submit" in request.POST:
            try:
                services.practice_transition(
                    practice=practice,
                    action="submit",
                    by=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                messages.warning(
                    request,
                    _("The practice is saved but not submitted yet.") + " " + " ".join(reasons),
                )
                return redirect("practices:update", slug=practice.slug)
            messages.success(request, _("Practice submitted for review."))
        else:
            messages.success(request, _("Practice saved."))
        return redirect(practice)

    def add_missing(self, form, partners, references):
        """Each requirement of submission not met by what was sent, as an error on its
        first field (a formset's at the top of the form)."""
        draft = requirements.Draft.of_forms(form, partners, references)
        for requirement in requirements.missing(draft):
            message = _("Before submitting, add: %(item)s.") % {"item": requirement.message}
            name = requirement.fields[0]
            if name in form.fields and name not in form.errors:
                form.add_error(name, message)
            elif name not in form.fields:
                form.add_error(None, message)

    def refused(self, error: ValidationError, *, status: int):
        """The save was rolled back and its files removed (services.practice_save): the
        form again, as it was sent, saying why."""
        if getattr(self, "practice", None) is not None:
            self.practice.refresh_from_db()  # undo what the failed save changed in memory
        practice = self.get_practice()
        form, formsets = self.forms(practice, self.request.POST, self.request.FILES)
        form.is_valid()
        for formset in formsets:
            formset.is_valid()
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages_ in errors.items():
            form.add_error(name if name in form.fields else None, messages_)
        return self.render_forms(practice, form, formsets, status=status)

    def save(self, practice, form, formsets):
        partners, links, attachments, references = formsets
        return services.practice_save(
            practice=form.instance,
            data=practice_data(form),
            partners=partner_data(partners),
            links=link_data(links),
            attachments=attachment_data(attachments),
            references=reference_data(references),
            by=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )


class PracticeCreateView(
    MemberRequiredMixin, submissions.OneTimeViewMixin, PracticeEditMixin, View
):
    def dispatch(self, request, *args, **kwargs):
        # Members of no group are refused (403) by MemberRequiredMixin; staff without an
        # organisation are told why they cannot add one.
        if roles(request.user).is_member and not rules.can_create(request.user):
            messages.error(
                request,
                _("Only members linked to an organisation can add practices."),
            )
            return redirect("practices:list")
        return super().dispatch(request, *args, **kwargs)

    def get_practice(self):
        r = roles(self.request.user)
        return Practice(organisation_id=r.organisation_id, created_by=self.request.user)

    def save(self, practice, form, formsets):
        return self.once(
            form,
            lambda: super(PracticeCreateView, self).save(practice, form, formsets),
        )

    def fallback_url(self):
        return reverse("practices:mine")


class PracticeUpdateView(MemberRequiredMixin, PracticeMixin, PracticeEditMixin, View):
    def get_practice(self):
        if not rules.can_edit(self.request.user, self.practice):
            raise PermissionDenied(_("This practice cannot be edited by you in its current state."))
        return self.practice


class MyPracticesView(MemberRequiredMixin, ListView):
    """Every practice of the member's organisation, and those a coordinator created for an
    organisation with nobody on the portal yet (a draft made from a proposal: see
    rules.is_owner), whatever its state, with what to do next."""

    template_name = "practices/my_practices.html"

    def get_queryset(self):
        r = roles(self.request.user)
        return (
            Practice.objects.filter(
                Q(organisation_id=r.organisation_id) | rules.stewarded_by(self.request.user)
            )
            .for_cards()
            .in_work_order()
        )


class ReviewQueueView(CoordinatorRequiredMixin, ListView):
    """Submitted practices of the coordinator's groups, oldest first."""

    template_name = "practices/review_queue.html"

    def get_queryset(self):
        user = self.request.user
        return (
            rules.with_authorship(Practice.objects.awaiting_review_by(user), user)
            .for_cards()
            .select_related("organisation", "group")
            .prefetch_related(
                Prefetch("partner_set", queryset=Partner.objects.select_related("organisation"))
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publish = services.ACTIONS["publish"]
        for practice in context["object_list"]:
            practice.publish_refusal = services.refusal(self.request.user, practice, publish)
        return context


class TransitionView(MemberRequiredMixin, PracticeMixin, View):
    """Confirm and apply a step of the review workflow (with a note when needed)."""

    template_name = "practices/transition_form.html"

    def get_action(self, action):
        step = services.ACTIONS.get(action)
        if step is None:
            raise Http404
        return step

    def get(self, request, action):
        step = self.get_action(action)
        # The confirmation page only for whoever may take the step now.
        refused = services.refusal(request.user, self.practice, step)
        if refused:
            if self.practice.status not in step.sources:
                messages.error(request, refused)
                return redirect(self.practice)
            if rules.can_review(request.user, self.practice):
                # A reviewer held back by a rule (four eyes) is told which one.
                context = {"practice": self.practice, "step": step, "reason": refused}
                return render(request, self.template_name, context, status=403)
            raise PermissionDenied(refused)
        form = TransitionForm(step=step, practice=self.practice)
        return render(
            request, self.template_name, {"practice": self.practice, "step": step, "form": form}
        )

    def post(self, request, action):
        step = self.get_action(action)
        form = TransitionForm(request.POST, step=step, practice=self.practice)
        if form.is_valid():
            try:
                services.practice_transition(
                    practice=self.practice,
                    action=step.name,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data.get("evidence"),
                    rationale=form.cleaned_data.get("rationale"),
                )
            except ValidationError as error:
                errors = (
                    error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                )
                for name, messages_ in errors.items():
                    if name not in form.fields:
                        name = "note" if step.needs_note else None
                    for message in messages_:
                        form.add_error(name, message)
            except PermissionDenied as refusal:
                messages.error(request, str(refusal))
                return redirect(self.practice)
            else:
                done = {
                    "submit": _("Practice submitted for review."),
                    "publish": _("Practice published."),
                    "request_changes": _("Changes requested: the authors have been told."),
                    "archive": _("Practice archived."),
                }
                messages.success(request, done[step.name])
                if step.name == "submit" or rules.can_view(request.user, self.practice):
                    return redirect(self.practice)
                return redirect("practices:review")
        return render(
            request,
            self.template_name,
            {"practice": self.practice, "step": step, "form": form},
            status=400,
        )


# ---------------------------------------------------------------- improvements


class ImprovementCreateView(MemberRequiredMixin, PracticeMixin, submissions.OneTimeViewMixin, View):
    def post(self, request):
        if not rules.can_suggest_improvement(request.user, self.practice):
            raise PermissionDenied
        form = ImprovementForm(request.POST)
        if form.is_valid():
            try:
                self.once(
                    form,
                    lambda: services.improvement_create(
                        practice=self.practice, author=request.user, text=form.cleaned_data["text"]
                    ),
                )
            except submissions.AlreadySent:
                return self.already_sent(None)
            messages.success(
                request, _("Thank you: your suggestion has been sent to the coordinators.")
            )
        else:
            messages.error(
                request, _("Write your suggestion before sending it (at most 5,000 characters).")
            )
        return redirect(self.fallback_url())

    def fallback_url(self):
        return reverse("practices:detail", args=[self.practice.slug]) + "#improvements"

    def earlier_url(self, target):
        # Sent twice: back to the suggestions of the practice, as after the first time.
        return self.fallback_url()


class ImprovementMixin(MemberRequiredMixin, PracticeMixin):
    """The suggestion in the URL, under its own practice (404 elsewhere)."""

    def get_improvement(self, pk):
        improvement = get_object_or_404(
            Improvement.objects.select_related("author", "responded_by"),
            pk=pk,
            practice=self.practice,
        )
        improvement.practice = self.practice
        return improvement

    def detail_url(self, improvement, anchor=""):
        return (
            reverse("practices:improvement_detail", args=[self.practice.slug, improvement.pk])
            + anchor
        )


class ImprovementRespondView(ImprovementMixin, View):
    def post(self, request, pk):
        if not rules.can_review(request.user, self.practice):
            raise PermissionDenied
        improvement = self.get_improvement(pk)
        form = ImprovementResponseForm(request.POST, instance=improvement)
        if form.is_valid():
            try:
                services.improvement_answer(
                    improvement=improvement,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    by=request.user,
                    version=form.cleaned_data.get("taken_up_in_version"),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your answer has been saved."))
        elif "status" in form.errors:
            messages.error(request, _("Choose a valid status for the suggestion."))
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        if request.POST.get("back") == "detail":
            return redirect(self.detail_url(improvement))
        return redirect(reverse("practices:detail", args=[self.practice.slug]) + "#improvements")


class ImprovementDetailView(ImprovementMixin, View):
    """A suggestion with its answer and its discussion, for those who may read it; its
    coordinators answer it and put it on the next meeting's agenda from here."""

    template_name = "practices/improvement_detail.html"

    def get(self, request, pk):
        improvement = self.get_improvement(pk)
        if not rules.can_discuss(request.user, improvement):
            raise PermissionDenied(
                _("Only members of the practice's working group can read this discussion.")
            )
        return self.render(improvement, ImprovementCommentForm())

    def render(self, improvement, comment_form, status=200):
        user = self.request.user
        improvement = suggestions_shown(Improvement.objects.filter(pk=improvement.pk)).get()
        improvement.practice = self.practice
        mark_agendas(user, [improvement])
        is_reviewer = rules.can_review(user, self.practice)
        context = {
            "practice": self.practice,
            "improvement": improvement,
            "comments": improvement.comments.select_related("author"),
            "max_comments": Improvement.MAX_COMMENTS,
            "comment_form": comment_form
            if rules.can_comment(user, improvement)
            and improvement.comment_count < Improvement.MAX_COMMENTS
            else None,
            "is_reviewer": is_reviewer,
        }
        if is_reviewer:
            current = self.practice.version
            context["answer_form"] = ImprovementResponseForm(
                instance=improvement,
                versions=services.taken_up_versions(improvement, current),
                default_version=services.default_taken_up_version(improvement, current),
            )
        return render(self.request, self.template_name, context, status=status)


class ImprovementCommentView(ImprovementDetailView):
    """Write in a suggestion's discussion (POST only; the page again, with the errors)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        improvement = self.get_improvement(pk)
        if not rules.can_discuss(request.user, improvement):
            raise PermissionDenied
        form = ImprovementCommentForm(request.POST)
        if form.is_valid():
            try:
                services.improvement_comment_add(
                    improvement=improvement, author=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your message has been added to the discussion."))
                return redirect(self.detail_url(improvement, "#discussion"))
        return self.render(improvement, form, status=400)


class ImprovementQueueView(CoordinatorRequiredMixin, LenientPaginationMixin, ListView):
    """The suggestions on the practices of the coordinator's groups (all for staff): the
    open ones oldest first, or those taken up or declined, the latest answered first."""

    template_name = "practices/improvement_queue.html"
    paginate_by = 25

    def get_queryset(self):
        statuses = Improvement.Status.values
        wanted = self.request.GET.get("status")
        self.status = wanted if wanted in statuses else Improvement.Status.OPEN
        mine = Improvement.objects.reviewable_by(self.request.user)
        self.counts = dict(
            mine.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        if self.status == Improvement.Status.OPEN:
            queryset = mine.waiting_for(self.request.user)
        else:
            queryset = mine.filter(status=self.status).order_by("-responded_at", "-pk")
        return suggestions_shown(queryset).select_related("practice__group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mark_agendas(self.request.user, context["object_list"])
        context["status"] = self.status
        context["status_label"] = Improvement.Status(self.status).label
        context["filters"] = [
            {
                "value": value,
                "label": label,
                "count": self.counts.get(value, 0),
                "chosen": value == self.status,
                "url": "?status=" + value,
            }
            for value, label in Improvement.Status.choices
        ]
        return context


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


class EvidenceCriteriaView(TemplateView):
    """How evidence levels are assigned: the criteria, for everyone."""

    template_name = "practices/evidence_criteria.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=Practice.Evidence, reference_kinds=Reference.Kind, **kwargs
        )
