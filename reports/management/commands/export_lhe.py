from reports.models import ReportJob

from ._export import YearDocumentCommand


class Command(YearDocumentCommand):
    help = (
        "Ekspor Laporan Hasil Evaluasi (LHE) sebagai PDF bertanda tangan, dari jawaban TPI "
        'sebagaimana tersimpan; bertanda "DRAF" sampai evaluasi TPI selesai.'
    )
    kind = ReportJob.Kind.LHE
