"""Load test of `kabar serve`: a real uvicorn process on 127.0.0.1 with a token, over a store seeded from the
samples, and N concurrent clients (httpx, asyncio) for S seconds mixing POST /api/ingest (small batches of
distinct corpus articles) with reads (story list, story page, search, article). Then the check: no
request failed, and every article an ingest acknowledged is in the store, placed in an event.

    python bench/bench_load.py                      # 50 clients x 60 s -> bench/results/load.json
    python bench/bench_load.py --clients 10 --seconds 5 --out /tmp/load.json
    python bench/bench_load.py --postgres           # the same over a private PostgreSQL -> results/load-postgres.json

Writes throughput and p50/p99 latency per request kind. With --postgres the store is a schema on a private
PostgreSQL server on a loopback port (tests/pgserver.py, as the tests start it), so the pooled readers
and the one writer connection are loaded together. tests/web/test_serve_load.py and
tests/web/test_postgres.py run short versions (no timing assertions there: speed is measured only here)."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared"))
SAMPLES = SHARED / "samples" / "lavrov-wonsan-2025"
CORPUS = SHARED / "data" / "corpus" / "clickid-2019.jsonl.gz"
KABAR = str(Path(sys.executable).with_name("kabar"))
TOKEN = "load-test-token-5f1c2a"
# Share of each request kind; ingests are the expensive ones (they run the whole pipeline).
MIX = {"ingest": 1, "stories": 2, "story_page": 2, "search": 2, "article": 2}
SEARCH_WORDS = ("Lavrov", "Korea", "pasukan", "presiden", "jakarta", "banjir", "6.000", "menteri", "gempa", "harga")
INGEST_BATCH = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_db(db: Path | str) -> None:
    """The samples, through the real command (as a user would); `db` is a SQLite file or a PostgreSQL URL."""
    subprocess.run([KABAR, "run", str(SAMPLES), "--db", str(db), "--quiet"], check=True, timeout=600)


class Server:
    """`kabar serve` as a child process on a free loopback port; stopped on exit."""

    def __init__(self, db: Path | str, token: str = TOKEN, log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log or os.devnull, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([KABAR, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(self.port),
                                      "--token", token], stdout=self.log, stderr=self.log)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kabar serve exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise TimeoutError("kabar serve did not answer /api/health")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def __enter__(self) -> Server:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def corpus_articles(skip: int = 0) -> Iterator[dict]:
    """Distinct real articles (each has its own URL) in the JSONL shape the API takes."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, skip, None):
            rec = json.loads(line)
            yield {k: rec[k] for k in ("title", "url", "source", "published", "text") if rec.get(k)}


@dataclass
class LoadResult:
    clients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    sent_articles: int = 0
    skipped_articles: int = 0

    def summary(self) -> dict:
        kinds = {}
        for kind, lat in sorted(self.latencies.items()):
            lat = sorted(lat)
            kinds[kind] = {"requests": len(lat), "per_s": round(len(lat) / self.seconds, 2),
                           "p50_ms": round(_quantile(lat, 0.50) * 1000, 1),
                           "p99_ms": round(_quantile(lat, 0.99) * 1000, 1),
                           "max_ms": round(lat[-1] * 1000, 1)}
        total = sum(len(v) for v in self.latencies.values())
        return {"clients": self.clients, "seconds": round(self.seconds, 1), "requests": total,
                "requests_per_s": round(total / self.seconds, 2), "errors": len(self.errors),
                "error_samples": self.errors[:10], "articles_sent": self.sent_articles,
                "articles_acknowledged": len(self.acknowledged), "articles_skipped": self.skipped_articles,
                "articles_per_s": round(len(self.acknowledged) / self.seconds, 2), "kinds": kinds}


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def run_load(base_url: str, token: str, clients: int, seconds: float, articles: Iterator[dict],
                   *, seed: int = 7) -> LoadResult:
    """`clients` tasks, each sending one request after another until `seconds` have passed."""
    result = LoadResult(clients=clients)
    rng = random.Random(seed)
    kinds = [k for k, n in MIX.items() for _ in range(n)]
    known = {"stories": [], "articles": []}
    auth = {"Authorization": f"Bearer {token}"}
    # Idle connections are dropped by the client before uvicorn's 5 s keep-alive timeout closes them: with
    # both at 5 s, a request sent on a connection the server is closing fails with ReadError before it
    # reaches the app (seen in the first 50-client run: 3 of 723, none in the server's log).
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0)
    started = time.monotonic()
    deadline = started + seconds

    async with httpx.AsyncClient(base_url=base_url, timeout=300, limits=limits) as http:
        first = (await http.get("/api/stories", params={"limit": 50})).json()
        known["stories"] = [s["id"] for s in first]
        known["articles"] = [a["id"] for a in (await http.get("/api/articles", params={"limit": 50})).json()]

        async def one(kind: str) -> None:
            t0 = time.monotonic()
            try:
                if kind == "ingest":
                    batch = list(itertools.islice(articles, INGEST_BATCH))
                    if not batch:
                        return
                    result.sent_articles += len(batch)
                    r = await http.post("/api/ingest", json={"articles": batch}, headers=auth)
                    if r.status_code == 200:
                        body = r.json()
                        result.acknowledged.update(body["articles"])
                        result.skipped_articles += len(body["skipped"])
                        known["articles"].extend(body["articles"])
                elif kind == "stories":
                    r = await http.get("/api/stories", params={"limit": 20, "offset": rng.randrange(0, 40)})
                    if r.status_code == 200:
                        known["stories"] = list(dict.fromkeys(known["stories"] + [s["id"] for s in r.json()]))[-500:]
                elif kind == "story_page":
                    r = await http.get(f"/stories/{rng.choice(known['stories'])}")
                elif kind == "search":
                    r = await http.get("/api/search", params={"q": rng.choice(SEARCH_WORDS)})
                else:
                    r = await http.get(f"/api/articles/{rng.choice(known['articles'])}")
            except httpx.HTTPError as exc:
                result.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                return
            result.latencies[kind].append(time.monotonic() - t0)
            if r.status_code != 200:
                result.errors.append(f"{kind}: HTTP {r.status_code} {r.request.url.path}: {r.text[:200]}")

        async def client() -> None:
            while time.monotonic() < deadline:
                await one(rng.choice(kinds))

        await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = time.monotonic() - started
    return result


def missing_articles(db: Path | str, ids: set[str]) -> list[str]:
    """Acknowledged ids that are not in the store, or not placed in an event (SQLite file or PostgreSQL URL)."""
    from kabar.store import open_store

    with open_store(str(db)) as store:
        return sorted(i for i in ids if store.placement_of(i)[0] is None)


def load_test(db: Path | str, clients: int, seconds: float, *, log: Path | None = None) -> tuple[LoadResult, list[str]]:
    """Serve `db`, run the load, stop the server; (result, acknowledged articles missing from the store)."""
    with Server(db, log=log) as server:
        result = asyncio.run(run_load(server.url, TOKEN, clients, seconds, corpus_articles()))
    return result, missing_articles(db, result.acknowledged)


SECTIONS = {"sqlite": "## Concurrent load (`python bench/bench_load.py`",
            "postgres": "## Concurrent load over PostgreSQL (`python bench/bench_load.py --postgres`"}


def results_section(summary: dict) -> str:
    """A load section of bench/RESULTS.md (also rendered by bench/run_all.py from results/load*.json)."""
    store = summary.get("store", "sqlite")
    rows = [f"| {k} | {v['requests']:,} | {v['per_s']} | {v['p50_ms']} | {v['p99_ms']} | {v['max_ms']} |"
            for k, v in summary["kinds"].items()]
    return "\n".join([
        SECTIONS[store] + ": `kabar serve`, loopback, token)", "",
        f"{summary['clients']} clients for {summary['seconds']} s on a store seeded from the samples; each ingest "
        f"posts {INGEST_BATCH} distinct CLICK-ID articles and runs the whole pipeline. "
        f"{summary['requests']:,} requests ({summary['requests_per_s']}/s), {summary['errors']} errors; "
        f"{summary['articles_acknowledged']:,} articles acknowledged ({summary['articles_per_s']}/s), "
        f"{summary['lost_articles']} lost. Load average {summary['loadavg']} on {summary.get('cpus')} cores. Ingest "
        "latency is mostly waiting for the one writer (placement is online, so writes are serialized); ingests "
        "that queue up meanwhile are run through the pipeline together."
        + (" Reads go through the pool (at most 8 connections), ingests through the writer's own connection."
           if store == "postgres" else ""), "",
        "| request | count | per s | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|---:|", *rows, ""])


def write_results_section(summary: dict) -> None:
    """The load table in bench/RESULTS.md: replaces its own section, leaves the rest as it is."""
    path = BENCH / "RESULTS.md"
    section = results_section(summary)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head, marker, rest = text.partition(SECTIONS[summary.get("store", "sqlite")])
    tail = rest.split("\n## ", 1)[1] if marker and "\n## " in rest else ""
    path.write_text(head.rstrip("\n") + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")


def main() -> int:
    from kabar.store import is_postgres_url

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--db", default=None,
                    help="store to use, a SQLite file or a postgresql:// URL (default: a fresh one seeded from the samples)")
    ap.add_argument("--postgres", action="store_true",
                    help="a fresh store on a private PostgreSQL server on a loopback port (needs Debian's postgresql)")
    ap.add_argument("--out", type=Path, default=None,
                    help="results JSON (default: bench/results/load.json, or load-postgres.json with --postgres)")
    args = ap.parse_args()
    default_out = BENCH / "results" / ("load-postgres.json" if args.postgres else "load.json")
    out = args.out or default_out
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"kabar-load-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        server = None
        if args.postgres:
            sys.path.insert(0, str(REPO / "tests"))  # the private PostgreSQL server the tests start
            import pgserver

            server = stack.enter_context(pgserver.running())
        db = args.db or (server.fresh_url() if server else work / "load.db")
        if args.db is None:
            seed_db(db)
        result, missing = load_test(db, args.clients, args.seconds, log=work / "serve.log")
    summary = result.summary() | {"store": "postgres" if is_postgres_url(db) else "sqlite",
                                  "lost_articles": len(missing), "lost_samples": missing[:10],
                                  "loadavg": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if out == default_out:
        write_results_section(summary)
    print(json.dumps(summary, indent=2))
    ok = not result.errors and not missing
    print("OK: no errors, no lost articles" if ok else "FAILED: see errors / lost_articles", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
