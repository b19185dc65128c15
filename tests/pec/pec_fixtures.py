"""Fixtures of the PEC tests (imported by tests/pec and tests/ui/pec conftests): a Dovecot server and the PEC provider emulator (real servers on
127.0.0.1), a keyring kept in the test's temp dir, and boxes made fresh for each test."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import keyring
import pytest

from pec_servers import Dovecot, TlsMaterial  # noqa: E402

from cliens_tk.pec.account import PecAccount  # noqa: E402
from cliens_tk.pec.emulator.provider import PecProvider  # noqa: E402
from cliens_tk.pec.emulator.signing import create_provider_identity  # noqa: E402
from support.keyrings import FileKeyring  # noqa: E402

DOMAIN = "pec.prova.it"
_box_numbers = itertools.count(1)


@pytest.fixture
def test_keyring(tmp_path):
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def tls_material():
    return TlsMaterial(Path(tempfile.mkdtemp(prefix="cliens-pec-tls-")))


@pytest.fixture(scope="session")
def dovecot(tls_material):
    server = Dovecot(tls_material).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def provider_identity():
    return create_provider_identity()


class PecWorld:
    """Fresh boxes on the shared servers for one test, and helpers to use them."""

    def __init__(self, dovecot: Dovecot, provider: PecProvider, identity, tls: TlsMaterial):
        self.dovecot, self.provider, self.identity, self.tls = dovecot, provider, identity, tls

    def new_box(self, name: str, password: str = "Segreta-1") -> str:
        address = f"{name}.{next(_box_numbers)}@{DOMAIN}"
        self.dovecot.add_user(address, password)
        return address

    def account(self, address: str) -> PecAccount:
        return PecAccount(address=address, imap_host="127.0.0.1", imap_port=self.dovecot.port,
                          smtp_host="127.0.0.1", smtp_port=self.provider.port, display_name="Ing. Mario Rossi")


@pytest.fixture
def pec_world(dovecot, tls_material, provider_identity):
    provider = PecProvider(provider_identity, dovecot.append, dovecot.users, tls_material.server_context(),
                           domains=(DOMAIN,)).start()
    yield PecWorld(dovecot, provider, provider_identity, tls_material)
    provider.stop()


@pytest.fixture
def pec_service(archive, tls_material, provider_identity, test_keyring):
    from cliens_tk.services.pec import PecService

    service = PecService(archive, ssl_context=tls_material.client_context())
    service.add_trusted_ca(provider_identity.ca_pem(), "gestore-di-prova")
    return service
