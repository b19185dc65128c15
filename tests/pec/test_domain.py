"""PEC rules without servers: classification, daticert.xml, the state machine, role numbers."""

from __future__ import annotations

import datetime as dt
import email

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliens_tk.pec import daticert, states
from cliens_tk.pec.emulator.messages import build_daticert
from cliens_tk.pec.kinds import MessageKind, ReceiptType, classify, receipt_type
from cliens_tk.pec.states import Delivery, MessageState, ReceiptEvent, RecipientState, Tracking
from cliens_tk.services.pec_import import role_numbers


def _msg(headers: str):
    return email.message_from_string(headers + "\n\nbody")


@pytest.mark.parametrize("headers, kind", [
    ("X-Ricevuta: accettazione", MessageKind.RECEIPT),
    ("X-Ricevuta: avvenuta-consegna\nX-Riferimento-Message-ID: <a@b>", MessageKind.RECEIPT),
    ("X-Trasporto: posta-certificata\nX-Riferimento-Message-ID: <a@b>", MessageKind.ENVELOPE),
    ("X-Trasporto: errore", MessageKind.ANOMALY),
    ("X-Trasporto: Posta-Certificata", MessageKind.ENVELOPE),
    ("X-Riferimento-Message-ID: <a@b>", MessageKind.PLAIN),  # never classifies alone
    ("Subject: POSTA CERTIFICATA: finta", MessageKind.PLAIN),  # the subject is not trusted
])
def test_classification_reads_the_pec_headers(headers, kind):
    assert classify(_msg(headers)) is kind


def test_receipt_type_of_unknown_value_is_none_but_still_a_receipt():
    message = _msg("X-Ricevuta: qualcosa-di-nuovo")
    assert classify(message) is MessageKind.RECEIPT and receipt_type(message) is None
    assert receipt_type(_msg("X-Ricevuta: errore-consegna")) is ReceiptType.DELIVERY_ERROR


def test_daticert_fields_are_read():
    moment = dt.datetime(2026, 11, 25, 10, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    xml = build_daticert("errore-consegna", "ctu@pec.it", [("a@pec.it", True), ("b@gmail.com", False)],
                         "Oggetto è", "Gestore S.p.A.", moment, "opec.1@pec.it", "<m1@host>", error="no-dest",
                         delivered_to="a@pec.it", error_detail="5.1.1 - Utente sconosciuto")
    data = daticert.parse(xml)
    assert data.kind == "errore-consegna" and data.error == "no-dest"
    assert data.recipients == (daticert.Recipient("a@pec.it", True), daticert.Recipient("b@gmail.com", False))
    assert data.subject == "Oggetto è" and data.provider == "Gestore S.p.A."
    assert data.issued_at == moment
    assert data.msgid == "<m1@host>" and data.delivered_to == "a@pec.it"
    assert data.error_detail == "5.1.1 - Utente sconosciuto" and data.receipt_kind == "completa"


def test_daticert_is_lenient_about_namespaces_and_case():
    xml = (b'<p:postacert xmlns:p="urn:x" tipo="Accettazione" errore="nessuno"><p:intestazione>'
           b'<p:Mittente> a@pec.it </p:Mittente></p:intestazione><p:dati><p:msgid>&lt;x@y&gt;</p:msgid></p:dati>'
           b'</p:postacert>')
    data = daticert.parse(xml)
    assert data.kind == "accettazione" and data.sender == "a@pec.it" and data.msgid == "<x@y>"


@pytest.mark.parametrize("xml", [
    b"", b"<notpostacert/>", b"<postacert>", b"<postacert/>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><postacert tipo="x">&a;</postacert>',
])
def test_bad_daticert_raises_only_daticert_error(xml):
    with pytest.raises(daticert.DaticertError):
        daticert.parse(xml)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400),
                 st.builds(lambda a, b: f'<postacert tipo="{a}"><dati><data zona="{b}"><giorno>{a}</giorno>'
                                        f'<ora>{b}</ora></data></dati></postacert>', st.text(max_size=20),
                           st.text(max_size=10))))
def test_daticert_parser_never_crashes(data):
    try:
        result = daticert.parse(data)
    except daticert.DaticertError:
        return
    assert isinstance(result, daticert.Daticert)


# -- the state machine ----------------------------------------------------------------------
T0 = dt.datetime(2026, 11, 25, 10, 0)


def _ev(kind, recipient="", reason="", recipients=()):
    return ReceiptEvent(kind, T0, recipient, recipients, reason)


def test_state_follows_acceptance_then_delivery_per_recipient():
    track = Tracking.new(["a@pec.it", "B@pec.it"])
    assert track.state is MessageState.SENT
    track = states.apply(track, _ev(ReceiptType.ACCEPTANCE, recipients=(("a@pec.it", True), ("b@pec.it", True))))
    assert track.state is MessageState.ACCEPTED
    track = states.apply(track, _ev(ReceiptType.DELIVERY, "a@pec.it"))
    assert track.state is MessageState.ACCEPTED
    track = states.apply(track, _ev(ReceiptType.DELIVERY, "b@pec.it"))
    assert track.state is MessageState.DELIVERED
    assert track.delivery("B@PEC.IT").at == T0


def test_external_recipients_do_not_keep_a_message_waiting():
    track = Tracking.new(["a@pec.it", "amico@gmail.com"])
    track = states.apply(track, _ev(ReceiptType.ACCEPTANCE, recipients=(("a@pec.it", True), ("amico@gmail.com", False))))
    track = states.apply(track, _ev(ReceiptType.DELIVERY, "a@pec.it"))
    assert track.state is MessageState.DELIVERED
    assert track.delivery("amico@gmail.com").state is RecipientState.EXTERNAL


def test_errors_warnings_and_refusal():
    track = Tracking.new(["a@pec.it", "b@pec.it"])
    track = states.apply(track, _ev(ReceiptType.DELIVERY_WARNING, "a@pec.it", "ritardo"))
    assert track.delivery("a@pec.it").state is RecipientState.WARNING and track.state is MessageState.ACCEPTED
    track = states.apply(track, _ev(ReceiptType.DELIVERY_ERROR, "a@pec.it", "5.1.1 utente sconosciuto"))
    track = states.apply(track, _ev(ReceiptType.DELIVERY_ERROR, "b@pec.it", "casella piena"))
    assert track.state is MessageState.NOT_DELIVERED
    assert track.delivery("b@pec.it").reason == "casella piena"
    refused = states.apply(Tracking.new(["a@pec.it"]), _ev(ReceiptType.NON_ACCEPTANCE, reason="virus"))
    assert refused.state is MessageState.REFUSED and refused.refusal_reason == "virus"


def test_a_late_warning_does_not_undo_a_delivery():
    track = states.apply(Tracking.new(["a@pec.it"]), _ev(ReceiptType.DELIVERY, "a@pec.it"))
    track = states.apply(track, _ev(ReceiptType.DELIVERY_WARNING, "a@pec.it"))
    assert track.state is MessageState.DELIVERED


_events = st.lists(st.tuples(st.sampled_from(list(ReceiptType)), st.sampled_from(["a@pec.it", "b@pec.it", ""])),
                   max_size=12)


@given(_events)
def test_receipts_in_any_order_twice_give_the_same_state(events):
    def run(sequence):
        track = Tracking.new(["a@pec.it", "b@pec.it"])
        for kind, who in sequence:
            track = states.apply(track, _ev(kind, who, recipients=(("a@pec.it", True), ("b@pec.it", True))))
        return track.state

    once = run(events)
    assert run(events + events) == once  # applying a receipt again changes nothing
    if any(kind is ReceiptType.NON_ACCEPTANCE for kind, _ in events):
        assert once is MessageState.REFUSED


def test_delivery_fields():
    assert Delivery("a").state is RecipientState.WAITING
    assert states.state_label("delivered") == "Consegnata"


@pytest.mark.parametrize("text, found", [
    ("Deposito relazione R.G. 1234/2024", [(2024, 1234)]),
    ("RG n. 55/2023 e 77 / 2025", [(2023, 55), (2025, 77)]),
    ("ore 10/11 del 12/11/2024", []),
    ("", []),
])
def test_role_numbers_in_subjects(text, found):
    assert role_numbers(text) == found
