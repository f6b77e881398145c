"""Read requests of `kabar serve` over PostgreSQL: the connection pool against a connection per request
(the named baseline: what the web app did before the pool), in one script on one server.

    python bench/bench_pg_reads.py [--requests 300] [--out bench/results/pg_reads.json]

Starts a private PostgreSQL from Debian's package on a loopback port (as the tests do), runs the samples
into it, and times the same GET requests through the app (FastAPI's TestClient: no network between
client and app, so the difference is the database connection), first with a connection per request, then
pooled, then per request again (the machine's drift shows between the two baseline runs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "tests"))  # the private PostgreSQL server the tests start

import pgserver  # noqa: E402


def timed(client, paths: list[str], n: int) -> dict[str, float]:
    start = time.perf_counter()
    for i in range(n):
        response = client.get(paths[i % len(paths)])
        assert response.status_code == 200, (paths[i % len(paths)], response.status_code)
    seconds = time.perf_counter() - start
    return {"requests": n, "seconds": round(seconds, 3), "ms_per_request": round(1000 * seconds / n, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--out", default=str(BENCH / "results" / "pg_reads.json"))
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from kabar.engine import run
    from kabar.eval.datasets import shared_data_root
    from kabar.ingest import IngestLog
    from kabar.store import open_store
    from kabar.web import create_app

    with pgserver.running() as server:
        url = server.fresh_url()
        with open_store(url) as store:
            run([str(shared_data_root().parent / "samples" / "lavrov-wonsan-2025")], store, IngestLog())
        with TestClient(create_app(url, None)) as client:
            story = client.get("/api/stories").json()[0]["id"]
            article = client.get(f"/api/stories/{story}").json()["articles"][0]["id"]
            paths = ["/api/stories", f"/api/stories/{story}", f"/articles/{article}", "/api/search?q=Lavrov"]
            timed(client, paths, 20)  # warm: templates, caches, the pool's first connection
            db = client.app.state.db
            pool = db._pool
            runs = {}
            for name in ("per_request", "pooled", "per_request_again"):
                db._pool = None if name.startswith("per_request") else pool  # None: open_store per request
                runs[name] = timed(client, paths, args.requests)
                print(name, runs[name], flush=True)
            db._pool = pool
    base = (runs["per_request"]["seconds"] + runs["per_request_again"]["seconds"]) / 2
    result = {"runs": runs, "speedup_pooled": round(base / runs["pooled"]["seconds"], 2),
              "loadavg_at_end": os.getloadavg()}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"pooled {result['speedup_pooled']}x -> {args.out}")


if __name__ == "__main__":
    main()
