from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self):
        # The practices' services say what happened (practices.signals); the followers of
        # the practice hear of it in the same transaction (subscriptions.follows).
        from . import follows

        follows.connect()
