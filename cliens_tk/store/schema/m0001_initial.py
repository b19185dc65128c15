"""Initial schema: offices, personal cases, registry records, activities, settings."""

DESCRIPTION = "initial schema"
SQL = """
        CREATE TABLE office (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            province TEXT NOT NULL DEFAULT '',
            district TEXT NOT NULL DEFAULT '',
            gl_code TEXT NOT NULL DEFAULT '',
            pec TEXT NOT NULL DEFAULT '',
            services TEXT NOT NULL DEFAULT '[]',
            registers TEXT NOT NULL DEFAULT '[]',
            sample INTEGER NOT NULL DEFAULT 0,
            search_text TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE personal_case (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            office_code TEXT NOT NULL,
            register TEXT NOT NULL,
            role_year INTEGER,
            role_number INTEGER,
            notes TEXT NOT NULL DEFAULT '',
            created_on TEXT NOT NULL,
            search_text TEXT NOT NULL DEFAULT '',
            CHECK ((role_year IS NULL) = (role_number IS NULL))
        );
        CREATE UNIQUE INDEX personal_case_role
            ON personal_case (office_code, register, role_year, role_number)
            WHERE role_number IS NOT NULL;

        CREATE TABLE registry_record (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            office_code TEXT NOT NULL,
            register TEXT NOT NULL,
            role_year INTEGER NOT NULL,
            role_number INTEGER NOT NULL,
            plaintiff TEXT NOT NULL DEFAULT '',
            defendant TEXT NOT NULL DEFAULT '',
            parties TEXT NOT NULL DEFAULT '[]',
            judge TEXT NOT NULL DEFAULT '',
            section TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            rite TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '',
            registered_on TEXT,
            last_hearing TEXT,
            next_hearing TEXT,
            modified_at TEXT,
            history TEXT NOT NULL DEFAULT '[]',
            remote_id TEXT NOT NULL DEFAULT '',
            personal_case_id INTEGER REFERENCES personal_case (id) ON DELETE SET NULL,
            seen INTEGER NOT NULL DEFAULT 0,
            search_text TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX registry_record_role
            ON registry_record (office_code, register, role_year, role_number);
        CREATE UNIQUE INDEX registry_record_case
            ON registry_record (personal_case_id) WHERE personal_case_id IS NOT NULL;

        CREATE TABLE activity (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            start_at TEXT,
            end_at TEXT,
            all_day INTEGER NOT NULL DEFAULT 0,
            due_date TEXT,
            show_from TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            judge TEXT NOT NULL DEFAULT '',
            previous_hearing_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
            next_hearing_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
            personal_case_id INTEGER REFERENCES personal_case (id) ON DELETE SET NULL,
            registry_record_id INTEGER REFERENCES registry_record (id) ON DELETE SET NULL,
            polisweb_key TEXT UNIQUE,
            created_on TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start_at IS NOT NULL OR due_date IS NOT NULL OR show_from IS NOT NULL),
            CHECK ((start_at IS NULL) = (end_at IS NULL))
        );
        CREATE INDEX activity_start ON activity (start_at) WHERE start_at IS NOT NULL;
        CREATE INDEX activity_long_span ON activity (start_at)
            WHERE julianday(end_at) - julianday(start_at) > 31;
        CREATE INDEX activity_due ON activity (due_date, show_from)
            WHERE due_date IS NOT NULL OR show_from IS NOT NULL;
        CREATE INDEX activity_personal_case ON activity (personal_case_id) WHERE personal_case_id IS NOT NULL;
        CREATE INDEX activity_registry_record ON activity (registry_record_id) WHERE registry_record_id IS NOT NULL;

        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
"""
