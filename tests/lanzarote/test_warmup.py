"""A worker reads the catalogue before it takes requests (gunicorn.conf.py's
post_worker_init, lanzarote.warmup): its first visitor does not wait for the index."""

import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from lanzarote import warmup
from practices import cache

CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"

# Outside a transaction, as a worker starts; serialized_rollback puts the seeded rows back
# for the tests that come after.


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_warmed_up_worker_reads_neither_index_nor_glossary_at_its_first_request(
    monkeypatch,
):
    cache.reset()
    assert warmup.warm_up() is True

    monkeypatch.setattr(cache, "_build", lambda: pytest.fail("the index was built again"))
    state = cache.current()
    assert state.memo("glossary", lambda: pytest.fail("the glossary was read again"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_out_of_reach_is_logged_and_the_worker_starts(monkeypatch, caplog):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr("practices.index.current_index", unreachable)
    with caplog.at_level(logging.WARNING, logger="lanzarote.warmup"):
        assert warmup.warm_up() is False
    assert "could not be read before the first request" in caplog.text


def test_gunicorn_warms_each_worker_up_before_it_takes_requests(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append(True) or True)
    conf = runpy.run_path(str(CONF))
    conf["post_worker_init"](object())
    assert calls == [True]
