"""Every protocol fact we ASSUME because the ministry's public material is silent.

Correct a wrong assumption here and both the client and the emulator follow: the emulator
imports these names too, so its answers stay in line with what the client sends.
Facts that ARE documented (namespaces, header, fault texts, field names) live next to the code
that uses them; only the guesses are collected here, each with a note on why.
"""

from __future__ import annotations

# --- The query that lists "all the cases where I am the expert since year X" -----------------
# Not published. Assumed: ``ArchivioFascicoli`` with a year parameter (``anno``: role year from
# which to list), the office (``idUfficio``) and the register (``registro``), paged like the
# other queries. An optional ``dataModificaDa`` narrows the list to cases modified since a date
# (incremental downloads); the client also filters on DATAULTIMAMODIFICA itself, so a server
# that ignores it only costs bandwidth.
CASES_QUERY = "ArchivioFascicoli"
CASES_YEAR_PARAM = "anno"
CASES_MODIFIED_SINCE_PARAM = "dataModificaDa"

# --- Parameters common to the execute calls --------------------------------------------------
# ``idUfficio``, ``anno``, ``numero``, ``tipo``, ``pageSize``/``pageNo`` and ``filtroScadenza``
# are documented for some queries; that every query of a CTU download takes the office as
# ``idUfficio`` and the register code as ``registro`` is assumed.
OFFICE_PARAM = "idUfficio"
REGISTER_PARAM = "registro"
# Pages are numbered from 1 (assumed); the page size is ours to choose.
PAGE_SIZE_PARAM = "pageSize"
PAGE_NO_PARAM = "pageNo"
FIRST_PAGE = 1
DEFAULT_PAGE_SIZE = 100

# Date range of RicercaScadenze and Agenda: names assumed.
DATE_FROM_PARAM = "dataDa"
DATE_TO_PARAM = "dataA"

# --- Rows -------------------------------------------------------------------------------------
# Hearing/deadline rows (InfoScadenze) are assumed to carry the case they belong to
# (IDUFFICIO, ANNORUOLO, NUMERORUOLO, IDFASCICOLO) so that a date-range search can be matched to
# the cases already stored. TIPOSCADENZA is assumed to be ``U``/``S`` or the words
# ``UDIENZA``/``SCADENZA``; the parser accepts both.
HEARING_KIND_CODES = ("U", "UDIENZA")
DEADLINE_KIND_CODES = ("S", "SCADENZA")
# Party kinds in InfoParte.TIPO (assumed words; shown to the user as they come).
PARTY_KINDS = ("ATTORE", "CONVENUTO", "TERZO CHIAMATO", "INTERVENUTO")

# --- InvocationDomain of the office catalogue --------------------------------------------------
# The catalogue (CatalogoServizi) is document/literal; whether it wants the InvocationDomain
# header is not documented. We send the catalogue-call header (role JPW, group jpwusers): a
# SOAP server ignores an understood header it does not need.
CATALOGUE_SENDS_INVOCATION_DOMAIN = True

# --- OTP access-point login (our own design: see polisweb-protocol.md, "OTP") -------------------
# The access point checks these HTTP headers on each request, or exchanges them once for a
# session token at OTP_LOGIN_PATH (answer: JSON {"session": ..., "expires_in": seconds}); later
# requests then carry only OTP_SESSION_HEADER. The code is an RFC 6238 TOTP (30 s, 6 digits).
OTP_USER_HEADER = "X-OTP-User"
OTP_PASSWORD_HEADER = "X-OTP-Password"
OTP_CODE_HEADER = "X-OTP-Code"
OTP_SESSION_HEADER = "X-OTP-Session"
OTP_LOGIN_PATH = "/pda/otp/login"
OTP_SESSION_SECONDS = 1800
