"""The archive: one SQLite file, managed through ``dataset``, with its schema and backups.

Why the transaction helper: the sqlite3 driver only opens a transaction at the first write, so
reads done before it in the same block would not be protected. ``transaction()`` starts with
``BEGIN IMMEDIATE`` so a read-check-write sequence (e.g. "is this role number free?") is atomic
even while a download writes from a worker thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

import dataset
import sqlalchemy.exc

from cliens_tk.i18n import _
from cliens_tk.store.schema import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

ARCHIVE_FILE = "cliens-tk.sqlite"
BACKUP_DIR = "backups"
BACKUPS_KEPT = 10
BUSY_TIMEOUT_MS = 5000


class ArchiveError(Exception):
    """A problem with the archive file; the message is for the user, in Italian."""


class SchemaTooNewError(ArchiveError):
    pass


class ArchiveLockedError(ArchiveError):
    pass


def _secure_file(path: Path) -> None:
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path


def _schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if row is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def schema_version_of(path: Path) -> int:
    """The schema version of an archive file, read without changing it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return _schema_version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(_("Il file {path} non è un archivio valido ({error}).").format(path=path, error=exc)) from exc


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite file consistently with the backup API (safe with WAL and writers)."""
    tmp = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    _secure_file(tmp)
    dst = sqlite3.connect(tmp)
    try:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(tmp, target)
    os.chmod(target, 0o600)


class Archive:
    """The open archive. One per process; safe to use from the Tk thread and one worker thread."""

    def __init__(self, data_dir: Path):
        self.data_dir = ensure_private_dir(Path(data_dir))
        self.path = self.data_dir / ARCHIVE_FILE
        self.backup_dir = self.data_dir / BACKUP_DIR
        self._write_lock = threading.RLock()
        self.db: dataset.Database | None = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, create: bool = True) -> "Archive":
        archive = cls(data_dir)
        if not archive.path.exists() and not create:
            raise ArchiveError(
                _("Nessun archivio in {dir}. Avviare cliens-tk una volta (o «cliens-tk demo») per crearlo.").format(
                    dir=archive.data_dir
                )
            )
        archive._connect()
        return archive

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self) -> None:
        is_new = not self.path.exists()
        _secure_file(self.path)
        if not is_new:
            found = schema_version_of(self.path)
            if found > LATEST_VERSION:
                raise SchemaTooNewError(
                    _(
                        "L'archivio è stato creato da una versione più recente di cliens-tk (schema {found}, "
                        "questa versione conosce fino allo schema {known}). Aggiornare il programma: l'archivio "
                        "non è stato modificato."
                    ).format(found=found, known=LATEST_VERSION)
                )
        self.db = dataset.Database(
            f"sqlite:///{self.path}",
            ensure_schema=False,
            sqlite_wal_mode=True,
            on_connect_statements=[
                f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
                "PRAGMA foreign_keys = ON",
                "PRAGMA synchronous = NORMAL",
            ],
            engine_kwargs={"connect_args": {"check_same_thread": False}},
        )
        try:
            self._migrate(is_new)
        except sqlalchemy.exc.OperationalError as exc:
            self.close()
            raise translate_db_error(exc) from exc
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                os.chmod(extra, 0o600)

    def _migrate(self, is_new: bool) -> None:
        current = self.schema_version()
        pending = [m for m in MIGRATIONS if m[0] > current]
        if not pending:
            return
        if not is_new and current > 0:
            self.backup(reason=f"before-migration-{pending[0][0]}")
        raw = self.db.executable.connection.driver_connection
        for version, description, script in pending:
            log.info("migrating archive to schema %s (%s)", version, description)
            self.db.executable.commit()
            raw.executescript(
                "BEGIN IMMEDIATE;\n"
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description TEXT NOT NULL,"
                " applied_at TEXT NOT NULL);\n"
                + script
                + f"\nINSERT INTO schema_version VALUES ({version}, '{description}', '{dt.datetime.now().isoformat()}');\n"
                "COMMIT;"
            )

    def schema_version(self) -> int:
        rows = self.read(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        )
        if not rows:
            return 0
        return int(self.read("SELECT MAX(version) AS v FROM schema_version")[0]["v"] or 0)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    # -- statements --------------------------------------------------------------------------
    def read(self, sql: str, **params: Any) -> list[dict]:
        """Run a SELECT and return plain dicts; never leaves a transaction open behind it."""
        # Straight to the sqlite3 cursor of this thread's connection: SQLAlchemy's row objects
        # cost several times the query itself on the agenda's hot paths.
        if self.db is None:
            raise ArchiveError(_("L'archivio è chiuso."))
        connection = self.db.executable
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description or ()]
            rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        except sqlite3.OperationalError as exc:
            raise translate_db_error(exc) from exc
        finally:
            cursor.close()
        if not self.db.in_transaction and connection.in_transaction():
            connection.commit()
        return rows

    def execute(self, sql: str, **params: Any) -> None:
        """Run a write statement; inside ``transaction()`` it joins it, otherwise it commits."""
        with self.transaction():
            self.db.query(sql, **params)

    def insert(self, sql: str, **params: Any) -> int:
        """Run an INSERT and return the new row id."""
        with self.transaction():
            rows = list(self.db.query(sql + " RETURNING rowid AS id", **params))
        return int(rows[0]["id"])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing block; nested blocks join the outermost one."""
        if self.db is None:
            raise ArchiveError(_("L'archivio è chiuso."))
        if self.db.in_transaction:
            yield
            return
        with self._write_lock:
            try:
                self.db.begin()
                self.db.executable.exec_driver_sql("BEGIN IMMEDIATE")
            except sqlalchemy.exc.OperationalError as exc:
                self.db.rollback()
                raise translate_db_error(exc) from exc
            try:
                yield
            except BaseException:
                self.db.rollback()
                raise
            try:
                self.db.commit()
            except sqlalchemy.exc.OperationalError as exc:
                self.db.rollback()
                raise translate_db_error(exc) from exc

    def data_version(self) -> int:
        """Changes when another connection commits (used by windows to refresh themselves)."""
        return int(self.read("PRAGMA data_version")[0]["data_version"])

    # -- backups -----------------------------------------------------------------------------
    def backup(self, reason: str = "manual", target: Path | None = None) -> Path:
        """Copy the archive with the SQLite backup API; rolling copies keep the last 10."""
        if target is None:
            ensure_private_dir(self.backup_dir)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            target = self.backup_dir / f"cliens-tk-{stamp}-{reason}.sqlite"
        sqlite_copy(self.path, Path(target))
        self._prune_backups()
        log.info("archive backed up to %s", target)
        return Path(target)

    def backups(self) -> list[Path]:
        if not self.backup_dir.exists():
            return []
        return sorted(self.backup_dir.glob("cliens-tk-*.sqlite"))

    def _prune_backups(self) -> None:
        for old in self.backups()[:-BACKUPS_KEPT]:
            with contextlib.suppress(OSError):
                old.unlink()

    def restore(self, source: Path) -> Path:
        """Replace the archive with ``source``; a copy of what is replaced is kept first."""
        source = Path(source)
        if not source.is_file():
            raise ArchiveError(_("File di backup non trovato: {path}").format(path=source))
        version = schema_version_of(source)
        if version == 0:
            raise ArchiveError(_("Il file {path} non è un archivio di cliens-tk.").format(path=source))
        if version > LATEST_VERSION:
            raise SchemaTooNewError(
                _("Il backup {path} viene da una versione più recente di cliens-tk: non può essere ripristinato.").format(
                    path=source
                )
            )
        kept = self.backup(reason="before-restore")
        self.close()
        tmp = self.data_dir / (ARCHIVE_FILE + ".restore")
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o600)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                self.path.with_name(self.path.name + suffix).unlink()
        os.replace(tmp, self.path)
        self._connect()
        return kept


def translate_db_error(exc: Exception) -> ArchiveError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return ArchiveLockedError(
            _("L'archivio è bloccato da un altro programma (forse un'altra copia di cliens-tk è aperta). Chiuderla e riprovare.")
        )
    if "not a database" in text or "malformed" in text:
        return ArchiveError(_("L'archivio è danneggiato: ripristinare un backup con «cliens-tk restore FILE»."))
    return ArchiveError(_("Errore dell'archivio: {error}").format(error=exc))
