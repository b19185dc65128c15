"""The emulator's office catalogue: districts with their GL codes and the offices.

Seeded from the bundled starter list, then padded with generated offices (mostly Giudici di
Pace, as in the real catalogue) up to a requested size, e.g. ~3,000 for search benchmarks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cliens_tk.domain.offices import Office, Register, load_bundled_offices

# District (Corte d'Appello) -> GL code, as documented, plus the ones the office list brings.
DISTRICT_GL = {
    "Torino": "GLTO", "Genova": "GLGE", "Milano": "GLMI", "Brescia": "GLBS", "Firenze": "GLFI",
    "Perugia": "GLPG", "Ancona": "GLAN", "Roma": "GLRM", "L'Aquila": "GLAQ", "Napoli": "GLNA",
    "Salerno": "GLSA", "Potenza": "GLPZ", "Catanzaro": "GLCZ", "Reggio Calabria": "GLRC",
    "Palermo": "GLPA", "Cassazione": "GLCC",
}

# (city, province, district) used to invent extra offices.
EXTRA_CITIES = (
    ("Lodi", "LO", "Milano"), ("Lecco", "LC", "Milano"), ("Busto Arsizio", "VA", "Milano"),
    ("Sondrio", "SO", "Milano"), ("Cremona", "CR", "Brescia"), ("Mantova", "MN", "Brescia"),
    ("Treviglio", "BG", "Brescia"), ("Asti", "AT", "Torino"), ("Cuneo", "CN", "Torino"),
    ("Novara", "NO", "Torino"), ("Alessandria", "AL", "Torino"), ("Ivrea", "TO", "Torino"),
    ("La Spezia", "SP", "Genova"), ("Savona", "SV", "Genova"), ("Imperia", "IM", "Genova"),
    ("Massa", "MS", "Genova"), ("Arezzo", "AR", "Firenze"), ("Lucca", "LU", "Firenze"),
    ("Livorno", "LI", "Firenze"), ("Prato", "PO", "Firenze"), ("Siena", "SI", "Firenze"),
    ("Terni", "TR", "Perugia"), ("Spoleto", "PG", "Perugia"), ("Macerata", "MC", "Ancona"),
    ("Pesaro", "PU", "Ancona"), ("Fermo", "FM", "Ancona"), ("Viterbo", "VT", "Roma"),
    ("Frosinone", "FR", "Roma"), ("Rieti", "RI", "Roma"), ("Tivoli", "RM", "Roma"),
    ("Velletri", "RM", "Roma"), ("Civitavecchia", "RM", "Roma"), ("Pescara", "PE", "L'Aquila"),
    ("Chieti", "CH", "L'Aquila"), ("Teramo", "TE", "L'Aquila"), ("Avellino", "AV", "Napoli"),
    ("Benevento", "BN", "Napoli"), ("Nola", "NA", "Napoli"), ("Torre Annunziata", "NA", "Napoli"),
    ("Nocera Inferiore", "SA", "Salerno"), ("Vallo della Lucania", "SA", "Salerno"),
    ("Matera", "MT", "Potenza"), ("Lagonegro", "PZ", "Potenza"), ("Cosenza", "CS", "Catanzaro"),
    ("Crotone", "KR", "Catanzaro"), ("Vibo Valentia", "VV", "Catanzaro"),
    ("Locri", "RC", "Reggio Calabria"), ("Palmi", "RC", "Reggio Calabria"),
    ("Agrigento", "AG", "Palermo"), ("Trapani", "TP", "Palermo"), ("Marsala", "TP", "Palermo"),
    ("Termini Imerese", "PA", "Palermo"), ("Sciacca", "AG", "Palermo"),
)
EXTRA_KINDS = (
    # (tipoUfficio, name prefix, weight, services, registers)
    ("GIUDICE_PACE", "Giudice di Pace di", 6, ("JPW_SIGP", "DEPOT"), (Register.PEACE,)),
    ("TRIBUNALE", "Tribunale di", 1, ("JPW_SICID", "JPW_SIECIC", "DEPOT", "COMTEL", "PAGAM_TEL"),
     tuple(Register)[:3] + (Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY)),
    ("TRIBUNALE_MINORENNI", "Tribunale per i Minorenni di", 1, ("DEPOT",), ()),
    ("UFFICIO_SORVEGLIANZA", "Ufficio di Sorveglianza di", 1, ("DEPOT",), ()),
    ("UNEP", "UNEP presso la Corte d'Appello di", 1, ("DEPOT",), ()),
)


@dataclass(frozen=True)
class DistrictInfo:
    code: str
    name: str
    gl_code: str


def districts(offices: list[Office]) -> list[DistrictInfo]:
    found = dict(DISTRICT_GL)
    for office in offices:
        if office.district and office.gl_code:
            found.setdefault(office.district, office.gl_code)
    return sorted(
        (DistrictInfo(code=gl[2:], name=name, gl_code=gl) for name, gl in found.items()),
        key=lambda d: d.name,
    )


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def build_catalogue(size: int = 0, seed: int = 1) -> list[Office]:
    """The bundled offices (sample flag dropped: the catalogue is the source) plus generated
    ones up to ``size`` offices in all."""
    from dataclasses import replace

    offices = [replace(o, sample=False) for o in load_bundled_offices()]
    codes = {o.code for o in offices}
    names = {o.name for o in offices}
    rng = random.Random(f"catalogue-{seed}")
    weights = [k[2] for k in EXTRA_KINDS]
    serial = 0
    while len(offices) < size:
        city, province, district = rng.choice(EXTRA_CITIES)
        kind, prefix, _weight, services, registers = rng.choices(EXTRA_KINDS, weights)[0]
        name = f"{prefix} {city}"
        if name in names:
            serial += 1
            name = f"{name} - sede distaccata {serial}"
        code = f"{rng.randrange(10**8, 10**10):010d}"
        if code in codes:
            continue
        codes.add(code)
        names.add(name)
        pec_prefix = "tribunale" if kind == "TRIBUNALE" else _slug(kind)[:8]
        domain = "civile.ptel.giustiziacert.it" if kind == "TRIBUNALE" else "giustiziacert.it"
        offices.append(Office(
            code=code, name=name, kind=kind, city=city, province=province, district=district,
            gl_code=DISTRICT_GL.get(district, ""), pec=f"{pec_prefix}.{_slug(city)}@{domain}",
            services=services, registers=registers,
        ))
    return offices
