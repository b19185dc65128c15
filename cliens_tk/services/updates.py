"""Updates (seed guide, chapter 3): check a signed manifest, download, verify, stage, install.

The flow, and why each step is there:

1. ``check()`` reads the manifest (URL in the settings), verifies its Ed25519 signature against the
   keys built into the app and returns a ``Release`` only when its version is newer than ours.
2. ``download()`` streams the file for this OS, hashing as it goes; a wrong size or SHA-256 (a
   tampered or truncated file) is refused and nothing is staged.
3. The verified file and its manifest are *staged* in ``<data dir>/updates/staged``. The running
   program is not touched: the current version keeps working whatever happens.
4. At the next start (``install_staged``) the signature and hash are checked once more (the
   staging folder could have been altered meanwhile), the one-file executable is replaced and the
   new one relaunched (``relaunch``) with PyInstaller's environment reset, so it unpacks itself
   afresh instead of reusing the old process's ``_MEIPASS`` folder.
5. The new version shows the list of changes once (``pending_changes`` / ``forget_changes``).

Network and server errors during the automatic check are expected (off-line users): they raise
``UpdateUnavailable``, which the caller ignores quietly.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from cliens_tk import APP_NAME, __version__
from cliens_tk.i18n import _
from cliens_tk.security.release_signing import SignatureError, sha256_file, verify_manifest

log = logging.getLogger(__name__)

SETTING_ENABLED = "updates.check_at_start"
SETTING_MANIFEST_URL = "updates.manifest_url"
URL_ENV = "CLIENS_TK_UPDATE_URL"  # overrides the setting: a test server, a company mirror
# Where the project publishes its signed manifest (build/release.py writes it).
DEFAULT_MANIFEST_URL = "https://github.com/cliens-tk/cliens-tk/releases/latest/download/manifest.json"
MANIFEST_FORMAT = 1
MANIFEST_MAX_BYTES = 256 * 1024
TIMEOUT_S = (4, 15)
CHUNK = 64 * 1024
UPDATES_DIR = "updates"
STAGED_DIR = "staged"
MANIFEST_FILE = "manifest.json"
INSTALLED_NOTE = "installed.json"


class UpdateError(Exception):
    """An update was refused or failed; the message says so in Italian. The app keeps working."""


class UpdateUnavailable(UpdateError):
    """The update server could not be reached (off-line, server down): not worth bothering the user."""


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def parse_version(text: str) -> tuple:
    """``1.2.3`` < ``1.2.10``; a pre-release (``1.3.0rc1``) sorts before its release."""
    match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:[.-]?(a|b|rc)(\d*))?", str(text).strip())
    if not match:
        raise UpdateError(_("Versione non riconosciuta nel manifesto degli aggiornamenti: «{v}».").format(v=text))
    numbers = tuple(int(part) for part in match.group(1).split("."))
    numbers += (0,) * (4 - len(numbers))
    stage = {"a": 0, "b": 1, "rc": 2, None: 3}[match.group(2)]
    return numbers + (stage, int(match.group(3) or 0))


def is_frozen() -> bool:
    """True inside a PyInstaller build (the only kind that can replace itself)."""
    return bool(getattr(sys, "frozen", False))


@dataclass(frozen=True)
class Release:
    version: str
    changes: tuple[str, ...]
    url: str
    sha256: str
    size: int
    file_name: str
    manifest: dict


@dataclass(frozen=True)
class StagedUpdate:
    release: Release
    file: Path


def release_from_manifest(manifest: dict, platform: str, trusted_keys: Iterable[str] | None = None) -> Release:
    """Verify the signature, then read the entry for ``platform`` (``UpdateError`` if unusable)."""
    if not isinstance(manifest, dict):
        raise UpdateError(_("Il manifesto degli aggiornamenti non è valido."))
    try:
        verify_manifest(manifest, trusted_keys)
    except SignatureError as exc:
        raise UpdateError(str(exc)) from exc
    if manifest.get("app") != APP_NAME or manifest.get("format") != MANIFEST_FORMAT:
        raise UpdateError(_("Il manifesto degli aggiornamenti non è per questo programma."))
    entry = (manifest.get("files") or {}).get(platform)
    if not isinstance(entry, dict):
        raise UpdateError(_("Nessun aggiornamento pubblicato per questo sistema operativo."))
    try:
        size = int(entry["size"])
        digest = str(entry["sha256"]).lower()
        url = str(entry["url"])
    except (KeyError, TypeError, ValueError):
        raise UpdateError(_("Il manifesto degli aggiornamenti non è valido.")) from None
    if not re.fullmatch(r"[0-9a-f]{64}", digest) or size <= 0 or not url.startswith(("https://", "http://")):
        raise UpdateError(_("Il manifesto degli aggiornamenti non è valido."))
    name = Path(str(entry.get("name") or url.rsplit("/", 1)[-1])).name or APP_NAME
    changes = manifest.get("changes") or []
    version = str(manifest.get("version", ""))
    parse_version(version)
    return Release(version, tuple(str(c) for c in changes), url, digest, size, name, manifest)


class UpdateService:
    """Checks, downloads and stages updates for one installation (files under ``updates_dir``)."""

    def __init__(self, updates_dir: Path, settings=None, current_version: str = __version__,
                 platform: str | None = None, trusted_keys: Iterable[str] | None = None, session_factory=None,
                 manifest_url: str | None = None):
        self.updates_dir = Path(updates_dir)
        self._manifest_url = manifest_url
        self.settings = settings
        self.current_version = current_version
        self.platform = platform or current_platform()
        self.trusted_keys = None if trusted_keys is None else tuple(trusted_keys)
        self._session_factory = session_factory
        self.last_refusal: str | None = None  # why staged() threw a staged update away

    @classmethod
    def for_data_dir(cls, data_dir: Path, settings=None, **kwargs) -> "UpdateService":
        return cls(Path(data_dir) / UPDATES_DIR, settings, **kwargs)

    # -- settings ------------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return bool(self.settings.get(SETTING_ENABLED, True)) if self.settings is not None else True

    @property
    def manifest_url(self) -> str:
        if self._manifest_url:
            return self._manifest_url
        if os.environ.get(URL_ENV):
            return os.environ[URL_ENV]
        url = self.settings.get(SETTING_MANIFEST_URL) if self.settings is not None else None
        return url or DEFAULT_MANIFEST_URL

    # -- network -------------------------------------------------------------------------------
    def _session(self):
        if self._session_factory is not None:
            return self._session_factory()
        import requests

        session = requests.Session()
        session.trust_env = False  # environment CA bundles must not replace certificate checks
        session.headers["User-Agent"] = f"{APP_NAME}/{self.current_version}"
        return session

    def check(self) -> Release | None:
        """The newer release offered by the manifest, or None when we are up to date."""
        import requests

        try:
            with self._session() as session:
                with session.get(self.manifest_url, timeout=TIMEOUT_S, stream=True) as response:
                    response.raise_for_status()
                    body = response.raw.read(MANIFEST_MAX_BYTES + 1, decode_content=True)
        except requests.RequestException as exc:
            log.info("update check: server not reachable (%s)", exc)
            raise UpdateUnavailable(_("Il server degli aggiornamenti non è raggiungibile.")) from exc
        if len(body) > MANIFEST_MAX_BYTES:
            raise UpdateError(_("Il manifesto degli aggiornamenti è troppo grande: ignorato."))
        try:
            manifest = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise UpdateError(_("Il manifesto degli aggiornamenti non è valido.")) from None
        release = release_from_manifest(manifest, self.platform, self.trusted_keys)
        if parse_version(release.version) <= parse_version(self.current_version):
            log.info("update check: %s is current (manifest offers %s)", self.current_version, release.version)
            return None
        log.info("update check: version %s available", release.version)
        return release

    def download(self, release: Release, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> StagedUpdate:
        """Download, verify size and SHA-256, then stage. Raises ``UpdateError`` on any problem."""
        import hashlib

        import requests

        self.updates_dir.mkdir(parents=True, exist_ok=True)
        part = self.updates_dir / "download.part"
        digest = hashlib.sha256()
        received = 0
        try:
            with self._session() as session, session.get(release.url, timeout=TIMEOUT_S, stream=True) as response:
                response.raise_for_status()
                with open(part, "wb") as handle:
                    for block in response.iter_content(CHUNK):
                        if cancelled is not None and cancelled():
                            raise UpdateError(_("Scaricamento dell'aggiornamento annullato."))
                        received += len(block)
                        if received > release.size:
                            raise UpdateError(_("Il file scaricato è più grande del previsto: aggiornamento "
                                                "rifiutato."))
                        digest.update(block)
                        handle.write(block)
                        if progress is not None:
                            progress(received, release.size)
        except requests.exceptions.ChunkedEncodingError as exc:
            part.unlink(missing_ok=True)
            raise UpdateError(_("Lo scaricamento dell'aggiornamento si è interrotto prima della fine: aggiornamento "
                                "rifiutato. Riprovare più tardi.")) from exc
        except requests.RequestException as exc:
            part.unlink(missing_ok=True)
            raise UpdateError(_("Scaricamento dell'aggiornamento non riuscito ({error}). Si può riprovare più "
                                "tardi: la versione attuale continua a funzionare.").format(error=exc)) from exc
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        if received != release.size:
            part.unlink(missing_ok=True)
            raise UpdateError(_("Lo scaricamento dell'aggiornamento è incompleto ({got} byte su {size}): "
                                "aggiornamento rifiutato. Riprovare più tardi.").format(got=received, size=release.size))
        if digest.hexdigest() != release.sha256:
            part.unlink(missing_ok=True)
            raise UpdateError(_("Il file scaricato non corrisponde a quello firmato (impronta SHA-256 diversa): "
                                "aggiornamento rifiutato."))
        return self._stage(release, part)

    # -- staging -------------------------------------------------------------------------------
    @property
    def staged_dir(self) -> Path:
        return self.updates_dir / STAGED_DIR

    def _stage(self, release: Release, downloaded: Path) -> StagedUpdate:
        building = self.updates_dir / (STAGED_DIR + ".new")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        target = building / release.file_name
        os.replace(downloaded, target)
        (building / MANIFEST_FILE).write_text(json.dumps(release.manifest, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
        shutil.rmtree(self.staged_dir, ignore_errors=True)
        os.replace(building, self.staged_dir)
        log.info("update %s staged", release.version)
        return StagedUpdate(release, self.staged_dir / release.file_name)

    def settings_snapshot(self) -> "UpdateService":
        """A copy that does not read the archive any more (for the worker thread)."""
        return UpdateService(self.updates_dir, None, self.current_version, self.platform, self.trusted_keys,
                             self._session_factory, self.manifest_url)

    def staged(self) -> StagedUpdate | None:
        """The staged update, verified again; a stale or altered one is removed."""
        manifest_file = self.staged_dir / MANIFEST_FILE
        if not manifest_file.exists():
            return None
        try:
            manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
            release = release_from_manifest(manifest, self.platform, self.trusted_keys)
            file = self.staged_dir / release.file_name
            if parse_version(release.version) <= parse_version(self.current_version):
                log.info("staged update %s is not newer than %s: removed", release.version, self.current_version)
                self.discard_staged()
                return None
            if not file.exists() or file.stat().st_size != release.size or sha256_file(file) != release.sha256:
                raise UpdateError(_("Il file dell'aggiornamento preparato è stato alterato: è stato eliminato."))
        except (UpdateError, OSError, ValueError) as exc:
            log.warning("staged update refused: %s", exc)
            self.last_refusal = str(exc)
            self.discard_staged()
            return None
        return StagedUpdate(release, file)

    def discard_staged(self) -> None:
        shutil.rmtree(self.staged_dir, ignore_errors=True)

    # -- install on restart --------------------------------------------------------------------
    def install_staged(self, executable: Path) -> Path | None:
        """Replace ``executable`` (the one-file build, or the .app bundle on macOS) with the staged
        update. Returns what to relaunch, or None when nothing was installed."""
        staged = self.staged()
        if staged is None:
            return None
        executable = Path(executable)
        bundle = _app_bundle_of(executable)
        try:
            if bundle is not None:
                relaunch_target = _replace_bundle(bundle, staged.file)
            else:
                relaunch_target = _replace_file(executable, staged.file, staged.release.sha256)
        except (OSError, zipfile.BadZipFile, UpdateError) as exc:
            log.error("update %s not installed: %s", staged.release.version, exc)
            raise UpdateError(_("Impossibile installare l'aggiornamento {version} ({error}). La versione attuale "
                                "continua a funzionare; si può scaricare il programma nuovo dal sito.").format(
                version=staged.release.version, error=exc)) from exc
        self._write_note(staged.release)
        self.discard_staged()
        log.info("update %s installed into %s", staged.release.version, relaunch_target)
        return relaunch_target

    def _write_note(self, release: Release) -> None:
        note = {"version": release.version, "changes": list(release.changes)}
        (self.updates_dir / INSTALLED_NOTE).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")

    def pending_changes(self) -> tuple[str, list[str]] | None:
        """(version, changes) of the update installed just before this start, shown once."""
        path = self.updates_dir / INSTALLED_NOTE
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if note.get("version") != self.current_version:
            return None
        return note["version"], [str(c) for c in note.get("changes", [])]

    def forget_changes(self) -> None:
        (self.updates_dir / INSTALLED_NOTE).unlink(missing_ok=True)


def _replace_file(executable: Path, new_file: Path, sha256: str) -> Path:
    """Copy next to the executable (same file system), check, then swap atomically.

    Windows cannot overwrite a running .exe but can rename it: the old one is moved aside as
    ``.old`` and removed at a later start (``remove_leftovers``).
    """
    incoming = executable.with_name(executable.name + ".new")
    shutil.copyfile(new_file, incoming)
    if sha256_file(incoming) != sha256:
        incoming.unlink(missing_ok=True)
        raise UpdateError(_("copia dell'aggiornamento non riuscita"))
    os.chmod(incoming, 0o755)
    if sys.platform.startswith("win"):
        old = executable.with_name(executable.name + ".old")
        old.unlink(missing_ok=True)
        os.replace(executable, old)
    os.replace(incoming, executable)
    return executable


def _app_bundle_of(executable: Path) -> Path | None:
    """``/Applications/Cliens TK.app`` for ``.../Cliens TK.app/Contents/MacOS/cliens-tk``."""
    for parent in executable.parents:
        if parent.suffix == ".app":
            return parent
    return None


def _replace_bundle(bundle: Path, archive: Path) -> Path:
    """macOS: the update is a zip of the .app; unpack beside the old bundle, then swap the two."""
    incoming = bundle.with_name(bundle.name + ".new")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir()
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(incoming)
    apps = [p for p in incoming.iterdir() if p.suffix == ".app"]
    if len(apps) != 1:
        shutil.rmtree(incoming, ignore_errors=True)
        raise UpdateError(_("l'archivio dell'aggiornamento non contiene l'applicazione"))
    for path in apps[0].rglob("*"):  # zipfile drops the execute bits
        if path.parent.name == "MacOS" and path.is_file():
            os.chmod(path, 0o755)
    old = bundle.with_name(bundle.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(bundle, old)
    os.replace(apps[0], bundle)
    shutil.rmtree(incoming, ignore_errors=True)
    return bundle


def remove_leftovers(executable: Path) -> None:
    """Remove what a previous update left beside the executable (Windows ``.old``, macOS ``.app.old``)."""
    executable = Path(executable)
    bundle = _app_bundle_of(executable)
    for leftover in ((bundle or executable).with_name((bundle or executable).name + ".old"),):
        try:
            if leftover.is_dir():
                shutil.rmtree(leftover)
            elif leftover.exists():
                leftover.unlink()
        except OSError:
            pass  # still in use: next time


def relaunch_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment for starting the new executable as a fresh, independent instance.

    A one-file build runs in a child process whose environment points at the old unpacked
    folder (``_MEIPASS``) and whose ``LD_LIBRARY_PATH`` was prefixed with it; the new executable
    must not reuse them. ``PYINSTALLER_RESET_ENVIRONMENT=1`` tells its bootloader to start over.
    """
    env = {key: value for key, value in environ.items() if not key.startswith("_PYI_") and key != "_MEIPASS2"}
    env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    for variable in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LIBPATH"):
        original = environ.get(variable + "_ORIG")
        env.pop(variable + "_ORIG", None)
        if original is not None:
            env[variable] = original
        elif variable in env and getattr(sys, "_MEIPASS", None):
            parts = [p for p in env[variable].split(os.pathsep) if p and not p.startswith(sys._MEIPASS)]
            if parts:
                env[variable] = os.pathsep.join(parts)
            else:
                env.pop(variable)
    return env


def relaunch(target: Path, arguments: list[str]) -> subprocess.Popen:
    """Start the newly installed program (detached); the caller then exits."""
    target = Path(target)
    if target.suffix == ".app":
        command = ["open", "-n", str(target), "--args", *arguments]
    else:
        command = [str(target), *arguments]
    options: dict = {"env": relaunch_environment(dict(os.environ)), "close_fds": True}
    if sys.platform.startswith("win"):
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, **options)
