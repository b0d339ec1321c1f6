"""What the practices' services announce to the apps built on practices (subscriptions:
followers hear of it), which practices never imports.

Sent by the services themselves, inside their transaction, once the change is saved: a
receiver's writes (an email in the outbox) commit or roll back with the change. Not
``post_save``: a save is not an event (an edit, a step of the review and a migration all
save), and these say what happened and who did it.
"""

from django.dispatch import Signal

# A new version of the practice is public: ``practice``, ``by`` (who published or changed
# it), ``first`` (its first publication).
practice_published = Signal()

# A member suggested an improvement: ``improvement``, ``by`` (its author).
improvement_suggested = Signal()

# A coordinator answered a suggestion: ``improvement``, ``by``.
improvement_answered = Signal()
