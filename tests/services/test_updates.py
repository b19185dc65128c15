"""The update flow against a real local HTTP server: check, download, verify, stage, install."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cliens_tk.security import release_signing
from cliens_tk.services import updates
from cliens_tk.services.updates import UpdateError, UpdateService, UpdateUnavailable

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = os.urandom(300_000)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, dict]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body = route["body"]
        self.send_response(route.get("status", 200))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        sent = body[: route["truncate"]] if "truncate" in route else body
        self.wfile.write(sent)
        self.wfile.flush()
        if "truncate" in route:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes = {}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def release_key(monkeypatch):
    """A key pair made for the test; the app is told to trust it instead of the project's key."""
    key = release_signing.generate_private_key()
    monkeypatch.setattr(release_signing, "TRUSTED_PUBLIC_KEYS", (release_signing.public_key_text(key),))
    return key


def _url(server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _manifest(server, version="9.1.0", payload=PAYLOAD, platform="linux", **overrides) -> dict:
    manifest = {
        "app": "cliens-tk", "format": 1, "version": version, "released": "2026-12-01",
        "changes": ["Agenda più veloce", "Nuovo calcolo delle scadenze"],
        "files": {platform: {"url": _url(server, "/cliens-tk-linux"), "name": "cliens-tk",
                             "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}},
    }
    manifest.update(overrides)
    return manifest


def _publish(server, manifest: dict, payload: bytes = PAYLOAD, **file_route) -> None:
    server.routes["/manifest.json"] = {"body": json.dumps(manifest).encode()}
    server.routes["/cliens-tk-linux"] = {"body": payload, **file_route}


def _service(server, tmp_path, version="0.1.0") -> UpdateService:
    settings = {updates.SETTING_MANIFEST_URL: _url(server, "/manifest.json")}

    class Settings:
        def get(self, key, default=None):
            return settings.get(key, default)

    return UpdateService(tmp_path / "updates", Settings(), current_version=version, platform="linux")


def test_a_newer_signed_version_is_offered_downloaded_with_progress_and_staged(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key))
    service = _service(server, tmp_path)
    release = service.check()
    assert release is not None and release.version == "9.1.0" and "Agenda più veloce" in release.changes
    seen = []
    staged = service.download(release, progress=lambda done, total: seen.append((done, total)))
    assert staged.file.read_bytes() == PAYLOAD
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD)) and len(seen) > 1
    again = service.staged()
    assert again is not None and again.release.version == "9.1.0"


def test_the_same_or_an_older_version_is_ignored(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server, version="0.1.0"), release_key))
    assert _service(server, tmp_path, version="0.1.0").check() is None
    _publish(server, release_signing.sign_manifest(_manifest(server, version="0.0.9"), release_key))
    assert _service(server, tmp_path, version="0.1.0").check() is None
    assert _service(server, tmp_path, version="0.1.0rc1").check() is None


def test_a_tampered_manifest_is_refused(server, tmp_path, release_key):
    signed = release_signing.sign_manifest(_manifest(server), release_key)
    signed["files"]["linux"]["url"] = _url(server, "/somewhere-else")
    _publish(server, signed)
    with pytest.raises(UpdateError, match="firma dell'aggiornamento non è valida"):
        _service(server, tmp_path).check()
    assert not (tmp_path / "updates" / "staged").exists()


def test_an_unsigned_manifest_or_one_signed_by_another_key_is_refused(server, tmp_path, release_key):
    _publish(server, _manifest(server))
    with pytest.raises(UpdateError, match="non è firmato"):
        _service(server, tmp_path).check()
    stranger = release_signing.generate_private_key()
    _publish(server, release_signing.sign_manifest(_manifest(server), stranger))
    with pytest.raises(UpdateError, match="non è valida"):
        _service(server, tmp_path).check()


def test_a_file_whose_hash_differs_from_the_signed_one_is_refused(server, tmp_path, release_key):
    evil = bytes(reversed(PAYLOAD))
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key), payload=evil)
    service = _service(server, tmp_path)
    with pytest.raises(UpdateError, match="SHA-256"):
        service.download(service.check())
    assert service.staged() is None
    assert not list((tmp_path / "updates").glob("*.part"))


def test_a_truncated_download_is_refused(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key), truncate=1000)
    service = _service(server, tmp_path)
    with pytest.raises(UpdateError, match="interrotto|incompleto"):
        service.download(service.check())
    assert service.staged() is None


def test_a_shorter_file_served_completely_is_refused_as_incomplete(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key), payload=PAYLOAD[:5000])
    service = _service(server, tmp_path)
    with pytest.raises(UpdateError, match="incompleto"):
        service.download(service.check())


def test_server_down_or_failing_is_reported_as_unavailable(server, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]

    class Settings:
        def get(self, key, default=None):
            return f"http://127.0.0.1:{free_port}/manifest.json" if key == updates.SETTING_MANIFEST_URL else default

    with pytest.raises(UpdateUnavailable):
        UpdateService(tmp_path, Settings(), platform="linux").check()
    server.routes["/manifest.json"] = {"body": b"oops", "status": 500}
    with pytest.raises(UpdateUnavailable):
        _service(server, tmp_path).check()


def test_a_staged_file_altered_before_the_restart_is_discarded(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key))
    service = _service(server, tmp_path)
    staged = service.download(service.check())
    staged.file.write_bytes(b"X" + PAYLOAD[1:])
    assert service.staged() is None
    assert not service.staged_dir.exists()


def test_install_replaces_the_executable_and_the_changes_are_shown_once(server, tmp_path, release_key):
    _publish(server, release_signing.sign_manifest(_manifest(server), release_key))
    service = _service(server, tmp_path)
    service.download(service.check())
    executable = tmp_path / "bin" / "cliens-tk"
    executable.parent.mkdir()
    executable.write_bytes(b"old version")
    assert service.install_staged(executable) == executable
    assert executable.read_bytes() == PAYLOAD and os.access(executable, os.X_OK)
    assert service.staged() is None
    new = _service(server, tmp_path, version="9.1.0")
    assert new.pending_changes() == ("9.1.0", ["Agenda più veloce", "Nuovo calcolo delle scadenze"])
    new.forget_changes()
    assert new.pending_changes() is None
    assert service.install_staged(executable) is None  # nothing staged any more


def test_the_relaunch_environment_starts_a_fresh_one_file_instance():
    env = updates.relaunch_environment({
        "PATH": "/usr/bin", "_PYI_APPLICATION_HOME_DIR": "/tmp/_MEI123", "_PYI_PARENT_PROCESS_LEVEL": "1",
        "LD_LIBRARY_PATH": "/tmp/_MEI123:/opt/lib", "LD_LIBRARY_PATH_ORIG": "/opt/lib",
    })
    assert env["PYINSTALLER_RESET_ENVIRONMENT"] == "1"
    assert env["LD_LIBRARY_PATH"] == "/opt/lib" and "LD_LIBRARY_PATH_ORIG" not in env
    assert not [key for key in env if key.startswith("_PYI_")] and env["PATH"] == "/usr/bin"


def test_versions_compare_numerically():
    v = updates.parse_version
    assert v("0.10.0") > v("0.9.9") > v("0.9") and v("1.0.0rc2") < v("1.0.0") and v("1.0") == v("1.0.0")
    with pytest.raises(UpdateError):
        v("latest")


def test_the_built_in_release_key_is_a_valid_ed25519_public_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    for text in release_signing.TRUSTED_PUBLIC_KEYS:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def test_the_release_command_signs_a_manifest_the_app_accepts(tmp_path):
    key_file = tmp_path / "release.pem"
    made = subprocess.run([sys.executable, str(ROOT / "build" / "release.py"), "keygen", "--out", str(key_file)],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    public = made.stdout.split("TRUSTED_PUBLIC_KEYS: ")[1].strip()
    binary = tmp_path / "cliens-tk"
    binary.write_bytes(PAYLOAD)
    changes = tmp_path / "changes.txt"
    changes.write_text("- Prima modifica\n- Seconda modifica\n", encoding="utf-8")
    manifest_file = tmp_path / "manifest.json"
    signed = subprocess.run(
        [sys.executable, str(ROOT / "build" / "release.py"), "sign", "--version", "9.0.0",
         "--file", f"linux={binary}", "--url", "linux=https://example.org/cliens-tk-9.0.0", "--changes", str(changes),
         "--out", str(manifest_file)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "CLIENS_TK_RELEASE_KEY": str(key_file)})
    assert signed.returncode == 0, signed.stderr
    assert "not among the app's TRUSTED_PUBLIC_KEYS" in signed.stderr
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    release = updates.release_from_manifest(manifest, "linux", trusted_keys=[public])
    assert release.version == "9.0.0" and release.changes == ("Prima modifica", "Seconda modifica")
    assert release.sha256 == hashlib.sha256(PAYLOAD).hexdigest() and release.size == len(PAYLOAD)
    with pytest.raises(UpdateError):
        updates.release_from_manifest(manifest, "linux")  # the project key did not sign it
    verified = subprocess.run(
        [sys.executable, str(ROOT / "build" / "release.py"), "verify", str(manifest_file), "--public-key", public,
         "--file", f"linux={binary}"], capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0 and "sha256 ok" in verified.stdout


def test_the_updates_command_checks_downloads_and_changes_settings(server, release_key, data_dir, capsys):
    from cliens_tk.cli import main

    _publish(server, release_signing.sign_manifest(_manifest(server), release_key))
    assert main(["updates", "settings", "--url", "http://example.org/m.json"]) == 2  # https only
    from cliens_tk.services.context import AppServices

    services = AppServices.open(data_dir)
    services.settings.set(updates.SETTING_MANIFEST_URL, _url(server, "/manifest.json"))
    services.close()
    capsys.readouterr()
    assert main(["updates", "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["available"] == "9.1.0" and report["changes"][0] == "Agenda più veloce"
    assert main(["updates", "download"]) == 0
    assert "prossimo avvio" in capsys.readouterr().out
    assert (data_dir / "updates" / "staged" / "cliens-tk").read_bytes() == PAYLOAD
    assert main(["updates", "settings", "--off"]) == 0
    assert "Controllo all'avvio: no" in capsys.readouterr().out
