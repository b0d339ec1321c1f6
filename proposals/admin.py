from django.contrib import admin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: proposals are decided on the coordinators' pages (proposals.services),
    and the proposer's data is never edited; staff may delete one (a proposer who asks by
    other means to be forgotten)."""

    list_display = ("title", "country", "status", "group", "created_at", "decided_at",
                    "erased_at")  # fmt: skip
    list_filter = ("status", "language", ("erased_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "proposer_name", "proposer_organisation", "proposer_email")
    list_select_related = ("group",)
    date_hierarchy = "created_at"
    # The hash of the confirmation link's secret is of no use to anyone.
    exclude = ("token_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
