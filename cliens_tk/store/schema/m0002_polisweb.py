"""PolisWeb settings: the offices to consult and, per office, the registers ticked with their
download state (what the download engine reads and writes)."""

DESCRIPTION = "polisweb offices and registers"
SQL = """
        CREATE TABLE polisweb_office (
            office_code TEXT PRIMARY KEY,
            position INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        );

        CREATE TABLE polisweb_register (
            office_code TEXT NOT NULL REFERENCES polisweb_office (office_code) ON DELETE CASCADE,
            register TEXT NOT NULL,
            ticked INTEGER NOT NULL DEFAULT 1,
            added_at TEXT NOT NULL,
            last_download TEXT,
            last_attempt TEXT,
            status TEXT NOT NULL DEFAULT 'never',
            error TEXT NOT NULL DEFAULT '',
            start_year_done INTEGER,
            cases_found INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (office_code, register)
        );
"""
