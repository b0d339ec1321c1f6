"""Members add and edit practices; coordinators review them."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import (
    Http404,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from stakeholders import submissions
from stakeholders.permissions import CoordinatorRequiredMixin, MemberRequiredMixin, roles

from .. import requirements, rules, services, uploads
from ..forms import (
    AttachmentFormSet,
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
from ..markdown import render_markdown
from ..models import Partner, Practice
from .practice import PracticeMixin

logger = logging.getLogger(__name__)


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
