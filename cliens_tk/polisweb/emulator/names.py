"""Word lists for the emulator's invented (but plausible) Italian registry data."""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Marco", "Giuseppe", "Luca", "Francesco", "Alessandro", "Andrea", "Giovanni", "Roberto",
    "Stefano", "Paolo", "Matteo", "Davide", "Antonio", "Lorenzo", "Simone", "Fabio",
    "Giulia", "Francesca", "Chiara", "Sara", "Laura", "Valentina", "Elena", "Anna",
    "Martina", "Federica", "Silvia", "Paola", "Alessandra", "Roberta", "Maria", "Beatrice",
)
SURNAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
    "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani",
    "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile",
    "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti",
    "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini", "Grasso", "Valentini",
)
COMPANY_STEMS = (
    "Edilnord", "Immobiliare Aurora", "Costruzioni Lombarde", "Assicurazioni Adriatiche",
    "Banca Popolare del Nord", "Condominio Via Verdi 12", "Condominio Il Parco", "Trasporti Rapidi",
    "Tecnoimpianti", "Agricola San Marco", "Metalmeccanica Brianza", "Studio Associato Alfa",
    "Autoservizi Centro", "Ristorazione Italia", "Logistica Padana", "Farmacia Centrale",
)
COMPANY_FORMS = ("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Soc. Coop.")

CIVIL_SUBJECTS = (
    "Appalto: altre ipotesi ex art. 1655 ss. c.c.",
    "Responsabilità professionale",
    "Risarcimento danni da circolazione di veicoli",
    "Divisione di beni non caduti in successione",
    "Condominio: impugnazione di delibere assembleari",
    "Accertamento tecnico preventivo (art. 696 c.p.c.)",
    "Consulenza tecnica preventiva ai fini della composizione della lite (art. 696-bis c.p.c.)",
    "Contratti bancari: mutuo",
    "Locazione di immobile urbano",
    "Vendita di cose immobili",
    "Responsabilità extracontrattuale: altre ipotesi",
    "Servitù prediali",
    "Vizi e difformità dell'opera",
)
LABOUR_SUBJECTS = (
    "Invalidità civile: accertamento tecnico preventivo obbligatorio (art. 445-bis c.p.c.)",
    "Infortunio sul lavoro: rendita INAIL",
    "Malattia professionale",
    "Differenze retributive",
)
VOLUNTARY_SUBJECTS = (
    "Amministrazione di sostegno",
    "Nomina di curatore speciale",
    "Autorizzazione alla vendita di beni di minori",
)
PEACE_SUBJECTS = (
    "Risarcimento danni da circolazione stradale (valore fino a 20.000 euro)",
    "Opposizione a sanzione amministrativa",
    "Beni mobili: cause di valore fino a 10.000 euro",
    "Rapporti di vicinato: immissioni",
)
ENFORCEMENT_SUBJECTS = (
    "Espropriazione immobiliare",
    "Espropriazione presso terzi",
    "Espropriazione mobiliare presso il debitore",
)
BANKRUPTCY_SUBJECTS = ("Liquidazione giudiziale", "Fallimento", "Concordato preventivo")

RITES = {
    "CC": ("Ordinario di cognizione", "Semplificato di cognizione", "Cautelare (art. 669-bis c.p.c.)",
           "Procedimento speciale (art. 696 c.p.c.)"),
    "LAV": ("Rito del lavoro", "Accertamento tecnico preventivo obbligatorio"),
    "VG": ("Camerale (art. 737 c.p.c.)",),
    "GDP": ("Ordinario davanti al Giudice di Pace",),
    "ESM": ("Esecuzione mobiliare",),
    "ESIM": ("Esecuzione immobiliare",),
    "FALL": ("Procedura concorsuale",),
}
SUBJECTS = {
    "CC": CIVIL_SUBJECTS, "LAV": LABOUR_SUBJECTS, "VG": VOLUNTARY_SUBJECTS, "GDP": PEACE_SUBJECTS,
    "ESM": ENFORCEMENT_SUBJECTS, "ESIM": ENFORCEMENT_SUBJECTS, "FALL": BANKRUPTCY_SUBJECTS,
}
SECTIONS = {
    "CC": (("01", "SEZIONE I CIVILE"), ("02", "SEZIONE II CIVILE"), ("04", "SEZIONE IV CIVILE"),
           ("10", "SEZIONE X CIVILE - IMPRESE")),
    "LAV": (("LV", "SEZIONE LAVORO"),),
    "VG": (("09", "SEZIONE IX CIVILE - VOLONTARIA GIURISDIZIONE"),),
    "GDP": (("GP", "UFFICIO DEL GIUDICE DI PACE"),),
    "ESM": (("03", "SEZIONE III CIVILE - ESECUZIONI MOBILIARI"),),
    "ESIM": (("03", "SEZIONE III CIVILE - ESECUZIONI IMMOBILIARI"),),
    "FALL": (("02", "SEZIONE II CIVILE - PROCEDURE CONCORSUALI"),),
}
OPEN_STATUSES = ("PENDENTE", "PENDENTE", "PENDENTE", "IN ISTRUTTORIA", "RINVIATO", "SOSPESO")
CLOSED_STATUSES = ("DEFINITO", "ARCHIVIATO")

HEARING_DESCRIPTIONS = (
    "Udienza di prima comparizione",
    "Udienza di conferimento incarico al CTU e giuramento",
    "Udienza per esame della relazione del CTU",
    "Udienza istruttoria",
    "Udienza di precisazione delle conclusioni",
    "Udienza di discussione",
)
DEADLINE_DESCRIPTIONS = (
    "Termine per il deposito della relazione peritale",
    "Termine per la trasmissione della bozza alle parti",
    "Termine per le osservazioni dei consulenti di parte",
    "Inizio delle operazioni peritali",
)
EVENT_KINDS = (
    ("ISCR", "Iscrizione a ruolo"),
    ("DESG", "Designazione del giudice"),
    ("NCTU", "Nomina del consulente tecnico d'ufficio"),
    ("GIUR", "Giuramento del CTU"),
    ("DEPD", "Deposito atto di parte"),
    ("VERB", "Verbale d'udienza"),
    ("RINV", "Rinvio dell'udienza"),
    ("DREL", "Deposito relazione CTU"),
    ("DECR", "Decreto del giudice"),
)

_ODD = {
    **dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21))),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
                22, 25, 24, 23))),
}


def tax_code_check_char(first15: str) -> str:
    """The check character of a codice fiscale (the official odd/even tables)."""
    total = 0
    for index, char in enumerate(first15.upper()):
        if index % 2 == 0:  # 1st, 3rd... character (1-based odd)
            total += _ODD[char]
        else:
            total += int(char) if char.isdigit() else ord(char) - 65
    return chr(65 + total % 26)


def random_tax_code(rng: random.Random) -> str:
    letters = "BCDFGHLMNPRSTVZ"
    months = "ABCDEHLMPRST"
    body = (
        "".join(rng.choice(letters) for _ in range(6))
        + f"{rng.randrange(40, 100):02d}"
        + rng.choice(months)
        + f"{rng.choice([rng.randrange(1, 29), rng.randrange(41, 69)]):02d}"
        + rng.choice("ABCDEFGHLM")
        + f"{rng.randrange(1, 999):03d}"
    )
    return body + tax_code_check_char(body)


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(SURNAMES), rng.choice(FIRST_NAMES)


def company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_FORMS)}"


def judge_name(rng: random.Random) -> str:
    surname, name = person(rng)
    return f"{surname.upper()} {name.upper()}"


def lawyer_name(rng: random.Random) -> str:
    surname, name = person(rng)
    return f"Avv. {name} {surname}"
