"""Protocol pages: the public list and detail (with the pathway), the coordinators' forms."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from meetings import rules as meeting_rules
from meetings.views.meeting import errors_text
from practices import uploads
from practices.models import Practice
from stakeholders import submissions
from stakeholders.models import Sector
from stakeholders.pagination import LenientPaginationMixin
from stakeholders.permissions import CoordinatorRequiredMixin

from . import rules, services
from .filters import ProtocolFilter
from .forms import (
    ProtocolForm,
    SignatoryFormSet,
    StatusForm,
    StepFormSet,
    SuggestionAnswerForm,
    SuggestionForm,
    signatory_data,
    signatory_initial,
    step_data,
    step_initial,
)
from .models import Protocol, ProtocolSuggestion, Signatory, Step


class ProtocolListView(LenientPaginationMixin, FilterView):
    """Protocols the visitor may see, filtered by territory, kind, sector bound and status."""

    filterset_class = ProtocolFilter
    paginate_by = 20
    strict = False
    template_name = "protocols/protocol_list.html"

    def get_queryset(self):
        return rules.visible_to(self.request.user, Protocol.objects.for_list()).prefetch_related(
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related("organisation__sector"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = rules.can_create(self.request.user)
        return context


def pathway(steps):
    """The swimlane diagram: one lane per sector (in the sectors' order), one column per step;
    each lane lists a cell per column, holding the step or nothing."""
    lanes = {}
    for step in steps:
        sector = step.lane_sector
        lanes.setdefault(sector.pk, {"sector": sector, "cells": [None] * len(steps)})
    for column, step in enumerate(steps):
        lanes[step.lane_sector.pk]["cells"][column] = step
    return sorted(lanes.values(), key=lambda lane: (lane["sector"].position, lane["sector"].code))


def adopted_in(user, protocol):
    """The meeting whose decision adopted ``protocol``, if ``user`` may open it."""
    if protocol.adopted_by_id is None:
        return None
    meeting = protocol.adopted_by.meeting
    return meeting if meeting_rules.can_view(user, meeting) else None


class ProtocolMixin:
    def get_protocol(self, slug):
        protocol = get_object_or_404(
            Protocol.objects.select_related("territory", "adopted_by__meeting"), slug=slug
        )
        if not rules.can_view(self.request.user, protocol):
            raise Http404
        return protocol


class ProtocolDetailView(ProtocolMixin, View):
    def get(self, request, slug):
        protocol = self.get_protocol(slug)
        steps = list(
            Step.objects.filter(protocol=protocol).select_related(
                "responsible_organisation__sector", "responsible_sector"
            )
        )
        signatories = protocol.signatories.select_related("organisation__sector")
        can_edit = rules.can_edit(request.user, protocol)
        context = {
            **suggestions_context(request.user, protocol, can_edit),
            "protocol": protocol,
            "signatories": signatories,
            "sectors_bound": Sector.objects.filter(
                organisations__protocol_signatures__protocol=protocol
            ).distinct(),
            "steps": steps,
            "lanes": pathway(steps),
            "practices": protocol.practices.filter(status=Practice.Status.PUBLISHED),
            "revisions": rules.visible_to(request.user, protocol.revisions.all()),
            "supersedes": protocol.supersedes
            if protocol.supersedes_id and rules.can_view(request.user, protocol.supersedes)
            else None,
            # The adopting meeting is named only to those who may open it (it may be a
            # members-only meeting of the group).
            "adopted_in": protocol.adopted_by.meeting
            if protocol.adopted_by_id
            and meeting_rules.can_view(request.user, protocol.adopted_by.meeting)
            else None,
            "can_edit": can_edit,
            "status_form": StatusForm(initial={"status": protocol.status}) if can_edit else None,
        }
        return render(request, "protocols/protocol_detail.html", context)


def suggestions_context(user, protocol, can_edit, suggestion_form=None):
    """The proposed changes (for the territory's groups) and the forms to make and answer
    them; a revision also shows those made on the protocol it revises."""
    if not (can_edit or rules.can_read_suggestions(user, protocol)):
        return {"show_suggestions": False}
    about = [protocol.pk] + ([protocol.supersedes_id] if protocol.supersedes_id else [])
    suggestions = list(
        ProtocolSuggestion.objects.filter(protocol_id__in=about)
        .select_related("author", "responded_by", "protocol")
        .order_by("-created_at", "-pk")
    )
    can_suggest = rules.can_suggest(user, protocol)
    for suggestion in suggestions:
        suggestion.answer_form = (
            SuggestionAnswerForm(
                initial={"status": suggestion.status, "response": suggestion.response},
                prefix=f"s{suggestion.pk}",
            )
            if can_edit
            else None
        )
    return {
        "show_suggestions": True,
        "suggestions": suggestions,
        "suggestion_form": suggestion_form or (SuggestionForm() if can_suggest else None),
    }


class ProtocolDocumentView(ProtocolMixin, View):
    """The signed document, as a download under the protocol's visibility rules."""

    def get(self, request, slug):
        protocol = self.get_protocol(slug)
        if not protocol.document:
            raise Http404
        try:
            handle = protocol.document.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=protocol.document_type or "application/pdf")
        response["Content-Disposition"] = uploads.content_disposition(protocol.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class ProtocolFormMixin:
    template_name = "protocols/protocol_form.html"

    def forms(self, protocol=None):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        form = ProtocolForm(data, files, instance=protocol, user=self.request.user)
        signatories = SignatoryFormSet(
            data,
            prefix="signatories",
            initial=signatory_initial(protocol) if protocol else None,
        )
        steps = StepFormSet(
            data, prefix="steps", initial=step_initial(protocol) if protocol else None
        )
        return form, signatories, steps

    def show(self, form, signatories, steps, protocol=None):
        invalid = self.request.method == "POST"
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "signatories": signatories,
                "steps": steps,
                "protocol": protocol,
                "formsets_have_errors": any(
                    f.total_error_count() for f in (signatories, steps) if f.is_bound
                ),
                "error_formsets": [(signatories, _("Signatory")), (steps, _("Step"))],
            },
            status=400 if invalid else 200,
        )

    def save(self, form, signatories, steps, write):
        valid = form.is_valid() & signatories.is_valid() & steps.is_valid()
        if not valid:
            return None

        def run():
            return write(
                protocol=form.instance,
                signatories=signatory_data(signatories),
                steps=step_data(steps),
                practices=form.cleaned_data["practices"],
                document=form.cleaned_data.get("document_upload"),
                by=self.request.user,
            )

        try:
            if form.instance.pk is None:
                return self.once(form, run)
            return run()
        except ValidationError as error:
            form.add_error(None, error)
            return None


class ProtocolCreateView(
    CoordinatorRequiredMixin, submissions.OneTimeViewMixin, ProtocolFormMixin, View
):
    def get(self, request):
        return self.show(*self.forms())

    def post(self, request):
        form, signatories, steps = self.forms()
        try:
            protocol = self.save(form, signatories, steps, services.protocol_create)
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        if protocol is None:
            return self.show(form, signatories, steps)
        messages.success(request, _("The protocol has been recorded, in preparation."))
        return redirect(protocol)

    def fallback_url(self):
        return reverse("protocols:list")


class EditProtocolMixin(ProtocolMixin):
    def dispatch(self, request, slug, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.protocol = self.get_protocol(slug)
        if not rules.can_edit(request.user, self.protocol):
            raise PermissionDenied
        return super().dispatch(request, **kwargs)


class ProtocolUpdateView(EditProtocolMixin, ProtocolFormMixin, View):
    def get(self, request):
        return self.show(*self.forms(self.protocol), protocol=self.protocol)

    def post(self, request):
        form, signatories, steps = self.forms(self.protocol)
        protocol = self.save(form, signatories, steps, services.protocol_update)
        if protocol is None:
            return self.show(form, signatories, steps, protocol=self.protocol)
        messages.success(request, _("The protocol has been saved."))
        return redirect(protocol)


class ProtocolReviseView(EditProtocolMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        try:
            revision = services.protocol_revise(protocol=self.protocol, by=request.user)
        except ValidationError as error:
            messages.error(request, errors_text(error))
            return redirect(self.protocol)
        messages.success(
            request,
            _("A revision has been prepared. It supersedes this protocol once in force."),
        )
        return redirect("protocols:edit", slug=revision.slug)


class ProtocolStatusView(EditProtocolMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status from the list."))
            return redirect(self.protocol)
        try:
            services.protocol_set_status(
                protocol=self.protocol, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("The protocol's status has been changed."))
        return redirect(self.protocol)


class ProtocolSuggestView(ProtocolMixin, submissions.OneTimeViewMixin, View):
    """A member of the territory's groups proposes a change (the form is on the protocol's
    page; a refused one comes back here with what was written)."""

    http_method_names = ["post"]

    def dispatch(self, request, slug, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.protocol = self.get_protocol(slug)
        if not rules.can_suggest(request.user, self.protocol):
            raise PermissionDenied
        return super().dispatch(request, **kwargs)

    def post(self, request):
        form = SuggestionForm(request.POST)
        if form.is_valid():
            try:
                self.once(
                    form,
                    lambda: services.suggestion_create(
                        protocol=self.protocol, text=form.cleaned_data["text"], by=request.user
                    ),
                )
            except submissions.AlreadySent as sent:
                return self.already_sent(sent.target)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your proposed change has been sent to the coordinators of the "
                        "territory's groups."
                    ),
                )
                return redirect(self.protocol.get_absolute_url() + "#suggestions-heading")
        return render(
            request,
            "protocols/suggestion_form.html",
            {"protocol": self.protocol, "form": form},
            status=400,
        )

    def fallback_url(self):
        return self.protocol.get_absolute_url()


class SuggestionAnswerView(ProtocolMixin, View):
    """A coordinator of the territory answers a proposed change."""

    http_method_names = ["post"]

    def dispatch(self, request, slug, pk, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.protocol = self.get_protocol(slug)
        if not rules.can_edit(request.user, self.protocol):
            raise PermissionDenied
        # A revision's page answers the proposals made on the protocol it revises too.
        about = [self.protocol.pk] + (
            [self.protocol.supersedes_id] if self.protocol.supersedes_id else []
        )
        self.suggestion = get_object_or_404(ProtocolSuggestion, pk=pk, protocol_id__in=about)
        return super().dispatch(request, **kwargs)

    def post(self, request):
        form = SuggestionAnswerForm(request.POST, prefix=f"s{self.suggestion.pk}")
        if form.is_valid():
            try:
                services.suggestion_answer(
                    suggestion=self.suggestion,
                    status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer has been saved."))
                return redirect(
                    self.protocol.get_absolute_url() + f"#suggestion-{self.suggestion.pk}"
                )
        return render(
            request,
            "protocols/suggestion_answer.html",
            {"protocol": self.protocol, "suggestion": self.suggestion, "form": form},
            status=400,
        )
