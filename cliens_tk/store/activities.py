"""Reading and writing agenda activities."""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import Activity, ActivityKind, Period
from cliens_tk.store.archive import Archive
from cliens_tk.store.codec import date_in, date_out, datetime_in, datetime_out

_COLUMNS = (
    "uid, kind, title, notes, place, start_at, end_at, all_day, due_date, show_from, done, judge,"
    " previous_hearing_id, next_hearing_id, personal_case_id, registry_record_id, polisweb_key,"
    " created_on, updated_at"
)
_PARAMS = ", ".join(f":{c.strip()}" for c in _COLUMNS.split(","))
_UPDATES = ", ".join(f"{c.strip()} = :{c.strip()}" for c in _COLUMNS.split(","))

LONG_SPAN_DAYS = 31  # must match the partial index activity_long_span


def to_row(activity: Activity) -> dict:
    return {
        "uid": activity.uid,
        "kind": activity.kind.value,
        "title": activity.title,
        "notes": activity.notes,
        "place": activity.place,
        "start_at": datetime_out(activity.start),
        "end_at": datetime_out(activity.end),
        "all_day": int(activity.all_day),
        "due_date": date_out(activity.due_date),
        "show_from": date_out(activity.show_from),
        "done": int(activity.done),
        "judge": activity.judge,
        "previous_hearing_id": activity.previous_hearing_id,
        "next_hearing_id": activity.next_hearing_id,
        "personal_case_id": activity.personal_case_id,
        "registry_record_id": activity.registry_record_id,
        "polisweb_key": activity.polisweb_key,
        "created_on": date_out(activity.created_on),
        "updated_at": dt.datetime.now().isoformat(sep=" ", timespec="seconds"),
    }


_KINDS = {kind.value: kind for kind in ActivityKind}


def from_row(row: dict) -> Activity:
    return Activity(
        id=row["id"],
        uid=row["uid"],
        kind=_KINDS[row["kind"]],
        title=row["title"],
        notes=row["notes"],
        place=row["place"],
        start=datetime_in(row["start_at"]),
        end=datetime_in(row["end_at"]),
        all_day=bool(row["all_day"]),
        due_date=date_in(row["due_date"]),
        show_from=date_in(row["show_from"]),
        done=bool(row["done"]),
        judge=row["judge"],
        previous_hearing_id=row["previous_hearing_id"],
        next_hearing_id=row["next_hearing_id"],
        personal_case_id=row["personal_case_id"],
        registry_record_id=row["registry_record_id"],
        polisweb_key=row["polisweb_key"],
        created_on=date_in(row["created_on"]),
    )


class ActivityRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    def add(self, activity: Activity) -> Activity:
        activity.check()
        new_id = self.archive.insert(f"INSERT INTO activity ({_COLUMNS}) VALUES ({_PARAMS})", **to_row(activity))
        activity.id = new_id
        return activity

    def add_many(self, activities: list[Activity]) -> None:
        """Insert many activities in one transaction (demo data, downloads)."""
        with self.archive.transaction():
            for activity in activities:
                activity.check()
            self.archive.db["activity"].insert_many([to_row(a) for a in activities])

    def update(self, activity: Activity) -> Activity:
        if activity.id is None:
            raise ValueError("cannot update an activity that was never saved")
        activity.check()
        self.archive.execute(f"UPDATE activity SET {_UPDATES} WHERE id = :id", id=activity.id, **to_row(activity))
        return activity

    def delete(self, activity_id: int) -> None:
        self.archive.execute("DELETE FROM activity WHERE id = :id", id=activity_id)

    def get(self, activity_id: int) -> Activity | None:
        rows = self.archive.read("SELECT * FROM activity WHERE id = :id", id=activity_id)
        return from_row(rows[0]) if rows else None

    def by_polisweb_key(self, key: str) -> Activity | None:
        rows = self.archive.read("SELECT * FROM activity WHERE polisweb_key = :key", key=key)
        return from_row(rows[0]) if rows else None

    def in_period(self, period: Period) -> list[Activity]:
        """Calendar activities overlapping a period, ordered by start."""
        start, end = datetime_out(period.start), datetime_out(period.end)
        lower = datetime_out(period.start - dt.timedelta(days=LONG_SPAN_DAYS))
        rows = self.archive.read(
            "SELECT * FROM activity WHERE start_at >= :lower AND start_at < :end"
            " AND (end_at > :start OR (end_at = start_at AND start_at >= :start))"
            " UNION ALL"
            " SELECT * FROM activity WHERE julianday(end_at) - julianday(start_at) > 31"
            " AND start_at < :lower AND end_at > :start"
            " ORDER BY start_at, id",
            lower=lower,
            start=start,
            end=end,
        )
        return [from_row(r) for r in rows]

    def deadlines(self, today: dt.date, done_within_days: int | None = 30) -> list[Activity]:
        """The deadlines list on ``today``: visible from show-from (or creation), by due date.

        Done deadlines stay listed for ``done_within_days`` after their due date so a mistaken
        tick can be undone; ``None`` lists them all.
        """
        day = date_out(today)
        done_clause = ""
        params = {"day": day}
        if done_within_days is not None:
            done_clause = " AND (done = 0 OR due_date >= :done_since)"
            params["done_since"] = date_out(today - dt.timedelta(days=done_within_days))
        rows = self.archive.read(
            "SELECT * FROM activity WHERE (due_date IS NOT NULL OR show_from IS NOT NULL)"
            " AND COALESCE(show_from, created_on) <= :day" + done_clause +
            " ORDER BY COALESCE(due_date, show_from), title, id",
            **params,
        )
        return [from_row(r) for r in rows]

    def of_personal_case(self, case_id: int) -> list[Activity]:
        rows = self.archive.read(
            "SELECT * FROM activity WHERE personal_case_id = :id"
            " OR registry_record_id IN (SELECT id FROM registry_record WHERE personal_case_id = :id)"
            " ORDER BY COALESCE(start_at, due_date, show_from), id",
            id=case_id,
        )
        return [from_row(r) for r in rows]

    def of_registry_record(self, record_id: int) -> list[Activity]:
        rows = self.archive.read(
            "SELECT * FROM activity WHERE registry_record_id = :id ORDER BY COALESCE(start_at, due_date), id",
            id=record_id,
        )
        return [from_row(r) for r in rows]

    def count(self) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM activity")[0]["n"])

    def all(self) -> list[Activity]:
        return [from_row(r) for r in self.archive.read("SELECT * FROM activity ORDER BY id")]
