from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path("suggest/", views.OrganisationSuggestView.as_view(), name="organisation_suggest"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<slug:slug>/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "groups/<slug:slug>/memberships/<int:pk>/role/",
        views.MembershipRoleView.as_view(),
        name="membership_role",
    ),
    path(
        "groups/<slug:slug>/memberships/<int:pk>/remove/",
        views.MembershipRemoveView.as_view(),
        name="membership_remove",
    ),
    path(
        "groups/<slug:slug>/organisations/add/",
        views.GroupOrganisationAddView.as_view(),
        name="group_organisation_add",
    ),
    path(
        "groups/<slug:slug>/organisations/<slug:org_slug>/remove/",
        views.GroupOrganisationRemoveView.as_view(),
        name="group_organisation_remove",
    ),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<slug:slug>/edit/", views.OrganisationUpdateView.as_view(), name="organisation_update"),
]
