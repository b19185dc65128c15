"""How a computed deadline was computed, so it can be recomputed when its start date moves.

One row per deadline activity made by the calculator (deleted with the activity). The three
deadlines of an expert's term chain (art. 195 c.p.c.) share a ``chain_id`` and are ordered by
``chain_position``. ``reference_activity_id`` is the activity the term counts from (usually a
hearing); ``reference_date`` is that activity's date when the deadline was last computed, so a
difference means the start has moved.
"""

DESCRIPTION = "deadline terms"
SQL = """
        CREATE TABLE deadline_term (
            activity_id INTEGER PRIMARY KEY REFERENCES activity (id) ON DELETE CASCADE,
            parameters TEXT NOT NULL,
            reference_date TEXT NOT NULL,
            reference_activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
            chain_id TEXT,
            chain_position INTEGER,
            computed_at TEXT NOT NULL,
            CHECK ((chain_id IS NULL) = (chain_position IS NULL)),
            CHECK (chain_position IS NULL OR chain_position BETWEEN 0 AND 2)
        );
        CREATE INDEX deadline_term_reference ON deadline_term (reference_activity_id)
            WHERE reference_activity_id IS NOT NULL;
        CREATE UNIQUE INDEX deadline_term_chain ON deadline_term (chain_id, chain_position)
            WHERE chain_id IS NOT NULL;
"""
