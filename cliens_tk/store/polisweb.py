"""The PolisWeb settings stored in the archive: offices to consult and their registers' state.

A register row is kept when its box is unticked, so ticking it again does not forget when it
was last downloaded; ``added_at`` moves to the moment of the new tick, which is what makes the
box red ("added since the last download") until the next successful download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from cliens_tk.domain.offices import Register
from cliens_tk.store.archive import Archive


class RegisterStatus(StrEnum):
    NEVER = "never"  # never downloaded
    OK = "ok"  # last download succeeded
    ERROR = "error"  # last download failed (``error`` says why)
    RUNNING = "running"  # a download is reading it now


@dataclass
class RegisterState:
    """One register of a consulted office, with what the download needs to know about it."""

    office_code: str
    register: Register
    ticked: bool = True
    added_at: dt.datetime | None = None
    last_download: dt.datetime | None = None  # last SUCCESSFUL download
    last_attempt: dt.datetime | None = None
    status: RegisterStatus = RegisterStatus.NEVER
    error: str = ""
    start_year_done: int | None = None  # start year the last full download covered
    cases_found: int = 0

    def needs_download(self, start_year: int | None = None) -> bool:
        """Red box (guide 7.3): ticked and never downloaded, ticked again since the last
        download, or the start year moved back before what was downloaded."""
        if not self.ticked:
            return False
        if self.last_download is None:
            return True
        if self.added_at is not None and self.added_at > self.last_download:
            return True
        if start_year is not None and self.start_year_done is not None and start_year < self.start_year_done:
            return True
        return False


@dataclass
class ConsultedOffice:
    """An office in "Uffici da consultare" with its register states (ticked or not)."""

    code: str
    position: int
    added_at: dt.datetime
    registers: dict[Register, RegisterState] = field(default_factory=dict)

    @property
    def ticked(self) -> list[Register]:
        return [r for r in Register if r in self.registers and self.registers[r].ticked]

    @property
    def last_download(self) -> dt.datetime | None:
        """The oldest successful download among the ticked registers (None if one never was)."""
        states = [self.registers[r] for r in self.ticked]
        if not states or any(s.last_download is None for s in states):
            return None
        return min(s.last_download for s in states)


def _dt_out(value: dt.datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value else None


def _dt_in(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _state(row: dict) -> RegisterState:
    return RegisterState(
        office_code=row["office_code"], register=Register(row["register"]), ticked=bool(row["ticked"]),
        added_at=_dt_in(row["added_at"]), last_download=_dt_in(row["last_download"]),
        last_attempt=_dt_in(row["last_attempt"]), status=RegisterStatus(row["status"]), error=row["error"],
        start_year_done=row["start_year_done"], cases_found=int(row["cases_found"] or 0),
    )


class PolisWebRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    # --- offices ----------------------------------------------------------------------------
    def offices(self) -> list[ConsultedOffice]:
        offices = {
            r["office_code"]: ConsultedOffice(r["office_code"], int(r["position"]), _dt_in(r["added_at"]))
            for r in self.archive.read("SELECT * FROM polisweb_office ORDER BY position, office_code")
        }
        for row in self.archive.read("SELECT * FROM polisweb_register"):
            office = offices.get(row["office_code"])
            if office is not None:
                state = _state(row)
                office.registers[state.register] = state
        return list(offices.values())

    def office_codes(self) -> list[str]:
        return [r["office_code"] for r in
                self.archive.read("SELECT office_code FROM polisweb_office ORDER BY position, office_code")]

    def add_offices(self, codes: list[str], now: dt.datetime) -> list[str]:
        """Append the offices not yet listed; returns the codes actually added."""
        added = []
        with self.archive.transaction():
            present = set(self.office_codes())
            position = int(self.archive.read("SELECT COALESCE(MAX(position), 0) AS p FROM polisweb_office")[0]["p"])
            for code in codes:
                if code in present or code in added:
                    continue
                position += 1
                self.archive.execute(
                    "INSERT INTO polisweb_office (office_code, position, added_at) VALUES (:c, :p, :a)",
                    c=code, p=position, a=_dt_out(now))
                added.append(code)
        return added

    def remove_office(self, code: str) -> bool:
        """Remove an office and its register states; False if it was not listed."""
        with self.archive.transaction():
            found = bool(self.archive.read("SELECT 1 AS x FROM polisweb_office WHERE office_code = :c", c=code))
            self.archive.execute("DELETE FROM polisweb_register WHERE office_code = :c", c=code)
            self.archive.execute("DELETE FROM polisweb_office WHERE office_code = :c", c=code)
        return found

    # --- registers --------------------------------------------------------------------------
    def set_ticked(self, code: str, register: Register, ticked: bool, now: dt.datetime) -> None:
        register = Register(register)
        with self.archive.transaction():
            rows = self.archive.read(
                "SELECT ticked FROM polisweb_register WHERE office_code = :c AND register = :r",
                c=code, r=register.value)
            if not rows:
                if ticked:
                    self.archive.execute(
                        "INSERT INTO polisweb_register (office_code, register, ticked, added_at)"
                        " VALUES (:c, :r, 1, :a)", c=code, r=register.value, a=_dt_out(now))
            elif bool(rows[0]["ticked"]) != ticked:
                if ticked:
                    self.archive.execute(
                        "UPDATE polisweb_register SET ticked = 1, added_at = :a"
                        " WHERE office_code = :c AND register = :r", a=_dt_out(now), c=code, r=register.value)
                else:
                    self.archive.execute(
                        "UPDATE polisweb_register SET ticked = 0 WHERE office_code = :c AND register = :r",
                        c=code, r=register.value)

    def state(self, code: str, register: Register) -> RegisterState | None:
        rows = self.archive.read("SELECT * FROM polisweb_register WHERE office_code = :c AND register = :r",
                                 c=code, r=Register(register).value)
        return _state(rows[0]) if rows else None

    # --- download bookkeeping (used by the download engine) -------------------------------------
    def mark_running(self, code: str, register: Register, now: dt.datetime) -> None:
        self.archive.execute(
            "UPDATE polisweb_register SET status = 'running', last_attempt = :a"
            " WHERE office_code = :c AND register = :r", a=_dt_out(now), c=code, r=Register(register).value)

    def mark_succeeded(self, code: str, register: Register, now: dt.datetime, start_year: int | None,
                       cases_found: int = 0) -> None:
        self.archive.execute(
            "UPDATE polisweb_register SET status = 'ok', error = '', last_attempt = :a, last_download = :a,"
            " start_year_done = CASE WHEN start_year_done IS NULL OR :y < start_year_done THEN :y"
            " ELSE start_year_done END, cases_found = :n WHERE office_code = :c AND register = :r",
            a=_dt_out(now), y=start_year, n=cases_found, c=code, r=Register(register).value)

    def mark_failed(self, code: str, register: Register, now: dt.datetime, error: str) -> None:
        self.archive.execute(
            "UPDATE polisweb_register SET status = 'error', error = :e, last_attempt = :a"
            " WHERE office_code = :c AND register = :r", e=error[:1000], a=_dt_out(now), c=code,
            r=Register(register).value)
