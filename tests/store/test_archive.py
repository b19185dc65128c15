import os
import sqlite3
import stat

import pytest

from cliens_tk.store.archive import (
    BACKUPS_KEPT,
    Archive,
    ArchiveError,
    ArchiveLockedError,
    SchemaTooNewError,
)
from cliens_tk.store.schema import LATEST_VERSION


def test_new_archive_is_created_private_with_the_latest_schema_and_wal(data_dir):
    archive = Archive.open(data_dir)
    assert archive.schema_version() == LATEST_VERSION
    assert stat.S_IMODE(os.stat(archive.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    assert archive.read("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    assert archive.read("PRAGMA busy_timeout")[0]["timeout"] >= 1000
    archive.close()


def test_missing_archive_is_not_created_when_not_asked(data_dir):
    with pytest.raises(ArchiveError, match="Nessun archivio"):
        Archive.open(data_dir, create=False)


def test_newer_schema_is_refused_and_left_untouched(data_dir):
    Archive.open(data_dir).close()
    path = data_dir / "cliens-tk.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="più recente"):
        Archive.open(data_dir)
    assert path.read_bytes() == before


def test_a_migration_makes_a_backup_first(data_dir, monkeypatch):
    Archive.open(data_dir).close()
    from cliens_tk.store import archive as archive_module

    extra = (LATEST_VERSION + 1, "test column", "ALTER TABLE setting ADD COLUMN note TEXT;")
    monkeypatch.setattr(archive_module, "MIGRATIONS", archive_module.MIGRATIONS + [extra])
    monkeypatch.setattr(archive_module, "LATEST_VERSION", LATEST_VERSION + 1)
    archive = Archive.open(data_dir)
    assert archive.schema_version() == LATEST_VERSION + 1
    backups = archive.backups()
    assert len(backups) == 1 and "before-migration" in backups[0].name
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    archive.close()


def test_rolling_backups_keep_the_last_ten(archive):
    for _ in range(BACKUPS_KEPT + 3):
        archive.backup()
    assert len(archive.backups()) == BACKUPS_KEPT
    assert all(stat.S_IMODE(os.stat(b).st_mode) == 0o600 for b in archive.backups())


def test_restore_brings_back_the_data_and_keeps_what_it_replaces(services):
    services.settings.set("marker", "before")
    snapshot = services.archive.backup()
    services.settings.set("marker", "after")
    kept = services.archive.restore(snapshot)
    assert services.settings.get("marker") == "before"
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT value FROM setting WHERE key = 'marker'").fetchone()[0] == '"after"'
    conn.close()


def test_restore_refuses_a_file_that_is_not_an_archive(archive, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ArchiveError):
        archive.restore(junk)
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with pytest.raises(ArchiveError, match="non è un archivio"):
        archive.restore(empty)


def test_transaction_is_all_or_nothing(services):
    services.settings.set("a", 1)
    with pytest.raises(RuntimeError):
        with services.archive.transaction():
            services.settings.set("a", 2)
            services.settings.set("b", 3)
            raise RuntimeError("power cut")
    assert services.settings.get("a") == 1 and services.settings.get("b") is None


def test_a_locked_archive_gives_a_clear_message(archive, monkeypatch):
    from cliens_tk.store import archive as archive_module

    monkeypatch.setattr(archive_module, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(archive.path, timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    try:
        archive.db.executable.exec_driver_sql("PRAGMA busy_timeout = 100")
        with pytest.raises(ArchiveLockedError, match="bloccato"):
            archive.execute("INSERT INTO setting (key, value) VALUES ('k', '1')")
    finally:
        other.rollback()
        other.close()


def test_data_version_changes_when_another_connection_writes(archive):
    before = archive.data_version()
    other = sqlite3.connect(archive.path)
    other.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")
    other.commit()
    other.close()
    assert archive.data_version() != before
