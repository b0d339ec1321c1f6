"""A person's own account and data: *My account* (their record, language and reminders),
*My data* (download it, or have it erased), and a coordinator removing a person (their
personal data erased everywhere: stakeholders.privacy)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import audit, permissions, privacy, services
from .forms import EraseForm, OwnRecordForm, ReminderPreferencesForm
from .models import AuditEvent, Person


class AccountView(LoginRequiredMixin, View):
    """The portal's own account page: the member's own record and preferred language, and
    the ways to their email address, password, two-factor authentication and data."""

    template_name = "stakeholders/account.html"

    def form(self, data=None):
        user = self.request.user
        person = Person.objects.filter(user=user).select_related("organisation").first()
        initial = {"language": user.language}
        if person is not None:
            initial.update(
                job_title=person.job_title, phone=person.phone, languages=person.languages
            )
        form = OwnRecordForm(data, initial=initial)
        if person is None:
            # Staff without a person record choose only their language.
            for name in ("job_title", "phone", "languages"):
                del form.fields[name]
        return person, form

    def render(self, person, form, status=200, reminders_form=None):
        context = {
            "person": person,
            "form": form,
            "reminders_form": reminders_form or ReminderPreferencesForm.for_user(self.request.user),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(*self.form())

    def post(self, request):
        person, form = self.form(request.POST)
        if not form.is_valid():
            return self.render(person, form, status=400)
        try:
            services.own_record_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(person, form, status=400)
        messages.success(request, _("Your details have been saved."))
        return redirect("account")


class AccountRemindersView(AccountView):
    """The reminders part of *My account*: which reminders the member gets (their own
    choice only: the form acts on the logged-in account, whatever it is sent)."""

    def get(self, request):
        return redirect(reverse("account") + "#reminders-heading")

    def post(self, request):
        reminders_form = ReminderPreferencesForm.for_user(request.user, request.POST)
        if not reminders_form.is_valid():
            return self.render(*self.form(), status=400, reminders_form=reminders_form)
        try:
            services.reminder_preferences_update(
                user=request.user, wanted=reminders_form.cleaned_data["wanted"]
            )
        except ValidationError as error:
            reminders_form.add_error(None, error)
            return self.render(*self.form(), status=400, reminders_form=reminders_form)
        messages.success(request, _("Your reminder choices have been saved."))
        return redirect(reverse("account") + "#reminders-heading")


class MyDataView(LoginRequiredMixin, View):
    """A member's own personal data: download it as JSON, or have it erased."""

    template_name = "stakeholders/my_data.html"

    def get(self, request):
        if request.GET.get("format") == "json":
            audit.record(AuditEvent.Action.DATA_EXPORTED, actor=request.user)
            payload = json.dumps(privacy.personal_data(request.user), ensure_ascii=False, indent=2)
            response = HttpResponse(payload, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="lanzarote-my-data.json"'
            return response
        return render(request, self.template_name, {"form": EraseForm(user=request.user)})

    def post(self, request):
        form = EraseForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        logout(request)
        privacy.erase_own_account(user=user)
        messages.success(request, _("Your account and your personal data have been erased."))
        return redirect("home")


class PersonRemoveView(LoginRequiredMixin, View):
    """A coordinator removes a person: their personal data is erased everywhere."""

    template_name = "stakeholders/person_remove.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = get_object_or_404(
                Person.objects.select_related("organisation", "user"),
                pk=kwargs["pk"],
                erased_at__isnull=True,
            )
            if self.person.user_id == request.user.pk:
                messages.info(request, _("To erase your own data, use “My data”."))
                return redirect("my_data")
            # Not a coordinator's or staff's account, nor someone another group also has.
            if not permissions.can_change_account_of(request.user, self.person):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {"person": self.person})

    def post(self, request, pk):
        organisation = self.person.organisation
        name = self.person.full_name
        privacy.erase_person(person=self.person, by=request.user)
        messages.success(
            request, _("%(name)s has been removed and their personal data erased.") % {"name": name}
        )
        return redirect(organisation)
