from django.core.management.base import CommandError

from access.models import Unit
from reports.lhe import lhe_assessment
from reports.models import ReportJob

from ._export import YearDocumentCommand


class Command(YearDocumentCommand):
    help = (
        "Ekspor Laporan Hasil Evaluasi (LHE) sebagai PDF bertanda tangan, dari jawaban TPI "
        'sebagaimana tersimpan; bertanda "DRAF" sampai evaluasi TPI selesai.'
    )
    kind = ReportJob.Kind.LHE

    def ensure_renderable(self, unit: Unit, year: int) -> None:
        if lhe_assessment(unit, year) is None:
            raise CommandError(f"{unit} belum memiliki penilaian LKE tahun {year}.")
