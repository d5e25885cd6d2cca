"""The survey files: one declaration for the sheet template and the import.

A survey sheet (one per survey: SKM, SPAK, SPKP) has one row per respondent: ``tanggal``
(the date of the service; its quarter is the period), ``layanan`` (a service of the unit),
one column per element code of the unit's current questionnaire (``U1`` … ``U9`` for the
SKM), each 1–4 or blank, then the optional profile columns ``usia``, ``jenis_kelamin``,
``pendidikan``, ``pekerjaan`` and ``saran``. The population sheet has ``tahun``,
``triwulan``, ``populasi``.

The profile columns take a value of surveys/choices.py or its Indonesian words, in any
case: the files' own vocabulary, written here (as transfer/cells.py writes the months),
because a choice's label follows the reader's language and a file does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from surveys.choices import Education, Occupation, Sex, SurveyKind
from surveys.models import Element

from ..cells import norm
from ..layouts import Column, Layout
from ..models import ImportRecord

Dataset = ImportRecord.Dataset
# A survey's dataset has the survey's value (ImportRecord.Dataset, surveys.SurveyKind).
SURVEYS = (Dataset.SURVEY_SKM.value, Dataset.SURVEY_SPAK.value, Dataset.SURVEY_SPKP.value)
POPULATION_DATASET = Dataset.SURVEY_POPULATION.value
DATASETS = (*SURVEYS, POPULATION_DATASET)
SHORT = {SurveyKind.SKM: "SKM", SurveyKind.SPAK: "SPAK", SurveyKind.SPKP: "SPKP"}

SURVEY_SHEET = "Survei {code}"  # "Survei SKM"
POPULATION_SHEET = "Populasi"
NOTES_SHEET = "Petunjuk"

# A profile column's values (surveys/choices.py) and the other words a file may write.
SEX_WORDS: dict[str, tuple[str, ...]] = {
    Sex.MALE: ("Laki-laki", "Laki laki", "Pria"),
    Sex.FEMALE: ("Perempuan", "Wanita"),
}
EDUCATION_WORDS: dict[str, tuple[str, ...]] = {
    Education.SD: ("SD ke bawah", "SD", "SD/sederajat"),
    Education.SMP: ("SMP/sederajat", "SMP"),
    Education.SMA: ("SMA/sederajat", "SMA", "SMK"),
    Education.DIPLOMA: ("D1–D4", "D1-D4", "D1", "D2", "D3", "D4"),
    Education.S1: ("S1",),
    Education.S2: ("S2",),
    Education.S3: ("S3",),
}
OCCUPATION_WORDS: dict[str, tuple[str, ...]] = {
    Occupation.PNS: ("PNS/ASN", "PNS", "ASN"),
    Occupation.TNI: ("TNI",),
    Occupation.POLRI: ("POLRI",),
    Occupation.SWASTA: ("Pegawai swasta", "Swasta"),
    Occupation.WIRAUSAHA: ("Wirausaha", "Wiraswasta"),
    Occupation.PELAJAR: ("Pelajar/mahasiswa", "Pelajar", "Mahasiswa"),
    Occupation.LAINNYA: ("Lainnya",),
}


class Vocabulary:
    """One profile column's words: every value and word, in any case, to its value."""

    def __init__(self, label: str, words: dict[str, tuple[str, ...]]) -> None:
        self.label = label
        self.words = words
        self.index = {norm(w): value for value, more in words.items() for w in (value, *more)}

    def value(self, text: str) -> str | None:
        return self.index.get(norm(text))

    @property
    def accepted(self) -> str:
        """ "L (Laki-laki), P (Perempuan)": what the notes and a refusal name."""
        return ", ".join(f"{value} ({more[0]})" for value, more in self.words.items())


PROFILE: dict[str, tuple[str, Vocabulary]] = {  # column key → (Response field, words)
    "jenis_kelamin": ("sex", Vocabulary("Jenis kelamin", SEX_WORDS)),
    "pendidikan": ("education", Vocabulary("Pendidikan", EDUCATION_WORDS)),
    "pekerjaan": ("occupation", Vocabulary("Pekerjaan", OCCUPATION_WORDS)),
}


def _nothing(_row: Any) -> None:
    """The sheets are written empty (a template): no column has a value to export."""
    return None


def _column(key: str, *others: str, **options: Any) -> Column:
    return Column(key, (key, *others), _nothing, **options)


def survey_columns(elements: Sequence[Element]) -> tuple[Column, ...]:
    """The survey sheet's columns for a questionnaire's elements, in the template's order."""
    return (
        _column("tanggal", "Tanggal Layanan", read="date", required=True, pin=True),
        _column("layanan", "Jenis Layanan", required=True),
        *(_column(e.code, required=True) for e in elements),
        _column("usia", "Umur", read="integer"),
        _column("jenis_kelamin", "Jenis Kelamin"),
        _column("pendidikan", "Pendidikan Terakhir"),
        _column("pekerjaan", "Pekerjaan Utama"),
        _column("saran", "Saran dan Masukan", "Saran/Masukan", wrap=True),
    )


def survey_layout(kind_code: str, elements: Sequence[Element]) -> Layout:
    """``kind_code``: the survey's short name ("SKM"), which names the sheet."""
    return Layout(SURVEY_SHEET.format(code=kind_code), survey_columns(elements))


POPULATION = Layout(
    POPULATION_SHEET,
    (
        _column("tahun", read="integer", required=True, pin=True),
        _column("triwulan", read="integer", required=True),
        _column("populasi", "Populasi Pengguna Layanan", read="integer", required=True),
    ),
)

# What each column means, for the template's notes sheet (element columns: their question).
NOTES = {
    "tanggal": "Tanggal layanan diterima: YYYY-MM-DD (2025-04-12) atau DD/MM/YYYY "
    "(12/04/2025), atau sel tanggal Excel. Triwulannya harus sudah dibuka dan belum ditutup.",
    "layanan": "Nama jenis layanan satuan kerja yang masih aktif; boleh kosong.",
    "usia": "Usia responden dalam tahun (10–120); boleh kosong.",
    "saran": "Saran dan masukan responden; tidak pernah tampil di halaman publik sebelum "
    "disetujui Sekretariat. Boleh kosong.",
    "tahun": "Tahun triwulan, misalnya 2025.",
    "triwulan": "Triwulan 1–4. Triwulan yang belum ada dibuka; statusnya tidak diubah.",
    "populasi": "Jumlah pengguna layanan pada triwulan itu (dasar ukuran sampel Krejcie–Morgan).",
}
