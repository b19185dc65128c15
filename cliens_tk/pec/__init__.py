"""PEC (posta elettronica certificata): receipts, transport envelopes, message states, the
provider's signature, and the IMAP/SMTP access to a PEC box.

Pure parts (``kinds``, ``daticert``, ``states``, ``envelope``, ``smime``, ``compose``) have no
network; ``imap`` and ``smtp`` talk to the provider. The provider emulator used by the tests and
the demo lives in ``cliens_tk.pec.emulator``.
"""
