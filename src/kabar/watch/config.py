"""What `kabar watch` polls (SOURCES.toml or URLs) and how politely (WatchSettings)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kabar import __version__

PROJECT_URL = "https://github.com/kabar-news/kabar"
USER_AGENT = f"Kabar/{__version__} (+{PROJECT_URL})"
ROBOTS_AGENT = "Kabar"  # the product token robots.txt rules are matched against
KINDS = ("auto", "feed", "sitemap")


class SourcesError(ValueError):
    """SOURCES.toml (or a URL given on the command line) cannot be used; the message names file and line."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    url: str
    kind: str = "auto"  # feed | sitemap | auto (sniffed from the first response)
    name: str | None = None


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """Politeness and limits. Defaults suit real news sites; tests shrink the delays."""

    interval: float = 300.0  # seconds between polls
    delay: float = 1.0  # minimum seconds between two requests to one host (raised by robots.txt Crawl-delay)
    per_host: int = 2  # requests in flight to one host at most
    concurrency: int = 8  # requests in flight overall
    timeout: float = 20.0  # connect/read timeout of one request, and the cap on its total time x 3
    max_page_bytes: int = 5 * 1024 * 1024  # a page or feed larger than this is refused (decompressed size)
    max_redirects: int = 5
    max_pages_per_poll: int = 200  # the rest stays pending for the next poll
    max_attempts: int = 3  # a page failing this many times (retryable errors) is marked failed
    backoff: float = 60.0  # first backoff after an error; doubles per error in a row
    max_backoff: float = 3600.0
    robots_ttl: float = 3600.0  # seconds a robots.txt is trusted before it is fetched again
    user_agent: str = USER_AGENT
    # copy detection looks back this many days (0: for ever): a live service's memory and start-up stay
    # flat (see engine.place); no copy link on the 22k corpus spans more than 14 days. The API's ingest
    # uses the same window (kabar.web.db.COPY_WINDOW_DAYS).
    copy_window_days: float = 30.0

    def with_overrides(self, **overrides: Any) -> WatchSettings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


SETTING_NAMES = frozenset(f.name for f in fields(WatchSettings))


def parse_source_arg(url: str) -> SourceSpec:
    if not url.startswith(("http://", "https://")):
        raise SourcesError(f"{url}: not an http(s) URL")
    return SourceSpec(url)


def load_sources(path: str | Path) -> tuple[list[SourceSpec], dict[str, Any]]:
    """Sources and setting overrides from a SOURCES.toml:

        [watch]            # optional: any WatchSettings field
        interval = 600
        [[source]]
        url = "https://example.org/rss"
        kind = "feed"      # optional: feed | sitemap (sniffed otherwise)
        name = "Example"   # optional
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:  # its message carries "(at line L, column C)"
        raise SourcesError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(doc) - {"watch", "source"}
    if unknown:
        raise SourcesError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; expected [watch] and [[source]]")
    settings = doc.get("watch", {})
    if not isinstance(settings, dict) or set(settings) - SETTING_NAMES:
        bad = sorted(set(settings) - SETTING_NAMES) if isinstance(settings, dict) else ["watch"]
        raise SourcesError(f"{path}: [watch]: unknown setting(s) {', '.join(bad)}; known: "
                           f"{', '.join(sorted(SETTING_NAMES))}")
    defaults = WatchSettings()
    for key, value in settings.items():
        want = type(getattr(defaults, key))
        if not (isinstance(value, want) or (want is float and isinstance(value, int))) or isinstance(value, bool):
            raise SourcesError(f"{path}: [watch]: {key} must be a {want.__name__}, not {value!r}")
    raw = doc.get("source", [])
    if not isinstance(raw, list) or not raw:
        raise SourcesError(f"{path}: no [[source]] entries")
    specs = []
    for i, entry in enumerate(raw, 1):
        where = f"{path}: [[source]] #{i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise SourcesError(f"{where}: needs url = \"https://…\"")
        extra = set(entry) - {"url", "kind", "name"}
        if extra:
            raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; expected url, kind, name")
        kind = entry.get("kind", "auto")
        if kind not in KINDS:
            raise SourcesError(f"{where}: kind must be feed or sitemap, not {kind!r}")
        try:
            spec = parse_source_arg(entry["url"])
        except SourcesError as exc:
            raise SourcesError(f"{where}: {exc}") from None
        specs.append(SourceSpec(spec.url, kind, entry.get("name")))
    return specs, settings
