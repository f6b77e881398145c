"""Live ingestion (`kabar watch`): poll RSS/Atom feeds and news sitemaps over HTTP(S), fetch new article
pages politely, extract them and run them through the pipeline as they arrive; state lives in the store."""

from kabar.watch.config import SourcesError, SourceSpec, WatchSettings, load_sources, parse_source_arg
from kabar.watch.watcher import PollReport, SourceReport, Watcher, watch

__all__ = ["PollReport", "SourceReport", "SourceSpec", "SourcesError", "WatchSettings", "Watcher", "load_sources",
           "parse_source_arg", "watch"]
