"""The emulator's data: the CTU's cases, their hearings and history, and a clock.

Everything is generated from ``random.Random(seed)`` relative to the clock's start, so the same
seed, size and start give the same world. ``change_cases`` edits some cases the way a registry
does (hearing added, moved or removed, status changed) and stamps their modification date with
the clock, so incremental downloads can be tested; ``truth`` returns the whole world as a
JSON-able dict to compare an archive with.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass, field

from cliens_tk.domain.offices import Office, Register
from cliens_tk.polisweb.emulator import names as N

DEMO_TAX_CODE = "RSSMRA80A01H501U"

# Offices where the demo CTU has appointments (bundled codes), with their registers' weights.
DEFAULT_CASE_OFFICES = (
    "0151460094",  # Tribunale di Milano
    "1080330094",  # Tribunale di Monza
    "0151460095",  # Giudice di Pace di Milano
    "0160240094",  # Tribunale di Bergamo (district of Brescia: GLBS)
    "0580910098",  # Tribunale di Roma
)
REGISTER_WEIGHTS = {
    Register.CIVIL: 8, Register.LABOUR: 3, Register.VOLUNTARY: 1, Register.PEACE: 6,
    Register.ENFORCEMENT_REAL: 2, Register.ENFORCEMENT_MOVABLE: 1, Register.BANKRUPTCY: 1,
}
YEARS_BACK = 6
FUTURE_DAYS = 150


@dataclass
class Party:
    surname: str
    name: str  # empty for companies
    kind: str
    tax_code: str
    lawyer: str

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.name}".strip()


@dataclass
class Item:
    """A hearing (kind ``U``) or a deadline (kind ``S``)."""

    id: int
    kind: str
    description: str
    when: dt.datetime
    judge: str


@dataclass
class Event:
    code: str
    description: str
    when: dt.datetime
    registered_at: dt.datetime


@dataclass
class Case:
    id: int
    office: Office
    register: Register
    number: int
    year: int
    judge: str
    section_code: str
    section: str
    subject: str
    rite: str
    status: str
    registered_on: dt.date
    parties: list[Party]
    items: list[Item] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    modified_at: dt.datetime | None = None
    ctu_tax_code: str = DEMO_TAX_CODE

    @property
    def plaintiff(self) -> str:
        return next((p.full_name for p in self.parties if p.kind == "ATTORE"), "")

    @property
    def defendant(self) -> str:
        return next((p.full_name for p in self.parties if p.kind == "CONVENUTO"), "")

    def hearings(self) -> list[Item]:
        return sorted((i for i in self.items if i.kind == "U"), key=lambda i: i.when)

    def last_hearing(self, now: dt.datetime) -> dt.datetime | None:
        past = [i.when for i in self.hearings() if i.when < now]
        return past[-1] if past else None

    def next_hearing(self, now: dt.datetime) -> dt.datetime | None:
        return next((i.when for i in self.hearings() if i.when >= now), None)

    @property
    def closed(self) -> bool:
        return self.status in N.CLOSED_STATUSES


def _workday_at(day: dt.date, rng: random.Random) -> dt.datetime:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    hour, minute = rng.choice([(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30), (12, 0), (12, 30)])
    return dt.datetime.combine(day, dt.time(hour, minute))


class World:
    """The whole emulated registry. Thread-safe through ``lock`` (the server holds it)."""

    def __init__(self, catalogue: list[Office], *, seed: int = 1, cases: int = 200,
                 now: dt.datetime | None = None, tax_code: str = DEMO_TAX_CODE,
                 case_offices: tuple[str, ...] = DEFAULT_CASE_OFFICES):
        self.lock = threading.RLock()
        self.seed = seed
        self.tax_code = tax_code
        self.now = (now or dt.datetime.now()).replace(second=0, microsecond=0)
        self.catalogue = catalogue
        self.offices_by_code = {o.code: o for o in catalogue}
        self.case_offices = [self.offices_by_code[c] for c in case_offices if c in self.offices_by_code]
        self._rng = random.Random(seed)
        self._next_id = 3_000_000 + self._rng.randrange(100_000)
        self._next_item = 70_000_000
        self.cases: list[Case] = []
        self._numbers: set[tuple[str, str, int, int]] = set()
        self._changes = 0
        for _ in range(cases):
            self.cases.append(self._new_case())
        self.cases.sort(key=lambda c: (c.office.code, c.register.value, c.year, c.number))

    # --- generation ------------------------------------------------------------------------

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _item_id(self) -> int:
        self._next_item += 1
        return self._next_item

    def _party(self, kind: str) -> Party:
        rng = self._rng
        if rng.random() < 0.3:
            return Party(N.company(rng), "", kind, f"{rng.randrange(10**10, 10**11):011d}", N.lawyer_name(rng))
        surname, name = N.person(rng)
        return Party(surname, name, kind, N.random_tax_code(rng), N.lawyer_name(rng))

    def _new_case(self) -> Case:
        rng = self._rng
        office = rng.choice(self.case_offices)
        registers = [r for r in office.registers if r in REGISTER_WEIGHTS]
        register = rng.choices(registers, [REGISTER_WEIGHTS[r] for r in registers])[0]
        year = self.now.year - rng.choices(range(YEARS_BACK + 1), [3, 5, 5, 4, 3, 2, 1])[0]
        while True:
            number = rng.randrange(1, 40_000 if register == Register.CIVIL else 8_000)
            key = (office.code, register.value, year, number)
            if key not in self._numbers:
                self._numbers.add(key)
                break
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
        if start > self.now.date():
            start = self.now.date() - dt.timedelta(days=rng.randrange(1, 60))
        section_code, section = rng.choice(N.SECTIONS[register.value])
        parties = [self._party("ATTORE"), self._party("CONVENUTO")]
        if rng.random() < 0.25:
            parties.append(self._party(rng.choice(("TERZO CHIAMATO", "INTERVENUTO"))))
        age_days = (self.now.date() - start).days
        closed = age_days > 700 and rng.random() < 0.5
        case = Case(
            id=self._id(), office=office, register=register, number=number, year=year,
            judge=N.judge_name(rng), section_code=section_code, section=section,
            subject=rng.choice(N.SUBJECTS[register.value]), rite=rng.choice(N.RITES[register.value]),
            status=rng.choice(N.CLOSED_STATUSES if closed else N.OPEN_STATUSES),
            registered_on=start, parties=parties,
        )
        self._fill_history(case, start, closed)
        return case

    def _fill_history(self, case: Case, start: dt.date, closed: bool) -> None:
        rng = self._rng
        now = self.now
        events = [("ISCR", "Iscrizione a ruolo", dt.datetime.combine(start, dt.time(10, 0)))]
        day = start + dt.timedelta(days=rng.randrange(20, 90))
        end = now.date() - dt.timedelta(days=rng.randrange(30, 300)) if closed else \
            now.date() + dt.timedelta(days=rng.randrange(20, FUTURE_DAYS))
        descriptions = list(N.HEARING_DESCRIPTIONS)
        index = 0
        while day <= end and index < 6:
            when = _workday_at(day, rng)
            case.items.append(Item(self._item_id(), "U", descriptions[min(index, len(descriptions) - 1)],
                                   when, case.judge))
            if when < now:
                events.append(("VERB", "Verbale d'udienza", when))
            if index == 1:  # appointment of the CTU at the second hearing, then deadlines
                events.append(("NCTU", "Nomina del consulente tecnico d'ufficio", when))
                for offset, text in ((60, N.DEADLINE_DESCRIPTIONS[1]), (90, N.DEADLINE_DESCRIPTIONS[0])):
                    due = dt.datetime.combine(when.date() + dt.timedelta(days=offset), dt.time(23, 59))
                    if due.date() <= end + dt.timedelta(days=30):
                        case.items.append(Item(self._item_id(), "S", text, due, case.judge))
            index += 1
            day = when.date() + dt.timedelta(days=rng.randrange(60, 200))
        if not closed and not any(i.when >= now for i in case.items) and rng.random() < 0.8:
            when = _workday_at(now.date() + dt.timedelta(days=rng.randrange(3, FUTURE_DAYS)), rng)
            case.items.append(Item(self._item_id(), "U", N.HEARING_DESCRIPTIONS[-1], when, case.judge))
        past_items = [i for i in case.items if i.when < now]
        for code, text, when in events:
            if when <= now:
                registered = min(when + dt.timedelta(days=rng.randrange(0, 4), hours=rng.randrange(1, 8)), now)
                case.events.append(Event(code, text, when, registered))
        case.events.sort(key=lambda e: e.when)
        latest = max([e.registered_at for e in case.events] + [i.when for i in past_items], default=None)
        case.modified_at = (latest or dt.datetime.combine(start, dt.time(10, 0))).replace(
            second=rng.randrange(60), microsecond=rng.randrange(1000) * 1000)
        case.modified_at = min(case.modified_at, now)

    # --- queries ----------------------------------------------------------------------------

    def find(self, office_code: str, register: Register | None, number: int, year: int) -> Case | None:
        for case in self.cases:
            if (case.office.code == office_code and case.number == number and case.year == year
                    and (register is None or case.register == register)):
                return case
        return None

    def cases_of(self, office_code: str, registers: tuple[Register, ...], tax_code: str) -> list[Case]:
        return [c for c in self.cases if c.office.code == office_code and c.register in registers
                and c.ctu_tax_code == tax_code]

    # --- changes ----------------------------------------------------------------------------

    def advance_clock(self, days: float = 0, hours: float = 0) -> dt.datetime:
        with self.lock:
            self.now += dt.timedelta(days=days, hours=hours)
            return self.now

    def change_cases(self, n: int) -> list[dict]:
        """Change ``n`` open cases; return what changed (one dict per case)."""
        with self.lock:
            self._changes += 1
            rng = random.Random(f"{self.seed}-changes-{self._changes}")
            open_cases = [c for c in self.cases if not c.closed]
            chosen = rng.sample(open_cases, min(n, len(open_cases)))
            kinds = ("new_hearing", "moved_hearing", "removed_hearing", "status")
            report = []
            for index, case in enumerate(chosen):
                report.append(self._change(case, kinds[index % len(kinds)], rng))
            return report

    def _change(self, case: Case, kind: str, rng: random.Random) -> dict:
        now = self.now
        future = [i for i in case.hearings() if i.when > now]
        entry = {"case_id": case.id, "office_code": case.office.code, "register": case.register.value,
                 "number": case.number, "year": case.year, "change": kind}
        if kind in ("moved_hearing", "removed_hearing") and not future:
            kind = entry["change"] = "new_hearing"
        if kind == "new_hearing":
            when = _workday_at(now.date() + dt.timedelta(days=rng.randrange(7, 45)), rng)
            item = Item(self._item_id(), "U", rng.choice(N.HEARING_DESCRIPTIONS), when, case.judge)
            case.items.append(item)
            entry.update(hearing_id=item.id, when=when.isoformat())
            event = ("DECR", "Decreto di fissazione udienza")
        elif kind == "moved_hearing":
            item = future[0]
            old = item.when
            item.when = _workday_at(old.date() + dt.timedelta(days=rng.randrange(14, 60)), rng)
            entry.update(hearing_id=item.id, old_when=old.isoformat(), when=item.when.isoformat())
            event = ("RINV", "Rinvio dell'udienza")
        elif kind == "removed_hearing":
            item = future[-1]
            case.items.remove(item)
            entry.update(hearing_id=item.id, old_when=item.when.isoformat())
            event = ("DECR", "Revoca dell'udienza")
        else:
            old_status = case.status
            case.status = "IN DECISIONE" if old_status != "IN DECISIONE" else "RINVIATO"
            entry.update(old_status=old_status, status=case.status)
            event = ("DECR", f"Variazione stato: {case.status}")
        case.events.append(Event(event[0], event[1], now, now))
        case.modified_at = now
        return entry

    # --- truth ------------------------------------------------------------------------------

    def case_dict(self, case: Case) -> dict:
        now = self.now
        iso = lambda value: value.isoformat() if value else None  # noqa: E731
        return {
            "id": case.id,
            "office_code": case.office.code,
            "office_name": case.office.name,
            "gl_code": case.office.gl_code,
            "register": case.register.value,
            "number": case.number,
            "year": case.year,
            "judge": case.judge,
            "section": case.section,
            "subject": case.subject,
            "rite": case.rite,
            "status": case.status,
            "registered_on": case.registered_on.isoformat(),
            "plaintiff": case.plaintiff,
            "defendant": case.defendant,
            "parties": [{"name": p.full_name, "kind": p.kind, "tax_code": p.tax_code, "lawyer": p.lawyer}
                        for p in case.parties],
            "last_hearing": iso(case.last_hearing(now)),
            "next_hearing": iso(case.next_hearing(now)),
            "modified_at": iso(case.modified_at),
            "events": [{"code": e.code, "description": e.description, "when": iso(e.when),
                        "registered_at": iso(e.registered_at)} for e in case.events],
            "items": [{"id": i.id, "kind": "udienza" if i.kind == "U" else "scadenza",
                       "description": i.description, "when": iso(i.when), "judge": i.judge}
                      for i in sorted(case.items, key=lambda i: (i.when, i.id))],
        }

    def truth(self) -> dict:
        with self.lock:
            return {
                "now": self.now.isoformat(),
                "seed": self.seed,
                "tax_code": self.tax_code,
                "offices": [
                    {"code": o.code, "name": o.name, "gl_code": o.gl_code,
                     "registers": sorted({c.register.value for c in self.cases if c.office.code == o.code})}
                    for o in self.case_offices
                ],
                "catalogue_size": len(self.catalogue),
                "cases": [self.case_dict(c) for c in self.cases],
            }
