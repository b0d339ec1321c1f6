from django.urls import path

from . import views

app_name = "glossary"

urlpatterns = [
    path("", views.TermListView.as_view(), name="term_list"),
    path("new/", views.TermCreateView.as_view(), name="term_create"),
    path("<slug:slug>/", views.TermDetailView.as_view(), name="term_detail"),
    path("<slug:slug>/edit/", views.TermUpdateView.as_view(), name="term_update"),
    path("<slug:slug>/delete/", views.TermDeleteView.as_view(), name="term_delete"),
]
