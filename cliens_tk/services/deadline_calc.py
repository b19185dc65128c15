"""The deadline calculator's use cases: compute a term, turn it into a deadline activity that
remembers how it was computed, build the expert's term chain (art. 195 c.p.c.), and recompute
deadlines whose start date has moved (always after the user's confirmation).

The legal rules live in ``cliens_tk.domain.deadline_terms``; this module only stores, links and
re-runs them. A deadline counted from an activity (a hearing, the oath) keeps that activity's id:
when the activity's date changes, :meth:`DeadlineCalcService.pending_recomputations` proposes the
new date and :meth:`DeadlineCalcService.apply_recomputation` writes it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from cliens_tk.domain.activity import Activity, ActivityKind, ActivityRuleError
from cliens_tk.domain.cases import CaseRuleError
from cliens_tk.domain.deadline_terms import (
    DeadlineError,
    DeadlineResult,
    ExpertSchedule,
    ExpertTerm,
    TermKind,
    TermSpec,
    amount_text,
    compute_deadline,
    elide_articles,
    expert_schedule,
    format_date,
    reschedule_expert_terms,
    suspension_exclusions,
)
from cliens_tk.i18n import _
from cliens_tk.services.agenda import AgendaService
from cliens_tk.services.cases import CaseService
from cliens_tk.store.archive import Archive, ArchiveError
from cliens_tk.store.deadline_terms import DeadlineTermRepository, StoredTerm
from cliens_tk.store.offices import OfficeRepository

DEFAULT_NOTICE_DAYS = 30
"""A new deadline shows in the deadlines list this many days before it is due."""

MAX_AMOUNT = {TermKind.DAYS_AFTER: 3650, TermKind.DAYS_BEFORE: 3650, TermKind.FREE_DAYS_BEFORE: 3650,
              TermKind.MONTHS_AFTER: 240, TermKind.YEARS_AFTER: 30}
EXPLANATION_MARKER = "— Come è stata calcolata la scadenza —"
DEADLINE_KIND = ActivityKind.OFFICE  # the expert's own work on the case, in the office
HEARING_KINDS = (ActivityKind.HEARING, ActivityKind.POLISWEB)
DIRECTIONS = (TermKind.DAYS_AFTER, TermKind.MONTHS_AFTER, TermKind.YEARS_AFTER,
              TermKind.DAYS_BEFORE, TermKind.FREE_DAYS_BEFORE)


def direction_label(kind: TermKind) -> str:
    return {
        TermKind.DAYS_AFTER: _("giorni dopo"),
        TermKind.MONTHS_AFTER: _("mesi dopo"),
        TermKind.YEARS_AFTER: _("anni dopo"),
        TermKind.DAYS_BEFORE: _("giorni prima (almeno)"),
        TermKind.FREE_DAYS_BEFORE: _("giorni liberi prima"),
        TermKind.FIXED_DATE: _("data fissa"),
    }[kind]


def matter_choices() -> list[tuple[str, str]]:
    """(code, label) of the matters: "" is an ordinary matter, the rest skip the suspension."""
    return [("", _("Materia ordinaria (sospensione feriale applicata)"))] + [
        (item.code, item.label) for item in suspension_exclusions()
    ]


def suspension_default(matter: str) -> bool:
    """The suspension applies unless the matter is one the law excludes (art. 3 L. 742/1969)."""
    return matter not in {item.code for item in suspension_exclusions()}


def parse_user_date(text: str) -> dt.date:
    """A date typed by the user: 31/12/2026, 31-12-2026, 31.12.2026, 2026-12-31."""
    value = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise DeadlineError(
        _("Data non valida «{text}»: scrivere gg/mm/aaaa, per esempio 31/12/2026.").format(text=value)
    )


def reference_date_of(activity: Activity) -> dt.date | None:
    """The date a term counts from when it counts from ``activity``: its day in the calendar,
    else its due date (the same rule as the store's moved-reference query)."""
    if activity.start is not None:
        return activity.start.date()
    return activity.due_date or activity.show_from


# --- requests ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermRequest:
    """One term as the user describes it in the calculator window or on the command line."""

    kind: TermKind
    amount: int
    reference: dt.date | None = None
    reference_activity_id: int | None = None
    suspension: bool = True
    matter: str = ""
    seat: str | None = None
    saturday_rule: bool = True

    def parameters(self) -> dict:
        return {"type": "single", "kind": self.kind.value, "amount": self.amount,
                "suspension": self.suspension, "matter": self.matter, "seat": self.seat,
                "saturday_rule": self.saturday_rule}

    @classmethod
    def from_stored(cls, term: StoredTerm) -> "TermRequest":
        p = term.parameters
        return cls(kind=TermKind(p["kind"]), amount=int(p["amount"]), reference=term.reference_date,
                   reference_activity_id=term.reference_activity_id, suspension=bool(p["suspension"]),
                   matter=p.get("matter", ""), seat=p.get("seat"), saturday_rule=bool(p.get("saturday_rule", True)))


@dataclass(frozen=True)
class CaseLink:
    """The case a deadline belongs to: a personal case, or registry data without one."""

    personal_case_id: int | None = None
    registry_record_id: int | None = None

    @property
    def empty(self) -> bool:
        return self.personal_case_id is None and self.registry_record_id is None


def _spec_out(spec: TermSpec) -> dict:
    return {"days": spec.days, "on": spec.on.isoformat() if spec.on else None, "from_start": spec.from_start}


def _spec_in(data: dict) -> TermSpec:
    if data.get("on"):
        return TermSpec.fixed(dt.date.fromisoformat(data["on"]))
    return TermSpec.in_days(int(data["days"]), from_start=bool(data.get("from_start")))


@dataclass(frozen=True)
class ExpertOrder:
    """The judge's order for the expert's terms (art. 195 c.3 c.p.c.)."""

    specs: tuple[TermSpec, TermSpec, TermSpec]
    start: dt.date | None = None
    start_activity_id: int | None = None  # the oath hearing, when the terms count from it
    suspension: bool = True
    matter: str = ""
    seat: str | None = None
    saturday_rule: bool = True
    next_hearing: dt.date | None = None

    def parameters(self, specs: tuple[TermSpec, ...] | None = None) -> dict:
        return {"type": "expert_chain", "specs": [_spec_out(s) for s in (specs or self.specs)],
                "suspension": self.suspension, "matter": self.matter, "seat": self.seat,
                "saturday_rule": self.saturday_rule,
                "next_hearing": self.next_hearing.isoformat() if self.next_hearing else None}

    @classmethod
    def from_stored(cls, term: StoredTerm) -> "ExpertOrder":
        p = term.parameters
        return cls(specs=tuple(_spec_in(s) for s in p["specs"]), start=term.reference_date,  # type: ignore[arg-type]
                   start_activity_id=term.reference_activity_id, suspension=bool(p["suspension"]),
                   matter=p.get("matter", ""), seat=p.get("seat"),
                   saturday_rule=bool(p.get("saturday_rule", True)),
                   next_hearing=dt.date.fromisoformat(p["next_hearing"]) if p.get("next_hearing") else None)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueChange:
    activity_id: int
    title: str
    old_due: dt.date | None
    new_due: dt.date


@dataclass(frozen=True)
class Recomputation:
    """A deadline (or an expert's chain) whose start moved: what would change if recomputed."""

    activity_ids: tuple[int, ...]
    reference_activity_id: int
    reference_title: str
    old_reference: dt.date
    new_reference: dt.date
    changes: tuple[DueChange, ...]
    explanation: str
    chain_id: str | None = None
    error: str | None = None  # the new start makes the terms impossible: only "keep" is offered

    @property
    def key(self) -> tuple:
        return (self.chain_id or self.activity_ids[0], self.new_reference)

    @property
    def heading(self) -> str:
        return _("Termini del consulente") if self.chain_id else self.changes[0].title

    def summary(self) -> str:
        lines = [_("«{title}», da cui si contano i termini, è passata da {old} a {new}.").format(
            title=self.reference_title, old=format_date(self.old_reference), new=format_date(self.new_reference))]
        for change in self.changes:
            old = format_date(change.old_due) if change.old_due else "-"
            lines.append(_("«{title}»: scadenza da {old} a {new}").format(
                title=change.title, old=old, new=format_date(change.new_due)))
        if self.error:
            lines.append(self.error)
        return "\n".join(lines)


@dataclass
class ExpertChain:
    """The stored expert's chain: its schedule and the three deadline activities (None if deleted)."""

    chain_id: str
    order: ExpertOrder
    schedule: ExpertSchedule
    activities: list[Activity | None] = field(default_factory=list)

    def activity(self, term: ExpertTerm) -> Activity | None:
        return self.activities[term] if term < len(self.activities) else None


def _notes_with_explanation(notes: str, explanation: str) -> str:
    """Keep what the user wrote; replace the calculator's own block (from its marker on)."""
    own = notes.split(EXPLANATION_MARKER, 1)[0].rstrip()
    block = f"{EXPLANATION_MARKER}\n{explanation}"
    return f"{own}\n\n{block}" if own else block


def _show_from(due: dt.date, notice_days: int) -> dt.date:
    return due - dt.timedelta(days=max(0, notice_days))


class DeadlineCalcService:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.agenda = AgendaService(archive)
        self.cases = CaseService(archive)
        self.terms = DeadlineTermRepository(archive)
        self.offices = OfficeRepository(archive)

    # -- choices for the window ----------------------------------------------------------------
    def seats(self) -> list[str]:
        """The cities of the known court offices (the seat only matters for Rome: 29 June)."""
        return sorted({o.city for o in self.offices.all() if o.city}, key=str.casefold)

    def seat_of(self, link: CaseLink) -> str | None:
        """The city of the case's office, as the default seat."""
        code = None
        if link.personal_case_id is not None:
            case = self.cases.repo.get_case(link.personal_case_id)
            code = case.office_code if case else None
        elif link.registry_record_id is not None:
            record = self.cases.repo.get_record(link.registry_record_id)
            code = record.office_code if record else None
        office = self.offices.get(code) if code else None
        return office.city if office and office.city else None

    def case_rows(self):
        return self.cases.list_rows()

    def hearings_of(self, link: CaseLink) -> list[Activity]:
        """The case's hearings in the calendar, earliest first: the starts a term may count from."""
        if link.empty:
            return []
        detail = self.cases.detail(case_id=link.personal_case_id,
                                   record_id=None if link.personal_case_id else link.registry_record_id,
                                   mark_seen=False)
        hearings = [a for a in detail.activities if a.kind in HEARING_KINDS and a.start is not None]
        return sorted(hearings, key=lambda a: (a.start, a.id or 0))

    def link_of(self, activity: Activity) -> CaseLink:
        return CaseLink(activity.personal_case_id, None if activity.personal_case_id else activity.registry_record_id)

    # -- computing -----------------------------------------------------------------------------
    def resolve_reference(self, request: TermRequest) -> TermRequest:
        """Fill ``reference`` from the reference activity (its current date)."""
        if request.reference_activity_id is None:
            if request.reference is None:
                raise DeadlineError(_("Indicare la data di partenza oppure un'udienza del fascicolo."))
            return request
        activity = self.agenda.get(request.reference_activity_id)
        day = reference_date_of(activity)
        if day is None:
            raise DeadlineError(_("L'attività scelta come partenza non ha una data."))
        return replace(request, reference=day)

    def compute(self, request: TermRequest) -> DeadlineResult:
        request = self.resolve_reference(request)
        return _compute(request)

    def preview_expert(self, order: ExpertOrder) -> ExpertSchedule:
        return _schedule(self._resolve_order(order))

    def _resolve_order(self, order: ExpertOrder) -> ExpertOrder:
        if order.start_activity_id is None:
            if order.start is None:
                raise DeadlineError(_("Indicare la data del giuramento o di inizio delle operazioni."))
            return order
        day = reference_date_of(self.agenda.get(order.start_activity_id))
        if day is None:
            raise DeadlineError(_("L'attività scelta come partenza non ha una data."))
        return replace(order, start=day)

    # -- one deadline ---------------------------------------------------------------------------
    def default_title(self, request: TermRequest) -> str:
        """E.g. "Termine di 30 giorni dal 9 marzo 2026", "Almeno 20 giorni prima di: Udienza (...)"."""
        request = self.resolve_reference(request)
        day = format_date(request.reference, weekday=False)
        amount = amount_text(request.amount, "month" if request.kind is TermKind.MONTHS_AFTER else
                             "year" if request.kind is TermKind.YEARS_AFTER else
                             "free_day" if request.kind is TermKind.FREE_DAYS_BEFORE else "day")
        if request.reference_activity_id is not None:
            title = self.agenda.get(request.reference_activity_id).title
            template = (_("Termine di {amount} prima di: {title} ({day})") if request.kind.backward
                        else _("Termine di {amount} da: {title} ({day})"))
        else:
            template = (_("Termine di {amount} prima del {day}") if request.kind.backward
                        else _("Termine di {amount} dal {day}"))
        return elide_articles(template.format(amount=amount, title=title if request.reference_activity_id
                                              is not None else "", day=day))

    def create_deadline(self, request: TermRequest, title: str, link: CaseLink = CaseLink(),
                        notice_days: int = DEFAULT_NOTICE_DAYS, notes: str = "") -> Activity:
        """Save a deadline activity due on the computed date, with how it was computed."""
        request = self.resolve_reference(request)
        result = _compute(request)
        self._check_link(link)
        activity = Activity(
            kind=DEADLINE_KIND, title=title.strip(), due_date=result.deadline,
            show_from=_show_from(result.deadline, notice_days),
            notes=_notes_with_explanation(notes, result.explanation_text()),
            personal_case_id=link.personal_case_id, registry_record_id=link.registry_record_id,
        )
        with self.archive.transaction():
            self.agenda.save(activity)
            self.terms.save(StoredTerm(
                activity_id=activity.id, parameters={**request.parameters(), "notice_days": notice_days},
                reference_date=request.reference, reference_activity_id=request.reference_activity_id))
        return activity

    def update_deadline(self, activity_id: int, request: TermRequest, title: str,
                        notice_days: int = DEFAULT_NOTICE_DAYS) -> Activity:
        """Recompute a calculator deadline with new parameters; the case link stays."""
        request = self.resolve_reference(request)
        result = _compute(request)
        with self.archive.transaction():
            stored = self.terms.get(activity_id)
            if stored is None or stored.chain_id is not None:
                raise DeadlineError(_("Questa attività non è una scadenza del calcolatore."))
            activity = self.agenda.get(activity_id)
            activity = activity.edited(
                title=title.strip(), due_date=result.deadline,
                show_from=_show_from(result.deadline, notice_days),
                notes=_notes_with_explanation(activity.notes, result.explanation_text()))
            self.agenda.save(activity)
            self.terms.save(StoredTerm(
                activity_id=activity_id, parameters={**request.parameters(), "notice_days": notice_days},
                reference_date=request.reference, reference_activity_id=request.reference_activity_id))
        return activity

    def stored_term(self, activity_id: int) -> StoredTerm | None:
        return self.terms.get(activity_id)

    def _check_link(self, link: CaseLink) -> None:
        if link.personal_case_id is not None:
            self.cases.get_case(link.personal_case_id)
        if link.registry_record_id is not None:
            self.cases.get_record(link.registry_record_id)

    # -- the expert's chain ------------------------------------------------------------------------
    def expert_titles(self, link: CaseLink) -> list[str]:
        suffix = ""
        if link.personal_case_id is not None:
            suffix = " — " + self.cases.get_case(link.personal_case_id).title
        elif link.registry_record_id is not None:
            suffix = " — " + self.cases.get_record(link.registry_record_id).parties_title
        return [term.label + suffix for term in ExpertTerm]

    def create_expert_chain(self, order: ExpertOrder, link: CaseLink = CaseLink(),
                            notice_days: int = DEFAULT_NOTICE_DAYS) -> list[Activity]:
        """The three deadlines of the judge's order, linked to the case and to each other."""
        order = self._resolve_order(order)
        schedule = _schedule(order)
        self._check_link(link)
        chain_id = uuid.uuid4().hex
        titles = self.expert_titles(link)
        created = []
        with self.archive.transaction():
            for term in ExpertTerm:
                result = schedule.results[term]
                activity = Activity(
                    kind=DEADLINE_KIND, title=titles[term], due_date=result.deadline,
                    show_from=_show_from(result.deadline, notice_days),
                    notes=_notes_with_explanation("", schedule.explanation_text()),
                    personal_case_id=link.personal_case_id, registry_record_id=link.registry_record_id)
                self.agenda.save(activity)
                self.terms.save(StoredTerm(
                    activity_id=activity.id, parameters={**order.parameters(), "notice_days": notice_days},
                    reference_date=order.start, reference_activity_id=order.start_activity_id,
                    chain_id=chain_id, chain_position=int(term)))
                created.append(activity)
        return created

    def chain_of(self, activity_id: int) -> ExpertChain | None:
        """The expert's chain the activity belongs to, or None."""
        stored = self.terms.get(activity_id)
        if stored is None or stored.chain_id is None:
            return None
        return self.chain(stored.chain_id)

    def chain(self, chain_id: str) -> ExpertChain:
        members = self.terms.chain(chain_id)
        if not members:
            raise DeadlineError(_("I termini del consulente non esistono più (forse sono stati eliminati)."))
        order = ExpertOrder.from_stored(members[0])
        activities: list[Activity | None] = [None, None, None]
        for member in members:
            activities[member.chain_position] = self.agenda.activities.get(member.activity_id)
        return ExpertChain(chain_id, order, _schedule(order), activities)

    def preview_move(self, chain_id: str, term: ExpertTerm, new_date: dt.date) -> ExpertSchedule:
        """The chain's dates if ``term`` moved to ``new_date`` (a granted extension)."""
        chain = self.chain(chain_id)
        return reschedule_expert_terms(chain.schedule, term, new_date)

    def move_expert_term(self, chain_id: str, term: ExpertTerm, new_date: dt.date) -> list[Activity]:
        """Move one term and the later ones (call after the user confirmed the preview)."""
        with self.archive.transaction():
            chain = self.chain(chain_id)
            schedule = reschedule_expert_terms(chain.schedule, term, new_date)
            order = replace(chain.order, specs=schedule.specs)
            return self._write_chain(chain_id, order, schedule)

    def _write_chain(self, chain_id: str, order: ExpertOrder, schedule: ExpertSchedule) -> list[Activity]:
        updated = []
        explanation = schedule.explanation_text()
        for member in self.terms.chain(chain_id):
            notice = int(member.parameters.get("notice_days", DEFAULT_NOTICE_DAYS))
            activity = self.agenda.activities.get(member.activity_id)
            due = schedule.results[member.chain_position].deadline
            activity = activity.edited(due_date=due, show_from=_show_from(due, notice),
                                       notes=_notes_with_explanation(activity.notes, explanation))
            self.agenda.save(activity)
            self.terms.save(replace(member, parameters={**order.parameters(), "notice_days": notice},
                                    reference_date=order.start,
                                    computed_at=dt.datetime.now().isoformat(timespec="seconds")))
            updated.append(activity)
        return updated

    # -- recomputation when the start moves ----------------------------------------------------------
    def pending_recomputations(self) -> list[Recomputation]:
        """Deadlines (not done) whose reference activity has moved since they were computed."""
        groups: dict[object, list[StoredTerm]] = {}
        for term in self.terms.with_moved_reference():
            groups.setdefault(term.chain_id or ("single", term.activity_id), []).append(term)
        pending = []
        for members in groups.values():
            proposal = self._proposal(members)
            if proposal is not None:
                pending.append(proposal)
        return pending

    def _proposal(self, members: list[StoredTerm]) -> Recomputation | None:
        first = members[0]
        reference = self.agenda.activities.get(first.reference_activity_id)
        activities = [self.agenda.activities.get(m.activity_id) for m in members]
        if reference is None or any(a is None for a in activities) or all(a.done for a in activities):
            return None
        new_reference = reference_date_of(reference)
        common = dict(activity_ids=tuple(m.activity_id for m in members),
                      reference_activity_id=reference.id, reference_title=reference.title,
                      old_reference=first.reference_date, new_reference=new_reference,
                      chain_id=first.chain_id)
        try:
            if first.chain_id is None:
                result = _compute(replace(TermRequest.from_stored(first), reference=new_reference))
                dues = [result.deadline]
                explanation = result.explanation_text()
            else:
                schedule = _schedule(replace(ExpertOrder.from_stored(first), start=new_reference))
                dues = [schedule.results[m.chain_position].deadline for m in members]
                explanation = schedule.explanation_text()
        except DeadlineError as exc:
            changes = tuple(DueChange(a.id, a.title, a.due_date, a.due_date) for a in activities)
            return Recomputation(changes=changes, explanation="", error=str(exc), **common)
        changes = tuple(DueChange(a.id, a.title, a.due_date, due) for a, due in zip(activities, dues))
        return Recomputation(changes=changes, explanation=explanation, **common)

    def _fresh(self, recomputation: Recomputation) -> list[StoredTerm]:
        members = [self.terms.get(i) for i in recomputation.activity_ids]
        reference = self.agenda.activities.get(recomputation.reference_activity_id)
        if any(m is None for m in members) or reference is None or \
                reference_date_of(reference) != recomputation.new_reference:
            raise DeadlineError(_("Nel frattempo la scadenza o la sua data di partenza sono cambiate: "
                                  "riaprire l'elenco delle scadenze da ricalcolare."))
        return members  # type: ignore[return-value]

    def apply_recomputation(self, recomputation: Recomputation) -> list[Activity]:
        """Write the recomputed date(s) the user confirmed."""
        if recomputation.error:
            raise DeadlineError(recomputation.error)
        with self.archive.transaction():
            members = self._fresh(recomputation)
            first = members[0]
            if first.chain_id is not None:
                order = replace(ExpertOrder.from_stored(first), start=recomputation.new_reference)
                return self._write_chain(first.chain_id, order, _schedule(order))
            request = replace(TermRequest.from_stored(first), reference=recomputation.new_reference)
            result = _compute(request)
            notice = int(first.parameters.get("notice_days", DEFAULT_NOTICE_DAYS))
            activity = self.agenda.get(first.activity_id)
            activity = activity.edited(due_date=result.deadline, show_from=_show_from(result.deadline, notice),
                                       notes=_notes_with_explanation(activity.notes, result.explanation_text()))
            self.agenda.save(activity)
            self.terms.save(replace(first, reference_date=recomputation.new_reference,
                                    computed_at=dt.datetime.now().isoformat(timespec="seconds")))
            return [activity]

    def decline_recomputation(self, recomputation: Recomputation) -> None:
        """Keep the current date(s): the new start is acknowledged and not proposed again."""
        with self.archive.transaction():
            for member in self._fresh(recomputation):
                self.terms.save(replace(member, reference_date=recomputation.new_reference))


def compute_request(request: TermRequest) -> DeadlineResult:
    """Compute a request that carries its reference date (no archive needed: the CLI uses it)."""
    if request.reference is None:
        raise DeadlineError(_("Indicare la data di partenza."))
    return _compute(request)


def _compute(request: TermRequest) -> DeadlineResult:
    limit = MAX_AMOUNT.get(request.kind)
    if limit is not None and request.amount > limit:
        raise DeadlineError(_("Durata del termine troppo lunga (al massimo {n}).").format(n=limit))
    try:
        return compute_deadline(request.kind, request.reference, request.amount, suspension=request.suspension,
                                seat=request.seat, saturday_rule=request.saturday_rule)
    except DeadlineError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DeadlineError(_("Date fuori dall'intervallo gestito (dal 1986 in poi): {day}.").format(
            day=request.reference.strftime("%d/%m/%Y"))) from exc


def _schedule(order: ExpertOrder) -> ExpertSchedule:
    try:
        return expert_schedule(order.start, *order.specs, suspension=order.suspension, seat=order.seat,
                               saturday_rule=order.saturday_rule, next_hearing=order.next_hearing)
    except DeadlineError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DeadlineError(_("Date fuori dall'intervallo gestito (dal 1986 in poi).")) from exc


__all__ = [
    "ActivityRuleError", "ArchiveError", "CaseLink", "CaseRuleError", "DeadlineCalcService", "DeadlineError", "DueChange",
    "ExpertChain", "ExpertOrder", "Recomputation", "TermRequest", "compute_request", "direction_label", "matter_choices",
    "parse_user_date", "reference_date_of", "suspension_default",
]
