"""PEC: boxes (no passwords: those are in the OS keyring), folder sync state, messages.

A message row holds what the lists and the state need; the raw message is a file (mode 0600) under
``<data dir>/pec/`` so it can be read offline and saved as legal proof. Receipts point to the sent
message they certify (``parent_id``); ``tracking`` is the sent message's state per recipient.
"""

DESCRIPTION = "pec"
SQL = """
        CREATE TABLE pec_account (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            address TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            username TEXT NOT NULL,
            imap_host TEXT NOT NULL,
            imap_port INTEGER NOT NULL,
            imap_security TEXT NOT NULL DEFAULT 'ssl',
            smtp_host TEXT NOT NULL,
            smtp_port INTEGER NOT NULL,
            smtp_security TEXT NOT NULL DEFAULT 'ssl',
            size_limit_mb INTEGER NOT NULL DEFAULT 30,
            provider TEXT NOT NULL DEFAULT 'other',
            created_on TEXT NOT NULL
        );

        CREATE TABLE pec_folder (
            account_id INTEGER NOT NULL REFERENCES pec_account (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            special TEXT NOT NULL DEFAULT '',
            uidvalidity INTEGER NOT NULL DEFAULT 0,
            last_uid INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (account_id, name)
        );

        CREATE TABLE pec_message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id INTEGER NOT NULL REFERENCES pec_account (id) ON DELETE CASCADE,
            folder TEXT NOT NULL DEFAULT '',
            uid INTEGER,
            uidvalidity INTEGER,
            direction TEXT NOT NULL,
            kind TEXT NOT NULL,
            receipt_type TEXT,
            message_id TEXT NOT NULL DEFAULT '',
            ref_message_id TEXT NOT NULL DEFAULT '',
            parent_id INTEGER REFERENCES pec_message (id) ON DELETE CASCADE,
            sender TEXT NOT NULL DEFAULT '',
            recipients TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL DEFAULT '',
            sent_at TEXT,
            event_at TEXT,
            delivered_to TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            signature TEXT NOT NULL DEFAULT 'unsigned',
            state TEXT,
            tracking TEXT,
            file TEXT NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,
            attachments INTEGER NOT NULL DEFAULT 0,
            seen INTEGER NOT NULL DEFAULT 0,
            personal_case_id INTEGER REFERENCES personal_case (id) ON DELETE SET NULL,
            registry_record_id INTEGER REFERENCES registry_record (id) ON DELETE SET NULL,
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX pec_message_server
            ON pec_message (account_id, folder, uidvalidity, uid) WHERE uid IS NOT NULL;
        CREATE INDEX pec_message_list ON pec_message (account_id, folder, sent_at) WHERE parent_id IS NULL;
        CREATE INDEX pec_message_msgid ON pec_message (account_id, message_id);
        CREATE INDEX pec_message_ref ON pec_message (account_id, ref_message_id) WHERE kind = 'receipt';
        CREATE INDEX pec_message_parent ON pec_message (parent_id) WHERE parent_id IS NOT NULL;
        CREATE INDEX pec_message_case ON pec_message (personal_case_id) WHERE personal_case_id IS NOT NULL;
        CREATE INDEX pec_message_record ON pec_message (registry_record_id) WHERE registry_record_id IS NOT NULL;
"""
