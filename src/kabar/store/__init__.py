"""Persistence: the Store interface (base), SQLite (default, one file) and PostgreSQL.

`open_store` picks the implementation from what the user typed after `--db`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kabar.store.base import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url_or_path: str | Path) -> bool:
    return isinstance(url_or_path, str) and url_or_path.startswith(POSTGRES_SCHEMES)


def open_store(url_or_path: str | Path) -> Store:
    """A PostgresStore for a `postgresql://…` (or `postgres://…`) URL, else a SQLiteStore for a file path
    (or ":memory:"). psycopg is imported only when a URL asks for it: it is the optional `postgres` extra."""
    if is_postgres_url(url_or_path):
        try:
            from kabar.store.postgres import PostgresStore
        except ImportError as exc:  # psycopg missing
            raise RuntimeError(
                "a postgresql:// database needs psycopg: pip install 'kabar[postgres]'"
            ) from exc
        return PostgresStore(str(url_or_path))
    from kabar.store.sqlite import SQLiteStore

    return SQLiteStore(url_or_path)


__all__ = ["Store", "is_postgres_url", "open_store"]


def redact_db(db: str) -> str:
    """`db` as it may be printed: a postgresql:// URL loses its password (in the user part or the query),
    since the startup line ends up in terminals and logs."""
    if not is_postgres_url(db):
        return db
    try:
        parts = urlsplit(db)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, hostport = netloc.rpartition("@")
            netloc = f"{user.split(':', 1)[0]}{':***' if ':' in user else ''}@{hostport}"
        query = re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query)
        return urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:  # not parseable as a URL: say what it is, not what it holds
        return "postgresql database"
