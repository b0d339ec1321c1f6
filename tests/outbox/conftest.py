"""A real SMTP server on loopback (aiosmtpd) that refuses, then accepts, and the portal
configured as in production: the outbox stores, the worker sends by SMTP."""

import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Refuses every recipient (451, "try again later") while ``refusing``; else keeps
    each message it receives."""

    def __init__(self):
        self.refusing = False
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self):
        return sorted(message["To"] for message in self.received)


@pytest.fixture(autouse=True)
def _no_outage_yet():
    """Each test starts with a mail server that has not failed yet (lanzarote.outbox)."""
    from lanzarote.outbox import _Outage

    _Outage.passes = 0


@pytest.fixture
def smtp_server():
    handler = MailServer()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


def _through_outbox(settings, port):
    settings.EMAIL_BACKEND = "lanzarote.outbox.OutboxBackend"
    settings.OUTBOX_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.WORKER_JOBS = {}


@pytest.fixture
def outbox_smtp(settings, smtp_server):
    """The outbox in front of the fake SMTP server (accepting until told otherwise)."""
    _through_outbox(settings, smtp_server.port)
    return smtp_server


@pytest.fixture
def outbox_down(settings):
    """The outbox in front of a mail server that is down (nothing listens on its port)."""
    _through_outbox(settings, free_port())
