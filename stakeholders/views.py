from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import slug_re
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    UpdateView,
)
from django_filters.views import FilterView

from practices.cache import cache_public_page

from . import permissions, services, submissions
from .facets import (
    directory_count,
    directory_facets,
    directory_memo,
    render_cards,
    render_facets,
)
from .filters import OrganisationFilter
from .forms import (
    GroupOrganisationForm,
    InvitationForm,
    OrganisationForm,
    PersonForm,
    RoleForm,
    SetPasswordForm,
)
from .models import Membership, Organisation, Person, WorkingGroup
from .pagination import LenientPaginationMixin
from .widgets import suggestions, where

User = get_user_model()


class OrganisationSuggestView(View):
    """At most ten organisations of the directory for a name being typed (``q``), as JSON:
    the suggestions of the forms' organisation fields (stakeholders.widgets, read by
    static/js/site.js). The directory is public; so is this. A name is cut at the
    length a field accepts and matched among the directory's names, read once per state
    of the catalogue (``DirectoryNames``); one query reads the ten organisations found."""

    def get(self, request):
        found = suggestions(request.GET.get("q", ""))
        results = [{"id": o.pk, "label": str(o), "where": where(o)} for o in found]
        response = JsonResponse({"results": results})
        response["Cache-Control"] = "no-store"
        return response


@method_decorator(cache_public_page, name="dispatch")
class OrganisationListView(LenientPaginationMixin, FilterView):
    """The public directory of organisations. Its counts (the number listed and each
    facet's) are kept per catalogue version (stakeholders.facets.kept), its facet links
    and cards written in Python, and the whole page kept for anonymous visitors."""

    filterset_class = OrganisationFilter
    paginate_by = 24
    strict = False  # an unknown filter value is reported on the form and ignored
    template_name = "stakeholders/organisation_list.html"

    def get_queryset(self):
        return Organisation.objects.select_related("sector", "territory").only(
            "name",
            "acronym",
            "slug",
            "kind",
            "sector__code",
            "sector__name_fr",
            "sector__name_en",
            "sector__name",
            "territory__country",
            "territory__name",
            "territory__slug",
        )

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # Paginator.count is a cached property: the count kept replaces the COUNT query.
        self.memo = directory_memo()
        paginator.count = directory_count(self.filterset, self.memo)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = permissions.roles(self.request.user).is_coordinator
        context["facets"], context["active_filters"] = directory_facets(
            self.request.GET, self.filterset, self.get_queryset(), self.memo
        )
        context["facets_html"] = render_facets(context["facets"])
        context["cards"] = render_cards(context["object_list"], self.memo)
        context["q"] = getattr(self.filterset.form, "cleaned_data", {}).get("q") or ""
        return context


class OrganisationDetailView(DetailView):
    model = Organisation
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Organisation.objects.select_related("sector", "territory").prefetch_related(
            "working_groups"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Named people are personal data: members only, never the public.
        if permissions.can_see_people(user):
            context["people"] = self.object.people.filter(erased_at__isnull=True).order_by(
                "last_name", "first_name"
            )
        context["can_edit"] = permissions.can_manage_organisation(user, self.object)
        # Only the people this coordinator manages get an edit link (some may be managed by
        # another group: stakeholders.permissions).
        context["editable_people"] = (
            set(
                permissions.managed_people(user)
                .filter(organisation=self.object)
                .values_list("pk", flat=True)
            )
            if permissions.roles(user).is_coordinator
            else set()
        )
        return context


class OrganisationCreateView(
    permissions.CoordinatorRequiredMixin, submissions.OneTimeViewMixin, CreateView
):
    model = Organisation
    form_class = OrganisationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["groups"] = permissions.coordinated_groups(self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            self.object = self.once(
                form,
                lambda: services.organisation_create(
                    organisation=form.save(commit=False),
                    group=form.cleaned_data.get("group"),
                    by=self.request.user,
                ),
            )
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        messages.success(self.request, _("The organisation has been added to the directory."))
        return redirect(self.object)

    def fallback_url(self):
        return reverse("stakeholders:organisation_list")


class OrganisationUpdateView(permissions.CoordinatorRequiredMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm

    def get_object(self, queryset=None):
        organisation = super().get_object(queryset)
        if not permissions.can_manage_organisation(self.request.user, organisation):
            raise PermissionDenied
        return organisation

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["groups"] = permissions.coordinated_groups(self.request.user)
        return kwargs

    def form_valid(self, form):
        self.object = services.organisation_update(
            organisation=form.save(commit=False), changed=form.changed_data, by=self.request.user
        )
        messages.success(self.request, _("The organisation has been saved."))
        return redirect(self.object)


class GroupListView(ListView):
    """Working groups, territory by territory."""

    model = WorkingGroup
    template_name = "stakeholders/group_list.html"

    def get_queryset(self):
        return WorkingGroup.objects.select_related("territory").annotate(
            organisation_count=Count("organisations")
        )


class GroupDetailView(DetailView):
    """A working group: its organisations for everyone, its members for its members."""

    model = WorkingGroup
    template_name = "stakeholders/group_detail.html"

    def get_queryset(self):
        return WorkingGroup.objects.select_related("territory").prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.select_related("sector").order_by(
                    "sector__position", "name"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, group = self.request.user, self.object
        can_coordinate = permissions.can_coordinate_group(user, group)
        if permissions.can_see_group_members(user, group):
            context["memberships"] = group.memberships.select_related(
                "person", "person__organisation"
            ).order_by("person__last_name", "person__first_name")
        if can_coordinate:
            context["add_organisation_form"] = GroupOrganisationForm(group=group)
            context["invitations"] = group.invitations.pending().select_related("person")
            context["role_choices"] = Membership.Role.choices
        context["can_coordinate"] = can_coordinate
        return context


class GroupCoordinatorMixin(permissions.CoordinatorRequiredMixin):
    """Resolves ``self.group`` from the URL; only its coordinators (and staff) get in."""

    def dispatch(self, request, *args, **kwargs):
        self.group = get_object_or_404(WorkingGroup, slug=kwargs["slug"])
        if request.user.is_authenticated and not permissions.can_coordinate_group(
            request.user, self.group
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class InviteView(GroupCoordinatorMixin, submissions.OneTimeViewMixin, FormView):
    form_class = InvitationForm
    template_name = "stakeholders/invitation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation_days=settings.INVITATION_VALID_DAYS, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = self.once(
                form,
                lambda: services.invitation_create(
                    group=self.group,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    organisation=data["organisation"],
                    role=data["role"],
                    by=self.request.user,
                    # The inviter's choice, else the language of the page they invite from.
                    invitee_language=data["language"] or get_language(),
                ),
            )
        except submissions.AlreadySent:
            return self.already_sent(None)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if result.added_directly:
            messages.success(
                self.request,
                _("%(email)s already has an account and has been added to the group.")
                % {"email": data["email"]},
            )
        else:
            messages.success(
                self.request,
                _("An invitation has been sent to %(email)s.") % {"email": data["email"]},
            )
        return redirect(self.group)

    def fallback_url(self):
        return self.group.get_absolute_url()


class MembershipRoleView(GroupCoordinatorMixin, View):
    """Change a member's role (POST only)."""

    def post(self, request, slug, pk):
        membership = get_object_or_404(Membership, pk=pk, group=self.group)
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid role."))
            return redirect(self.group)
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if membership.role == Membership.Role.COORDINATOR:
                message = _("%(person)s now coordinates the working group.")
            else:
                message = _("%(person)s is now a member without the coordinator role.")
            messages.success(request, message % {"person": membership.person})
        return redirect(self.group)


class MembershipRemoveView(GroupCoordinatorMixin, View):
    def post(self, request, slug, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("person"), pk=pk, group=self.group
        )
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(person)s has left the working group.") % {"person": membership.person},
            )
        return redirect(self.group)


class GroupOrganisationAddView(GroupCoordinatorMixin, View):
    """Add an existing organisation of the directory to the group (POST only)."""

    def post(self, request, slug):
        form = GroupOrganisationForm(request.POST, group=self.group)
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            services.group_organisation_add(
                group=self.group, organisation=organisation, by=request.user
            )
            messages.success(
                request,
                _("%(organisation)s has joined the working group.")
                % {"organisation": organisation.name},
            )
        else:
            messages.error(request, _("Choose an organisation from the list."))
        return redirect(self.group)


class GroupOrganisationRemoveView(GroupCoordinatorMixin, View):
    """Take an organisation out of the group; refused while its people are members."""

    def post(self, request, slug, org_slug):
        organisation = get_object_or_404(self.group.organisations, slug=org_slug)
        try:
            services.group_organisation_remove(
                group=self.group, organisation=organisation, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(organisation)s has left the working group.")
                % {"organisation": organisation.name},
            )
        return redirect(self.group)


class PersonFormMixin(permissions.CoordinatorRequiredMixin):
    model = Person
    form_class = PersonForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisations"] = permissions.managed_organisations(self.request.user)
        return kwargs

    def get_success_url(self):
        return self.object.organisation.get_absolute_url()


class PersonCreateView(PersonFormMixin, submissions.OneTimeViewMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("organisation")
        # Only a well-formed slug reaches the database (PostgreSQL refuses NUL bytes).
        if slug and slug_re.match(slug):
            initial["organisation"] = (
                permissions.managed_organisations(self.request.user).filter(slug=slug).first()
            )
        return initial

    def form_valid(self, form):
        try:
            self.object = self.once(
                form,
                lambda: services.person_create(
                    person=form.save(commit=False), by=self.request.user
                ),
            )
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        messages.success(self.request, _("%(person)s has been added.") % {"person": self.object})
        return redirect(self.get_success_url())

    def earlier_url(self, target):
        # A person has no page of their own: their organisation's page lists them.
        return target.organisation.get_absolute_url() if target else self.fallback_url()

    def fallback_url(self):
        return reverse("stakeholders:organisation_list")


class PersonUpdateView(PersonFormMixin, UpdateView):
    def dispatch(self, request, *args, **kwargs):
        # Members correct their own job title, phone and languages on "My account".
        if request.user.is_authenticated:
            own = (
                Person.objects.select_related("organisation")
                .filter(pk=kwargs["pk"], user=request.user)
                .first()
            )
            if own is not None and not permissions.can_manage_person(request.user, own):
                return redirect("account")
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        person = get_object_or_404(
            Person.objects.select_related("organisation"), pk=self.kwargs["pk"]
        )
        if not permissions.can_manage_person(self.request.user, person):
            raise PermissionDenied
        self.can_change_account = permissions.can_change_account_of(self.request.user, person)
        return person

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "email_locked": not self.can_change_account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_remove=self.can_change_account, **kwargs)

    def form_valid(self, form):
        try:
            self.object = services.person_update(
                person=form.save(commit=False), changed=form.changed_data, by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(person)s has been saved.") % {"person": self.object})
        return redirect(self.get_success_url())


class InvitationAcceptView(FormView):
    """The invitee sets a password through a single-use link that expires."""

    form_class = SetPasswordForm
    template_name = "stakeholders/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.kwargs = kwargs
        self.invitation = services.invitation_for_token(kwargs["token"])
        if self.problem():
            # Nothing to do with a bad link: say why, change nothing.
            status = 404 if self.invitation is None else 410
            return self.render_to_response(self.get_context_data(), status=status)
        return super().dispatch(request, *args, **kwargs)

    def problem(self):
        invitation = self.invitation
        if invitation is None:
            return _(
                "This invitation link is not valid. Check that you copied it whole, "
                "or ask your coordinator for a new one."
            )
        if invitation.is_used:
            return _(
                "This invitation link has already been used. If it was you, log in "
                "with your email address; otherwise ask your coordinator for a new one."
            )
        if invitation.is_expired:
            return _("This invitation link has expired. Ask your coordinator for a new one.")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(invitation=self.invitation, problem=self.problem())
        return context

    def form_valid(self, form):
        try:
            user = services.invitation_accept(
                token=self.kwargs["token"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            # A password the rules refuse belongs on its field; anything else (used or
            # expired between the page and the click) above the form. Nothing was saved.
            password_errors = getattr(error, "error_dict", {}).get("password")
            form.add_error("password1" if password_errors else None, password_errors or error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welcome! Your account is ready and you have joined %(group)s.")
            % {"group": self.invitation.group},
        )
        return HttpResponseRedirect(reverse("member_home"))
