"""Legal terms of Italian civil procedure: pure computations with an explanation.

Every function returns a :class:`DeadlineResult`: the deadline, the last day actually counted
(``natural_end``), the ordered steps, the days skipped and why, the rules applied with their
sources, and warnings where the sources disagree. ``explanation_text()`` renders it in Italian.

Rules implemented (sources in :data:`RULES`, worked examples in ``tests/domain``):

* Days forward: the start day is not counted, the last day is (art. 155 c.1 c.p.c.,
  art. 2963 c.2 c.c.). Months and years follow the common calendar: same day number, or the last
  day of the month when that day is missing (art. 155 c.2 c.p.c., art. 2963 c.4-5 c.c.).
* A forward deadline on a holiday (or, for acts outside the hearing, on a Saturday) moves to the
  next working day (art. 155 c.4-5 c.p.c.).
* Backward terms ("almeno N giorni prima") count back from the reference date, which is not
  counted; "termini liberi" exclude both ends. A backward deadline on a holiday or Saturday moves
  to the previous working day (Cass. sez. III n. 14767/2014, in the line of Cass. n. 182/2011,
  n. 11163/2008, n. 19041/2003: the interval must never be shortened).
* Summer suspension, 1-31 August (art. 1 L. 742/1969 as amended by D.L. 132/2014 conv.
  L. 162/2014): August days are never counted, in either direction; a term starting in August
  starts running on 1 September, which counts as day one (Cass. n. 688/2006, n. 6679/2005); a term
  in months that crosses August gets 31 days added at the end, again if the extension reaches the
  next August (Cass. n. 8102/2006, n. 2258/1985; Cons. Stato Ad. plen. n. 11/2022).

Where the sources leave room for two answers, the earlier date is chosen (a professional who acts
by the earlier date is safe under both readings) and the explanation says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from cliens_tk.domain.court_calendar import holiday_key, holiday_label
from cliens_tk.i18n import _, ngettext

ONE_DAY = timedelta(days=1)
SUSPENSION_MONTH = 8
SUSPENSION_DAYS = 31


class DeadlineError(ValueError):
    """An impossible request (a non-positive term, dates out of order...). Message in Italian."""


class TermKind(StrEnum):
    DAYS_AFTER = "days"
    MONTHS_AFTER = "months"
    YEARS_AFTER = "years"
    DAYS_BEFORE = "days_before"
    FREE_DAYS_BEFORE = "free_days_before"
    FIXED_DATE = "fixed_date"

    @property
    def backward(self) -> bool:
        return self in (TermKind.DAYS_BEFORE, TermKind.FREE_DAYS_BEFORE)


class SkipReason(StrEnum):
    SUSPENSION = "suspension"
    SATURDAY = "saturday"
    HOLIDAY = "holiday"  # Sundays included; ``detail`` holds the holiday key


# --- rules and their sources -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    source: str

    @property
    def title(self) -> str:
        return rule_title(self.code)


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("days", "art. 155, primo comma, c.p.c.; art. 2963, secondo comma, c.c."),
        Rule("months", "art. 155, secondo comma, c.p.c.; art. 2963, quarto e quinto comma, c.c."),
        Rule("holiday_shift", "art. 155, quarto comma, c.p.c.; art. 2963, terzo comma, c.c."),
        Rule(
            "saturday_shift",
            "art. 155, quinto comma, c.p.c. (L. 28 dicembre 2005 n. 263; "
            "L. 18 giugno 2009 n. 69, art. 58, comma 3)",
        ),
        Rule(
            "backward",
            "art. 155 c.p.c. applicato a ritroso: Cass. civ. sez. III, 30 giugno 2014 "
            "n. 14767; Cass. 4 gennaio 2011 n. 182; Cass. 7 maggio 2008 n. 11163; "
            "Cass. 12 dicembre 2003 n. 19041",
        ),
        Rule("free_days", "art. 155, primo comma, c.p.c.; es. art. 163-bis c.p.c."),
        Rule(
            "suspension",
            "art. 1 L. 7 ottobre 1969 n. 742, come modificato dall'art. 16 D.L. 12 settembre "
            "2014 n. 132, conv. con mod. dalla L. 10 novembre 2014 n. 162 (dal 2015)",
        ),
        Rule(
            "suspension_start",
            "art. 1, secondo periodo, L. 742/1969; Cass. 16 gennaio 2006 n. 688; "
            "Cass. 30 marzo 2005 n. 6679; Cons. Stato Ad. plen. 27 luglio 2016 n. 18",
        ),
        Rule(
            "suspension_months",
            "Cass. 6 aprile 2006 n. 8102; Cass. 2 aprile 1985 n. 2258; "
            "Cons. Stato Ad. plen. 3 settembre 2022 n. 11",
        ),
        Rule("suspension_backward", "Cass. sez. II, 7 ottobre 2005 n. 19530"),
        Rule(
            "holidays",
            "art. 2 L. 27 maggio 1949 n. 260; L. 5 marzo 1977 n. 54; D.P.R. 28 dicembre 1985 "
            "n. 792; L. 20 novembre 2000 n. 336; L. 8 ottobre 2025 n. 151; "
            "Cass. 3 agosto 2007 n. 17079",
        ),
        Rule("fixed_date", "data fissata dal giudice; art. 155, quarto e quinto comma, c.p.c."),
        Rule(
            "expert_terms",
            "art. 195, terzo comma, c.p.c. (L. 69/2009; D.Lgs. 31 ottobre 2024 n. 164); "
            "art. 193, secondo comma, c.p.c. (D.Lgs. 10 ottobre 2022 n. 149)",
        ),
    )
}


def rule_title(code: str) -> str:
    return {
        "days": _("Termine a giorni: non si computa il giorno iniziale, si computa l'ultimo"),
        "months": _("Termine a mesi o ad anni secondo il calendario comune"),
        "holiday_shift": _("Scadenza in giorno festivo prorogata al primo giorno non festivo"),
        "saturday_shift": _("Scadenza di sabato prorogata (atti fuori udienza)"),
        "backward": _("Termine a ritroso: lo slittamento opera verso il giorno precedente"),
        "free_days": _("Termine libero: non si computano né il giorno iniziale né quello finale"),
        "suspension": _("Sospensione feriale dei termini dal 1° al 31 agosto"),
        "suspension_start": _("Decorso che inizia in agosto: differito al 1° settembre"),
        "suspension_months": _("Termine a mesi che attraversa agosto: si aggiungono 31 giorni"),
        "suspension_backward": _("Termine a ritroso: i giorni di agosto non si computano"),
        "holidays": _("Giorni festivi stabiliti dalla legge"),
        "fixed_date": _("Termine a data fissa"),
        "expert_terms": _("Termini del consulente tecnico d'ufficio"),
    }[code]


# --- suspension exclusions ---------------------------------------------------------------------


@dataclass(frozen=True)
class SuspensionExclusion:
    """A matter whose terms do NOT stop in August (``suspension=False`` for its deadlines)."""

    code: str
    source: str

    @property
    def label(self) -> str:
        return {
            "labour": _("Controversie di lavoro (art. 409 c.p.c.)"),
            "social_security": _("Previdenza e assistenza obbligatorie (art. 442 c.p.c.)"),
            "maintenance": _("Cause relative ad alimenti (obbligo legale, artt. 433 ss. c.c.)"),
            "interim": _("Procedimenti cautelari"),
            "incapacity": _("Amministrazione di sostegno, interdizione, inabilitazione"),
            "protection_orders": _("Ordini di protezione contro gli abusi familiari"),
            "eviction": _("Procedimenti di sfratto"),
            "enforcement_opposition": _("Opposizione all'esecuzione"),
            "bankruptcy": _("Dichiarazione e revoca dei fallimenti"),
            "declared_urgent": _("Cause dichiarate urgenti dal giudice (grave pregiudizio)"),
        }[self.code]


_ART92 = "art. 92 R.D. 30 gennaio 1941 n. 12 (ord. giud.), richiamato dall'art. 3 L. 742/1969"
SUSPENSION_EXCLUSIONS: tuple[SuspensionExclusion, ...] = (
    SuspensionExclusion("labour", "art. 3 L. 7 ottobre 1969 n. 742"),
    SuspensionExclusion("social_security", "art. 3 L. 7 ottobre 1969 n. 742"),
    SuspensionExclusion("maintenance", _ART92 + "; Cass. (vitalizio alimentare escluso)"),
    SuspensionExclusion("interim", _ART92),
    SuspensionExclusion("incapacity", _ART92 + " (come modificato dalla L. 9 gennaio 2004 n. 6)"),
    SuspensionExclusion("protection_orders", _ART92 + " (come modificato dalla L. 154/2001)"),
    SuspensionExclusion("eviction", _ART92),
    SuspensionExclusion("enforcement_opposition", _ART92),
    SuspensionExclusion("bankruptcy", _ART92),
    SuspensionExclusion("declared_urgent", _ART92 + ", secondo comma"),
)


def suspension_exclusions() -> tuple[SuspensionExclusion, ...]:
    """Matters excluded from the summer suspension (art. 3 L. 742/1969; art. 92 ord. giud.).

    Art. 92 is an exception and is read strictly (Cass.: e.g. a contractual "vitalizio
    alimentare" is not an "alimenti" case), so the app asks the expert; it never guesses.
    """
    return SUSPENSION_EXCLUSIONS


# --- explanation pieces ------------------------------------------------------------------------


def _weekday_name(day: date) -> str:
    return (
        _("lunedì"), _("martedì"), _("mercoledì"), _("giovedì"),
        _("venerdì"), _("sabato"), _("domenica"),
    )[day.weekday()]


def _month_name(month: int) -> str:
    return (
        _("gennaio"), _("febbraio"), _("marzo"), _("aprile"), _("maggio"), _("giugno"),
        _("luglio"), _("agosto"), _("settembre"), _("ottobre"), _("novembre"), _("dicembre"),
    )[month - 1]


def format_date(day: date, weekday: bool = True) -> str:
    """Italian long date: ``lunedì 6 aprile 2026``, ``martedì 1° settembre 2026``."""
    number = "1°" if day.day == 1 else str(day.day)
    text = f"{number} {_month_name(day.month)} {day.year}"
    return f"{_weekday_name(day)} {text}" if weekday else text


def _templates() -> dict[str, str]:
    return {
        "reference_forward": _(
            "Data di partenza: {start}. Il giorno iniziale non si computa."
        ),
        "reference_backward": _(
            "Data di riferimento: {start}. Si conta a ritroso e il giorno di riferimento "
            "non si computa."
        ),
        "start_in_suspension": _(
            "La data di partenza cade nel periodo di sospensione feriale: il decorso inizia "
            "il {plain_resume}, che si computa come primo giorno."
        ),
        "count_forward": _("Conteggio in avanti di {amount}: l'ultimo giorno è {end}."),
        "count_backward": _(
            "Conteggio a ritroso di {amount}: l'ultimo giorno utile è {end}."
        ),
        "count_free": _(
            "Il termine richiede {amount} (esclusi il giorno dell'atto e quello di "
            "riferimento): il primo giorno libero è {first_free}, quindi l'atto va compiuto "
            "entro {end}."
        ),
        "months_added": _(
            "Aggiunta di {amount} secondo il calendario comune: {end}."
        ),
        "years_added": _(
            "Aggiunta di {amount} secondo il calendario comune: {end}."
        ),
        "month_clamped": _(
            "Nel mese di scadenza manca il giorno {day}: il termine si compie l'ultimo giorno "
            "del mese."
        ),
        "months_from_september": _(
            "Poiché il decorso riprende il 1° settembre, computato nel termine, il termine a "
            "mesi si calcola come se il giorno iniziale fosse il 31 agosto."
        ),
        "suspension_added": _(
            "Il termine attraversa la sospensione feriale di agosto {years}: si aggiungono "
            "{days} giorni, fino al {plain_end}."
        ),
        "suspension_skipped": _(
            "Non si computano i giorni dal {plain_first} al {plain_last} (sospensione feriale)."
        ),
        "fixed": _("Termine fissato dal giudice: {end}."),
        "shift_forward": _(
            "Il {plain_day} è {reason}: la scadenza è prorogata di diritto al primo giorno "
            "seguente utile."
        ),
        "shift_backward": _(
            "Il {plain_day} è {reason}: trattandosi di termine a ritroso, la scadenza è "
            "anticipata al giorno precedente utile, per non ridurre l'intervallo minimo."
        ),
        "result": _("Scadenza: {deadline}."),
        "warn_rome_unknown_forward": _(
            "Il 29 giugno è festivo solo nel comune di Roma (D.P.R. 792/1985): senza la sede "
            "dell'ufficio non è stato considerato festivo (data più prudente). Se l'ufficio ha "
            "sede a Roma la scadenza può slittare al giorno utile successivo."
        ),
        "warn_rome_unknown_backward": _(
            "Il 29 giugno è festivo solo nel comune di Roma (D.P.R. 792/1985): senza la sede "
            "dell'ufficio è stato trattato come festivo, anticipando la scadenza (data più "
            "prudente)."
        ),
        "warn_months_start_in_august": _(
            "Fonti non concordi: alcuni calcolano il termine a mesi dal 1° settembre come "
            "giorno iniziale, con scadenza un giorno più tardi. È stata scelta la data "
            "anteriore (Cass. n. 8102/2006: il 1° settembre si computa nel termine)."
        ),
        "warn_forward_into_august": _(
            "La proroga porta la scadenza in agosto. Fonti non concordi: secondo una lettura "
            "la scadenza, prorogata nel periodo feriale, si sposterebbe al 1° settembre. È "
            "stata scelta la data anteriore; il {plain_natural_end} resta comunque utile."
        ),
        "warn_backward_in_august": _(
            "La scadenza a ritroso cade in agosto: i giorni di agosto non si computano nel "
            "termine, ma l'atto può essere compiuto anche nel periodo feriale."
        ),
        "warn_backward_older_view": _(
            "Un orientamento più risalente escludeva del tutto la proroga per i termini a "
            "ritroso; l'anticipo al giorno precedente utile è la soluzione più prudente e "
            "segue Cass. n. 14767/2014."
        ),
        "warn_fixed_across_august": _(
            "Termine a data fissa che attraversa agosto: la data non è stata spostata per la "
            "sospensione feriale (scelta prudente); alcune decisioni la ritengono applicabile "
            "anche ai termini fissati dal giudice."
        ),
        "warn_hearing": _(
            "Il deposito della relazione deve precedere la successiva udienza del {plain_hearing} "
            "(art. 195, terzo comma, c.p.c.)."
        ),
        "expert_term": _("{label}: {deadline}."),
    }


def skip_reason_text(reason: SkipReason, detail: str = "") -> str:
    """Italian wording of why a day does not count or cannot hold a deadline."""
    if reason is SkipReason.SUSPENSION:
        return _("periodo di sospensione feriale")
    if reason is SkipReason.SATURDAY:
        return _("sabato (art. 155, quinto comma, c.p.c.)")
    if detail == "sunday":
        return _("domenica")
    return _("festivo ({name})").format(name=holiday_label(detail))


@dataclass(frozen=True)
class Step:
    """One sentence of an explanation: a template code and its values (dates, numbers)."""

    code: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self) -> str:
        rendered = {
            key: format_date(value, weekday=not key.startswith("plain_"))
            if isinstance(value, date) else value
            for key, value in self.values
        }
        if "unit" in rendered:
            rendered["amount"] = amount_text(int(rendered["amount"]), str(rendered["unit"]))
        return elide_articles(_templates()[self.code].format(**rendered))


def amount_text(amount: int, unit: str) -> str:
    """``1 giorno``, ``10 giorni``, ``1 giorno libero``, ``2 mesi``, ``1 anno``."""
    forms = {
        "day": ngettext("{n} giorno", "{n} giorni", amount),
        "free_day": ngettext("{n} giorno libero", "{n} giorni liberi", amount),
        "month": ngettext("{n} mese", "{n} mesi", amount),
        "year": ngettext("{n} anno", "{n} anni", amount),
    }
    return forms[unit].format(n=amount)


_ELISIONS = (("Il", "L'"), ("il", "l'"), ("dal", "dall'"), ("al", "all'"), ("del", "dell'"))


def elide_articles(text: str) -> str:
    """Italian elision before dates read with a vowel: "il 8" -> "l'8", "dal 11" -> "dall'11"."""
    for article, elided in _ELISIONS:
        for number in ("8 ", "11 "):
            text = text.replace(f" {article} {number}", f" {elided}{number}")
            if text.startswith(f"{article} {number}"):
                text = elided + text[len(article) + 1:]
    return text


def _step(code: str, **values: object) -> Step:
    return Step(code, tuple(values.items()))


@dataclass(frozen=True)
class SkippedSpan:
    """Consecutive days skipped for the same reason (inclusive bounds)."""

    first: date
    last: date
    reason: SkipReason
    detail: str = ""

    def text(self) -> str:
        why = skip_reason_text(self.reason, self.detail)
        if self.first == self.last:
            return _("{day}: {why}").format(day=format_date(self.first, weekday=False), why=why)
        return _("dal {first} al {last}: {why}").format(
            first=format_date(self.first, weekday=False),
            last=format_date(self.last, weekday=False),
            why=why,
        )


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline and how it was reached."""

    kind: TermKind
    reference: date
    amount: int
    deadline: date
    natural_end: date
    suspension: bool
    seat: str | None
    saturday_rule: bool
    steps: tuple[Step, ...]
    skipped: tuple[SkippedSpan, ...]
    rule_codes: tuple[str, ...]
    warnings: tuple[Step, ...] = ()

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(RULES[code] for code in self.rule_codes)

    @property
    def moved(self) -> bool:
        """Whether art. 155 c.4-5 moved the deadline off the last counted day."""
        return self.deadline != self.natural_end

    def explanation_lines(self) -> list[str]:
        lines = [step.text() for step in self.steps]
        lines += [_("Attenzione: ") + warning.text() for warning in self.warnings]
        lines.append(_("Norme applicate:"))
        lines += [f"- {rule.title} ({rule.source})" for rule in self.rules]
        return lines

    def explanation_text(self) -> str:
        return "\n".join(self.explanation_lines())

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json`` (ISO dates, Italian texts)."""
        return {
            "kind": self.kind.value,
            "reference": self.reference.isoformat(),
            "amount": self.amount,
            "deadline": self.deadline.isoformat(),
            "natural_end": self.natural_end.isoformat(),
            "suspension": self.suspension,
            "seat": self.seat,
            "saturday_rule": self.saturday_rule,
            "steps": [step.text() for step in self.steps],
            "skipped": [
                {
                    "from": span.first.isoformat(),
                    "to": span.last.isoformat(),
                    "reason": span.reason.value,
                    "detail": span.detail,
                    "text": span.text(),
                }
                for span in self.skipped
            ],
            "rules": [
                {"code": rule.code, "title": rule.title, "source": rule.source}
                for rule in self.rules
            ],
            "warnings": [warning.text() for warning in self.warnings],
            "explanation": self.explanation_text(),
        }


# --- the trace collected while computing -------------------------------------------------------


@dataclass
class _Trace:
    seat: str | None
    saturday_rule: bool
    steps: list[Step] = field(default_factory=list)
    skipped: list[SkippedSpan] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    warnings: list[Step] = field(default_factory=list)

    def step(self, code: str, **values: object) -> None:
        self.steps.append(_step(code, **values))

    def rule(self, code: str) -> None:
        if code not in self.rules:
            self.rules.append(code)

    def warn(self, code: str, **values: object) -> None:
        warning = _step(code, **values)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def skip(self, day: date, reason: SkipReason, detail: str = "") -> None:
        """Record a skipped day, merging it with an adjacent span of the same reason."""
        if self.skipped:
            last = self.skipped[-1]
            same = last.reason is reason and last.detail == detail
            if same and last.last + ONE_DAY == day:
                self.skipped[-1] = replace(last, last=day)
                return
            if same and last.first - ONE_DAY == day:
                self.skipped[-1] = replace(last, first=day)
                return
        self.skipped.append(SkippedSpan(day, day, reason, detail))

    def result(
        self, kind: TermKind, reference: date, amount: int, natural_end: date,
        deadline: date, suspension: bool,
    ) -> DeadlineResult:
        self.step("result", deadline=deadline)
        return DeadlineResult(
            kind=kind, reference=reference, amount=amount, deadline=deadline,
            natural_end=natural_end, suspension=suspension, seat=self.seat,
            saturday_rule=self.saturday_rule, steps=tuple(self.steps),
            skipped=tuple(self.skipped), rule_codes=tuple(self.rules),
            warnings=tuple(self.warnings),
        )


# --- calendar helpers --------------------------------------------------------------------------


def in_suspension(day: date) -> bool:
    return day.month == SUSPENSION_MONTH


def add_months(day: date, months: int) -> date:
    """Same day number ``months`` later; the month's last day when that day is missing."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def counted_days_between(earlier: date, later: date, suspension: bool = True) -> int:
    """Days in ``(earlier, later]`` that a term counts (August excluded under suspension)."""
    total = 0
    day = earlier
    while day < later:
        day += ONE_DAY
        if not (suspension and in_suspension(day)):
            total += 1
    return total


def _augusts_crossed(after: date, until: date) -> list[int]:
    """Years whose August has at least one day in ``(after, until]``."""
    return [
        year
        for year in range(after.year, until.year + 1)
        if date(year, 8, 1) <= until and date(year, 8, 31) > after
    ]


def _blocking_reason(day: date, trace: _Trace, backward: bool) -> tuple[SkipReason, str] | None:
    """Why a deadline cannot stay on ``day`` (None if it can); notes the Rome uncertainty."""
    key = holiday_key(day, trace.seat)
    if key is not None:
        return SkipReason.HOLIDAY, key
    if trace.saturday_rule and day.weekday() == 5:
        return SkipReason.SATURDAY, ""
    rome_day = (day.month, day.day) == (6, 29)
    if rome_day and trace.seat is None:
        if backward:
            trace.warn("warn_rome_unknown_backward")
            return SkipReason.HOLIDAY, "peter_paul_rome"
        trace.warn("warn_rome_unknown_forward")
    return None


def _shift_to_working_day(day: date, trace: _Trace, backward: bool) -> date:
    """Art. 155 c.4-5 c.p.c.: move forward (or, mirrored, backward) off holidays/Saturdays."""
    move = -ONE_DAY if backward else ONE_DAY
    while (blocking := _blocking_reason(day, trace, backward)) is not None:
        reason, detail = blocking
        trace.step("shift_backward" if backward else "shift_forward",
                   plain_day=day, reason=skip_reason_text(reason, detail))
        trace.rule("saturday_shift" if reason is SkipReason.SATURDAY else "holiday_shift")
        trace.skip(day, reason, detail)
        day += move
    return day


def _check_amount(amount: int, minimum: int = 1) -> None:
    if amount < minimum:
        raise DeadlineError(_("La durata del termine deve essere almeno {n}.").format(n=minimum))


def _new_trace(seat: str | None, saturday_rule: bool) -> _Trace:
    return _Trace(seat=seat.strip() if seat and seat.strip() else None, saturday_rule=saturday_rule)


# --- forward terms -----------------------------------------------------------------------------


def _count_forward(start: date, days: int, suspension: bool, trace: _Trace) -> date:
    if suspension and in_suspension(start):
        trace.step("start_in_suspension", plain_resume=date(start.year, 9, 1))
        trace.rule("suspension_start")
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if suspension and in_suspension(day):
            trace.skip(day, SkipReason.SUSPENSION)
            continue
        counted += 1
    return day


def _note_suspension_spans(trace: _Trace) -> None:
    for span in trace.skipped:
        if span.reason is SkipReason.SUSPENSION:
            trace.step("suspension_skipped", plain_first=span.first, plain_last=span.last)
            trace.rule("suspension")


def _finish_forward(
    kind: TermKind, start: date, amount: int, natural_end: date, suspension: bool, trace: _Trace
) -> DeadlineResult:
    deadline = _shift_to_working_day(natural_end, trace, backward=False)
    if suspension and in_suspension(deadline) and not in_suspension(natural_end):
        trace.warn("warn_forward_into_august", plain_natural_end=natural_end)
    return trace.result(kind, start, amount, natural_end, deadline, suspension)


def days_after(
    start: date, days: int, *, suspension: bool = True, seat: str | None = None,
    saturday_rule: bool = True,
) -> DeadlineResult:
    """Deadline ``days`` days after ``start`` (the event day, not counted).

    ``suspension``: apply the August suspension (False for the matters of
    :func:`suspension_exclusions`). ``seat``: city of the court office (Rome: 29 June).
    ``saturday_rule``: art. 155 c.5 (acts outside the hearing; default on).
    """
    _check_amount(days)
    trace = _new_trace(seat, saturday_rule)
    trace.step("reference_forward", start=start)
    trace.rule("days")
    natural_end = _count_forward(start, days, suspension, trace)
    _note_suspension_spans(trace)
    trace.step("count_forward", amount=days, unit="day", end=natural_end)
    return _finish_forward(TermKind.DAYS_AFTER, start, days, natural_end, suspension, trace)


def months_after(
    start: date, months: int, *, suspension: bool = True, seat: str | None = None,
    saturday_rule: bool = True,
) -> DeadlineResult:
    """Deadline ``months`` months after ``start`` (common calendar, art. 155 c.2 c.p.c.).

    Under suspension: a start in August runs from 1 September included (computed as if the start
    were 31 August, the earlier of the two readings); each August crossed adds 31 days at the end.
    """
    _check_amount(months)
    return _calendar_term(TermKind.MONTHS_AFTER, start, months, months,
                          suspension, _new_trace(seat, saturday_rule))


def years_after(
    start: date, years: int, *, suspension: bool = True, seat: str | None = None,
    saturday_rule: bool = True,
) -> DeadlineResult:
    """Deadline ``years`` years after ``start`` (29 February becomes 28 February)."""
    _check_amount(years)
    return _calendar_term(TermKind.YEARS_AFTER, start, years, years * 12,
                          suspension, _new_trace(seat, saturday_rule))


def _calendar_term(
    kind: TermKind, start: date, amount: int, months: int, suspension: bool, trace: _Trace
) -> DeadlineResult:
    trace.step("reference_forward", start=start)
    trace.rule("months")
    anchor = start
    if suspension and in_suspension(start):
        anchor = date(start.year, 8, 31)
        trace.step("start_in_suspension", plain_resume=date(start.year, 9, 1))
        trace.step("months_from_september")
        trace.rule("suspension_start")
        trace.rule("suspension_months")
        trace.warn("warn_months_start_in_august")
        if start < anchor:
            trace.skipped.append(SkippedSpan(start + ONE_DAY, anchor, SkipReason.SUSPENSION))
    natural_end = add_months(anchor, months)
    if kind is TermKind.YEARS_AFTER:
        trace.step("years_added", amount=amount, unit="year", end=natural_end)
    else:
        trace.step("months_added", amount=months, unit="month", end=natural_end)
    if natural_end.day != anchor.day:
        trace.step("month_clamped", day=anchor.day)
    if suspension:
        natural_end = _add_suspension_to_months(anchor, natural_end, trace)
    return _finish_forward(kind, start, amount, natural_end, suspension, trace)


def _add_suspension_to_months(anchor: date, calendar_end: date, trace: _Trace) -> date:
    """Add 31 days per August crossed, again if the extension reaches a new August."""
    years: list[int] = []
    while True:
        candidate = calendar_end + timedelta(days=SUSPENSION_DAYS * len(years))
        crossed = _augusts_crossed(anchor, candidate)
        if len(crossed) == len(years):
            break
        years = crossed
    if years:
        for year in years:
            trace.skipped.append(
                SkippedSpan(date(year, 8, 1), date(year, 8, 31), SkipReason.SUSPENSION)
            )
        trace.step("suspension_added", years=", ".join(map(str, years)),
                   days=SUSPENSION_DAYS * len(years), plain_end=candidate)
        trace.rule("suspension")
        trace.rule("suspension_months")
    return candidate


# --- backward terms ----------------------------------------------------------------------------


def _count_backward(reference: date, days: int, suspension: bool, trace: _Trace) -> date:
    day, counted = reference, 0
    while counted < days:
        day -= ONE_DAY
        if suspension and in_suspension(day):
            trace.skip(day, SkipReason.SUSPENSION)
            continue
        counted += 1
    return day


def _finish_backward(
    kind: TermKind, reference: date, amount: int, natural_end: date, suspension: bool,
    trace: _Trace,
) -> DeadlineResult:
    if any(span.reason is SkipReason.SUSPENSION for span in trace.skipped):
        trace.rule("suspension_backward")
    deadline = _shift_to_working_day(natural_end, trace, backward=True)
    if deadline != natural_end:
        trace.rule("backward")
        trace.warn("warn_backward_older_view")
    if suspension and in_suspension(deadline):
        trace.warn("warn_backward_in_august")
    return trace.result(kind, reference, amount, natural_end, deadline, suspension)


def _start_backward(reference: date, suspension: bool, trace: _Trace) -> None:
    trace.step("reference_backward", start=reference)
    trace.rule("days")


def days_before(
    reference: date, days: int, *, suspension: bool = True, seat: str | None = None,
    saturday_rule: bool = True,
) -> DeadlineResult:
    """Last day to act when the act must come "almeno ``days`` giorni prima" of ``reference``.

    The reference day (e.g. the hearing) is not counted; the last day counted is the deadline.
    Example (Cass. n. 19530/2005, art. 378 c.p.c.): five days before a hearing on the 20th is
    the 15th.
    """
    _check_amount(days)
    trace = _new_trace(seat, saturday_rule)
    _start_backward(reference, suspension, trace)
    natural_end = _count_backward(reference, days, suspension, trace)
    _note_suspension_spans(trace)
    trace.step("count_backward", amount=days, unit="day", end=natural_end)
    return _finish_backward(TermKind.DAYS_BEFORE, reference, days, natural_end, suspension, trace)


def free_days_before(
    reference: date, days: int, *, suspension: bool = True, seat: str | None = None,
    saturday_rule: bool = True,
) -> DeadlineResult:
    """Last day to act when ``days`` "giorni liberi" must pass before ``reference``.

    Neither the reference day nor the day of the act is counted, so the act comes the day
    before the earliest free day.
    """
    _check_amount(days)
    trace = _new_trace(seat, saturday_rule)
    _start_backward(reference, suspension, trace)
    trace.rule("free_days")
    first_free = _count_backward(reference, days, suspension, trace)
    _note_suspension_spans(trace)
    natural_end = first_free - ONE_DAY
    trace.step("count_free", amount=days, unit="free_day", first_free=first_free,
               end=natural_end)
    return _finish_backward(
        TermKind.FREE_DAYS_BEFORE, reference, days, natural_end, suspension, trace
    )


# --- fixed dates and dispatch ------------------------------------------------------------------


def on_date(
    day: date, *, previous: date | None = None, suspension: bool = True,
    seat: str | None = None, saturday_rule: bool = True,
) -> DeadlineResult:
    """A deadline fixed by the judge on ``day``: only art. 155 c.4-5 applies.

    The date is not moved for the August suspension (the earlier reading); a warning says so
    when the interval from ``previous`` crosses August.
    """
    trace = _new_trace(seat, saturday_rule)
    trace.rule("fixed_date")
    trace.step("fixed", end=day)
    reference = previous or day
    if suspension and previous is not None and _augusts_crossed(previous, day):
        trace.warn("warn_fixed_across_august")
    deadline = _shift_to_working_day(day, trace, backward=False)
    return trace.result(TermKind.FIXED_DATE, reference, 0, day, deadline, suspension)


def compute_deadline(
    kind: TermKind | str, reference: date, amount: int, *, suspension: bool = True,
    seat: str | None = None, saturday_rule: bool = True,
) -> DeadlineResult:
    """One entry point for the CLI/UI: ``--days``, ``--months``, ``--days-before``...."""
    functions = {
        TermKind.DAYS_AFTER: days_after,
        TermKind.MONTHS_AFTER: months_after,
        TermKind.YEARS_AFTER: years_after,
        TermKind.DAYS_BEFORE: days_before,
        TermKind.FREE_DAYS_BEFORE: free_days_before,
    }
    function = functions.get(TermKind(kind))
    if function is None:
        raise DeadlineError(_("Tipo di termine non calcolabile: {kind}.").format(kind=kind))
    return function(reference, amount, suspension=suspension, seat=seat,
                    saturday_rule=saturday_rule)


# --- the expert's term chain (art. 195, third comma, c.p.c.) -----------------------------------


class ExpertTerm(IntEnum):
    """The three terms the judge sets for the expert (art. 195 c.3; art. 193 c.2 c.p.c.)."""

    DRAFT_TO_PARTIES = 0  # trasmissione della relazione alle parti costituite
    PARTY_OBSERVATIONS = 1  # osservazioni delle parti al consulente
    FINAL_REPORT = 2  # deposito di relazione, osservazioni e sintetica valutazione

    @property
    def label(self) -> str:
        return (
            _("Trasmissione della relazione alle parti"),
            _("Osservazioni delle parti"),
            _("Deposito della relazione finale"),
        )[self]


@dataclass(frozen=True)
class TermSpec:
    """A term as the judge wrote it: ``days`` (from the previous term, or from the start when
    ``from_start``) or a fixed date ``on``."""

    days: int | None = None
    on: date | None = None
    from_start: bool = False

    def __post_init__(self) -> None:
        if (self.days is None) == (self.on is None):
            raise DeadlineError(_("Indicare il termine in giorni oppure come data, non entrambi."))
        if self.days is not None:
            _check_amount(self.days)

    @classmethod
    def in_days(cls, days: int, from_start: bool = False) -> TermSpec:
        return cls(days=days, from_start=from_start)

    @classmethod
    def fixed(cls, day: date) -> TermSpec:
        return cls(on=day)


@dataclass(frozen=True)
class ExpertSchedule:
    """The three dates of the expert's terms and how each was computed."""

    start: date
    specs: tuple[TermSpec, TermSpec, TermSpec]
    results: tuple[DeadlineResult, DeadlineResult, DeadlineResult]
    suspension: bool = True
    seat: str | None = None
    saturday_rule: bool = True
    next_hearing: date | None = None
    warnings: tuple[Step, ...] = ()

    @property
    def draft_to_parties(self) -> date:
        return self.results[ExpertTerm.DRAFT_TO_PARTIES].deadline

    @property
    def party_observations(self) -> date:
        return self.results[ExpertTerm.PARTY_OBSERVATIONS].deadline

    @property
    def final_report(self) -> date:
        return self.results[ExpertTerm.FINAL_REPORT].deadline

    def dates(self) -> tuple[date, date, date]:
        return (self.draft_to_parties, self.party_observations, self.final_report)

    def explanation_text(self) -> str:
        lines = [
            _step("expert_term", label=term.label, deadline=self.results[term].deadline).text()
            for term in ExpertTerm
        ]
        lines += [_("Attenzione: ") + warning.text() for warning in self.warnings]
        for term in ExpertTerm:
            lines.append("")
            lines.append(term.label + ":")
            lines.append(self.results[term].explanation_text())
        lines.append("")
        rule = RULES["expert_terms"]
        lines.append(f"{rule.title} ({rule.source})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "draft_to_parties": self.draft_to_parties.isoformat(),
            "party_observations": self.party_observations.isoformat(),
            "final_report": self.final_report.isoformat(),
            "warnings": [warning.text() for warning in self.warnings],
            "terms": [result.to_dict() for result in self.results],
        }


def expert_schedule(
    start: date, draft: TermSpec, observations: TermSpec, final: TermSpec, *,
    suspension: bool = True, seat: str | None = None, saturday_rule: bool = True,
    next_hearing: date | None = None,
) -> ExpertSchedule:
    """The three dates of art. 195 c.3 c.p.c. from the start of operations (or the oath).

    A term in days runs from the previous term's deadline (from ``start`` for the first one, or
    when ``from_start``); August is skipped under ``suspension``. Dates must come in order.
    """
    specs = (draft, observations, final)
    results: list[DeadlineResult] = []
    previous = start
    options = dict(suspension=suspension, seat=seat, saturday_rule=saturday_rule)
    for spec in specs:
        if spec.on is not None:
            result = on_date(spec.on, previous=previous, **options)
        else:
            origin = start if spec.from_start else previous
            result = days_after(origin, spec.days or 0, **options)
        if result.deadline <= previous:
            raise DeadlineError(
                _("I termini del consulente devono susseguirsi: {day} non è successivo a {prev}.")
                .format(day=format_date(result.deadline), prev=format_date(previous))
            )
        results.append(result)
        previous = result.deadline
    warnings: tuple[Step, ...] = ()
    if next_hearing is not None and previous >= next_hearing:
        warnings = (_step("warn_hearing", plain_hearing=next_hearing),)
    return ExpertSchedule(
        start=start, specs=specs, results=tuple(results),  # type: ignore[arg-type]
        suspension=suspension, seat=seat, saturday_rule=saturday_rule,
        next_hearing=next_hearing, warnings=warnings,
    )


def reschedule_expert_terms(
    schedule: ExpertSchedule, moved: ExpertTerm, new_date: date
) -> ExpertSchedule:
    """The schedule after the judge moves one term to ``new_date`` (e.g. a granted extension).

    Earlier terms stay; the moved term becomes a fixed date; each later term keeps its interval
    from the term before it, measured in counted days (August excluded under suspension), so
    "15 days for the observations" stays 15 days after the new date.
    """
    specs = list(schedule.specs)
    dates = schedule.dates()
    for index in range(moved + 1, len(specs)):
        spec = specs[index]
        if spec.days is not None and not spec.from_start:
            continue
        interval = counted_days_between(dates[index - 1], dates[index], schedule.suspension)
        specs[index] = TermSpec.in_days(max(interval, 1))
    specs[moved] = TermSpec.fixed(new_date)
    return expert_schedule(
        schedule.start, specs[0], specs[1], specs[2], suspension=schedule.suspension,
        seat=schedule.seat, saturday_rule=schedule.saturday_rule,
        next_hearing=schedule.next_hearing,
    )
