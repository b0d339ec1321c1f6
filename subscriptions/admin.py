from django.contrib import admin

from .models import Follow, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read-only list of the public subscriptions; staff may delete one (an address that
    asks by other means to be removed)."""

    list_display = ("email", "query", "frequency", "language", "created_at", "confirmed_at",
                    "last_sent_at")  # fmt: skip
    list_filter = ("frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    # The token is the subscriber's secret (their unsubscribe link): never shown.
    exclude = ("token",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "practice", "created_at")
    search_fields = ("user__email",)
    list_select_related = ("user", "practice")
    raw_id_fields = ("user", "practice")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
