"""Dates, roles and activities as the case windows write them (Italian conventions)."""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import Activity
from cliens_tk.domain.cases import CaseRuleError, RoleNumber
from cliens_tk.i18n import _


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.strftime("%d/%m/%Y %H:%M")


def role_text(role: RoleNumber | None) -> str:
    return str(role) if role else _("non iscritto a ruolo")


def activity_when(activity: Activity) -> str:
    if activity.start is not None:
        return activity.start.strftime("%d/%m/%Y" if activity.all_day else "%d/%m/%Y %H:%M")
    if activity.due_date is not None:
        return _("scade il {date}").format(date=date_text(activity.due_date))
    return _("dal {date}").format(date=date_text(activity.show_from))


def activity_sort_key(activity: Activity) -> tuple:
    moment = activity.start or (dt.datetime.combine(activity.due_date or activity.show_from, dt.time(0))
                                if (activity.due_date or activity.show_from) else dt.datetime.max)
    return (moment, activity.id or 0)


def parse_role(number: str, year: str) -> RoleNumber:
    """A role from the two fields; «1234/2024» typed in the number field is accepted too."""
    number, year = number.strip(), year.strip()
    if "/" in number or "-" in number:
        return RoleNumber.parse(number)
    if not number.isdigit():
        raise CaseRuleError(_("Scrivere il numero di ruolo in cifre, per esempio 1234."))
    if not year.isdigit() or len(year) != 4:
        raise CaseRuleError(_("Scrivere l'anno di ruolo in quattro cifre, per esempio 2024."))
    return RoleNumber(year=int(year), number=int(number))
