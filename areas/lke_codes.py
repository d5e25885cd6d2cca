"""The format of the LKE codes a plan carries (its link to the Lembar Kerja Evaluasi).

A component names its LKE sub-area by a code prefix, an action item the questions its
evidence supports. The plan cannot know the worksheet (lke sits above areas), so only the
format is checked here; ``lke.mapping.mapping_check`` lists codes the worksheet lacks.

- Pengungkit sub-area: ``P`` + ``P`` (Pemenuhan) or ``R`` (Reform) + the area letter A–F
  (the LKE's area order, the same as the plan's) + the sub-area number: ``PPA1`` is
  Pemenuhan, area A (Manajemen Perubahan), sub-area 1 (Penyusunan Tim Kerja).
- Hasil sub-komponen: ``HB`` (Birokrasi yang Bersih dan Akuntabel), ``HP`` (Pelayanan
  Publik yang Prima).
- A question: its sub-area's (or sub-komponen's) code + the item letter, ``PPA1A``; the
  Hasil questions are ``HBA`` (IPAK), ``HBB`` (capaian kinerja) and ``HPA`` (IPKP).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from access.models import AreaCode

AREA_LETTERS = {code: chr(ord("A") + index) for index, code in enumerate(AreaCode.values)}
PENGUNGKIT_PREFIX = r"P[PR][A-F][1-9]"
HASIL_PREFIX = r"H[BP]"
_PENGUNGKIT = re.compile(rf"{PENGUNGKIT_PREFIX}")
_HASIL = re.compile(rf"{HASIL_PREFIX}")
_QUESTION = re.compile(rf"(?:{PENGUNGKIT_PREFIX}|{HASIL_PREFIX})[A-Z]")
EXAMPLE = "misalnya PPA1 (Pemenuhan, area A, sub-area 1) atau HB/HP untuk Komponen Hasil"


def component_code_error(code: str, *, hasil: bool, area_code: str | None) -> str:
    """Why a component's sub-area code is malformed for its kind and area, or ""."""
    if not code:
        return ""
    if hasil:
        if not _HASIL.fullmatch(code):
            return (
                f"Kode Komponen Hasil adalah HB (Bersih dan Akuntabel) atau HP (Pelayanan): {code}."
            )
        return ""
    if not _PENGUNGKIT.fullmatch(code):
        return f"Kode sub-area LKE tidak dikenali: {code} ({EXAMPLE})."
    letter = AREA_LETTERS.get(area_code or "")
    if letter and code[2] != letter:
        return f"Kode {code} milik area {code[2]} LKE, bukan area komponen ini ({letter})."
    return ""


def question_codes_clean(value: Any) -> list[str]:
    """An action item's question codes: upper case, each once, in the given order; a
    ValidationError naming the malformed ones."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,;]+", value) if part]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Kode pertanyaan LKE harus berupa daftar, misalnya PPA1A, PPA1B.")
    codes = list(dict.fromkeys(v.strip().upper() for v in value if v.strip()))
    bad = [c for c in codes if not _QUESTION.fullmatch(c)]
    if bad:
        raise ValidationError(
            f"Kode pertanyaan LKE tidak dikenali: {', '.join(bad)} "
            "(kode sub-area + huruf butir, misalnya PPA1A atau HBA)."
        )
    return codes
