import datetime as dt

from cliens_tk.domain.activity import Activity, ActivityKind, Period, day_period, month_period, week_period
from cliens_tk.store.activities import ActivityRepository


def add(repo, title, start=None, hours=1, **kw):
    end = start + dt.timedelta(hours=hours) if start else None
    return repo.add(Activity(title=title, start=start, end=end, kind=kw.pop("kind", ActivityKind.OFFICE), **kw))


def test_range_queries_for_day_week_and_month(archive):
    repo = ActivityRepository(archive)
    add(repo, "lunedì", dt.datetime(2026, 11, 23, 9))
    add(repo, "mercoledì", dt.datetime(2026, 11, 25, 15))
    add(repo, "notte a cavallo", dt.datetime(2026, 11, 24, 23), hours=2)
    add(repo, "dicembre", dt.datetime(2026, 12, 1, 9))
    add(repo, "solo scadenza", due_date=dt.date(2026, 11, 25))
    day = [a.title for a in repo.in_period(day_period(dt.date(2026, 11, 25)))]
    assert day == ["notte a cavallo", "mercoledì"]
    week = [a.title for a in repo.in_period(week_period(dt.date(2026, 11, 25)))]
    assert week == ["lunedì", "notte a cavallo", "mercoledì"]
    month = [a.title for a in repo.in_period(month_period(dt.date(2026, 11, 2)))]
    assert "dicembre" not in month and len(month) == 3


def test_long_activities_show_in_every_period_they_cover(archive):
    repo = ActivityRepository(archive)
    add(repo, "incarico lungo", dt.datetime(2026, 1, 10, 9), hours=24 * 120)
    add(repo, "ferie", dt.datetime(2026, 8, 3), hours=24 * 14, all_day=True)
    assert [a.title for a in repo.in_period(month_period(dt.date(2026, 4, 1)))] == ["incarico lungo"]
    assert [a.title for a in repo.in_period(day_period(dt.date(2026, 8, 10)))] == ["ferie"]
    assert repo.in_period(Period(dt.date(2026, 5, 15), dt.date(2026, 7, 1))) == []


def test_deadlines_list_from_show_from_or_creation_ordered_by_due_date(archive, today):
    repo = ActivityRepository(archive)
    add(repo, "futura visibile", due_date=today + dt.timedelta(days=20), show_from=today - dt.timedelta(days=1))
    add(repo, "futura nascosta", due_date=today + dt.timedelta(days=20), show_from=today + dt.timedelta(days=5))
    add(repo, "creata domani", due_date=today + dt.timedelta(days=3), created_on=today + dt.timedelta(days=1))
    add(repo, "scaduta", due_date=today - dt.timedelta(days=2), created_on=today - dt.timedelta(days=10))
    add(repo, "fatta da tempo", due_date=today - dt.timedelta(days=90), done=True, created_on=today - dt.timedelta(days=100))
    add(repo, "calendario", dt.datetime(2026, 11, 25, 9))
    titles = [a.title for a in repo.deadlines(today)]
    assert titles == ["scaduta", "futura visibile"]
    assert "fatta da tempo" in [a.title for a in repo.deadlines(today, done_within_days=None)]


def test_an_activity_round_trips_every_field(archive):
    repo = ActivityRepository(archive)
    original = Activity(kind=ActivityKind.HEARING, title="Udienza Città di Castello", notes="àèìòù «note»",
                        place="Aula 3", start=dt.datetime(2026, 3, 29, 2, 30), end=dt.datetime(2026, 3, 29, 3, 30),
                        due_date=dt.date(2026, 3, 29), show_from=dt.date(2026, 3, 1), judge="Dott.ssa Verdi")
    repo.add(original)
    assert repo.get(original.id) == original
