"""Send a PEC through the emulated provider and follow its state from the receipts in Dovecot."""

from __future__ import annotations

import pytest

from cliens_tk.pec.compose import Draft
from cliens_tk.pec.emulator.provider import EICAR
from cliens_tk.pec.errors import PecError
from cliens_tk.pec.states import MessageState


@pytest.fixture
def box(pec_world, pec_service):
    address = pec_world.new_box("mario.rossi")
    account = pec_service.save_account(pec_world.account(address), password="Segreta-1")
    return account


def _sync_until(service, account_id, predicate, world, tries=3):
    world.provider.wait_idle()
    for _ in range(tries):
        service.sync(account_id)
        if predicate():
            return


def test_sent_message_goes_to_delivered_with_receipts_grouped(pec_world, pec_service, box, tmp_path):
    court = pec_world.new_box("tribunale")
    expert = pec_world.new_box("ctp")
    attachment = tmp_path / "relazione.pdf"
    attachment.write_bytes(b"%PDF-1.4 relazione peritale\n" * 100)
    draft = Draft(box.address, [court], "Deposito relazione R.G. 1234/2024", "Buongiorno,\nin allegato.",
                  cc=[expert], attachments=[attachment])

    sent_id = pec_service.send(box.id, draft)
    assert pec_service.message(sent_id)["state"] == MessageState.SENT

    pec_world.provider.wait_idle()
    result = pec_service.sync(box.id)
    assert result.receipts == 3  # acceptance + one delivery receipt per recipient

    sent = pec_service.message(sent_id)
    assert sent["state"] == MessageState.DELIVERED
    deliveries = {d["address"]: d for d in sent["tracking"]["deliveries"]}
    assert set(deliveries) == {court, expert}
    assert all(d["state"] == "delivered" and d["at"] for d in deliveries.values())
    assert sent["tracking"]["accepted_at"]

    receipts = pec_service.receipts(sent_id)
    assert [r["receipt_type"] for r in receipts] == ["accettazione", "avvenuta-consegna", "avvenuta-consegna"]
    assert all(r["signature"] == "valid" for r in receipts)
    # receipts are not scattered in the inbox: only under their message
    assert pec_service.messages(box.id, "inbox") == []
    assert [m["id"] for m in pec_service.messages(box.id, "sent")] == [sent_id]
    assert pec_service.messages(box.id, "sent")[0]["receipts"] == 3
    # each receipt can be opened and saved as legal proof
    saved = pec_service.save_raw(receipts[1]["id"], tmp_path / "consegna.eml")
    assert b"X-Ricevuta: avvenuta-consegna" in saved.read_bytes()


def test_unknown_recipient_is_not_delivered_with_the_reason(pec_world, pec_service, box):
    missing = f"nessuno.{box.id}@pec.prova.it"
    court = pec_world.new_box("tribunale")
    sent_id = pec_service.send(box.id, Draft(box.address, [missing, court], "Convocazione operazioni peritali"))
    pec_world.provider.wait_idle()
    pec_service.sync(box.id)

    sent = pec_service.message(sent_id)
    assert sent["state"] == MessageState.PARTIALLY_DELIVERED
    deliveries = {d["address"]: d for d in sent["tracking"]["deliveries"]}
    assert deliveries[missing]["state"] == "failed"
    assert "Utente sconosciuto" in deliveries[missing]["reason"]
    assert deliveries[court]["state"] == "delivered"


def test_only_unknown_recipient_means_not_delivered(pec_world, pec_service, box):
    sent_id = pec_service.send(box.id, Draft(box.address, [f"fantasma.{box.id}@pec.prova.it"], "Prova"))
    pec_world.provider.wait_idle()
    pec_service.sync(box.id)
    assert pec_service.message(sent_id)["state"] == MessageState.NOT_DELIVERED


def test_refused_message_is_marked_not_accepted(pec_world, pec_service, box, tmp_path):
    infected = tmp_path / "fattura.txt"
    infected.write_bytes(EICAR)
    court = pec_world.new_box("tribunale")
    sent_id = pec_service.send(box.id, Draft(box.address, [court], "Allegato", attachments=[infected]))
    pec_world.provider.wait_idle()
    pec_service.sync(box.id)

    sent = pec_service.message(sent_id)
    assert sent["state"] == MessageState.REFUSED
    assert "virus" in sent["tracking"]["refusal_reason"]
    assert [r["receipt_type"] for r in pec_service.receipts(sent_id)] == ["non-accettazione"]
    # and nothing reached the recipient
    other = pec_service.save_account(pec_world.account(court), password="Segreta-1")
    pec_service.sync(other.id)
    assert pec_service.messages(other.id, "inbox") == []


def test_too_large_message_is_refused_before_sending_and_nothing_is_lost(pec_world, pec_service, box, tmp_path):
    box.size_limit_mb = 1
    pec_service.save_account(box)
    big = tmp_path / "planimetrie.zip"
    big.write_bytes(b"\0" * (900 * 1024))
    draft = Draft(box.address, [pec_world.new_box("tribunale")], "Planimetrie", "testo", attachments=[big])
    with pytest.raises(PecError, match="supera il limite"):
        pec_service.send(box.id, draft)
    assert draft.attachments == [big] and draft.body == "testo"
    assert pec_service.messages(box.id, "sent") == []


def test_incoming_envelope_is_unwrapped_and_verified(pec_world, pec_service, box):
    colleague = pec_world.new_box("avv.bianchi")
    sender = pec_service.save_account(pec_world.account(colleague), password="Segreta-1")
    pec_service.send(sender.id, Draft(colleague, [box.address], "Nota R.G. 77/2025", "Egregio CTU, àèìòù."))
    pec_world.provider.wait_idle()
    pec_service.sync(box.id)

    [row] = pec_service.messages(box.id, "inbox")
    assert row["kind"] == "envelope"
    assert row["subject"] == "Nota R.G. 77/2025"  # the original's subject, not "POSTA CERTIFICATA: ..."
    assert row["sender"] == colleague
    assert row["signature"] == "valid"
    opened = pec_service.open(row["id"])
    assert opened.text == "Egregio CTU, àèìòù."
    assert opened.certification.kind == "posta-certificata"
    assert opened.certification.sender == colleague


def test_login_refused_gives_a_clear_message(pec_world, pec_service):
    address = pec_world.new_box("sbagliata")
    account = pec_world.account(address)
    with pytest.raises(PecError, match="rifiutato nome utente o password"):
        pec_service.test_connection(account, "password-errata")


def test_connection_test_lists_folders(pec_world, pec_service):
    address = pec_world.new_box("prova")
    report = pec_service.test_connection(pec_world.account(address), "Segreta-1")
    assert "INBOX" in report.folders and report.smtp_ok


def test_wrong_port_is_explained(pec_world, pec_service):
    from pec_servers import free_port

    account = pec_world.account(pec_world.new_box("porta"))
    account.imap_port = free_port()
    with pytest.raises(PecError, match="rifiuta la connessione"):
        pec_service.test_connection(account, "Segreta-1")
