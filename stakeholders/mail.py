"""The one way the portal sends an email: ``notify()``.

Every emailing service calls it with the people to write to, a template and its context;
it writes each message in its recipient's language (dates and links included), builds
every link from ``settings.PORTAL_URL`` (never from a request's Host header) and stores
it in the outbox with the caller's change, for the worker to send (lanzarote.outbox).
Services therefore need no request: the shell, the admin and a scheduled job send the
same emails as the pages do.

Whose language: an account's preferred language (``User.language``, set at invitation and
editable on *My account*); for a person without an account, the first of the portal's
languages among the languages they speak, else the language of their organisation's
country (French where it is an official language, English elsewhere: the two languages
of the Council of Europe).
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from .choices import FRENCH_SPEAKING_COUNTRIES
from .models import Invitation, Language, Person, User

logger = logging.getLogger(__name__)

PORTAL_LANGUAGES = set(Language.values)


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse()`` or ``get_absolute_url()``) on the portal's address."""
    return settings.PORTAL_URL + path


@dataclass(frozen=True)
class Recipient:
    """An address and the language to write to it in."""

    email: str
    language: str


def person_language(person: Person) -> str:
    """The language the portal writes to ``person`` in (see the module's docstring).

    Reads ``person.user`` and ``person.organisation.territory``: select them with the people.
    """
    if person.user_id is not None:
        return person.user.language
    for code in person.languages or ():
        if code in PORTAL_LANGUAGES:
            return code
    country = person.organisation.territory.country.code
    return Language.FR if country in FRENCH_SPEAKING_COUNTRIES else Language.EN


def recipient(who) -> Recipient | None:
    """The recipient for a User, a Person or an Invitation; None without an address, for a
    deactivated account and for an erased person."""
    if isinstance(who, Recipient):
        return who if who.email else None
    if isinstance(who, User):
        return Recipient(who.email, who.language) if who.email and who.is_active else None
    if isinstance(who, Invitation):
        return Recipient(who.email, who.language)
    if isinstance(who, Person):
        if who.erased_at or not who.email:
            return None
        return Recipient(who.email, person_language(who))
    raise TypeError(f"Cannot send an email to {who!r}.")


class Link:
    """A portal link in an email's context, resolved for each recipient: its language
    prefix follows the recipient's language and its host is ``PORTAL_URL``.

    ``Link("meetings:my_actions")``, ``Link("meetings:rsvp", token=…)`` or ``Link(meeting)``
    (anything with ``get_absolute_url``), plus an optional ``anchor`` ("#improvements").
    """

    def __init__(self, target, *, anchor: str = "", **kwargs):
        self.target, self.anchor, self.kwargs = target, anchor, kwargs

    def resolve(self) -> str:
        if isinstance(self.target, str):
            path = reverse(self.target, kwargs=self.kwargs or None)
        else:
            path = self.target.get_absolute_url()
        return absolute_url(path) + self.anchor


@dataclass(frozen=True)
class Attachment:
    """A file joined to an email; ``content`` is bytes, or a function called in the
    recipient's language (a calendar file's text is translated too)."""

    filename: str
    content: bytes | Callable[[], bytes]
    mimetype: str


def _recipients(to) -> list[tuple[object, Recipient]]:
    """Each addressee of ``to`` with its recipient, each address once."""
    people = [to] if not isinstance(to, Iterable) or isinstance(to, str) else list(to)
    found, seen = [], set()
    for who in people:
        one = recipient(who)
        if one is not None and one.email.lower() not in seen:
            seen.add(one.email.lower())
            found.append((who, one))
    return found


def with_html_part(message: mail.EmailMessage) -> mail.EmailMultiAlternatives:
    """``message`` with an HTML part (the portal's layout around its text, links made
    clickable), unless it has one; rendered in the active language."""
    if not isinstance(message, mail.EmailMultiAlternatives):
        alternative = mail.EmailMultiAlternatives(
            message.subject,
            message.body,
            message.from_email,
            message.to,
            bcc=message.bcc,
            cc=message.cc,
            reply_to=message.reply_to,
            headers=message.extra_headers,
            attachments=message.attachments,
        )
        message = alternative
    if not any(mimetype == "text/html" for _content, mimetype in message.alternatives):
        html = render_to_string(
            "email/base.html",
            {"subject": message.subject, "text": message.body, "portal_url": settings.PORTAL_URL},
        )
        message.attach_alternative(html, "text/html")
    return message


def _message(
    *, to: Recipient, template: str, context: dict, attachments, headers: dict, plain_text=False
) -> mail.EmailMultiAlternatives:
    with translation.override(to.language):
        values = {
            key: value.resolve() if isinstance(value, Link) else value
            for key, value in context.items()
        }
        values["portal_url"] = settings.PORTAL_URL
        # One line, but French typography's non-breaking spaces ("Invitation : …") stay.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"{template}_subject.txt", values))
        subject = subject.strip()
        body = render_to_string(f"{template}_body.txt", values)
        body = body.rstrip() + "\n" + render_to_string("email/signature.txt", values)
        message = mail.EmailMultiAlternatives(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [to.email],
            headers={
                key: value.resolve() if isinstance(value, Link) else value
                for key, value in headers.items()
            },
        )
        for attachment in attachments:
            content = attachment.content
            content = content() if callable(content) else content
            message.attach(attachment.filename, content, attachment.mimetype)
        return message if plain_text else with_html_part(message)


def _stored_in_outbox() -> bool:
    return getattr(import_string(settings.EMAIL_BACKEND), "transactional", False)


def notify(
    *,
    to,
    template: str,
    context: dict | Callable[[object], dict],
    attachments: Iterable[Attachment] = (),
    headers: dict | Callable[[object], dict] | None = None,
    on_commit: bool = True,
    plain_text: bool = False,
) -> int:
    """Email ``to`` (a User, Person, Invitation or Recipient, or several: each address
    once) the message of ``template`` (``<template>_subject.txt`` and ``_body.txt``),
    rendered for each recipient in their language with ``context`` (its ``Link`` values
    resolved for them). ``context`` may be a function of each addressee (as given in
    ``to``) for what differs from one to the next (their own answer link, their own
    action items). ``headers`` (a dict, or a function of each addressee) are extra email
    headers; their ``Link`` values are resolved too (``List-Unsubscribe``).

    Every message has a plain-text part ending with the portal's signature and, unless
    ``plain_text`` (a text written by someone outside the portal, forwarded as it is), an
    HTML part (``email/base.html`` around the text, its addresses made links).

    Every message is written now (an error undoes the caller's transaction) and stored in
    the outbox in the caller's transaction, for the worker to send (lanzarote.outbox). With
    a backend that sends at once (the tests' ``locmem``), they are sent once the transaction
    commits (``on_commit=False``: now), each on its own: a message that cannot be sent is
    logged and the others still go. Returns how many messages were written.
    """
    attachments = list(attachments)
    messages = [
        _message(
            to=one,
            template=template,
            context=context(who) if callable(context) else context,
            attachments=attachments,
            headers=(headers(who) if callable(headers) else headers) or {},
            plain_text=plain_text,
        )
        for who, one in _recipients(to)
    ]
    if not messages:
        return 0

    if _stored_in_outbox():
        # The outbox (lanzarote.outbox) keeps them with the change: now, in its transaction;
        # the worker sends them. An error here undoes the change, never loses an email.
        with mail.get_connection() as connection:
            connection.send_messages(messages)
        return len(messages)

    def send():
        # A backend that really sends (tests, a deliberate setting): after the commit, each
        # message on its own, so that one refused address does not lose the others; the
        # change is already committed, so a failure is logged, never the reader's 500.
        with mail.get_connection(fail_silently=False) as connection:
            for message in messages:
                message.connection = connection
                try:
                    message.send()
                except Exception:
                    logger.exception("email %r to %s not sent", message.subject, message.to)

    if on_commit:
        transaction.on_commit(send)
    else:
        send()
    return len(messages)
