from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from cliens_tk.security import secrets


class FileKeyring(KeyringBackend):
    """A real (if plain-text) keyring backend storing in a temp dir: isolates tests from the
    user's keyring."""

    priority = 1

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def _load(self) -> dict:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _save(self, data: dict) -> None:
        self.path.write_text(json.dumps(data))

    def get_password(self, service, username):
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}\0{username}"] = password
        self._save(data)

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._save(data)


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
