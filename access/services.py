"""Changing the unit tree: ``units_load``, the one door that creates and places units from a
list (``manage.py load_units``; the file format is in docs/units.md).

A unit is found again by its region code (kode wilayah; KPU RI, which has none, by its
kind), so a second load of the same file changes nothing; its parent follows from the code
(``61.71`` sits under ``61``, ``61`` under KPU RI). Every bad row is reported at once, each
as "baris N, kolom X: …", and then nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .models import REGION_CODE, Unit

Kind = Unit.Kind
DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES_FILE = DATA_DIR / "units_provinsi.csv"  # KPU RI and the 38 provinces
KALBAR_FILE = DATA_DIR / "units_kalbar.csv"  # an example of a province's kab/kota
# The file's columns and the Unit field each fills; ``situs`` may be left out.
COLUMNS = {
    "kode": "code",
    "nama": "name",
    "nama_singkat": "short_name",
    "kota": "city",
    "situs": "website",
}
REQUIRED = ("kode", "nama", "nama_singkat", "kota")
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()} | {
    "parent": "kode",
    "kind": "kode",
    "slug": "nama_singkat",
}
# How a changed field is named to the user (the command's "diubah: … (induk, urutan)").
FIELD_WORDS = FIELD_COLUMNS | {"parent": "induk", "order": "urutan", "kind": "jenis"}
LEVELS = {Kind.PUSAT: 0, Kind.PROVINSI: 1, Kind.KABKOTA: 2}
# Words left out of a new unit's slug: "KPU Provinsi Jawa Barat" → kpu-jawa-barat (as the
# seed's kpu-kalbar, kpu-sambas, kpu-kota-pontianak).
SLUG_SKIPPED = {"provinsi", "kabupaten"}


@dataclass
class UnitsLoadReport:
    """What a load did: the units it made, the units it changed (with the fields), and how
    many were already as the file says."""

    created: list[Unit] = field(default_factory=list)
    updated: list[tuple[Unit, list[str]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class _Row:
    line: int
    kind: str
    values: dict[str, str]

    @property
    def code(self) -> str:
        return self.values["code"]


def units_read(text: str) -> list[dict[str, str]]:
    """The rows of a CSV text (UTF-8, a BOM allowed, comma or semicolon), checking the
    header: the required columns present, none unknown."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(["Berkas kosong: baris 1 harus berisi nama kolom."])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    errors = [
        f"baris 1, kolom {name}: kolom tidak dikenal." for name in header if name not in COLUMNS
    ]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        errors.append(f"baris 1: kolom wajib tidak ada: {', '.join(missing)}.")
    if errors:
        raise ValidationError(errors)
    reader.fieldnames = header
    return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


@transaction.atomic
def units_load(*, rows: Sequence[Mapping[str, str]]) -> UnitsLoadReport:
    """Create or update the units of ``rows`` (a header's columns as keys, the first row is
    line 2 of the file), all or nothing: a ValidationError lists every bad row."""
    errors: list[str] = []
    parsed = _parse(rows, errors)
    by_code = {u.code: u for u in Unit.objects.exclude(code="").select_related("parent")}
    pusat = Unit.objects.filter(kind=Kind.PUSAT).first()
    provinces = {r.code for r in parsed if r.kind == Kind.PROVINSI}
    provinces |= {c for c, u in by_code.items() if u.kind == Kind.PROVINSI}
    for row in parsed:
        if row.kind == Kind.KABKOTA and row.code[:2] not in provinces:
            errors.append(
                f"baris {row.line}, kolom kode: provinsi {row.code[:2]} tidak ada di portal "
                "maupun di berkas ini; muat provinsinya lebih dulu."
            )
    if errors:
        raise ValidationError(errors)

    report = UnitsLoadReport()
    slugs = set(Unit.objects.values_list("slug", flat=True))
    orders: dict[str, int] = {}
    for row in sorted(parsed, key=lambda r: (LEVELS[r.kind], r.line)):
        orders[row.kind] = orders.get(row.kind, 0) + 1
        unit = pusat if row.kind == Kind.PUSAT else by_code.get(row.code)
        if row.kind == Kind.PUSAT:
            parent = None
        elif row.kind == Kind.PROVINSI:
            parent = pusat
        else:
            parent = by_code[row.code[:2]]
        values: dict[str, object] = dict(row.values, kind=row.kind, order=orders[row.kind])
        if not values.get("website"):
            values.pop("website", None)  # a blank situs keeps what the unit has
        try:
            unit = _write(report, unit, values, parent=parent, slugs=slugs)
        except ValidationError as error:
            errors += _messages(row.line, error)
            continue
        if row.kind == Kind.PUSAT:
            pusat = unit
        else:
            by_code[row.code] = unit
    if errors:
        raise ValidationError(errors)  # leaving the atomic block undoes what was written
    return report


def _parse(rows: Sequence[Mapping[str, str]], errors: list[str]) -> list[_Row]:
    parsed: list[_Row] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        values = {f: (row.get(column) or "").strip() for column, f in COLUMNS.items()}
        bad = [
            f"baris {line}, kolom {column}: wajib diisi."
            for column in REQUIRED[1:]
            if not values[COLUMNS[column]]
        ]
        code = values["code"]
        if code and not REGION_CODE.match(code):
            bad.append(
                f"baris {line}, kolom kode: «{code}» bukan kode wilayah; tulis dua angka untuk "
                "provinsi (61) atau kode provinsi, titik, dua angka untuk kabupaten/kota (61.71); "
                "kosong hanya untuk KPU RI."
            )
        elif code in seen:
            what = f"kode {code}" if code else "kode kosong (KPU RI)"
            bad.append(f"baris {line}, kolom kode: {what} sudah ada di baris {seen[code]}.")
        else:
            seen[code] = line
        errors += bad
        if not bad:
            kind = Kind.PUSAT if not code else Kind.KABKOTA if "." in code else Kind.PROVINSI
            parsed.append(_Row(line, kind, values))
    if not rows:
        errors.append("Berkas tidak berisi satuan kerja (baris 2 dan seterusnya kosong).")
    return parsed


def _write(
    report: UnitsLoadReport,
    unit: Unit | None,
    values: dict[str, object],
    *,
    parent: Unit | None,
    slugs: set[str],
) -> Unit:
    if unit is None:
        unit = Unit(**values, parent=parent, slug=_new_slug(values, slugs))
        unit.full_clean()
        unit.save()
        slugs.add(unit.slug)
        report.created.append(unit)
        return unit
    changed = [k for k, v in values.items() if getattr(unit, k) != v]
    if unit.parent_id != (parent.pk if parent else None):
        changed.append("parent")
    if not changed:
        report.unchanged += 1
        return unit
    for key in changed:
        setattr(unit, key, parent if key == "parent" else values[key])
    unit.full_clean()
    unit.save(update_fields=changed)
    report.updated.append((unit, changed))
    return unit


def _new_slug(values: Mapping[str, object], taken: set[str]) -> str:
    """kpu-<name> from the short name ("KPU Kota Pontianak" → kpu-kota-pontianak); when
    another unit has it already (Provinsi and Kabupaten Gorontalo), the code is added."""
    words = [w for w in str(values["short_name"]).split() if w.lower() not in SLUG_SKIPPED]
    base = slugify(" ".join(words))[:60] or "kpu"
    if not base.startswith(("kpu-", "kip-")) and base not in ("kpu", "kip"):
        base = f"kpu-{base}"
    if base not in taken:
        return base
    return f"{base}-{slugify(str(values['code']).replace('.', '-'))}"


def _messages(line: int, error: ValidationError) -> list[str]:
    found = error.message_dict if hasattr(error, "error_dict") else {"kode": error.messages}
    return [
        f"baris {line}, kolom {FIELD_COLUMNS.get(name, 'kode')}: {message}"
        for name, messages in found.items()
        for message in messages
    ]
