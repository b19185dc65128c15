"""Property-based check of the archive's invariants under any sequence of user operations.

After any mix of create / link / set role / download / adjourn / delete:
- a role number is held by at most one personal case and one registry record per office+register,
  and when both exist they are linked to each other;
- every activity keeps a reference date;
- hearing chains are consistent both ways.
"""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from cliens_tk.domain.activity import Activity, ActivityKind, ActivityRuleError
from cliens_tk.domain.cases import CaseRuleError, RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.services.context import AppServices

OFFICES = ("0151460094", "0580910098")
REGISTERS = (Register.CIVIL, Register.LABOUR)
roles = st.builds(RoleNumber, year=st.sampled_from([2023, 2024]), number=st.integers(1, 4))
maybe_roles = st.one_of(st.none(), roles)
offices = st.sampled_from(OFFICES)
registers = st.sampled_from(REGISTERS)
REFUSED = (CaseRuleError, ActivityRuleError)


class ArchiveMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="cliens-inv-"))
        self.services = AppServices.open(self.dir)

    def teardown(self):
        self.services.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _case_ids(self):
        return [c.id for c in self.services.cases.repo.cases()]

    def _record_ids(self):
        return [r.id for r in self.services.cases.repo.records()]

    @rule(office=offices, register=registers, role=maybe_roles)
    def create_case(self, office, register, role):
        try:
            self.services.cases.create_case("Fascicolo", office, register, role)
        except REFUSED:
            pass

    @rule(office=offices, register=registers, role=roles, status=st.sampled_from(["Pendente", "Definita"]))
    def download_record(self, office, register, role, status):
        self.services.cases.store_record(RegistryRecord(office_code=office, register=register, role=role,
                                                        plaintiff="A", defendant="B", status=status))

    @rule(index=st.integers(0, 50), role=maybe_roles)
    def set_role(self, index, role):
        ids = self._case_ids()
        if ids:
            try:
                self.services.cases.set_role(ids[index % len(ids)], role)
            except REFUSED:
                pass

    @rule(case_index=st.integers(0, 50), record_index=st.integers(0, 50))
    def link(self, case_index, record_index):
        cases, records = self._case_ids(), self._record_ids()
        if cases and records:
            try:
                self.services.cases.link_record(cases[case_index % len(cases)], records[record_index % len(records)])
            except REFUSED:
                pass

    @rule(index=st.integers(0, 50))
    def case_for_record(self, index):
        records = self._record_ids()
        if records:
            try:
                self.services.cases.create_case_for_record(records[index % len(records)])
            except REFUSED:
                pass

    @rule(index=st.integers(0, 50))
    def delete_case(self, index):
        ids = self._case_ids()
        if ids:
            self.services.cases.delete_case(ids[index % len(ids)])

    @rule(index=st.integers(0, 50), days=st.integers(1, 90))
    def add_and_adjourn_hearing(self, index, days):
        ids = self._case_ids()
        start = dt.datetime(2026, 11, 25, 9) + dt.timedelta(days=days)
        hearing = self.services.agenda.save(Activity(
            kind=ActivityKind.HEARING, title="Udienza", start=start, end=start + dt.timedelta(hours=1),
            personal_case_id=ids[index % len(ids)] if ids else None))
        self.services.agenda.adjourn(hearing.id, start + dt.timedelta(days=days))

    @rule(index=st.integers(0, 500), action=st.sampled_from(["delete", "no-calendar", "no-deadline", "deadline"]))
    def edit_activity(self, index, action):
        activities = self.services.agenda.activities.all()
        if not activities:
            return
        activity = activities[index % len(activities)]
        try:
            if action == "delete":
                self.services.agenda.delete(activity.id)
            elif action == "no-calendar":
                self.services.agenda.save(activity.remove_from_calendar())
            elif action == "no-deadline":
                self.services.agenda.save(activity.remove_from_deadlines())
            else:
                self.services.agenda.save(activity.add_to_deadlines())
        except REFUSED:
            pass

    @invariant()
    def roles_are_unique_and_linked(self):
        cases = self.services.cases.repo.cases()
        records = self.services.cases.repo.records()
        case_keys = [c.key for c in cases if c.key]
        record_keys = [r.key for r in records]
        assert len(case_keys) == len(set(case_keys))
        assert len(record_keys) == len(set(record_keys))
        by_key = {c.key: c for c in cases if c.key}
        for record in records:
            holder = by_key.get(record.key)
            if holder is not None:
                assert record.personal_case_id == holder.id
            if record.personal_case_id is not None:
                linked = next(c for c in cases if c.id == record.personal_case_id)
                assert linked.key == record.key

    @invariant()
    def activities_keep_a_reference_date_and_chains_hold(self):
        activities = {a.id: a for a in self.services.agenda.activities.all()}
        for activity in activities.values():
            assert activity.in_calendar or activity.is_deadline
            if activity.next_hearing_id is not None:
                assert activities[activity.next_hearing_id].previous_hearing_id == activity.id
            if activity.previous_hearing_id is not None:
                assert activities[activity.previous_hearing_id].next_hearing_id == activity.id


ArchiveMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestArchiveInvariants = ArchiveMachine.TestCase
