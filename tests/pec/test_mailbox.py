"""Mailbox sync, offline reading, IMAP IDLE live updates, search and case links."""

from __future__ import annotations

import threading

import pytest

from cliens_tk.pec.compose import Draft


@pytest.fixture
def two_boxes(pec_world, pec_service):
    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu")), password="Segreta-1")
    theirs = pec_service.save_account(pec_world.account(pec_world.new_box("tribunale")), password="Segreta-1")
    return ours, theirs


def test_messages_read_offline_after_sync(pec_world, pec_service, two_boxes, tmp_path):
    ours, theirs = two_boxes
    pec_service.send(theirs.id, Draft(theirs.address, [ours.address], "Nomina CTU R.G. 900/2025", "Si comunica."))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    [row] = pec_service.messages(ours.id, "inbox")
    raw_file = pec_service.archive.data_dir / pec_service.message(row["id"])["file"]
    assert oct(raw_file.stat().st_mode & 0o777) == "0o600"

    ours.imap_port = ours.smtp_port = 9  # servers unreachable from now on: nothing listens there
    pec_service.save_account(ours)
    opened = pec_service.open(row["id"])
    assert opened.text == "Si comunica."
    assert opened.signature.status == "valid"
    assert pec_service.message(row["id"])["seen"] == 1


def test_sync_is_incremental(pec_world, pec_service, two_boxes):
    ours, theirs = two_boxes
    for n in range(3):
        pec_service.send(theirs.id, Draft(theirs.address, [ours.address], f"Messaggio {n}"))
    pec_world.provider.wait_idle()
    assert pec_service.sync(ours.id).new_messages == 3
    assert pec_service.sync(ours.id).new_messages == 0
    assert len(pec_service.messages(ours.id, "inbox")) == 3


def test_search_by_sender_subject_text_and_case(pec_world, pec_service, two_boxes, services):
    from cliens_tk.domain.cases import RoleNumber
    from cliens_tk.domain.offices import Register

    ours, theirs = two_boxes
    office = services.offices.search("")[0].code
    case = services.cases.create_case("Rossi c. Verdi - vizi immobile", office, list(Register)[0],
                                      RoleNumber(2024, 1234)).case
    pec_service.send(theirs.id, Draft(theirs.address, [ours.address], "Udienza R.G. 1234/2024", "Testo con crepe."))
    pec_service.send(theirs.id, Draft(theirs.address, [ours.address], "Altro argomento", "Niente."))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    court_mail = next(m for m in pec_service.messages(ours.id, "inbox") if "1234" in m["subject"])

    suggestions = pec_service.suggest_cases(court_mail["id"])
    assert [(s["source"], s["id"]) for s in suggestions] == [("case", case.id)]
    pec_service.link_case(court_mail["id"], case_id=case.id)
    assert [m["id"] for m in pec_service.messages_for_case(case_id=case.id)] == [court_mail["id"]]

    def found(text):
        return [m["subject"] for m in pec_service.messages(ours.id, "inbox", search=text)]

    assert found("crepe") == ["Udienza R.G. 1234/2024"]  # text
    assert found("UDIENZA") == ["Udienza R.G. 1234/2024"]  # subject, any case
    assert len(found(theirs.address.split("@")[0])) == 2  # sender
    assert found("vizi immobile") == ["Udienza R.G. 1234/2024"]  # the linked case's title
    assert found("100%") == []


def test_idle_announces_new_mail(pec_world, pec_service, two_boxes):
    ours, theirs = two_boxes
    announced = threading.Event()
    watcher = pec_service.watcher(ours.id, lambda folder: announced.set(), check_seconds=5)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        pec_service.send(theirs.id, Draft(theirs.address, [ours.address], "Arrivo in diretta"))
        assert announced.wait(10), "IDLE did not announce the new message"
    finally:
        watcher.stop()
    pec_service.sync(ours.id)
    assert [m["subject"] for m in pec_service.messages(ours.id, "inbox")] == ["Arrivo in diretta"]


def test_idle_catches_mail_arriving_before_the_wait(pec_world, pec_service, two_boxes):
    """Mail appended while the watcher is not in IDLE is found by the search after each wait."""
    ours, theirs = two_boxes
    announced = threading.Event()
    watcher = pec_service.watcher(ours.id, lambda folder: announced.set(), check_seconds=0.5)
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        pec_world.dovecot.append(ours.address, b"From: x@pec.prova.it\r\nSubject: diretto\r\n\r\nciao\r\n")
        assert announced.wait(10)
    finally:
        watcher.stop()


def test_password_lives_in_the_keyring_not_the_archive(pec_service, pec_world, test_keyring):
    account = pec_service.save_account(pec_world.account(pec_world.new_box("segreto")), password="Segreta-1")
    assert pec_service.password(account) == "Segreta-1"
    dump = (pec_service.archive.path).read_bytes()
    assert b"Segreta-1" not in dump
    pec_service.delete_account(account.id)
    assert test_keyring.get_password("cliens-tk/pec", account.secret_key[1]) is None
