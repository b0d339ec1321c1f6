from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView

from practices import rules
from practices.models import Practice
from stakeholders.permissions import MemberRequiredMixin
from stakeholders.request_context import client_ip

from . import follows, services
from .filters import MAX_QUERY_LENGTH, describe, saved_filter
from .forms import SubscriptionForm
from .models import Follow, Subscription


class SubscribeView(View):
    """Subscribe by email to the catalogue's results for the filter of the query string
    (GET, from the catalogue page) or of the form (POST)."""

    template_name = "subscriptions/subscribe.html"

    def render(self, form, *, query, dropped=(), refused="", status=200):
        context = {
            "form": form,
            "description": describe(query),
            "query": query,
            "dropped": dropped,
            "refused": refused,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if len(raw) > MAX_QUERY_LENGTH:
            form = SubscriptionForm(initial={"language": get_language()})
            refused = _("This filter is too long to be saved.")
            return self.render(form, query="", refused=refused, status=400)
        saved = saved_filter(request.GET)
        form = SubscriptionForm(initial={"language": get_language(), "query": saved.query})
        return self.render(form, query=saved.query, dropped=saved.errors)

    def post(self, request):
        form = SubscriptionForm(request.POST)
        if not form.is_valid():
            query = form.cleaned_data.get("query", "")
            return self.render(form, query=query, status=400)
        query = form.cleaned_data["query"]
        try:
            services.subscription_request(**form.cleaned_data, client=client_ip(request))
        except services.RateLimited as refused:
            form.add_error(None, str(refused.message))
            response = self.render(form, query=query, status=429)
            response["Retry-After"] = str(services.HOUR)
            return response
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, query=query, status=400)
        # The same answer whether or not the address was already subscribed.
        return redirect("subscriptions:requested")


class RequestedView(TemplateView):
    template_name = "subscriptions/requested.html"


# The confirmation and unsubscribe pages show an email address: never kept by a cache.
@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link of the confirmation email: a page with a button (a mail scanner that opens
    links confirms nothing), whose POST confirms."""

    template_name = "subscriptions/confirm.html"

    def get(self, request, token):
        subscription = Subscription.objects.filter(token=token).first()
        if subscription is None:
            context = {
                "error": _(
                    "This link is not valid: the subscription was cancelled, or never existed."
                )
            }
            return render(request, self.template_name, context, status=404)
        context = {"subscription": subscription, "description": describe(subscription.query)}
        return render(request, self.template_name, context)

    def post(self, request, token):
        try:
            subscription = services.subscription_confirm(token=token)
        except services.ConfirmationRefused as refused:
            status = 404 if refused.unknown else 400
            return render(request, self.template_name, {"error": refused.message}, status=status)
        context = {
            "subscription": subscription,
            "description": describe(subscription.query),
            "confirmed": True,
        }
        return render(request, self.template_name, context)


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """Unsubscribe: a GET shows a button; a POST deletes the subscription. The POST needs no
    CSRF token: mail programs send it themselves (RFC 8058 one-click, announced by the
    ``List-Unsubscribe-Post`` header), and all it can do is delete the subscription whose
    secret token is in the address."""

    template_name = "subscriptions/unsubscribe.html"

    def get(self, request, token):
        subscription = Subscription.objects.filter(token=token).first()
        context = {"subscription": subscription}
        if subscription is not None:
            context["description"] = describe(subscription.query)
        return render(request, self.template_name, context, status=200 if subscription else 404)

    def post(self, request, token):
        services.subscription_delete(token=token)
        # Done, or already done: either way the address receives nothing more.
        return render(request, self.template_name, {"unsubscribed": True})


class FollowingView(MemberRequiredMixin, ListView):
    """The practices the member follows, with a button to stop."""

    template_name = "subscriptions/following.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Follow.objects.filter(user=self.request.user)
            .select_related("practice", "practice__organisation")
            .defer(*(f"practice__{name}" for name in Practice.TEXT_FIELDS))
        )


class FollowView(MemberRequiredMixin, View):
    """Follow or unfollow a practice (POST ``action`` = follow / unfollow)."""

    def post(self, request, slug):
        practice = get_object_or_404(Practice.objects.select_related("organisation"), slug=slug)
        if not rules.can_view(request.user, practice):
            raise Http404
        action = request.POST.get("action")
        if action == "follow":
            follows.follow(user=request.user, practice=practice)
            messages.success(
                request,
                _(
                    "You follow this practice: you will receive an email when it changes, "
                    "and about its suggestions."
                ),
            )
        elif action == "unfollow":
            follows.unfollow(user=request.user, practice=practice)
            messages.success(request, _("You no longer follow this practice."))
        else:
            messages.error(request, _("Unknown action."))
            return redirect(practice)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect(practice)
