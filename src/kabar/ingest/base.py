"""What every reader shares: the error log, decoding of untrusted bytes, and building an Article."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from charset_normalizer import from_bytes

from kabar.lang.normalize import normalize_text, source_from_url
from kabar.model import Article

MAX_ARTICLE_CHARS = 2_000_000  # a single article longer than this is not an article


@dataclass(slots=True)
class InputProblem:
    origin: str  # "path:line" or "path"
    message: str
    level: str = "error"  # error: item skipped; warning: item kept

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"


@dataclass
class IngestLog:
    """Problems met while reading. A problem never aborts the run; it is reported and the item skipped."""

    problems: list[InputProblem] = field(default_factory=list)
    read: int = 0

    def error(self, origin: str, message: str) -> None:
        self.problems.append(InputProblem(origin, message, "error"))

    def warn(self, origin: str, message: str) -> None:
        self.problems.append(InputProblem(origin, message, "warning"))

    @property
    def errors(self) -> list[InputProblem]:
        return [p for p in self.problems if p.level == "error"]


class InputRejected(ValueError):
    """The whole input (file) cannot be read; the message says why in words a user understands."""


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 text has NULs too; let the decoder try it if there is a BOM.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control / len(head) > 0.05


def decode_bytes(data: bytes, origin: str, log: IngestLog) -> str:
    """UTF-8 when it is; otherwise the encoding charset-normalizer finds, with a warning saying so."""
    if not data.strip():
        raise InputRejected("empty input: nothing to ingest")
    if looks_binary(data):
        raise InputRejected("binary data, not text (skipped)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        best = from_bytes(data[:1_000_000]).best()
        if best is None or best.encoding is None:
            raise InputRejected(f"not valid UTF-8 (byte {exc.start}) and no other text encoding fits") from None
        log.warn(origin, f"not valid UTF-8 (byte {exc.start}); decoded as {best.encoding}")
        return data.decode(best.encoding, errors="replace")


_DATE_FORMATS = ("%d-%b-%y", "%d/%m/%Y", "%B %d, %Y", "%d %B %Y", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S")
_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


def parse_published(value: object, url: str | None = None, time: str | None = None) -> str | None:
    """Best-effort ISO 8601 from the many date shapes feeds and dumps carry; a date in the URL wins
    because spreadsheet exports swap day and month (see the corpus README)."""
    if url:
        m = _URL_DATE.search(url)
        if m:
            try:
                d = date(int(m[1]), int(m[2]), int(m[3]))
                return _with_time(d.isoformat(), time)
            except ValueError:
                pass
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(float(value)).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _with_time(dt.isoformat(timespec="seconds") if len(text) > 10 else dt.date().isoformat(), time)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            dt = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return _with_time(dt.date().isoformat() if "%H" not in fmt else dt.isoformat(), time)
    return None


def _with_time(iso: str, time: str | None) -> str:
    """Add a clock time ("07:02", "07:02 WIB", "00:08:00") to a bare date; Indonesian zone names are
    dropped (times stay naive local, like the dates they come with)."""
    m = re.fullmatch(r"(\d{1,2}):(\d\d)(?::(\d\d))?(?:\s*(?:WIB|WITA|WIT))?", (time or "").strip(), re.I)
    if m and len(iso) == 10:
        return f"{iso}T{int(m[1]):02d}:{m[2]}:{m[3] or '00'}"
    return iso


def title_from_text(text: str, max_chars: int = 110) -> str:
    """The samples carry no title line: use the first sentence, cut at a word boundary."""
    from kabar.lang.segment import split_sentences

    for start, end in split_sentences(text):
        first = text[start:end].strip()
        if first:
            break
    else:
        return ""
    if len(first) <= max_chars:
        return first.rstrip(".")
    cut = first[:max_chars].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-—– ") + "…"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: str) -> str:
    """Lone surrogates (a JSON "\\ud800" escape, found by fuzzing) cannot be written as UTF-8, so the
    store failed on them and the whole run stopped: each becomes U+FFFD."""
    if _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _storable_meta(meta: dict | None) -> dict | None:
    """Metadata as the store will write it (JSON, UTF-8): surrogates replaced, too-deep nesting refused."""
    if not meta:
        return meta
    try:
        dumped = json.dumps(meta, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        raise InputRejected("metadata nested too deeply to store") from None
    if _SURROGATE.search(dumped) is None:
        return meta
    return json.loads(_no_surrogates(dumped))


def make_article(
    *,
    text: str,
    origin: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: object = None,
    time: str | None = None,
    id: str | None = None,
    meta: dict | None = None,
) -> Article:
    """Build an Article from what a reader found. Raises InputRejected when there is no usable text."""
    if not isinstance(text, str):
        raise InputRejected("field 'text' is not a string")
    text, title, url, source, time = (_no_surrogates(v) if isinstance(v, str) else v
                                      for v in (text, title, url, source, time))
    if id is not None:
        id = _no_surrogates(str(id))
    meta = _storable_meta(meta)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputRejected(f"article text is {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}")
    raw = normalize_text(text)
    if not raw:
        raise InputRejected("empty article: no text")
    url = url.strip() if isinstance(url, str) and url.strip() else None
    derived = not (isinstance(title, str) and title.strip())
    title = title_from_text(raw) if derived else normalize_text(title)
    if derived:  # re-derived from the clean text after cleaning (see kabar.stages.retitle)
        meta = dict(meta or {}, title_derived=True)
    source = (source.strip() if isinstance(source, str) and source.strip() else None) or source_from_url(url)
    if source is None:
        # A plain file names its outlet at best by its file name: keep the stem, not ".txt".
        name = origin.rsplit(":", 1)[0].rsplit("/", 1)[-1] if origin else "unknown"
        source = name.split(".", 1)[0] or name
    art_id = str(id) if id not in (None, "") else Article.make_id(url, raw)
    if id not in (None, ""):
        # Keep the dump's own id for reference, but key by content/URL so re-ingest is a no-op anyway.
        art_id = Article.make_id(url, raw)
        meta = dict(meta or {}, input_id=str(id))
    return Article(
        id=art_id,
        source=source,
        url=url,
        title=title,
        published=parse_published(published, url, time),
        raw_text=raw,
        meta=meta or {},
        origin=origin,
    )
