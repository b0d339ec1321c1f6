"""Suggestions to improve a published practice: made, discussed, answered, put on an
agenda; the coordinators' queue."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from stakeholders import submissions
from stakeholders.pagination import LenientPaginationMixin
from stakeholders.permissions import CoordinatorRequiredMixin, MemberRequiredMixin

from .. import rules, services
from ..forms import (
    ImprovementCommentForm,
    ImprovementForm,
    ImprovementResponseForm,
)
from ..models import Improvement
from .practice import PracticeMixin, mark_agendas, suggestions_shown

logger = logging.getLogger(__name__)


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
