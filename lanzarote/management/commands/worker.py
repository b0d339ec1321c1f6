"""The worker: sends the outbox's emails and runs the scheduled jobs.

``manage.py worker`` runs until stopped (SIGTERM or Ctrl-C end it after the email it is
sending, giving back the rest of its batch);
``--once`` does one pass (every job and the emails it wrote) and stops, for cron or a test.
Every few seconds it sends the emails that are due (lanzarote.outbox); each job of
``settings.WORKER_JOBS`` (name → (dotted path of a function taking ``now``, every how many
seconds)) runs at start and then at its interval. The jobs are idempotent: running two
workers, or one twice, sends nothing twice.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from lanzarote import outbox

logger = logging.getLogger("lanzarote.worker")


class Command(BaseCommand):
    help = "Send the outbox's emails and run the scheduled jobs (reminders, subscriptions, purge)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="One pass of every job and of the outbox."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds between two passes of the outbox (default 5).",
        )

    def handle(self, *args, once=False, interval=5.0, verbosity=1, **options):
        self.stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
            jobs = ", ".join(settings.WORKER_JOBS) or "none"
            self.stdout.write(f"Worker started: outbox every {interval:g} s, jobs: {jobs}.")
        next_run = dict.fromkeys(settings.WORKER_JOBS, 0.0)
        while True:
            for name, (path, every) in settings.WORKER_JOBS.items():
                if self.stopping or time.monotonic() < next_run[name]:
                    continue
                next_run[name] = time.monotonic() + every
                self._job(name, path, verbosity)
            self._send(verbosity)
            if once or self.stopping:
                break
            time.sleep(interval)
            # A long-lived process: drop a connection the database closed or that is too old.
            close_old_connections()

    def _stop(self, signum, frame):
        self.stopping = True

    def _job(self, name, path, verbosity):
        try:
            result = import_string(path)(now=timezone.now())
        except Exception:
            # One job's failure must not stop the emails or the other jobs.
            logger.exception("job %s failed", name)
            return
        if verbosity > 1:
            self.stdout.write(f"{name}: {result}")

    def _send(self, verbosity):
        while not self.stopping:
            try:
                done = outbox.send_due(stopping=lambda: self.stopping)
            except Exception:
                logger.exception("the outbox could not be sent")
                return
            if (verbosity > 1 and done.sent) or done.retrying or done.failed:
                self.stdout.write(
                    f"outbox: {done.sent} sent, {done.retrying} to retry, {done.failed} failed"
                )
            # A full batch sent: there may be more due at once. Not when the server is
            # unreachable or the pass stopped early: the next pass will tell.
            if done.unreachable or done.released:
                return
            if done.sent + done.retrying + done.failed < settings.OUTBOX_BATCH:
                return
