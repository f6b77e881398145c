"""A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary folder, the server
started on 127.0.0.1 with a free port and its unix socket in that folder, trust auth, no fsync.

Uses Debian's package (`apt-get install postgresql`: binaries in /usr/lib/postgresql/<version>/bin).
initdb and postgres refuse to run as root, so as root they run as the `postgres` user the package
creates (the folder is handed over to it).

The server is a direct child of the test process and gets SIGQUIT (immediate shutdown) when that process
dies, so a test run that is killed leaves no server behind; its folder is swept by the next start.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "kabar"
PREFIX = "kabar-pg-"
_PR_SET_PDEATHSIG = 1


def find_bindir() -> Path | None:
    """KABAR_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else the folder of `initdb` on PATH."""
    if env := os.environ.get("KABAR_PG_BINDIR"):
        return Path(env) if (Path(env) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3].split(".")[0]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def unavailable_reason() -> str | None:
    """Why a server cannot be started here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'kabar[postgres]')"
    if find_bindir() is None:
        return "PostgreSQL binaries not found (apt-get install -y postgresql; or set KABAR_PG_BINDIR)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, after its user is switched (a credential change clears the setting): SIGQUIT when
    the test process exits, however it exits."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGQUIT)


def _sweep_stale(max_age_s: float = 600) -> None:
    """Remove folders of servers whose test process was killed (no live server, older than max_age_s)."""
    for root in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            if time.time() - root.stat().st_mtime < max_age_s:
                continue
            pid_file = root / "data" / "postmaster.pid"
            if pid_file.exists():
                os.kill(int(pid_file.read_text().split()[0]), 0)  # raises if no such process
                continue
        except (OSError, ValueError):
            pass
        shutil.rmtree(root, ignore_errors=True)


class PgServer:
    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None, unavailable_reason()
        self.bindir = bindir
        _sweep_stale()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.as_user: str | None = None
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            for p in (self.root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
            self.as_user = "postgres"

    def start(self, timeout: float = 30) -> PgServer:
        subprocess.run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync"], check=True, capture_output=True, timeout=120,
                       user=self.as_user, group=self.as_user, cwd=self.root)
        for _ in range(3):  # the free port can be taken between probe and bind: then try another
            self.port = _free_port()
            with open(self.root / "log", "ab") as log:
                self.proc = subprocess.Popen(
                    [str(self.bindir / "postgres"), "-D", str(self.data), "-c", "listen_addresses=127.0.0.1",
                     "-p", str(self.port), "-k", str(self.sock), "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=40", "-c", "shared_buffers=64MB"],
                    stdout=log, stderr=subprocess.STDOUT, user=self.as_user, group=self.as_user, cwd=self.root,
                    preexec_fn=_die_with_parent,
                )
            if self._wait_ready(timeout):
                return self
        raise RuntimeError(f"postgres did not start:\n{self.log()}")

    def _wait_ready(self, timeout: float) -> bool:
        import psycopg

        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
        return False

    def log(self) -> str:
        path = self.root / "log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # immediate shutdown: the data is thrown away anyway
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, schema: str | None = None) -> str:
        """A connection URL; with `schema`, a private search path (a fresh, empty database for one test)."""
        base = f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"
        return base if schema is None else f"{base}?options=-csearch_path%3D{schema}"

    def fresh_url(self) -> str:
        """A URL whose tables live in a new, empty schema: far cheaper than CREATE DATABASE per test."""
        import psycopg

        schema = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return self.url(schema)


@contextmanager
def running() -> Iterator[PgServer]:
    """A started server, stopped on leaving (for scripts: the bench suite); exits naming why if PostgreSQL
    is not installed."""
    if reason := unavailable_reason():
        raise SystemExit(f"PostgreSQL unavailable: {reason}")
    server = PgServer().start()
    try:
        yield server
    finally:
        server.stop()
