"""Loading evidence for a view: 404 for what is not the user's unit's (the unit was loaded
with access.loaders.unit_for_user, which checks that the user may read it)."""

from __future__ import annotations

from django.http import Http404

from access.models import Unit

from .models import Evidence, EvidenceFile


def evidence_for_user(unit: Unit, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("action__area__plan__unit")
        .filter(pk=evidence_id, action__area__plan__unit=unit)
        .first()
    )
    if evidence is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    return evidence


def file_for_user(unit: Unit, file_id: int) -> EvidenceFile:
    row = (
        EvidenceFile.objects.select_related("version__evidence__action__area__plan__unit")
        .filter(pk=file_id, version__evidence__action__area__plan__unit=unit)
        .first()
    )
    if row is None:
        raise Http404("Berkas tidak ditemukan.")
    return row
