"""Fixtures of the calendar-export tests: a real Radicale server shared by the session, a fresh
calendar per test behind a counting proxy, and a file keyring instead of the user's keyring."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import keyring
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from radicale_server import CountingProxy, FileKeyring, RadicaleServer  # noqa: E402

@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"))
    server.start()
    server.make_calendar("anna", "personale", "Personale")
    server.make_calendar("bruno", "lavoro", "Lavoro")
    server.make_calendar("bruno", "famiglia", "Famiglia")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def proxy(radicale):
    counting = CountingProxy(radicale.port)
    yield counting
    counting.close()


_calendar_numbers = itertools.count(1)


@pytest.fixture
def calendar_url(radicale, proxy):
    """A fresh calendar of user «mario», addressed through the counting proxy."""
    slug = f"agenda-{next(_calendar_numbers)}"
    radicale.make_calendar("mario", slug, f"Agenda {slug}")
    proxy.reset()
    return f"{proxy.url}mario/{slug}/"


@pytest.fixture(autouse=True)
def file_keyring(tmp_path, monkeypatch):
    monkeypatch.delenv("CLIENS_TK_CALDAV_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
