"""A realistic Italian demo archive: cases of every kind, hearing chains, deadlines of every colour.

The demo fills an empty archive only, so it can never mix invented data with a user's own. It is
generated from a seed (the same seed gives the same archive) relative to ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import HistoryEvent, Party, PersonalCase, RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.i18n import _
from cliens_tk.services.context import DEMO_FLAG, AppServices
from cliens_tk.store.activities import to_row as activity_row
from cliens_tk.store.cases import _case_search_text, record_to_row
from cliens_tk.store.codec import date_out

SURNAMES = (
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca "
    "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso "
    "Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De Santis "
    "D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina"
).split()
FIRST_NAMES = (
    "Giuseppe Maria Giovanni Anna Antonio Francesca Mario Rosa Luigi Angela Francesco Giovanna Angelo "
    "Teresa Vincenzo Lucia Pietro Carmela Salvatore Caterina Carlo Paola Franco Laura Domenico Elena "
    "Bruno Giulia Paolo Chiara Michele Sara Giorgio Silvia Aldo Marta Sergio Federica Roberto Ilaria"
).split()
COMPANIES = (
    "Edil Costruzioni S.r.l.", "Immobiliare Lombarda S.p.A.", "Condominio Via Roma 12", "Assicurazioni Generali S.p.A.",
    "Banca Popolare di Sondrio", "Autotrasporti Veloci S.n.c.", "Studio Medico Associato", "Impianti Termici Nord S.r.l.",
    "Comune di Sesto San Giovanni", "Azienda Ospedaliera San Paolo", "Consorzio Agrario", "Officine Meccaniche Riunite",
)
SUBJECTS = (
    "Risarcimento danni da circolazione stradale", "Appalto: vizi e difformità dell'opera",
    "Responsabilità professionale sanitaria", "Divisione di beni ereditari", "Vizi della cosa venduta",
    "Accertamento tecnico preventivo (art. 696 c.p.c.)", "Consulenza tecnica preventiva (art. 696-bis c.p.c.)",
    "Infiltrazioni e danni da immissioni", "Contratti bancari: anatocismo e usura",
    "Stima di immobile pignorato", "Riconoscimento di invalidità civile", "Infortunio sul lavoro",
    "Regolamento di confini", "Opposizione a decreto ingiuntivo", "Locazione: danni all'immobile",
)
JUDGES = tuple(f"Dott. {f} {s}" for f, s in zip(FIRST_NAMES[::3], SURNAMES[::2]))
STATUSES = ("Pendente", "Udienza fissata", "Rinviata", "In decisione", "Sospesa", "Definita con sentenza")
PLACES = ("Tribunale, aula 3", "Tribunale, aula 12", "Studio", "Sopralluogo in cantiere", "Via Manzoni 7",
          "Ospedale Niguarda", "Studio del CTP", "Collegamento da remoto (Teams)")
HISTORY = ("Iscrizione a ruolo", "Designazione giudice", "Nomina CTU", "Giuramento CTU", "Deposito memoria",
           "Inizio operazioni peritali", "Deposito bozza di relazione", "Deposito relazione peritale",
           "Rinvio udienza", "Decreto di liquidazione")
DEMO_OFFICES = (
    ("0151460094", (Register.CIVIL, Register.LABOUR, Register.VOLUNTARY)),
    ("0580910098", (Register.CIVIL, Register.LABOUR)),
    ("1080330094", (Register.CIVIL, Register.ENFORCEMENT_REAL)),
    ("0012720094", (Register.CIVIL,)),
    ("0151460095", (Register.PEACE,)),
)
OFFICE_CITIES = {"0151460094": "Milano", "0580910098": "Roma", "1080330094": "Monza", "0012720094": "Torino",
                 "0151460095": "Milano"}


@dataclass
class DemoSummary:
    personal_cases: int
    registry_records: int
    activities: int


class DemoError(Exception):
    pass


def _person(rnd: random.Random) -> str:
    return f"{rnd.choice(SURNAMES)} {rnd.choice(FIRST_NAMES)}"


def _party(rnd: random.Random) -> str:
    return rnd.choice(COMPANIES) if rnd.random() < 0.3 else _person(rnd)


def _working_moment(rnd: random.Random, day: dt.date) -> dt.datetime:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(rnd.randint(9, 17), rnd.choice((0, 15, 30, 45))))


class _Builder:
    def __init__(self, rnd: random.Random, today: dt.date, base_ids: dict[str, int]):
        self.rnd = rnd
        self.today = today
        self.next_id = dict(base_ids)
        self.cases: list[dict] = []
        self.records: list[dict] = []
        self.activities: list[dict] = []
        self.used_roles: set[tuple] = set()

    def _id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def _role(self, office: str, register: Register) -> RoleNumber:
        while True:
            year = self.rnd.randint(self.today.year - 4, self.today.year)
            role = RoleNumber(year, self.rnd.randint(1, 25000))
            if (office, register, role) not in self.used_roles:
                self.used_roles.add((office, register, role))
                return role

    def _random_day(self, before: int = 365, after: int = 180) -> dt.date:
        return self.today + dt.timedelta(days=self.rnd.randint(-before, after))

    def case(self, kind: str) -> tuple[int | None, int | None]:
        """Create a personal case, a registry record, or both linked; returns their ids."""
        office, registers = self.rnd.choice(DEMO_OFFICES)
        register = self.rnd.choice(registers)
        role = self._role(office, register)
        case_id = record_id = None
        plaintiff, defendant = _party(self.rnd), _party(self.rnd)
        if kind in ("registry", "both"):
            record_id = self._id("registry_record")
            registered = dt.date(role.year, self.rnd.randint(1, 12), self.rnd.randint(1, 28))
            history = []
            moment = dt.datetime.combine(registered, dt.time(10))
            for description in self.rnd.sample(HISTORY, k=self.rnd.randint(2, 6)):
                moment += dt.timedelta(days=self.rnd.randint(20, 120))
                history.append(HistoryEvent(moment, description, moment))
            history.sort(key=lambda e: e.when)
            record = RegistryRecord(
                office_code=office, register=register, role=role, plaintiff=plaintiff, defendant=defendant,
                parties=[Party(plaintiff, "Attore", lawyer=f"Avv. {_person(self.rnd)}"),
                         Party(defendant, "Convenuto", lawyer=f"Avv. {_person(self.rnd)}")],
                judge=self.rnd.choice(JUDGES), section=f"Sezione {self.rnd.randint(1, 13)}ª civile",
                subject=self.rnd.choice(SUBJECTS), rite="Ordinario di cognizione",
                status=self.rnd.choice(STATUSES), registered_on=registered,
                modified_at=moment, history=history, remote_id=f"DEMO-{record_id}",
                personal_case_id=None, seen=self.rnd.random() > 0.15,
            )
            self.records.append({"id": record_id, **record_to_row(record)})
        if kind in ("personal", "both"):
            case_id = self._id("personal_case")
            title = (f"CTU {plaintiff} c/ {defendant}" if kind == "both" or self.rnd.random() < 0.5
                     else f"Perizia {self.rnd.choice(SUBJECTS).lower()} - {_person(self.rnd)}")
            has_role = kind == "both" or self.rnd.random() < 0.5
            case = PersonalCase(title=title, office_code=office, register=register,
                                role=role if has_role else None,
                                notes=_("Fascicolo dimostrativo generato automaticamente."),
                                created_on=self._random_day(700, 0))
            self.cases.append({
                "id": case_id, "title": case.title, "office_code": office, "register": register.value,
                "role_year": case.role.year if case.role else None,
                "role_number": case.role.number if case.role else None,
                "notes": case.notes, "created_on": date_out(case.created_on), "search_text": _case_search_text(case),
            })
            if record_id is not None:
                self.records[-1]["personal_case_id"] = case_id
        return case_id, record_id

    def add_activity(self, activity: Activity) -> int:
        activity.id = self._id("activity")
        self.activities.append({"id": activity.id, **activity_row(activity)})
        return activity.id

    def hearing_chain(self, length: int, case_id: int | None, record_id: int | None, title: str) -> int:
        day = self._random_day(300, 120)
        judge = self.rnd.choice(JUDGES)
        previous: dict | None = None
        for _index in range(length):
            start = _working_moment(self.rnd, day)
            hearing = Activity(kind=ActivityKind.HEARING, title=title, place=self.rnd.choice(PLACES[:2]),
                               start=start, end=start + dt.timedelta(minutes=self.rnd.choice((30, 60, 90))),
                               judge=judge, personal_case_id=case_id, registry_record_id=record_id,
                               created_on=min(day, self.today))
            if previous is not None:
                hearing.previous_hearing_id = previous["id"]
            self.add_activity(hearing)
            if previous is not None:
                previous["next_hearing_id"] = hearing.id
            previous = self.activities[-1]
            day += dt.timedelta(days=self.rnd.randint(30, 120))
        return length

    def polisweb_hearing(self, record_id: int, title: str) -> None:
        start = _working_moment(self.rnd, self._random_day(200, 60))
        self.add_activity(Activity(
            kind=ActivityKind.POLISWEB, title=title, place=_("Tribunale"), start=start,
            end=start + dt.timedelta(minutes=30), judge=self.rnd.choice(JUDGES), registry_record_id=record_id,
            polisweb_key=f"DEMO-H-{record_id}-{start:%Y%m%d%H%M}", created_on=min(start.date(), self.today),
        ))

    def deadline(self, case_id: int | None, flavour: int) -> None:
        """Deadlines of every colour: overdue, due today, future, done, with show-from dates."""
        rnd, today = self.rnd, self.today
        titles = (_("Deposito bozza di relazione"), _("Invio bozza alle parti"), _("Deposito relazione definitiva"),
                  _("Termine osservazioni delle parti"), _("Richiesta di liquidazione"), _("Inizio operazioni peritali"))
        if flavour == 0:
            due, done = today - dt.timedelta(days=rnd.randint(1, 20)), False
        elif flavour == 1:
            due, done = today, False
        elif flavour == 2:
            due, done = today - dt.timedelta(days=rnd.randint(1, 25)), True
        else:
            due, done = today + dt.timedelta(days=rnd.randint(1, 200)), False
        show_from = due - dt.timedelta(days=rnd.choice((7, 15, 30))) if rnd.random() < 0.6 else None
        self.add_activity(Activity(kind=rnd.choice((ActivityKind.OFFICE, ActivityKind.PERSONAL)),
                                   title=rnd.choice(titles), due_date=due, show_from=show_from, done=done,
                                   personal_case_id=case_id, created_on=min(due, today) - dt.timedelta(days=30)))

    def plain_activity(self, case_id: int | None) -> None:
        kind = self.rnd.choice((ActivityKind.OFFICE, ActivityKind.OUTSIDE, ActivityKind.PERSONAL))
        day = self._random_day()
        if kind is ActivityKind.PERSONAL and self.rnd.random() < 0.25:
            start = dt.datetime.combine(day, dt.time(0))
            activity = Activity(kind=kind, title=self.rnd.choice((_("Ferie"), _("Convegno ordine ingegneri"),
                                                                    _("Corso di aggiornamento"))),
                                start=start, end=start + dt.timedelta(days=self.rnd.choice((1, 1, 2))), all_day=True)
        else:
            start = _working_moment(self.rnd, day)
            titles = {
                ActivityKind.OFFICE: (_("Studio degli atti"), _("Redazione relazione"), _("Riunione con i CTP"),
                                      _("Calcoli e tabelle")),
                ActivityKind.OUTSIDE: (_("Sopralluogo"), _("Accesso agli atti in cancelleria"),
                                       _("Visita medico-legale"), _("Rilievi fotografici")),
                ActivityKind.PERSONAL: (_("Commercialista"), _("Dentista"), _("Pratiche ordine professionale")),
            }[kind]
            activity = Activity(kind=kind, title=self.rnd.choice(titles), place=self.rnd.choice(PLACES),
                                start=start, end=start + dt.timedelta(minutes=self.rnd.choice((30, 60, 120))))
        activity.personal_case_id = case_id if kind is not ActivityKind.PERSONAL else None
        activity.created_on = min(day, self.today)
        self.add_activity(activity)


def fill_demo(services: AppServices, cases: int = 60, activities: int = 400, today: dt.date | None = None,
              seed: int = 2024) -> DemoSummary:
    """Fill an EMPTY archive with demo data and mark it as a demo archive."""
    archive = services.archive
    counts = archive.read(
        "SELECT (SELECT COUNT(*) FROM personal_case) + (SELECT COUNT(*) FROM registry_record)"
        " + (SELECT COUNT(*) FROM activity) AS n"
    )[0]["n"]
    if counts:
        raise DemoError(
            _("L'archivio contiene già dati: l'archivio dimostrativo si crea solo in una cartella dati vuota (--data-dir).")
        )
    builder = _Builder(random.Random(seed), today or dt.date.today(),
                       {"personal_case": 0, "registry_record": 0, "activity": 0})
    case_ids: list[tuple[int | None, int | None, str]] = []
    for index in range(cases):
        kind = ("both", "personal", "registry")[index % 3]
        case_id, record_id = builder.case(kind)
        title = builder.cases[-1]["title"] if case_id else " - ".join(
            n for n in (builder.records[-1]["plaintiff"], builder.records[-1]["defendant"]) if n)
        case_ids.append((case_id, record_id, title))
    made = 0
    step = 0
    while made < activities:
        remaining = activities - made
        case_id, record_id, title = builder.rnd.choice(case_ids) if case_ids else (None, None, _("Udienza"))
        slot = step % 10
        step += 1
        if slot in (0, 1) and remaining >= 3:
            made += builder.hearing_chain(builder.rnd.randint(2, 3) if remaining > 3 else 3, case_id, record_id,
                                          _("Udienza {title}").format(title=title))
        elif slot in (2, 3) and record_id is not None:
            builder.polisweb_hearing(record_id, _("Udienza {title}").format(title=title))
            made += 1
        elif slot in (4, 5):
            builder.deadline(case_id, step % 4)
            made += 1
        else:
            builder.plain_activity(case_id)
            made += 1
    with archive.transaction():
        archive.execute("PRAGMA defer_foreign_keys = ON")  # hearing chains point forwards
        if builder.cases:
            archive.db["personal_case"].insert_many(builder.cases)
        if builder.records:
            archive.db["registry_record"].insert_many(builder.records)
        if builder.activities:
            archive.db["activity"].insert_many(builder.activities)
    services.settings.set(DEMO_FLAG, True)
    return DemoSummary(len(builder.cases), len(builder.records), len(builder.activities))
