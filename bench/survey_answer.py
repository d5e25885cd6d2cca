"""Public survey answer benchmark: phones posting the questionnaire through gunicorn.

Starts gunicorn (deploy/gunicorn.conf.py, sync workers) on its own PostgreSQL database and
has ``--clients`` threads post complete SKM answers for ``--seconds``, every client as its
own address behind one trusted proxy (X-Forwarded-For), each request on a new connection
(gunicorn's sync workers close it). Two runs:

- ``link``: a desk's open link (``/survei/<token>/skm/``), the hourly limit counted in Redis
  for every answer (the limit itself set out of reach, so nothing is refused);
- ``code``: one-time codes (``/survei/kode/<code>/``); a share of the codes
  (``--duplicates``) is sent by two clients at the same moment, to race for the code.

Success is the page's 303 to the thank-you page. After each run the database is counted:
the responses stored must equal the 303 answers, and in the code run every used code has
one response, no code two, and every second send of a code was refused.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_survey_bench \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/survey_answer.py [--clients 20] [--seconds 30] [--workers 3]
        [--runs link,code] [--duplicates 0.1] [--conn-max-age 60] [--wait-quiet 300]
        [--rebuild]

The database name must contain "bench". Figures go to stdout, progress to stderr; the
figures of the last run on the reference machine are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import itertools
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
os.environ["ZI_ENV"] = "development"
os.environ["DEBUG"] = "false"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_survey_bench")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402
from benchdb import database_settings, ensure_database, log  # noqa: E402

UNIT_SLUG = "bench-survei"
GOAL_RATE = 150.0
GOAL_P95_MS = 150.0
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = "application/x-www-form-urlencoded"


# --- the data -------------------------------------------------------------------------------


@dataclass
class Setup:
    desk_token: str
    code_desk_token: str
    service_ids: list[int]


def prepare() -> Setup:
    """The unit, its current quarter (open), two services, an open-link desk and a code desk."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from access.models import Unit
    from common.dates import quarter_of, today
    from surveys.loading import questionnaires_load
    from surveys.models import Desk, Service, SurveyPeriod
    from surveys.services import desk_save, period_save, service_save

    call_command("migrate", verbosity=0)
    questionnaires_load()
    unit, _ = Unit.objects.get_or_create(
        slug=UNIT_SLUG,
        defaults={
            "name": "Komisi Pemilihan Umum Kabupaten Bench Survei",
            "short_name": "KPU Bench Survei",
            "kind": Unit.Kind.KABKOTA,
            "city": "Bench",
        },
    )
    user = get_user_model().objects.filter(username="bench-survei").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-survei", "", None)
    now = today()
    period = SurveyPeriod.objects.filter(unit=unit, year=now.year, quarter=quarter_of(now.month))
    if not period.filter(status=SurveyPeriod.Status.OPEN).exists():
        period_save(
            user=user, unit=unit, year=now.year, quarter=quarter_of(now.month), population=5000
        )
    existing = {s.name: s for s in Service.objects.filter(unit=unit)}
    services = [
        existing.get(name) or service_save(user=user, unit=unit, name=name, order=n)
        for n, name in enumerate(["Informasi publik", "Pengaduan", "Legalisir"], start=1)
    ]
    desks = {d.name: d for d in Desk.objects.filter(unit=unit)}
    open_desk = desks.get("Loket Terbuka") or desk_save(
        user=user, unit=unit, name="Loket Terbuka", kinds=["skm"], open_link=True
    )
    code_desk = desks.get("Loket Kode") or desk_save(
        user=user, unit=unit, name="Loket Kode", kinds=["skm"]
    )
    return Setup(open_desk.token, code_desk.token, [s.pk for s in services])


def codes_make(count: int) -> list[str]:
    from django.contrib.auth import get_user_model

    from common.dates import quarter_of, today
    from surveys.models import Desk, SurveyPeriod
    from surveys.services import MAX_CODES, codes_issue

    user = get_user_model().objects.get(username="bench-survei")
    now = today()
    period = SurveyPeriod.objects.get(
        unit__slug=UNIT_SLUG, year=now.year, quarter=quarter_of(now.month)
    )
    desk = Desk.objects.get(unit=period.unit, name="Loket Kode")
    made: list[str] = []
    while len(made) < count:
        batch = min(MAX_CODES, count - len(made))
        made += [
            c.code
            for c in codes_issue(user=user, period=period, kind="skm", count=batch, desk=desk)
        ]
    return made


def stored_counts() -> dict[str, int]:
    from surveys.models import AccessCode, Response

    responses = Response.objects.filter(period__unit__slug=UNIT_SLUG)
    return {
        "link": responses.filter(channel="tautan").count(),
        "code": responses.filter(channel="kode").count(),
        "codes_used": AccessCode.objects.filter(
            period__unit__slug=UNIT_SLUG, response__isnull=False
        ).count(),
        "codes_marked": AccessCode.objects.filter(
            period__unit__slug=UNIT_SLUG, used_at__isnull=False
        ).count(),
    }


# --- the server -----------------------------------------------------------------------------


def server_start(port: int, workers: int, conn_max_age: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "TRUSTED_PROXY_COUNT": "1",
        "SURVEY_ANSWERS_PER_HOUR": str(10**9),
        "CONN_MAX_AGE": str(conn_max_age),
        "AXES_ENABLED": "false",
    }
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "zi_portal.wsgi", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log (one line per request, as in production)
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz/").status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def process_ticks(pid: int) -> int:
    """CPU ticks (user + system) of a process and its children (the workers)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(proc.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += int(fields[11]) + int(fields[12])
    return total


def database_ticks(name: str) -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend connected to database ``name`` (a backend that
    ended before it is read is not counted: only persistent connections are measured)."""
    found: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if command.startswith("postgres: ") and f" {name} " in command:
            found[int(proc.name)] = int(fields[11]) + int(fields[12])
    return found


def cpu_ticks() -> tuple[int, int]:
    parts = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


def wait_quiet(limit: float) -> None:
    """Wait (up to ``limit`` seconds) for a 5 s window in which the CPUs are < 15 % busy."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy0, total0 = cpu_ticks()
        time.sleep(5)
        busy1, total1 = cpu_ticks()
        share = (busy1 - busy0) / max(total1 - total0, 1)
        if share < 0.15:
            return
        log(f"  waiting for a quiet machine: {share:.0%} busy")
    log("  the machine did not become quiet; measuring anyway")


# --- the clients ----------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    location: str
    body: bytes
    cookie: str


def request(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie", "") or ""
        return Reply(response.status, response.getheader("Location", "") or "", data, cookie)
    finally:
        connection.close()


def answer_body(rng: random.Random, token: str, services: list[int]) -> str:
    values = {f"U{i}": str(rng.choice((2, 3, 3, 4, 4))) for i in range(1, 10)}
    profile = {
        "age": str(rng.randint(18, 70)),
        "sex": rng.choice("LP"),
        "education": rng.choice(["sma", "diploma", "s1"]),
        "occupation": rng.choice(["swasta", "wirausaha", "pns"]),
        "service": str(rng.choice(services)),
        "comment": rng.choice(["", "", "", "Pelayanan cepat dan ramah."]),
    }
    return urlencode({**values, **profile, "website": "", "csrfmiddlewaretoken": token})


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    used_refusals: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float, used: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.used_refusals += used

    @property
    def accepted(self) -> int:
        return self.statuses.get(303, 0)


def client_loop(
    n: int,
    port: int,
    setup: Setup,
    paths: Iterator[str],
    paths_lock: threading.Lock,
    deadline: float,
    tally: Tally,
) -> None:
    rng = random.Random(f"bench-survey-{n}")  # noqa: S311
    address = f"10.20.{n // 250}.{n % 250 + 1}"
    page = request(
        port, "GET", f"/survei/{setup.desk_token}/skm/", headers={"X-Forwarded-For": address}
    )
    token = TOKEN.search(page.body)
    cookie = page.cookie.split(";", 1)[0]
    if token is None or not cookie:
        tally.errors.append(f"no CSRF token on the page ({page.status})")
        return
    headers = {"Content-Type": FORM, "Cookie": cookie, "X-Forwarded-For": address}
    while time.monotonic() < deadline:
        with paths_lock:
            path = next(paths, None)
        if path is None:
            return
        body = answer_body(rng, token[1].decode(), setup.service_ids)
        started = time.perf_counter()
        reply = request(port, "POST", path, body, headers)
        seconds = time.perf_counter() - started
        used = b"sudah dipakai" in reply.body
        if (reply.status == 303 and reply.location != "/survei/terima-kasih/") or (
            reply.status != 303 and not (reply.status in (410, 422) and used)
        ):
            with tally.lock:
                tally.errors.append(f"{reply.status} {reply.location} from {path}")
        tally.add(reply.status, seconds, used)


def run(
    port: int, setup: Setup, paths: Iterator[str], clients: int, seconds: float
) -> tuple[Tally, float]:
    tally = Tally()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(n, port, setup, paths, lock, deadline, tally))
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def code_paths(codes: list[str], duplicates: float, rng: random.Random) -> Iterator[str]:
    """Each code once; a share of them twice in a row (two clients take them together)."""
    for code in codes:
        yield f"/survei/kode/{code}/"
        if rng.random() < duplicates:
            yield f"/survei/kode/{code}/"


# --- the report -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, tally: Tally, elapsed: float, cpu: dict[str, float]) -> dict[str, float]:
    ms = [s * 1000 for s in tally.latencies]
    rate = tally.accepted / elapsed
    figures = {
        "requests": len(ms),
        "accepted": tally.accepted,
        "refused_used": tally.used_refusals,
        "seconds": elapsed,
        "responses_per_s": rate,
        "requests_per_s": len(ms) / elapsed,
        "p50_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "max_ms": max(ms),
    }
    print(f"\n{name}: {len(ms)} answers in {elapsed:.1f} s, statuses {tally.statuses}")
    print(
        f"  stored responses/s {rate:.0f} (goal ≥ {GOAL_RATE:.0f}); requests/s "
        f"{figures['requests_per_s']:.0f}"
    )
    print(
        f"  latency ms: p50 {figures['p50_ms']:.1f}, p95 {figures['p95_ms']:.1f} "
        f"(goal ≤ {GOAL_P95_MS:.0f}), p99 {figures['p99_ms']:.1f}, max {figures['max_ms']:.1f}"
    )
    print(
        "  CPU (cores busy on average): gunicorn {gunicorn:.2f}, PostgreSQL backends of the "
        "bench database {postgres:.2f}, bench clients {bench:.2f}, the rest (Redis, other "
        "work on the machine) {rest:.2f}; machine {machine:.0%} busy".format(**cpu)
    )
    return figures


def measured(
    server: subprocess.Popen[bytes], database: str, fn: Callable[[], Any]
) -> tuple[Any, dict]:
    busy0, _ = cpu_ticks()
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    server0 = process_ticks(server.pid)
    database0 = database_ticks(database)
    wall0 = time.monotonic()
    result = fn()
    wall = time.monotonic() - wall0
    busy1, _ = cpu_ticks()
    own1 = resource.getrusage(resource.RUSAGE_SELF)
    hz = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    machine = (busy1 - busy0) / hz / wall
    gunicorn = (process_ticks(server.pid) - server0) / hz / wall
    database1 = database_ticks(database)
    postgres = sum(t - database0.get(pid, 0) for pid, t in database1.items()) / hz / wall
    bench = (own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime) / wall
    cpu = {
        "gunicorn": gunicorn,
        "bench": bench,
        "postgres": postgres,
        "rest": max(0.0, machine - gunicorn - bench - postgres),
        "machine": machine / cores,
    }
    return result, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (deploy's default: 3)"
    )
    parser.add_argument("--runs", default="link,code")
    parser.add_argument("--duplicates", type=float, default=0.1, help="codes sent twice at once")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="CONN_MAX_AGE (docker-compose.yml: 60)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    config = database_settings()
    ensure_database(config, rebuild=args.rebuild)
    django.setup()
    from django.db import connection

    setup = prepare()
    connection.close()
    print(
        f"survey answer benchmark: {args.clients} clients, {args.workers} gunicorn workers, "
        f"CONN_MAX_AGE={args.conn_max_age}, {args.seconds:.0f} s per run; load average "
        f"{os.getloadavg()[0]:.2f} at start"
    )
    server = server_start(args.port, args.workers, args.conn_max_age)
    failures: list[str] = []
    try:
        for name in args.runs.split(","):
            before = stored_counts()
            if name == "link":
                path = f"/survei/{setup.desk_token}/skm/"
                warm_paths: Iterator[str] = itertools.repeat(path)
                paths: Iterator[str] = itertools.repeat(path)
            else:
                codes = codes_make(int(GOAL_RATE * 3 * (args.seconds + args.warmup)))
                rng = random.Random("bench-survey-codes")  # noqa: S311
                split = int(GOAL_RATE * 3 * args.warmup)
                warm_paths = code_paths(codes[:split], 0.0, rng)
                paths = code_paths(codes[split:], args.duplicates, rng)
            connection.close()
            warm, _ = run(args.port, setup, warm_paths, args.clients, args.warmup)
            if args.wait_quiet:
                wait_quiet(args.wait_quiet)
            load = os.getloadavg()[0]
            (tally, elapsed), cpu = measured(
                server,
                config["NAME"],
                functools.partial(run, args.port, setup, paths, args.clients, args.seconds),
            )
            figures = report(name, tally, elapsed, cpu)
            for error in (warm.errors + tally.errors)[:10]:
                print(f"  unexpected answer: {error}")
            if warm.errors or tally.errors:
                failures.append(f"{name}: {len(warm.errors) + len(tally.errors)} unexpected")
            print(f"  load average before the run {load:.2f}")
            after = stored_counts()
            stored = after[name] - before[name]
            answered = warm.accepted + tally.accepted
            print(f"  stored {stored} responses; 303 answers {answered}")
            if stored != answered:
                failures.append(f"{name}: stored {stored} != accepted {answered}")
            if name == "code":
                used = after["codes_used"] - before["codes_used"]
                marked = after["codes_marked"] - before["codes_marked"]
                print(
                    f"  codes used {used} (marked {marked}), responses by code {stored}; "
                    f"second sends refused as used: {tally.used_refusals}"
                )
                if not used == marked == stored:
                    failures.append(f"code: used {used}, marked {marked}, stored {stored}")
            if figures["responses_per_s"] < GOAL_RATE or figures["p95_ms"] > GOAL_P95_MS:
                failures.append(f"{name}: below the goal")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\nresult: " + ("all goals met" if not failures else "; ".join(failures)))
    if any("goal" not in f for f in failures):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
