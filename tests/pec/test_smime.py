"""The provider's signature: our CMS check agrees with ``openssl smime -verify``."""

from __future__ import annotations

import shutil
import subprocess
from email.message import EmailMessage

import pytest

from cliens_tk.pec.emulator import messages
from cliens_tk.pec.emulator.signing import create_provider_identity
from cliens_tk.pec.envelope import open_message
from cliens_tk.pec.smime import SignatureStatus, verify_message

OPENSSL = shutil.which("openssl")


def _original() -> bytes:
    message = EmailMessage()
    message["From"] = "avv.bianchi@pec.prova.it"
    message["To"] = "ctu@pec.prova.it"
    message["Subject"] = "Note tecniche R.G. 1234/2024"
    message["Message-ID"] = "<nota-1@pec.prova.it>"
    message.set_content("Egregio CTU,\nsi trasmettono le note.\n")
    message.add_attachment(b"%PDF-1.4 note", maintype="application", subtype="pdf", filename="note.pdf")
    return message.as_bytes()


def _envelope(identity) -> bytes:
    return messages.envelope(identity, "pec.prova.it", "PEC di Prova S.p.A.", _original(),
                             "avv.bianchi@pec.prova.it", [("ctu@pec.prova.it", True)], "ctu@pec.prova.it", "",
                             "Note tecniche R.G. 1234/2024", "<nota-1@pec.prova.it>")


def _tamper(raw: bytes) -> bytes:
    return raw.replace(b"si trasmettono le note", b"si trasmettono LE note", 1)


@pytest.fixture(scope="module")
def identity():
    return create_provider_identity()


def _openssl_ok(tmp_path, raw: bytes, ca_pem: bytes) -> bool:
    message, ca = tmp_path / "m.eml", tmp_path / "ca.pem"
    message.write_bytes(raw)
    ca.write_bytes(ca_pem)
    done = subprocess.run([OPENSSL, "smime", "-verify", "-in", str(message), "-CAfile", str(ca), "-out", "/dev/null"],
                          capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(OPENSSL is None, reason="openssl command not installed")
@pytest.mark.parametrize("change", [lambda r: r, _tamper], ids=["intact", "tampered"])
def test_verification_agrees_with_openssl(tmp_path, identity, change):
    raw = change(_envelope(identity))
    ours = verify_message(raw, [identity.ca.certificate]).status is SignatureStatus.VALID
    assert ours == _openssl_ok(tmp_path, raw, identity.ca_pem())
    assert ours == (change is not _tamper)


def test_tampered_envelope_is_flagged_but_still_readable(identity):
    opened = open_message(_tamper(_envelope(identity)), [identity.ca.certificate])
    assert opened.signature.status is SignatureStatus.INVALID
    assert "LE note" in opened.text  # the user can still read what arrived, with the warning


def test_unknown_provider_is_untrusted_not_invalid(identity):
    other = create_provider_identity("Altro gestore")
    assert verify_message(_envelope(identity), [other.ca.certificate]).status is SignatureStatus.UNTRUSTED


def test_unsigned_and_unreadable(identity):
    assert verify_message(_original(), [identity.ca.certificate]).status is SignatureStatus.UNSIGNED
    broken = _envelope(identity).replace(b"application/x-pkcs7-signature; name", b"application/x-pkcs7-signature; x")
    raw = _envelope(identity)
    cut = raw[: raw.rfind(b"Content-Disposition")] + b"\r\n\r\nAAAA\r\n"
    assert verify_message(cut, [identity.ca.certificate]).status in (SignatureStatus.UNREADABLE, SignatureStatus.INVALID)
    assert verify_message(broken, [identity.ca.certificate]).status is not SignatureStatus.UNSIGNED


def test_envelope_unwraps_original_with_attachments(identity):
    opened = open_message(_envelope(identity), [identity.ca.certificate])
    assert opened.signature.status is SignatureStatus.VALID
    assert opened.original_message["Message-ID"] == "<nota-1@pec.prova.it>"
    assert [a.filename for a in opened.attachments] == ["note.pdf"]
    assert opened.attachments[0].data == b"%PDF-1.4 note"


def test_anomaly_envelope_is_marked(identity):
    raw = messages.envelope(identity, "pec.prova.it", "PEC di Prova", _original(), "x@gmail.com",
                            [("ctu@pec.prova.it", True)], "ctu@pec.prova.it", "", "Ciao", "<a@b>", anomaly=True)
    opened = open_message(raw, [identity.ca.certificate])
    assert opened.is_anomaly and opened.original is not None
