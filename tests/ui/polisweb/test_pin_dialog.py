"""The PIN dialog shows the card's PIN state before asking and asks once."""

from __future__ import annotations

from cliens_tk.security.token import PinStatus
from cliens_tk.ui.polisweb.pin_dialog import PinDialog


def test_final_try_warning_is_shown_before_asking(tk_root):
    dialog = PinDialog(tk_root, PinStatus(count_low=True, final_try=True), "CNS Mario Rossi")
    dialog.update()
    assert "resta un solo tentativo" in dialog.warning.cget("text")
    assert dialog.warning.winfo_manager() == "pack"
    dialog.confirm()  # empty: refused here, never reaches the card
    assert dialog.winfo_exists() and "Inserisci il PIN" in dialog.warning.cget("text")
    dialog.entry.insert(0, "123456")
    dialog.ok_button.invoke()
    assert dialog.result == "123456"
    assert not dialog.winfo_exists()


def test_low_tries_and_locked(tk_root):
    dialog = PinDialog(tk_root, PinStatus(count_low=True), "CNS")
    dialog.update()
    assert "restano pochi tentativi" in dialog.warning.cget("text")
    dialog.cancel_button.invoke()
    assert dialog.result is None
    locked = PinDialog(tk_root, PinStatus(locked=True), "CNS")
    locked.update()
    assert "bloccato" in locked.warning.cget("text") and "PUK" in locked.warning.cget("text")
    assert locked.entry is None and locked.ok_button is None  # nothing to type: no try can be wasted
    locked.cancel_button.invoke()
    assert locked.result is None


def test_no_warning_when_all_is_well(tk_root):
    dialog = PinDialog(tk_root, PinStatus(), "CNS")
    dialog.update()
    assert dialog.warning.winfo_manager() == ""
    dialog.destroy()
