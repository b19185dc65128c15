"""Calendar export: the account, what was exported, and an outbox filled by triggers.

The triggers on ``activity`` are the change tracking: whatever code path creates, edits or
deletes an activity (a window, the CLI, a PolisWeb download), the outbox gets one row per UID with
the latest operation, so the exporter sends one PUT or DELETE per changed activity. They only
fire while the export is enabled; enabling it again reconciles everything (see store/export.py).
"""

DESCRIPTION = "calendar export"
SQL = """
        CREATE TABLE export_account (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            enabled INTEGER NOT NULL DEFAULT 0,
            server_kind TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            username TEXT NOT NULL DEFAULT '',
            calendar_url TEXT NOT NULL DEFAULT '',
            calendar_name TEXT NOT NULL DEFAULT '',
            last_export_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            last_error_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at TEXT
        );
        INSERT INTO export_account (id) VALUES (1);

        CREATE TABLE export_item (
            uid TEXT PRIMARY KEY,
            href TEXT NOT NULL,
            etag TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            exported_at TEXT NOT NULL
        );

        CREATE TABLE export_outbox (
            uid TEXT PRIMARY KEY,
            operation TEXT NOT NULL CHECK (operation IN ('PUT', 'DELETE')),
            changed_at TEXT NOT NULL
        );

        CREATE TRIGGER export_activity_inserted AFTER INSERT ON activity
        WHEN (SELECT enabled FROM export_account WHERE id = 1) = 1
        BEGIN
            INSERT INTO export_outbox (uid, operation, changed_at)
            VALUES (NEW.uid, 'PUT', strftime('%Y-%m-%d %H:%M:%f', 'now'))
            ON CONFLICT (uid) DO UPDATE SET operation = 'PUT', changed_at = excluded.changed_at;
        END;

        CREATE TRIGGER export_activity_updated AFTER UPDATE ON activity
        WHEN (SELECT enabled FROM export_account WHERE id = 1) = 1
        BEGIN
            INSERT INTO export_outbox (uid, operation, changed_at)
            SELECT OLD.uid, 'DELETE', strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE OLD.uid <> NEW.uid
            ON CONFLICT (uid) DO UPDATE SET operation = 'DELETE', changed_at = excluded.changed_at;
            INSERT INTO export_outbox (uid, operation, changed_at)
            VALUES (NEW.uid, 'PUT', strftime('%Y-%m-%d %H:%M:%f', 'now'))
            ON CONFLICT (uid) DO UPDATE SET operation = 'PUT', changed_at = excluded.changed_at;
        END;

        CREATE TRIGGER export_activity_deleted AFTER DELETE ON activity
        WHEN (SELECT enabled FROM export_account WHERE id = 1) = 1
        BEGIN
            INSERT INTO export_outbox (uid, operation, changed_at)
            VALUES (OLD.uid, 'DELETE', strftime('%Y-%m-%d %H:%M:%f', 'now'))
            ON CONFLICT (uid) DO UPDATE SET operation = 'DELETE', changed_at = excluded.changed_at;
        END;
"""
