"""Court offices (uffici giudiziari) and their registers (registri)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources

from cliens_tk.i18n import _


class Register(StrEnum):
    """A register of an office. Values are the ministry's register codes."""

    CIVIL = "CC"  # civile contenzioso
    LABOUR = "LAV"  # lavoro
    VOLUNTARY = "VG"  # volontaria giurisdizione
    PEACE = "GDP"  # giudice di pace
    ENFORCEMENT_MOVABLE = "ESM"  # esecuzioni mobiliari
    ENFORCEMENT_REAL = "ESIM"  # esecuzioni immobiliari
    BANKRUPTCY = "FALL"  # fallimenti

    @property
    def label(self) -> str:
        return register_label(self)

    @property
    def service(self) -> str:
        """The PolisWeb service (path) that serves this register."""
        return REGISTER_SERVICE[self]


REGISTER_SERVICE: dict[Register, str] = {
    Register.CIVIL: "JPW_SICID",
    Register.LABOUR: "JPW_SICID",
    Register.VOLUNTARY: "JPW_SICID",
    Register.PEACE: "JPW_SIGP",
    Register.ENFORCEMENT_MOVABLE: "JPW_SIECIC",
    Register.ENFORCEMENT_REAL: "JPW_SIECIC",
    Register.BANKRUPTCY: "JPW_SIECIC",
}


def register_label(register: Register) -> str:
    return {
        Register.CIVIL: _("Civile contenzioso"),
        Register.LABOUR: _("Lavoro"),
        Register.VOLUNTARY: _("Volontaria giurisdizione"),
        Register.PEACE: _("Giudice di pace"),
        Register.ENFORCEMENT_MOVABLE: _("Esecuzioni mobiliari"),
        Register.ENFORCEMENT_REAL: _("Esecuzioni immobiliari"),
        Register.BANKRUPTCY: _("Fallimenti"),
    }[register]


def parse_register(value: str) -> Register:
    """A register from its code or Italian label, case-insensitive."""
    text = value.strip()
    for register in Register:
        if text.upper() == register.value or text.lower() == register.label.lower():
            return register
    raise ValueError(_("Registro sconosciuto: {value}").format(value=value))


@dataclass(frozen=True)
class Office:
    """A court office as listed by the ministry's catalogue (elenchi ministeriali).

    ``sample`` marks entries of the bundled starter list that are realistic but not verified
    against the ministry catalogue; the "update office list" command replaces them.
    """

    code: str  # codiceUfficio, 10-11 digits
    name: str  # descrizione
    kind: str  # tipoUfficio, e.g. TRIBUNALE, CORTE_APPELLO, GIUDICE_PACE
    city: str  # comune
    province: str = ""
    district: str = ""  # distretto di corte d'appello
    gl_code: str = ""  # codiceGestoreLocale, e.g. GLMI
    pec: str = ""
    services: tuple[str, ...] = ()
    registers: tuple[Register, ...] = ()
    sample: bool = False

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "city": self.city,
            "province": self.province,
            "district": self.district,
            "gl_code": self.gl_code,
            "pec": self.pec,
            "services": list(self.services),
            "registers": [r.value for r in self.registers],
            "sample": self.sample,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Office":
        return cls(
            code=str(data["code"]),
            name=data["name"],
            kind=data.get("kind", ""),
            city=data.get("city", ""),
            province=data.get("province", ""),
            district=data.get("district", ""),
            gl_code=data.get("gl_code", ""),
            pec=data.get("pec", ""),
            services=tuple(data.get("services", ())),
            registers=tuple(Register(r) for r in data.get("registers", ())),
            sample=bool(data.get("sample", False)),
        )


def is_office_code(code: str) -> bool:
    return code.isdigit() and 10 <= len(code) <= 11


def load_bundled_offices() -> list[Office]:
    """The starter office list shipped with the app (``cliens_tk/data/offices.json``)."""
    raw = resources.files("cliens_tk.data").joinpath("offices.json").read_text(encoding="utf-8")
    return [Office.from_dict(item) for item in json.loads(raw)["offices"]]


@dataclass
class OfficeListChange:
    """What an office list update changed, for the report shown to the user."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def diff_office_lists(old: list[Office], new: list[Office]) -> OfficeListChange:
    old_by_code = {o.code: o for o in old}
    new_by_code = {o.code: o for o in new}
    return OfficeListChange(
        added=sorted(c for c in new_by_code if c not in old_by_code),
        removed=sorted(c for c in old_by_code if c not in new_by_code),
        changed=sorted(c for c in new_by_code if c in old_by_code and old_by_code[c] != new_by_code[c]),
    )
