"""Public holidays as they count for court terms (art. 155 c.p.c.), and working days.

Which days are "festivi" for art. 155, fourth comma, c.p.c. is decided by the law on public
holidays, not by local custom: Cass. sez. lav. n. 17079/2007 and Cass. sez. II n. 5895/2015 hold
that the "festività" is determined by L. 27 maggio 1949 n. 260 as amended, which ignores the patron
saints of cities. The one local exception written in the law is 29 June (SS. Pietro e Paolo) "per
il comune di Roma" (D.P.R. 28 dicembre 1985 n. 792, art. 1).

The list, as in force (read on normattiva.it, gazzettaufficiale.it, presidenza.governo.it):

* L. 260/1949 art. 2: every Sunday; 1 January; Easter Monday ("lunedì dopo Pasqua"); 25 April;
  1 May; 15 August; 1 November; 8 December; 25 December; 26 December.
* L. 5 marzo 1977 n. 54 art. 1: Epiphany, St Joseph, Ascension, Corpus Domini, SS. Peter and Paul,
  2 June and 4 November stop being holidays "agli effetti civili" (from 1977).
* D.P.R. 792/1985 art. 1 (in force from 1 January 1986): Epiphany (6 January) is a holiday again;
  29 June only for the comune di Roma.
* L. 20 novembre 2000 n. 336 art. 1: 2 June is a holiday again from 2001.
* D.L. 22 febbraio 2011 n. 5 art. 1 (conv. L. 47/2011): 17 March 2011 only, "giorno festivo ai
  sensi degli articoli 2 e 4 della legge 27 maggio 1949, n. 260" (150 years of Unity).
* L. 8 ottobre 2025 n. 151 art. 1 (G.U. n. 236 of 10 October 2025, in force 1 January 2026):
  inserts "il 4 ottobre: festa nazionale di San Francesco d'Assisi, patrono d'Italia" into
  art. 2 L. 260/1949.

Saturday is not a holiday (Cass. n. 5114/2009): it only matters through art. 155, fifth comma,
c.p.c., which moves a term for an act outside the hearing that expires on a Saturday. That is why
:func:`is_working_day` takes ``saturday_counts_as_holiday``.

The table covers years from :data:`MIN_YEAR` (the regime of L. 54/1977 + D.P.R. 792/1985); older
years raise ``ValueError`` rather than guess. Future years use the law in force today.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from cliens_tk.i18n import _

MIN_YEAR = 1986
"""First year modelled: D.P.R. 792/1985 (Epiphany back, 29 June for Rome) applies from 1986."""

ROME_SEAT_NAMES = frozenset({"roma", "rome"})


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon_correction = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday_shift = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    offset = (golden + 11 * epact + 22 * weekday_shift) // 451
    month, day = divmod(epact + weekday_shift - 7 * offset + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True)
class HolidayRule:
    """One row of the holiday table.

    Either a fixed ``(month, day)`` or ``easter_offset`` (days after Easter Sunday). ``first_year``
    and ``last_year`` bound the years in which the law makes the day a holiday; ``rome_only`` marks
    the D.P.R. 792/1985 exception for the comune di Roma.
    """

    key: str
    source: str
    month: int = 0
    day: int = 0
    easter_offset: int | None = None
    first_year: int = MIN_YEAR
    last_year: int | None = None
    rome_only: bool = False

    def date_in(self, year: int) -> date | None:
        if year < self.first_year or (self.last_year is not None and year > self.last_year):
            return None
        if self.easter_offset is not None:
            return easter_sunday(year) + timedelta(days=self.easter_offset)
        return date(year, self.month, self.day)


L260 = "art. 2 L. 27 maggio 1949 n. 260"
HOLIDAY_TABLE: tuple[HolidayRule, ...] = (
    HolidayRule("new_year", L260, 1, 1),
    HolidayRule("epiphany", "D.P.R. 28 dicembre 1985 n. 792, art. 1", 1, 6),
    HolidayRule("easter_monday", L260 + " (lunedì dopo Pasqua)", easter_offset=1),
    HolidayRule(
        "unity_150", "art. 1 D.L. 22 febbraio 2011 n. 5, conv. L. 21 aprile 2011 n. 47", 3, 17,
        first_year=2011, last_year=2011,
    ),
    HolidayRule("liberation", L260, 4, 25),
    HolidayRule("labour_day", L260, 5, 1),
    HolidayRule("republic_day", "L. 20 novembre 2000 n. 336, art. 1", 6, 2, first_year=2001),
    HolidayRule(
        "peter_paul_rome", "D.P.R. 28 dicembre 1985 n. 792, art. 1", 6, 29, rome_only=True
    ),
    HolidayRule("assumption", L260, 8, 15),
    HolidayRule(
        "saint_francis", L260 + ", come modificato dalla L. 8 ottobre 2025 n. 151", 10, 4,
        first_year=2026,
    ),
    HolidayRule("all_saints", L260, 11, 1),
    HolidayRule("immaculate", L260, 12, 8),
    HolidayRule("christmas", L260, 12, 25),
    HolidayRule("saint_stephen", L260, 12, 26),
)
# Not in the table on purpose: St Joseph (19 March), Ascension, Corpus Domini and 4 November lost
# their civil effects with L. 54/1977 art. 1 and were never restored; patron saints of cities
# other than Rome never counted (Cass. 17079/2007).


def holiday_label(key: str) -> str:
    """Italian (translatable) name of a holiday of the table, or of ``"sunday"``."""
    return {
        "sunday": _("domenica"),
        "new_year": _("Capodanno"),
        "epiphany": _("Epifania"),
        "easter_monday": _("Lunedì dell'Angelo"),
        "unity_150": _("150° anniversario dell'Unità d'Italia (solo 2011)"),
        "liberation": _("Anniversario della Liberazione"),
        "labour_day": _("Festa del lavoro"),
        "republic_day": _("Festa della Repubblica"),
        "peter_paul_rome": _("Santi Pietro e Paolo, comune di Roma"),
        "assumption": _("Assunzione, Ferragosto"),
        "saint_francis": _("San Francesco d'Assisi, patrono d'Italia"),
        "all_saints": _("Ognissanti"),
        "immaculate": _("Immacolata Concezione"),
        "christmas": _("Natale"),
        "saint_stephen": _("Santo Stefano"),
    }[key]


def _check_year(year: int) -> None:
    if year < MIN_YEAR:
        raise ValueError(
            f"holiday table covers years from {MIN_YEAR}; {year} is not modelled"
        )


def is_rome(seat: str | None) -> bool:
    """Whether a seat names the comune di Roma ("Roma", "Tribunale di Roma", "Rome").

    The province code "RM" is deliberately NOT accepted: D.P.R. 792/1985 speaks of the comune,
    and the province also holds other court seats (Tivoli, Velletri, Civitavecchia).
    """
    if not seat:
        return False
    text = unicodedata.normalize("NFKD", seat).encode("ascii", "ignore").decode().casefold()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return bool(words) and words[-1] in ROME_SEAT_NAMES


def holiday_rules_on(day: date, seat: str | None = None) -> tuple[HolidayRule, ...]:
    """The table rows that make ``day`` a holiday at ``seat`` (Sunday is not a row)."""
    _check_year(day.year)
    rome = is_rome(seat)
    return tuple(
        rule
        for rule in HOLIDAY_TABLE
        if rule.date_in(day.year) == day and (rome or not rule.rome_only)
    )


def court_holidays(year: int, seat: str | None = None) -> dict[date, str]:
    """All table holidays of ``year`` (Sundays excluded), as ``{date: rule key}``."""
    _check_year(year)
    rome = is_rome(seat)
    result: dict[date, str] = {}
    for rule in HOLIDAY_TABLE:
        when = rule.date_in(year)
        if when is not None and (rome or not rule.rome_only):
            result.setdefault(when, rule.key)
    return dict(sorted(result.items()))


def holiday_key(day: date, seat: str | None = None) -> str | None:
    """Why ``day`` is a holiday: a table key, ``"sunday"``, or ``None`` if it is not one."""
    rules = holiday_rules_on(day, seat)
    if rules:
        return rules[0].key
    if day.weekday() == 6:
        return "sunday"
    return None


def is_court_holiday(day: date, seat: str | None = None) -> bool:
    """Whether ``day`` is "festivo" for art. 155 c.p.c.: a Sunday or a holiday of the table.

    ``seat`` is the city (comune) of the court office; it only matters for Rome (29 June).
    """
    return holiday_key(day, seat) is not None


def is_working_day(
    day: date, seat: str | None = None, saturday_counts_as_holiday: bool = True
) -> bool:
    """Whether a deadline may stay on ``day``.

    With ``saturday_counts_as_holiday`` (art. 155, fifth comma, c.p.c.: acts outside the
    hearing), a Saturday is treated like a holiday; otherwise Saturday is a working day
    (art. 155, sixth comma: hearings and court activity on Saturday are regular).
    """
    if saturday_counts_as_holiday and day.weekday() == 5:
        return False
    return not is_court_holiday(day, seat)


def next_working_day(
    day: date, seat: str | None = None, saturday_counts_as_holiday: bool = True
) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, seat, saturday_counts_as_holiday):
        day += timedelta(days=1)
    return day


def previous_working_day(
    day: date, seat: str | None = None, saturday_counts_as_holiday: bool = True
) -> date:
    """``day`` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day, seat, saturday_counts_as_holiday):
        day -= timedelta(days=1)
    return day
