"""Loaders for the gold sets in ../shared/data (see each folder's README for origin and license).

Every loader takes `root`, the shared data directory (the one holding eval/, reuse/, summarization/);
by default `shared_data_root()`. Large files are streamed line by line.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kabar.eval.metrics import NONE_LABEL  # gold label for "not a news event"
from kabar.model import Article


def shared_data_root() -> Path:
    """$KABAR_SHARED if set (the shared directory or its data/ subdirectory), else ../shared/data next
    to the repository checkout."""
    env = os.environ.get("KABAR_SHARED")
    if env:
        base = Path(env).expanduser()
        return base / "data" if (base / "data").is_dir() else base
    return (Path(__file__).resolve().parents[3] / ".." / "shared" / "data").resolve()


def _root(root: Path | str | None) -> Path:
    return Path(root) if root is not None else shared_data_root()


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                yield lineno, json.loads(line)


# ------------------------------------------------------------------------------- clickid-events-dev

CLICKID_DIR = Path("eval/clickid-events-dev")
_TIME = re.compile(r"(\d{1,2}):(\d\d)(?::(\d\d))?")


def _clickid_published(day: str | None, time: str | None) -> str | None:
    """Date plus the outlet's clock time, as naive local ISO 8601 (all outlets publish in WIB, UTC+7;
    kept naive like `kabar.ingest` does). The time field is "07:02 WIB", "00:08:00", "05:50" or "-"."""
    if not day:
        return None
    m = _TIME.fullmatch((time or "").replace("WIB", "").strip())
    if not m:
        return day
    return f"{day}T{int(m[1]):02d}:{m[2]}:{m[3] or '00'}"


def iter_clickid_articles(root: Path | str | None = None) -> Iterator[Article]:
    """The 550 clickid-events-dev articles, in file order, as pipeline `Article`s.

    `id` is the dataset's id (e.g. "clickid-13220"), so predictions can be scored against the gold
    labels; `raw_text` is the scraped text as given (noisy: stray commas where links were stripped)
    and `text` is left empty for the cleaning stage. `meta` keeps category, the raw time field and the
    date. `published` is naive WIB local time.
    """
    path = _root(root) / CLICKID_DIR / "articles.jsonl"
    for lineno, obj in _jsonl(path):
        yield Article(
            id=obj["id"],
            source=obj.get("source") or "unknown",
            url=obj.get("url") or None,
            title=obj.get("title") or "",
            published=_clickid_published(obj.get("published"), obj.get("time")),
            raw_text=obj.get("text") or "",
            meta={"category": obj.get("category"), "time": obj.get("time"), "date": obj.get("published")},
            origin=f"{path}:{lineno}",
        )


@dataclass(frozen=True, slots=True)
class ClickidGold:
    """Gold labels per article id at two levels; 'NONE' marks non-news articles (both levels)."""

    event: dict[str, str]  # article id -> event label
    story: dict[str, str]  # article id -> story label
    events: dict[str, dict[str, str]] = field(default_factory=dict)  # event -> {"story", "summary"}

    def scored_ids(self) -> list[str]:
        return [i for i, e in self.event.items() if e != NONE_LABEL]


def load_clickid_gold(root: Path | str | None = None) -> ClickidGold:
    base = _root(root) / CLICKID_DIR
    event, story = {}, {}
    for _, obj in _jsonl(base / "gold.jsonl"):
        event[obj["id"]] = obj["event"]
        story[obj["id"]] = obj["story"]
    events = json.loads((base / "events.json").read_text(encoding="utf-8"))
    return ClickidGold(event=event, story=story, events=events)


# ------------------------------------------------------------------------ English clustering sets


@dataclass(frozen=True, slots=True)
class LabeledDoc:
    """A document with its gold cluster. `order` is its position in the stream (0-based); neither
    English set carries timestamps, so order is the only time there is."""

    id: str
    text: str
    label: str
    order: int
    title: str = ""


MSTREAM_SETS = ("News", "News-T", "Tweets", "Tweets-T")


def iter_mstream(root: Path | str | None = None, name: str = "News") -> Iterator[LabeledDoc]:
    """MStream sets (Yin et al. 2018): "News" = 11,109 Google-News titles in 152 clusters, already
    lowercased and stopword-stripped; "-T" variants hold the same documents sorted by topic."""
    if name not in MSTREAM_SETS:
        raise ValueError(f"name must be one of {MSTREAM_SETS}, not {name!r}")
    path = _root(root) / "eval/mstream-en" / f"{name}.jsonl"
    for order, (_, obj) in enumerate(_jsonl(path)):
        yield LabeledDoc(id=str(obj["Id"]), text=obj["textCleaned"], label=str(obj["clusterNo"]), order=order)


# WikiRef220's five real topics; the others have at most 5 articles and its authors call them noise.
WIKIREF_TOPICS = (
    "ParisAttacks2015",
    "premier.league",
    "malaysia.airlines.flight",
    "samsung.galaxy.s5",
    "michelle.obama",
)
_WIKIREF_NAME = re.compile(r"(.+?)(?: \((\d+)\)|\.(\d+))$")


def _wikiref_key(path: Path) -> tuple[str, int]:
    m = _WIKIREF_NAME.fullmatch(path.stem)
    return (m[1], int(m[2] or m[3])) if m else (path.stem, 0)


def iter_wikiref(root: Path | str | None = None) -> Iterator[LabeledDoc]:
    """WikiRef220: 220 English articles; the gold topic is the file-name prefix
    ("ParisAttacks2015 (3).txt", "michelle.obama.12.txt"). Files are CRLF text, some cp1252 (curly
    quotes as 0x92..0x94): decoded as UTF-8, else cp1252. The first line is the title. Order is by
    topic then number (the data has no dates)."""
    folder = _root(root) / "eval/wikiref-en/WikiRef220"
    for order, path in enumerate(sorted(folder.glob("*.txt"), key=_wikiref_key)):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        title = text.split("\n", 1)[0].strip()
        yield LabeledDoc(id=path.stem, text=text, label=_wikiref_key(path)[0], order=order, title=title)


# ------------------------------------------------------------------------------ id-plagiarism-pan

PAN_DIR = Path("reuse/id-plagiarism-pan")


class PlagCase(NamedTuple):
    """A gold reuse case. The first six fields are the `metrics.Case` shape."""

    susp_doc: str  # file name, e.g. "suspicious-document00001.txt"
    susp_offset: int  # character offsets into the decoded text (no newline translation)
    susp_len: int
    src_doc: str
    src_offset: int
    src_len: int
    kind: str  # "simulated" (written by people) | "artificial" (generated)
    # artificial: none | random-shuffling | pos-preserving | semantic-variation; simulated: ""
    obfuscation: str

    @property
    def category(self) -> str:
        """Obfuscation for artificial cases, "simulated" otherwise: the breakdown to report."""
        return self.obfuscation or self.kind


@dataclass(frozen=True, slots=True)
class PanPair:
    susp_doc: str
    src_doc: str
    cases: tuple[PlagCase, ...]

    @property
    def categories(self) -> set[str]:
        return {c.category for c in self.cases}


@dataclass(frozen=True, slots=True)
class PanCorpus:
    root: Path
    sources: tuple[str, ...]  # file names
    suspicious: tuple[str, ...]
    cases: tuple[PlagCase, ...]

    def path(self, doc: str) -> Path:
        sub = "suspicious-documents" if doc.startswith("suspicious") else "source-documents"
        return self.root / sub / doc

    def text(self, doc: str) -> str:
        # newline="" keeps the file's characters exactly, so the gold offsets index this string.
        with self.path(doc).open(encoding="utf-8", newline="") as fh:
            return fh.read()

    def pairs(self) -> list[PanPair]:
        """(suspicious, source) document pairs with at least one case, sorted."""
        grouped: dict[tuple[str, str], list[PlagCase]] = defaultdict(list)
        for c in self.cases:
            grouped[(c.susp_doc, c.src_doc)].append(c)
        return [PanPair(s, r, tuple(cs)) for (s, r), cs in sorted(grouped.items())]


def _pan_cases(xml_path: Path, susp_doc: str) -> Iterator[PlagCase]:
    # Any element whose name attribute is "plagiarism": suspicious-document00028.xml spells one
    # tag "<featue", and PAN's own script matches on the attribute too.
    for el in ET.parse(xml_path).getroot():
        if el.get("name") != "plagiarism" or el.get("this_offset") is None:
            continue
        yield PlagCase(
            susp_doc,
            int(el.get("this_offset", 0)),
            int(el.get("this_length", 0)),
            el.get("source_reference", ""),
            int(el.get("source_offset", 0)),
            int(el.get("source_length", 0)),
            el.get("type", ""),
            el.get("obfuscation", ""),
        )


def load_pan(root: Path | str | None = None) -> PanCorpus:
    """The Indonesian PAN-format corpus: 30 source and 35 suspicious documents, 94 gold cases (45
    simulated, 49 artificial) in 20 suspicious documents. Texts are read on demand (`corpus.text`)."""
    base = _root(root) / PAN_DIR
    sources = tuple(sorted(p.name for p in (base / "source-documents").glob("*.txt")))
    susp = tuple(sorted(p.name for p in (base / "suspicious-documents").glob("*.txt")))
    cases: list[PlagCase] = []
    for name in susp:
        xml_path = base / "suspicious-documents" / (name[:-4] + ".xml")
        if xml_path.exists():
            cases.extend(_pan_cases(xml_path, name))
    return PanCorpus(root=base, sources=sources, suspicious=susp, cases=tuple(cases))


# ------------------------------------------------------------------------------------ indosum-dev


@dataclass(frozen=True, slots=True)
class IndosumArticle:
    """An IndoSum article: paragraphs -> sentences -> tokens (as tokenized by IndoSum), an abstractive
    gold summary (tokenized sentences) and per-sentence extractive oracle labels."""

    id: str
    fold: int  # first dev fold the article was read from
    category: str
    source: str
    url: str
    paragraphs: list[list[list[str]]]
    summary: list[list[str]]
    gold_labels: list[list[bool]]

    @property
    def sentences(self) -> list[list[str]]:
        return [s for p in self.paragraphs for s in p]

    @property
    def sentence_texts(self) -> list[str]:
        return [" ".join(s) for p in self.paragraphs for s in p]

    @property
    def paragraph_of(self) -> list[int]:
        """Paragraph index of each sentence of `sentences`."""
        return [i for i, p in enumerate(self.paragraphs) for _ in p]

    @property
    def summary_texts(self) -> list[str]:
        return [" ".join(s) for s in self.summary]

    @property
    def oracle(self) -> list[bool]:
        """Extractive oracle label per sentence of `sentences`."""
        return [b for p in self.gold_labels for b in p]


def iter_indosum(
    root: Path | str | None = None, folds: Iterable[int] = (1, 2, 3, 4, 5), dedupe: bool = True
) -> Iterator[IndosumArticle]:
    """IndoSum dev folds, streamed. The five dev sets overlap (3,743 lines, 3,463 ids); with `dedupe`
    the first occurrence of an id wins (15 repeated ids carry a different text in a later fold)."""
    base = _root(root) / "summarization/indosum-dev"
    seen: set[str] = set()
    for fold in folds:
        for _, obj in _jsonl(base / f"dev.{fold:02d}.jsonl"):
            if dedupe:
                if obj["id"] in seen:
                    continue
                seen.add(obj["id"])
            yield IndosumArticle(
                id=obj["id"],
                fold=fold,
                category=obj.get("category", ""),
                source=obj.get("source", ""),
                url=obj.get("source_url", ""),
                paragraphs=obj["paragraphs"],
                summary=obj["summary"],
                gold_labels=obj.get("gold_labels", []),
            )
