"""Court holidays (art. 155 c.p.c.): the law-based table, checked against the `holidays` library.

Where the library and the law differ (documented, and excluded from the comparison):

* the library lists celebrations that fall on Sundays anyway (Easter Sunday, and "National Unity
  Day" on the first Sunday of November): harmless, Sundays are holidays in both;
* the library's subdivision "RM" is the PROVINCE of Rome, while D.P.R. 792/1985 makes 29 June a
  holiday only "per il comune di Roma": courts in the province (Tivoli, Velletri, Civitavecchia)
  do not get it here;
* 4 October (L. 151/2025, from 2026): present in holidays 0.109; older versions of the library
  lack it, so it is tested against the law, and compared only when the library has it;
* the library lists Epiphany in 1977-1985, when L. 54/1977 had abolished it; our table starts
  in 1986 and refuses earlier years.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest
from dateutil.easter import easter as dateutil_easter
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.court_calendar import (
    MIN_YEAR,
    court_holidays,
    easter_sunday,
    holiday_key,
    is_court_holiday,
    is_rome,
    is_working_day,
    next_working_day,
    previous_working_day,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))],
)
def test_easter_sunday_known_dates(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_easter_sunday_agrees_with_dateutil_over_centuries() -> None:
    assert all(easter_sunday(y) == dateutil_easter(y) for y in range(1583, 3000))


def test_easter_monday_2026_and_2027_are_holidays() -> None:
    """L. 260/1949 art. 2: "il giorno di lunedì dopo Pasqua"."""
    assert holiday_key(date(2026, 4, 6)) == "easter_monday"
    assert holiday_key(date(2027, 3, 29)) == "easter_monday"
    assert not is_court_holiday(date(2026, 4, 7))


def test_national_fixed_holidays_2026() -> None:
    """L. 260/1949 art. 2; D.P.R. 792/1985 (Epiphany); L. 336/2000 (2 June)."""
    expected = {
        date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 6), date(2026, 4, 25),
        date(2026, 5, 1), date(2026, 6, 2), date(2026, 8, 15), date(2026, 10, 4),
        date(2026, 11, 1), date(2026, 12, 8), date(2026, 12, 25), date(2026, 12, 26),
    }
    assert set(court_holidays(2026)) == expected


def test_saint_francis_from_2026_only() -> None:
    """L. 8 ottobre 2025 n. 151 art. 1 (in force 1 January 2026) adds 4 October to L. 260/1949."""
    assert not is_court_holiday(date(2024, 10, 4))  # a Friday: an ordinary day
    assert not is_court_holiday(date(2025, 10, 4))  # a Saturday, not a holiday
    assert holiday_key(date(2026, 10, 4)) == "saint_francis"  # also a Sunday
    assert holiday_key(date(2027, 10, 4)) == "saint_francis"  # a Monday: the first real effect
    assert not is_working_day(date(2027, 10, 4))


def test_republic_day_restored_in_2001() -> None:
    """L. 54/1977 moved it to a Sunday; L. 336/2000 restores 2 June from 2001."""
    assert not is_court_holiday(date(2000, 6, 2))  # a Friday
    assert is_court_holiday(date(2001, 6, 2))


def test_days_abolished_by_law_54_1977_are_ordinary() -> None:
    """St Joseph, Ascension, Corpus Domini, 4 November: no civil effects since L. 54/1977."""
    for day in (date(2027, 3, 19), date(2026, 5, 14), date(2026, 6, 4), date(2027, 11, 4)):
        assert not is_court_holiday(day), day


@pytest.mark.parametrize(
    ("seat", "day"),
    [("Milano", date(2026, 12, 7)), ("Torino", date(2026, 6, 24)),
     ("Firenze", date(2026, 6, 24)), ("Napoli", date(2025, 9, 19)),
     ("Palermo", date(2026, 7, 15)), ("Bologna", date(2024, 10, 4))],
)
def test_patron_saints_of_cities_do_not_count(seat: str, day: date) -> None:
    """Cass. sez. lav. n. 17079/2007: L. 260/1949 ignores the patron saints of cities."""
    assert day.weekday() < 5
    assert is_working_day(day, seat)
    assert holiday_key(day, seat) is None


def test_rome_29_june_only_for_the_comune_di_roma() -> None:
    """D.P.R. 792/1985 art. 1: "il 29 giugno, SS. Pietro e Paolo, per il comune di Roma";
    Cass. n. 17079/2007 and n. 5895/2015 applied it to art. 155 c.4 c.p.c."""
    monday = date(2026, 6, 29)
    assert is_court_holiday(monday, "Roma")
    assert is_court_holiday(monday, "Tribunale di Roma")
    assert is_court_holiday(monday, "Corte d'appello di Roma")
    assert not is_court_holiday(monday, None)
    assert not is_court_holiday(monday, "Milano")
    assert not is_court_holiday(monday, "RM")  # a province code: Tivoli, Velletri...
    assert not is_court_holiday(monday, "Tivoli")


def test_is_rome_is_strict() -> None:
    assert is_rome(" roma ") and is_rome("ROMA") and is_rome("Rome")
    assert not is_rome("Romano di Lombardia") and not is_rome("") and not is_rome(None)


def test_sunday_is_a_holiday_saturday_is_not() -> None:
    """L. 260/1949: "tutte le domeniche"; Cass. n. 5114/2009: Saturday is not a holiday."""
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    assert is_court_holiday(sunday) and holiday_key(sunday) == "sunday"
    assert not is_court_holiday(saturday)
    assert not is_working_day(saturday)  # art. 155 c.5 c.p.c., rule on by default
    assert is_working_day(saturday, saturday_counts_as_holiday=False)  # art. 155 c.6


def test_next_and_previous_working_day() -> None:
    # Good Friday 3 April 2026 is a working day; Easter weekend and Monday are not.
    assert next_working_day(date(2026, 4, 4)) == date(2026, 4, 7)
    assert previous_working_day(date(2026, 4, 6)) == date(2026, 4, 3)
    assert next_working_day(date(2026, 4, 4), saturday_counts_as_holiday=False) == date(
        2026, 4, 4
    )


def test_years_before_the_modelled_regime_are_refused() -> None:
    with pytest.raises(ValueError):
        is_court_holiday(date(MIN_YEAR - 1, 12, 25))


def _weekday_dates(dates: object) -> set[date]:
    return {day for day in dates if day.weekday() != 6}  # type: ignore[attr-defined]


@pytest.mark.parametrize("year", range(MIN_YEAR, 2061))
def test_agrees_with_holidays_library(year: int) -> None:
    """Non-Sunday holidays agree with `holidays.Italy` (see the module docstring for 4 Oct)."""
    library = _weekday_dates(holidays.Italy(years=year))
    ours = _weekday_dates(court_holidays(year))
    saint_francis = date(year, 10, 4)
    if saint_francis not in library:  # older library versions
        ours.discard(saint_francis)
    assert ours == library


@pytest.mark.parametrize("year", range(MIN_YEAR, 2061))
def test_rome_agrees_with_holidays_library_rm(year: int) -> None:
    rome = _weekday_dates(court_holidays(year, "Roma"))
    library = _weekday_dates(holidays.Italy(subdiv="RM", years=year))
    saint_francis = date(year, 10, 4)
    if saint_francis not in library:
        rome.discard(saint_francis)
    assert rome == library


@given(st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(2200, 12, 31)))
def test_every_table_holiday_and_sunday_is_not_a_working_day(day: date) -> None:
    if day in court_holidays(day.year) or day.weekday() == 6:
        assert not is_working_day(day, None, saturday_counts_as_holiday=False)
    else:
        assert is_working_day(day, None, saturday_counts_as_holiday=False) 
