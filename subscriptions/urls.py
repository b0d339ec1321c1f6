from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("new/", views.SubscribeView.as_view(), name="subscribe"),
    path("requested/", views.RequestedView.as_view(), name="requested"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("following/", views.FollowingView.as_view(), name="following"),
    path("follow/<slug:slug>/", views.FollowView.as_view(), name="follow"),
]
