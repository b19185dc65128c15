"""Updates in the windows: the offer after the start, the download with progress, refusals, and the
list of changes shown once after an update. A real local HTTP server serves the release."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cliens_tk.security import release_signing
from cliens_tk.services.updates import UpdateService
from cliens_tk.ui import updates as update_ui
from cliens_tk.ui.app import UiContext

pytestmark = pytest.mark.gui
PAYLOAD = bytes(range(256)) * 2000


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def release_dir(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    return folder


@pytest.fixture
def server(release_dir):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(release_dir)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def key(monkeypatch):
    private = release_signing.generate_private_key()
    monkeypatch.setattr(release_signing, "TRUSTED_PUBLIC_KEYS", (release_signing.public_key_text(private),))
    return private


@pytest.fixture
def ctx(tk_root, services):
    context = UiContext(tk_root, services)
    yield context
    context.close()
    for child in tk_root.winfo_children():
        if isinstance(child, (update_ui.UpdateDialog, update_ui.ChangesDialog)):
            child.destroy()
    tk_root.update()


def _publish(release_dir, server, key, served: bytes = PAYLOAD, version: str = "9.0.0") -> None:
    (release_dir / "cliens-tk").write_bytes(served)
    manifest = {"app": "cliens-tk", "format": 1, "version": version, "changes": ["Agenda più veloce"],
                "files": {"linux": {"url": f"{server}/cliens-tk", "name": "cliens-tk", "size": len(PAYLOAD),
                                    "sha256": hashlib.sha256(PAYLOAD).hexdigest()}}}
    (release_dir / "manifest.json").write_text(json.dumps(release_signing.sign_manifest(manifest, key)))


def _service(ctx, data_dir, url: str) -> UpdateService:
    ctx.services.settings.set("updates.manifest_url", url)
    return UpdateService.for_data_dir(data_dir, ctx.services.settings, current_version="0.1.0", platform="linux")


def _dialogs(root):
    return [w for w in root.winfo_children() if isinstance(w, update_ui.UpdateDialog)]


def _pump_until(root, condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root.update()
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("the window did not get there in time")


def test_a_new_version_is_offered_downloaded_with_progress_and_restart_is_offered(ctx, data_dir, server,
                                                                                 release_dir, key):
    _publish(release_dir, server, key)
    restarts = []
    service = _service(ctx, data_dir, f"{server}/manifest.json")
    update_ui.start_update_check(ctx, data_dir, on_restart=lambda: restarts.append(True), service=service,
                                 frozen=True)
    dialog = _pump_until(ctx.root, lambda: (_dialogs(ctx.root) or [None])[0])
    assert "9.0.0" in dialog.title_label.cget("text") and "Agenda più veloce" in dialog.text_label.cget("text")
    seen = []
    original = dialog._on_progress
    dialog._on_progress = lambda info: (seen.append(info), original(info))
    dialog.actions["download"].invoke()
    _pump_until(ctx.root, lambda: "restart" in dialog.actions)
    assert seen and seen[-1] == (len(PAYLOAD), len(PAYLOAD)) and dialog.progress.cget("value") == 100
    assert (data_dir / "updates" / "staged" / "cliens-tk").read_bytes() == PAYLOAD
    dialog.actions["restart"].invoke()
    assert restarts == [True]


def test_a_tampered_download_is_refused_with_a_clear_message(ctx, data_dir, server, release_dir, key):
    _publish(release_dir, server, key, served=PAYLOAD[::-1])
    service = _service(ctx, data_dir, f"{server}/manifest.json")
    update_ui.start_update_check(ctx, data_dir, on_restart=lambda: None, service=service, frozen=True)
    dialog = _pump_until(ctx.root, lambda: (_dialogs(ctx.root) or [None])[0])
    dialog.actions["download"].invoke()
    _pump_until(ctx.root, lambda: "close" in dialog.actions)
    text = dialog.text_label.cget("text")
    assert "SHA-256" in text and "rifiutato" in text and "continua a funzionare" in text
    assert not (data_dir / "updates" / "staged").exists()


def test_same_version_server_down_or_disabled_check_shows_nothing(ctx, data_dir, server, release_dir, key):
    _publish(release_dir, server, key, version="0.1.0")
    for url in (f"{server}/manifest.json", "http://127.0.0.1:9/manifest.json"):
        update_ui.start_update_check(ctx, data_dir, on_restart=lambda: None,
                                     service=_service(ctx, data_dir, url), frozen=True)
        ctx.tasks.wait_idle(20)
        ctx.root.update()
        assert not _dialogs(ctx.root)
    _publish(release_dir, server, key, version="9.0.0")
    ctx.services.settings.set("updates.check_at_start", False)
    service = UpdateService.for_data_dir(data_dir, ctx.services.settings, current_version="0.1.0", platform="linux")
    update_ui.start_update_check(ctx, data_dir, on_restart=lambda: None, service=service, frozen=True)
    ctx.tasks.wait_idle(20)
    ctx.root.update()
    assert not _dialogs(ctx.root)


def test_from_source_the_offer_explains_how_to_update_without_downloading(ctx, data_dir, server, release_dir, key):
    _publish(release_dir, server, key)
    service = _service(ctx, data_dir, f"{server}/manifest.json")
    update_ui.start_update_check(ctx, data_dir, on_restart=lambda: None, service=service, frozen=False)
    dialog = _pump_until(ctx.root, lambda: (_dialogs(ctx.root) or [None])[0])
    assert "pip o git" in dialog.text_label.cget("text") and list(dialog.actions) == ["close"]


def test_the_changes_of_an_installed_update_are_shown_once(ctx, data_dir):
    notes = data_dir / "updates"
    notes.mkdir(parents=True)
    (notes / "installed.json").write_text(json.dumps({"version": "0.1.0", "changes": ["Nuova agenda"]}))
    service = UpdateService.for_data_dir(data_dir, current_version="0.1.0")
    dialog = update_ui.show_installed_changes(ctx, data_dir, service=service)
    assert dialog is not None and "Nuova agenda" in dialog.changes_label.cget("text")
    assert "0.1.0" in dialog.winfo_children()[0].winfo_children()[0].cget("text")
    dialog.ok_button.invoke()
    assert update_ui.show_installed_changes(ctx, data_dir, service=service) is None
