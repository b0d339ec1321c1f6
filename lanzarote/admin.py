"""The outbox in the admin (lanzarote.outbox): staff see every email with its status, its
tries, the next try and the last error, and queue failed ones to be sent again. The
worker sends; the admin never talks to the mail server within a request."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin as PostOfficeEmailAdmin
from post_office.models import STATUS, Email, EmailTemplate, Log

from lanzarote import outbox

# The portal renders its own emails (stakeholders.mail): post-office's templates are unused.
admin.site.unregister(EmailTemplate)
admin.site.unregister(Email)


@admin.action(description=_("Send again"), permissions=["send_again"])
def send_again(modeladmin, request, queryset):
    selected = queryset.count()
    count = outbox.send_again(queryset)
    if count < selected:
        modeladmin.message_user(
            request, _("Only an email that failed can be sent again."), messages.WARNING
        )
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d email will be sent again by the worker.",
            "%(count)d emails will be sent again by the worker.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Email)
class OutboxEmailAdmin(PostOfficeEmailAdmin):
    list_display = [
        "to_display",
        "shortened_subject",
        "status",
        "number_of_retries",
        "scheduled_time",
        "last_updated",
        "last_error",
    ]
    list_filter = ["status"]
    actions = [send_again]

    def get_queryset(self, request):
        latest = Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed)
        latest = latest.order_by("-date", "-id").values("message")[:1]
        return super().get_queryset(request).annotate(last_error_message=Subquery(latest))

    @admin.display(description=_("last error"))
    def last_error(self, email):
        if email.status == STATUS.sent:
            return "—"
        return email.last_error_message or "—"

    def has_send_again_permission(self, request):
        return request.user.has_perm("post_office.change_email")

    def has_change_permission(self, request, obj=None):
        # What was written is kept as it was sent: the page shows it, it is not edited.
        return False

    def resend(self, request, pk):
        # post-office's "resend" button would send from within the request: it queues instead.
        email = self._get_object_or_deny(request, pk, "view")
        if not self.has_send_again_permission(request) or request.method != "POST":
            raise PermissionDenied
        if outbox.send_again(Email.objects.filter(pk=email.pk)):
            self.message_user(request, _("The email will be sent again by the worker."))
        else:
            self.message_user(
                request, _("Only an email that failed can be sent again."), messages.WARNING
            )
        return HttpResponseRedirect(reverse("admin:post_office_email_change", args=[email.pk]))
