"""«Aggiorna elenchi ministeriali» against the emulator's catalogue, and the office search."""

from __future__ import annotations

import datetime as dt
import pytest

from cliens_tk.polisweb.access import AccessConfig, AccessMode
from cliens_tk.polisweb.client import PolisWebClient
from cliens_tk.polisweb.emulator import Emulator
from cliens_tk.polisweb.protocol import errors as E
from cliens_tk.services.polisweb_offices import OfficeFinder, update_office_list
from cliens_tk.services.polisweb_settings import PolisWebSettingsService


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("catalogue"), seed=5, cases=5, catalogue_size=400,
                  now=dt.datetime(2025, 3, 10)) as em:
        yield em


def client_for(em):
    return PolisWebClient(AccessConfig(mode=AccessMode.PEM, base_url=em.base_url, ca_file=str(em.ca_file),
                                       cert_file=str(em.client_cert_file), key_file=str(em.client_key_file)))


def test_update_replaces_the_list_and_reports_what_changed(services, emulator):
    before = services.offices.repo.count()
    settings = PolisWebSettingsService(services)
    settings.add_offices(["0151460094"])
    messages = []
    with client_for(emulator) as client:
        result = update_office_list(services, client, progress=messages.append)
    assert services.offices.repo.count() == 400 == result.total
    assert len(result.change.added) == 400 - before
    assert "Elenchi ministeriali aggiornati: 400 uffici." in result.message()
    assert messages  # progress was reported
    with client_for(emulator) as client:
        again = update_office_list(services, client)
    assert again.change.total == 0 and "Nessuna variazione" in again.message()


def test_a_failure_keeps_the_old_list(services, emulator):
    names_before = services.offices.names()
    emulator.inject(503, query="getListaUfficiGiudiziari", times=1)
    try:
        with client_for(emulator) as client:
            with pytest.raises(E.ServerError, match="catalogo degli uffici giudiziari"):
                update_office_list(services, client)
    finally:
        emulator.clear_injections()
    assert services.offices.names() == names_before
    emulator.inject(malformed=True, query="getListaUfficiGiudiziari", times=1)
    try:
        with client_for(emulator) as client:
            with pytest.raises(E.MalformedResponseError):
                update_office_list(services, client)
    finally:
        emulator.clear_injections()
    assert services.offices.names() == names_before


def test_office_finder_matches_every_word_without_accents(services):
    finder = OfficeFinder.from_services(services)
    names = [o.name for o in finder.search("trib mil")]
    assert "Tribunale di Milano" in names and all("Milano" in n or "milano" in n.lower() for n in names)
    assert [o.code for o in finder.search("0151460094")] == ["0151460094"]
    assert finder.search("") and len(finder.search("", limit=5)) == 5
    assert finder.search("zzzz inesistente") == []


def test_office_finder_over_3000_offices_narrows_as_you_type():
    from cliens_tk.polisweb.emulator.offices_data import build_catalogue

    finder = OfficeFinder(build_catalogue(3000, seed=1))
    counts = [len(finder.search(text, limit=5000)) for text in ("g", "giu", "giudice di pace", "giudice di pace lodi")]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 1
    assert all("Lodi" in o.name for o in finder.search("giudice di pace lodi", limit=5000))
