"""Loading evidence for a view: 404 for what is not the user's unit's (the unit was loaded
with access.loaders.unit_for_user, which checks that the user may read it)."""

from __future__ import annotations

from access.models import Unit
from common.db import first_or_404

from .models import Evidence, EvidenceFile


def evidence_for_user(unit: Unit, evidence_id: int) -> Evidence:
    rows = Evidence.objects.select_related("action__area__plan__unit")
    return first_or_404(
        rows, "Bukti dukung tidak ditemukan.", pk=evidence_id, action__area__plan__unit=unit
    )


def file_for_user(unit: Unit, file_id: int) -> EvidenceFile:
    rows = EvidenceFile.objects.select_related("version__evidence__action__area__plan__unit")
    unit_path = {"version__evidence__action__area__plan__unit": unit}
    return first_or_404(rows, "Berkas tidak ditemukan.", pk=file_id, **unit_path)
