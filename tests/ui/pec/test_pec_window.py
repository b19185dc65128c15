"""The Gestore PEC window under Xvfb, against Dovecot and the emulated provider: add a box, send,
watch the message go to «Consegnata» with its receipts under it, read an incoming PEC offline."""

from __future__ import annotations

import time

import pytest

from cliens_tk.ui.app import UiContext

pytestmark = pytest.mark.gui


class AnsweringDialogs:
    def __init__(self):
        self.errors, self.infos, self.confirmations = [], [], []
        self.answer = True

    def error(self, parent, text):
        self.errors.append(text)

    def info(self, parent, text):
        self.infos.append(text)

    def confirm(self, parent, text):
        self.confirmations.append(text)
        return self.answer


@pytest.fixture
def ctx(tk_root, services, pec_service):
    services.pec = pec_service  # the window uses this service (test CA trusted for TLS)
    context = UiContext(tk_root, services)
    yield context
    context.close()


@pytest.fixture
def window(ctx):
    from cliens_tk.ui.pec.window import PecWindow

    win = PecWindow(ctx, dialogs=AnsweringDialogs())
    yield win
    for child in list(win.winfo_children()):
        if child.winfo_class() == "Toplevel":
            child.destroy()
    win.close()
    ctx.root.update()


def pump(ctx, until, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ctx.root.update()
        ctx.tasks.drain()
        if until():
            return True
        time.sleep(0.02)
    return False


def test_add_box_send_and_watch_it_delivered(ctx, window, pec_world, tmp_path):
    address = pec_world.new_box("ctu")
    court = pec_world.new_box("tribunale")
    assert "Nessuna casella" in window.status.get()

    dialog = window.add_account()
    dialog.vars["address"].set(address)
    dialog.vars["password"].set("Segreta-1")
    dialog.vars["imap_host"].set("127.0.0.1")
    dialog.vars["imap_port"].set(str(pec_world.dovecot.port))
    dialog.vars["smtp_host"].set("127.0.0.1")
    dialog.vars["smtp_port"].set(str(pec_world.provider.port))
    dialog.test()
    assert pump(ctx, lambda: "Connessione riuscita" in dialog.status.get()), dialog.status.get()
    dialog.save_button.invoke()
    assert pump(ctx, lambda: window.account is not None and not window.syncing)
    assert window.account.address == address

    compose = window.compose()
    compose.to_var.set(court)
    compose.subject_var.set("Relazione peritale R.G. 1234/2024")
    compose.body.insert("1.0", "In allegato la relazione.")
    pdf = tmp_path / "relazione.pdf"
    pdf.write_bytes(b"%PDF-1.4 " * 2000)
    compose.add_files([pdf])
    assert "su 30,0 MB" in compose.size_var.get()
    compose.send_button.invoke()
    assert pump(ctx, lambda: not compose.winfo_exists()), compose.status_var.get()
    assert window.view == "sent"
    [sent_id] = [int(i) for i in window.tree.get_children()]
    pec_world.provider.wait_idle()
    window.sync()
    assert pump(ctx, lambda: window.state_of(sent_id) == "Consegnata"), window.state_of(sent_id)

    window.tree.selection_set(str(sent_id))
    ctx.root.update()
    rows = [window.receipts.item(i, "values") for i in window.receipts.get_children()]
    assert ("Consegnata", court) == tuple(rows[0][:2])
    assert [r[0] for r in rows[1:]] == ["Ricevuta di accettazione", "Ricevuta di avvenuta consegna"]
    assert window.badge.cget("text") == "Inviato da questo programma"


def test_compose_refuses_oversize_and_keeps_the_text(ctx, window, pec_world, pec_service, tmp_path):
    account = pec_world.account(pec_world.new_box("ctu"))
    account.size_limit_mb = 1
    pec_service.save_account(account, password="Segreta-1")
    window.load_accounts()
    compose = window.compose()
    compose.to_var.set(pec_world.new_box("tribunale"))
    compose.subject_var.set("Foto sopralluogo")
    compose.body.insert("1.0", "Testo importante")
    big = tmp_path / "foto.zip"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    compose.add_files([big])
    compose.send_button.invoke()
    ctx.root.update()
    assert "supera il limite" in compose.status_var.get()
    assert compose.body.get("1.0", "end-1c") == "Testo importante"
    window.dialogs.answer = False
    compose.close()  # refuses to drop what was typed without asking
    assert compose.winfo_exists() and window.dialogs.confirmations
    compose.destroy()


def test_incoming_pec_read_offline_with_signature_badge(ctx, window, pec_world, pec_service):
    from cliens_tk.pec.compose import Draft

    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu")), password="Segreta-1")
    lawyer = pec_service.save_account(pec_world.account(pec_world.new_box("avvocato")), password="Segreta-1")
    pec_service.send(lawyer.id, Draft(lawyer.address, [ours.address], "Istanza R.G. 55/2025", "Testo dell'istanza"))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    ours.imap_port = ours.smtp_port = 9  # offline from now on
    pec_service.save_account(ours)

    window.load_accounts(select_id=ours.id)
    [item] = window.tree.get_children()
    assert window.tree.set(item, "subject") == "Istanza R.G. 55/2025"
    window.tree.selection_set(item)
    ctx.root.update()
    assert window.badge.cget("text") == "Firma del gestore valida"
    assert window.text.get("1.0", "end-1c") == "Testo dell'istanza"


def test_search_filters_per_keystroke(ctx, window, pec_world, pec_service):
    from cliens_tk.pec.compose import Draft

    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu")), password="Segreta-1")
    other = pec_service.save_account(pec_world.account(pec_world.new_box("cancelleria")), password="Segreta-1")
    for subject in ("Verbale di udienza", "Liquidazione compenso"):
        pec_service.send(other.id, Draft(other.address, [ours.address], subject))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    window.load_accounts(select_id=ours.id)
    assert len(window.tree.get_children()) == 2
    window.search_entry.insert("end", "liquid")
    ctx.root.update()
    assert [window.tree.set(i, "subject") for i in window.tree.get_children()] == ["Liquidazione compenso"]


def test_open_pec_entry_point_reuses_the_window(ctx):
    from cliens_tk.ui.pec import open_pec

    first = open_pec(ctx)
    try:
        assert open_pec(ctx) is first
    finally:
        first.close()


def test_an_attachment_opens_with_the_system_program_from_a_private_copy(ctx, window, pec_world, pec_service,
                                                                          tmp_path):
    import os

    from cliens_tk.pec.compose import Draft

    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu2")), password="Segreta-1")
    lawyer = pec_service.save_account(pec_world.account(pec_world.new_box("avvocato2")), password="Segreta-1")
    report = tmp_path / "perizia.pdf"
    report.write_bytes(b"%PDF-1.4 perizia")
    pec_service.send(lawyer.id, Draft(lawyer.address, [ours.address], "Deposito perizia", "In allegato",
                                      attachments=[report]))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    window.load_accounts(select_id=ours.id)
    [item] = window.tree.get_children()
    window.tree.selection_set(item)
    ctx.root.update()
    names = list(window.files.get(0, "end"))
    window.files.selection_set(next(i for i, name in enumerate(names) if "perizia.pdf" in name))
    opened = []
    path = window.open_attachment(opener=opened.append)
    assert opened == [path] and path.read_bytes() == b"%PDF-1.4 perizia"
    assert oct(os.stat(path).st_mode)[-3:] == "600"


def test_trusting_a_provider_from_the_window_turns_its_signatures_valid(ctx, window, pec_world, pec_service,
                                                                         provider_identity, tmp_path):
    from cliens_tk.pec.compose import Draft

    for trusted in pec_service.trusted_dir.glob("*.pem"):
        trusted.unlink()
    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu3")), password="Segreta-1")
    lawyer = pec_service.save_account(pec_world.account(pec_world.new_box("avvocato3")), password="Segreta-1")
    pec_service.send(lawyer.id, Draft(lawyer.address, [ours.address], "Nota", "Testo"))
    pec_world.provider.wait_idle()
    pec_service.sync(ours.id)
    window.load_accounts(select_id=ours.id)
    [item] = window.tree.get_children()
    window.tree.selection_set(item)
    ctx.root.update()
    assert window.badge.cget("text") != "Firma del gestore valida"
    junk = tmp_path / "non-un-certificato.pem"
    junk.write_text("ciao")
    assert window.add_trusted_provider(str(junk)) is None and "non contiene un certificato" in window.dialogs.errors[-1]
    ca_file = tmp_path / "gestore.pem"
    ca_file.write_bytes(provider_identity.ca_pem())
    assert window.add_trusted_provider(str(ca_file)) is not None
    ctx.root.update()
    assert window.badge.cget("text") == "Firma del gestore valida"


def test_removing_a_box_asks_first(ctx, window, pec_world, pec_service):
    box = pec_service.save_account(pec_world.account(pec_world.new_box("da-togliere")), password="Segreta-1")
    window.load_accounts(select_id=box.id)
    window.dialogs.answer = False
    assert not window.remove_account()
    assert [a.id for a in pec_service.accounts()] == [box.id]
    window.dialogs.answer = True
    assert window.remove_account()
    assert pec_service.accounts() == [] and "rimuovere" in window.dialogs.confirmations[-1].lower()
