"""`kabar watch` and `kabar sources` as a user runs them: output, exit codes, Ctrl-C, bad SOURCES.toml."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from watchsite import rss

from kabar.store.sqlite import SQLiteStore

KABAR = [sys.executable, "-m", "kabar.cli"]
QUICK = ["--delay", "0.01", "--timeout", "2"]


def kabar(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="300")  # a wide "terminal": table cells are not folded
    return subprocess.run([*KABAR, *args], capture_output=True, text=True, timeout=180, env=env)


def test_watch_once_then_sources_table(tmp_path, news_site, pages):
    site = news_site
    site.set("/feed.xml", rss([(site.url(f"/news/{k}"), pages[k][0], "Sat, 12 Jul 2025 08:00:00 +0700")
                               for k in ("001", "002")]), content_type="application/rss+xml", etag='"1"')
    site.set("/down.xml", "no", status=500)
    toml = tmp_path / "SOURCES.toml"
    toml.write_text(f'[watch]\nmax_backoff = 30.0\n\n[[source]]\nurl = "{site.url("/feed.xml")}"\n'
                    f'name = "Berita [bold]Utama[/bold]"\n\n[[source]]\nurl = "{site.url("/down.xml")}"\n',
                    encoding="utf-8")
    db = str(tmp_path / "k.db")
    res = kabar("watch", str(toml), "--db", db, "--once", *QUICK)
    assert res.returncode == 1, res.stderr  # the feed worked, the other source failed: reported, exit 1
    assert "poll 1: 1/2 sources polled" in res.stdout and "2 new articles" in res.stdout
    assert f"{site.url('/down.xml')}: error: HTTP 500" in res.stderr
    with SQLiteStore(db) as store:
        assert store.counts()["articles"] == 2
        assert store.watch_source(site.url("/down.xml")).backoff_until <= time.time() + 30  # max_backoff from the file

    res = kabar("sources", "--db", db)
    assert res.returncode == 0, res.stderr
    assert "2 watched sources" in res.stdout and "Berita [bold]Utama[/bold]" in res.stdout  # shown, not markup
    assert "HTTP 500" in res.stdout

    res = kabar("watch", site.url("/feed.xml"), "--db", db, "--once", *QUICK)  # by URL: unchanged, 304
    assert res.returncode == 0, res.stderr
    assert "not modified" in res.stdout and "0 new articles" in res.stdout
    assert len(site.requests("/news/001")) == 1


def test_bad_sources_file_is_a_usage_error(tmp_path):
    toml = tmp_path / "SOURCES.toml"
    toml.write_text('[[source]]\nurl = "https://a.example/rss"\nname = "unterminated\n', encoding="utf-8")
    res = kabar("watch", str(toml), "--db", str(tmp_path / "k.db"), "--once")
    assert res.returncode == 2
    assert str(toml) in res.stderr and "line 3" in res.stderr
    res = kabar("watch", "not-a-url-or-file", "--db", str(tmp_path / "k.db"), "--once")
    assert res.returncode == 2 and "not-a-url-or-file: cannot read" in res.stderr


def test_ctrl_c_stops_cleanly_and_keeps_state(tmp_path, news_site, pages):
    site = news_site
    site.set("/feed.xml", rss([(site.url("/news/001"), pages["001"][0], "Sat, 12 Jul 2025 08:00:00 +0700")]),
             content_type="application/rss+xml")
    db = str(tmp_path / "k.db")
    proc = subprocess.Popen([*KABAR, "watch", site.url("/feed.xml"), "--db", db, "--interval", "0.2", *QUICK],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while len(site.requests("/feed.xml")) < 2 and time.monotonic() < deadline:  # a second poll has begun
            time.sleep(0.05)
        assert len(site.requests("/feed.xml")) >= 2
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "poll 1:" in out
    with SQLiteStore(db) as store:
        assert store.counts()["articles"] == 1 and store.watch_source(site.url("/feed.xml")).polls >= 1


def test_what_servers_send_is_never_a_terminal_escape():
    from kabar.cli import _printable

    assert _printable("HTTP 500 \x1b[2JOops\x07") == "HTTP 500 \ufffd[2JOops\ufffd"
    assert _printable("Nama\nurl", keep="\n") == "Nama\nurl"
