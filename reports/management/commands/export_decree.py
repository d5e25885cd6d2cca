from reports.models import ReportJob

from ._export import YearDocumentCommand


class Command(YearDocumentCommand):
    help = (
        "Ekspor Keputusan dan Lampiran sebagai PDF bertanda tangan (layanan yang sama dengan job)."
    )
    kind = ReportJob.Kind.DECREE
