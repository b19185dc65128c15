"""A PEC provider emulator for the tests and the demo: an SMTP server (``aiosmtpd``, implicit TLS,
AUTH LOGIN/PLAIN) that certifies what it receives like a real provider: acceptance receipt,
signed transport envelopes delivered to the recipients' boxes, delivery or error receipts with a
correct ``daticert.xml``, all signed by a test provider CA."""
