"""An export job's life after it is requested: handed to the broker (the job row is the
outbox), claimed by one worker, rendered under a heartbeat, issued once, and swept back to
the queue when its worker died. See docs/jobs.md."""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation

from common.formatting import number_text

from . import builders, rendering, versions
from .builders import BuiltFile, Progress
from .models import ReportJob
from .signing import pdf_sign

log = logging.getLogger(__name__)
Status = ReportJob.Status


def _seconds(name: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, name))


# ---------------------------------------------------------------- the outbox


def job_dispatch(*, job_id: int) -> bool:
    """Hand a committed job to the broker. A failure, whatever its cause (Redis down,
    refused, timed out), is logged and leaves the job in the outbox for the sweeper."""
    from .tasks import render_report

    try:
        # retry=False: a web request must not wait out the publish retry policy.
        render_report.apply_async((job_id,), retry=False)
    except Exception:
        log.warning("Broker unreachable: export job %s waits in the outbox", job_id, exc_info=True)
        return False
    ReportJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


def dispatch_on_commit(job_id: int) -> None:
    transaction.on_commit(functools.partial(job_dispatch, job_id=job_id))


# ---------------------------------------------------------------- running


class _Heartbeat:
    """Beats for a running job from a thread of its own, so that a long WeasyPrint step
    (no progress for minutes) still shows a live worker, and a dead one shows within
    REPORT_STALE_SECONDS. Beats only while the attempt still holds the job."""

    def __init__(self, lease: Q) -> None:
        self.lease = lease
        self.every = float(settings.REPORT_HEARTBEAT_SECONDS)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="export-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        if self.every > 0:
            self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)

    def _run(self) -> None:
        try:
            while not self.stop.wait(self.every):
                try:
                    ReportJob.objects.filter(self.lease).update(heartbeat_at=timezone.now())
                except (OperationalError, InterfaceError):
                    log.warning("Heartbeat of an export job failed", exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def _last_seen(job: ReportJob) -> datetime.datetime:
    return job.heartbeat_at or job.started_at or job.created_at


def _is_stale(job: ReportJob, now: datetime.datetime) -> bool:
    return now - _last_seen(job) > _seconds("REPORT_STALE_SECONDS")


@dataclass(frozen=True)
class Silence:
    """A running job whose worker stopped answering: since when, and when the sweeper
    takes it back (``retry_from``–``retry_by``: the heartbeat goes stale, then the next
    sweep comes), as a new attempt or, after the last one, as a failure."""

    last_seen: datetime.datetime
    retry_from: datetime.datetime
    retry_by: datetime.datetime
    last_attempt: bool


def job_silence(job: ReportJob, now: datetime.datetime | None = None) -> Silence | None:
    """None while the worker beats (a beat missed twice is silence)."""
    if job.status != Status.BERJALAN:
        return None
    now = now or timezone.now()
    last = _last_seen(job)
    beat = float(settings.REPORT_HEARTBEAT_SECONDS)
    quiet = datetime.timedelta(seconds=2 * beat) if beat > 0 else _seconds("REPORT_STALE_SECONDS")
    if now - last <= quiet:
        return None
    retry_from = max(last + _seconds("REPORT_STALE_SECONDS"), now)
    return Silence(
        last_seen=last,
        retry_from=retry_from,
        retry_by=retry_from + _seconds("REPORT_SWEEP_SECONDS"),
        last_attempt=job.attempts >= settings.REPORT_MAX_ATTEMPTS,
    )


def _fail(job: ReportJob, error: str) -> None:
    job.status = Status.GAGAL
    job.finished_at = timezone.now()
    job.error = error
    job.save(update_fields=["status", "finished_at", "error"])


def _too_many_attempts(job: ReportJob) -> str:
    return (
        f"Dokumen tidak dapat dibuat setelah {job.attempts} percobaan (pekerja berhenti atau "
        "basis data tidak tersedia). Silakan ekspor ulang."
    )


def _job_claim(job_id: int) -> ReportJob | None:
    """Take a job for this attempt: a queued one, or a running one whose worker is gone.
    None when it is done, failed, or alive in another worker (a redelivered message)."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status not in ReportJob.ACTIVE:
            return None
        if job.status == Status.BERJALAN and not _is_stale(job, now):
            return None
        if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail(job, _too_many_attempts(job))
            return None
        job.status = Status.BERJALAN
        job.attempts += 1
        job.progress = 5
        job.started_at = job.heartbeat_at = now
        job.error = ""
        job.save(
            update_fields=["status", "attempts", "progress", "started_at", "heartbeat_at", "error"]
        )
    return job


def job_run(*, job_id: int) -> ReportJob:
    """Render, sign and store the document of a job. Safe to call again for the same job:
    a finished, failed or live-running job is left as it is, so a redelivered message
    renders nothing; only the attempt holding the job (its ``attempts`` number) may issue."""
    job = _job_claim(job_id)
    if job is None:
        return ReportJob.objects.get(pk=job_id)
    lease = Q(pk=job.pk, status=Status.BERJALAN, attempts=job.attempts)

    def progress(value: int) -> None:
        ReportJob.objects.filter(lease).update(progress=value, heartbeat_at=timezone.now())

    try:
        with translation.override("id"), _Heartbeat(lease):
            builder = builders.file_builder(job.kind)
            if builder is not None:
                return _job_finish_built(job, builder(job, progress), progress)
            snapshot, fingerprint = rendering.job_fingerprint(job)
            pdf, number, title, signer = rendering.render(job, progress)
            verb = "Penetapan" if job.kind == ReportJob.Kind.DECREE else "Penerbitan"
            signed = pdf_sign(pdf, reason=f"{verb} {title[:80]}", location=job.unit.city)
        progress(95)
        issued = {"number": number, "title": title, "signer": signer}
        stored = Stored(ContentFile(signed), hashlib.sha256(signed).hexdigest(), len(signed))
        return _job_finish(job, stored, snapshot=snapshot, fingerprint=fingerprint, **issued)
    except (OperationalError, InterfaceError):
        # A passing database fault: the task retries with backoff; the job waits in the queue.
        ReportJob.objects.filter(lease).update(
            status=Status.ANTRE, progress=0, dispatched_at=timezone.now()
        )
        raise
    except Exception as exc:
        log.exception("Export job %s failed", job.pk)
        ReportJob.objects.filter(lease).update(
            status=Status.GAGAL, finished_at=timezone.now(), error=f"Gagal membuat dokumen: {exc}"
        )
        job.refresh_from_db()
        return job


@dataclass(frozen=True)
class Stored:
    """What a job stores as its output: the content (or the name it is already stored
    under), its SHA-256 and size."""

    content: File | None
    sha256: str
    size: int
    name: str = ""


class _FinishedFile(File):
    """A built file on disk: a storage that can (FileSystemStorage) moves it into place
    instead of copying it, as it does with a large upload."""

    def temporary_file_path(self) -> str:
        return str(self.name)


def _document(job: ReportJob) -> dict[str, Any]:
    return {"kind": job.kind, "year": job.year, "month": job.month, "quarter": job.quarter}


def _output_name(job: ReportJob, version: int) -> str:
    month = f"-{job.month:02d}" if job.month else f"-tw{job.quarter}" if job.quarter else ""
    return f"{job.unit.slug}/{job.year}/{job.kind}{month}-v{version}-{job.code}.{job.suffix}"


def _job_finish_built(job: ReportJob, built: BuiltFile, progress: Progress) -> ReportJob:
    """Store a builder's file, then issue the job. The file is stored before the issuing
    transaction, not inside it: on disk a rename, but into a bucket an upload of up to a
    gigabyte, which must not hold the job's row lock and a transaction open. Named with the
    version it will most likely get (the name is internal: downloads are named by
    ``download_name``); removed again when this attempt does not issue."""
    issued = {"number": built.number, "title": built.title, "signer": built.signer}
    storage = job.output.storage
    try:
        progress(95)
        latest = ReportJob.objects.filter(unit=job.unit, **_document(job)).aggregate(
            v=Max("version")
        )["v"]
        field = job.output.field
        with _FinishedFile(built.path.open("rb"), name=str(built.path)) as content:
            name = field.generate_filename(job, _output_name(job, (latest or 0) + 1))
            name = storage.save(name, content, max_length=field.max_length)
        stored = Stored(None, built.sha256, built.size, name=name)
        try:
            finished = _job_finish(job, stored, snapshot={}, fingerprint="", **issued)
        except BaseException:
            storage.delete(name)
            raise
        if finished.output.name != name:  # this attempt lost the job: another one issues
            storage.delete(name)
        return finished
    finally:
        built.path.unlink(missing_ok=True)  # not moved: a bucket, or the store failed


@transaction.atomic
def _job_finish(
    job: ReportJob,
    stored: Stored,
    *,
    number: str,
    title: str,
    signer: str,
    snapshot: dict[str, Any],
    fingerprint: str,
) -> ReportJob:
    attempt = job.attempts
    job = ReportJob.objects.select_for_update(of=("self",)).select_related("unit").get(pk=job.pk)
    if job.status != Status.BERJALAN or job.attempts != attempt:
        return job  # swept away from this attempt while it rendered: another one issues
    same = ReportJob.objects.filter(unit=job.unit, **_document(job))
    latest = same.aggregate(v=Max("version"))["v"] or 0
    previous = versions.last_issued(unit_id=job.unit_id, **_document(job))
    if previous is not None and previous.snapshot and snapshot:
        job.changes = versions.snapshot_changes(previous.snapshot, snapshot)
    job.snapshot, job.content_sha256 = snapshot, fingerprint
    job.version = latest + 1
    job.sha256, job.size = stored.sha256, stored.size
    if stored.content is None:
        job.output.name = stored.name
    else:
        job.output.save(_output_name(job, job.version), stored.content, save=False)
    job.status = Status.SELESAI
    job.progress = 100
    job.finished_at = timezone.now()
    job.doc_number, job.doc_title, job.signer_name = number, title, signer
    job.save()
    return job


# ---------------------------------------------------------------- the sweeper


def _revive(job: ReportJob, now: datetime.datetime) -> str | None:
    """What the sweeper does with one active job (locked): re-queue it when its worker is
    gone, send it when it waits in the outbox or its message was lost, fail it when it
    waited or ran too long. Returns what was done."""
    if job.status == Status.BERJALAN:
        if job.started_at and now - job.started_at > _seconds("REPORT_MAX_RUN_SECONDS"):
            minutes = number_text(settings.REPORT_MAX_RUN_SECONDS / 60, places=0)
            _fail(job, f"Pembuatan dokumen melebihi {minutes} menit. Silakan ekspor ulang.")
            return "failed"
        if not _is_stale(job, now):
            return None
        if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail(job, _too_many_attempts(job))
            return "failed"
        job.status, job.progress, job.dispatched_at = Status.ANTRE, 0, None
        job.save(update_fields=["status", "progress", "dispatched_at"])
        dispatch_on_commit(job.pk)
        return "requeued"
    if now - job.created_at > _seconds("REPORT_QUEUE_EXPIRY_SECONDS"):
        hours = number_text(settings.REPORT_QUEUE_EXPIRY_SECONDS / 3600, places=0)
        _fail(job, f"Ekspor ini menunggu antrean lebih dari {hours} jam. Silakan ekspor ulang.")
        return "failed"
    if job.dispatched_at is None or now - job.dispatched_at > _seconds("REPORT_REDISPATCH_SECONDS"):
        dispatch_on_commit(job.pk)
        return "sent"
    return None


def job_revive(*, job_id: int) -> str | None:
    """Apply the sweeper's rules to one job now (also when a user asks for it again)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status not in ReportJob.ACTIVE:
            return None
        return _revive(job, timezone.now())


def jobs_sweep() -> dict[str, list[int]]:
    """Run by beat every REPORT_SWEEP_SECONDS and by every worker as it starts. Only active
    jobs are looked at: at most one per document."""
    done: dict[str, list[int]] = {"requeued": [], "sent": [], "failed": []}
    active = ReportJob.objects.filter(status__in=ReportJob.ACTIVE).order_by("pk")
    for job_id in active.values_list("pk", flat=True):
        action = job_revive(job_id=job_id)
        if action:
            done[action].append(job_id)
    return done
