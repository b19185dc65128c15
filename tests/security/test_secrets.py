from __future__ import annotations


import keyring
import pytest
from keyring.backends import fail

from cliens_tk.security import secrets
from support.keyrings import FileKeyring


@pytest.fixture
def use_keyring():
    previous = keyring.get_keyring()

    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def test_round_trip(tmp_path, use_keyring):
    backend = use_keyring(FileKeyring(tmp_path / "keyring.json"))
    assert secrets.keyring_available()
    assert secrets.get_secret("caldav", "mario") is None
    secrets.set_secret("caldav", "mario", "s3gr3ta")
    assert secrets.get_secret("caldav", "mario") == "s3gr3ta"
    assert "cliens-tk/caldav\0mario" in backend._load()  # namespaced service
    secrets.set_secret("caldav", "mario", "nuova")
    assert secrets.get_secret("caldav", "mario") == "nuova"
    assert secrets.delete_secret("caldav", "mario") is True
    assert secrets.get_secret("caldav", "mario") is None
    assert secrets.delete_secret("caldav", "mario") is False


def test_no_keyring_backend_gives_an_italian_message(use_keyring):
    use_keyring(fail.Keyring())
    assert not secrets.keyring_available()
    for call in (
        lambda: secrets.set_secret("pec", "mario", "x"),
        lambda: secrets.get_secret("pec", "mario"),
        lambda: secrets.delete_secret("pec", "mario"),
    ):
        with pytest.raises(secrets.KeyringUnavailableError, match="portachiavi del sistema non è disponibile"):
            call()
