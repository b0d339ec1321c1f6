from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from stakeholders import submissions
from stakeholders.models import Sector
from stakeholders.permissions import CoordinatorRequiredMixin
from stakeholders.request_context import client_ip

from . import services
from .forms import AcceptForm, DeclineForm, ProposalForm
from .models import Proposal


class ProposeView(View):
    """The public form: no account; a robot that fills the trap is answered as anyone
    else, and nothing is stored."""

    template_name = "proposals/propose.html"

    def render(self, form, status=200):
        context = {"form": form, "retention_days": settings.PROPOSAL_RETENTION_DAYS}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(ProposalForm())

    def post(self, request):
        form = ProposalForm(request.POST)
        if form.is_trap():
            return redirect("proposals:sent")
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            submissions.once(
                token=form.cleaned_data.get(submissions.FIELD, ""),
                user=request.user,
                create=lambda: services.proposal_request(
                    data=form.proposal_data(),
                    language=get_language(),
                    client=client_ip(request),
                ),
            )
        except submissions.AlreadySent:
            pass  # a double click: the first post sent the proposal
        except services.RateLimited as refused:
            form.add_error(None, str(refused.message))
            response = self.render(form, status=429)
            response["Retry-After"] = str(services.HOUR)
            return response
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, status=400)
        return redirect("proposals:sent")


class SentView(TemplateView):
    template_name = "proposals/sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm_days=settings.PROPOSAL_CONFIRM_DAYS, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link of the confirmation email: a page with a button (a mail scanner that opens
    links confirms nothing), whose POST confirms."""

    template_name = "proposals/confirm.html"

    def get(self, request, token):
        proposal = services.proposal_for_token(token)
        if proposal is None:
            error = _("This link is not valid: the proposal was deleted, or never existed.")
            return render(request, self.template_name, {"error": error}, status=404)
        return render(request, self.template_name, {"proposal": proposal})

    def post(self, request, token):
        try:
            proposal = services.proposal_confirm(token=token)
        except services.ConfirmationRefused as refused:
            status = 404 if refused.unknown else 400
            return render(request, self.template_name, {"error": refused.message}, status=status)
        return render(request, self.template_name, {"proposal": proposal, "confirmed": True})


def _with_sectors(queryset):
    return queryset.select_related("group").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("position", "code"))
    )


class QueueView(CoordinatorRequiredMixin, ListView):
    """The waiting proposals of the coordinator's groups (and those of no group yet)."""

    template_name = "proposals/queue.html"
    paginate_by = 50

    def get_queryset(self):
        return _with_sectors(Proposal.objects.queue_of(self.request.user)).defer(
            "description", "proposer_email"
        )


class ProposalMixin(CoordinatorRequiredMixin):
    """The proposal of the URL, if the coordinator reviews it; to others it does not exist."""

    def get_proposal(self, pk) -> Proposal:
        return get_object_or_404(
            _with_sectors(Proposal.objects.visible_to(self.request.user)).select_related(
                "decided_by", "practice"
            ),
            pk=pk,
        )

    def render_detail(self, proposal, *, accept_form=None, decline_form=None, status=200):
        user = self.request.user
        context = {
            "proposal": proposal,
            "accept_form": accept_form or AcceptForm(user=user, proposal=proposal),
            "decline_form": decline_form or DeclineForm(),
        }
        return render(self.request, "proposals/proposal_detail.html", context, status=status)


class DetailView(ProposalMixin, View):
    def get(self, request, pk):
        return self.render_detail(self.get_proposal(pk))


class AcceptView(ProposalMixin, View):
    def post(self, request, pk):
        proposal = self.get_proposal(pk)
        form = AcceptForm(request.POST, user=request.user, proposal=proposal)
        if not form.is_valid():
            return self.render_detail(proposal, accept_form=form, status=400)
        try:
            practice = services.proposal_accept(
                proposal=proposal,
                group=form.cleaned_data["group"],
                organisation=form.cleaned_data.get("organisation"),
                new_organisation=form.new_organisation(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_detail(proposal, accept_form=form, status=400)
        messages.success(
            request,
            _("The proposal is now a draft practice; the proposer has been told by email."),
        )
        return redirect(practice)


class DeclineView(ProposalMixin, View):
    def post(self, request, pk):
        proposal = self.get_proposal(pk)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_detail(proposal, decline_form=form, status=400)
        try:
            services.proposal_decline(
                proposal=proposal, message=form.cleaned_data["message"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_detail(proposal, decline_form=form, status=400)
        messages.success(request, _("The proposal is declined; the proposer has been told."))
        return redirect("proposals:queue")
