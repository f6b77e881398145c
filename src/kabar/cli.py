"""The `kabar` command. Thin: every verb calls library functions in kabar.engine, kabar.export, …

Exit codes (scripts can rely on them):
  0  success
  1  finished, but some inputs or items were bad and skipped (each reported with file and line)
  2  usage error (unknown option, missing argument)
  3  nothing could be done: no input readable, unknown story, unreadable database
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAIL = 0, 1, 2, 3
DEFAULT_DB = "kabar.db"

app = typer.Typer(
    help="Kabar: turn a pile of news articles into stories — cleaned, deduplicated, clustered, reconciled "
    "and summarized with citations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
eval_app = typer.Typer(help="Measure quality on the gold sets in ../shared/data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = typer.Option(DEFAULT_DB, "--db", envvar="KABAR_DB",
                        help="SQLite database file (created if missing) or a postgresql:// URL.")


def _shown(db: str) -> str:
    """The database as it may be printed: a postgresql:// URL without its password."""
    from kabar.store import redact_db

    return redact_db(db)


def _open_store(db: str, must_exist: bool = False):
    from rich.markup import escape

    from kabar.store import is_postgres_url, open_store, redact_db

    if must_exist and not is_postgres_url(db) and db != ":memory:" and not Path(db).exists():
        err.print(f"[red]error:[/] database {db} does not exist; run `kabar run INPUT… --db {db}` first")
        raise typer.Exit(EXIT_FAIL)
    try:
        return open_store(db)
    except Exception as exc:  # sqlite3/psycopg errors, RuntimeError on a newer schema or a missing extra
        # escaped: "pip install 'kabar[postgres]'" is not rich markup; redacted: no password in terminals
        err.print(f"[red]error:[/] cannot open database {escape(redact_db(db))}: {escape(str(exc))}",
                  highlight=False)
        raise typer.Exit(EXIT_FAIL) from None


@contextmanager
def _progress_bars(show: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress callback (phase, done, total) drawing one bar per phase on stderr, if `show`."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=not show, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield progress


@app.command()
def run(
    inputs: list[str] = typer.Argument(..., help="Files, folders, globs, or - for stdin. Plain text (one article "
                                       "per file) and JSONL (.jsonl, .jsonl.gz) are sniffed from the content."),
    db: str = DbOption,
    fmt: str = typer.Option(None, "--format", help="Force the input format (text, jsonl, json, csv, html, feed, "
                            "warc) instead of sniffing it from the content."),
    fields: str = typer.Option(None, "--fields", help="Field mapping for JSONL/CSV inputs whose columns have other "
                               "names, e.g. 'text=isi,published=tanggal,title=judul'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, help="Processes for the per-article stages and "
                                "the per-event analysis (0: one per available core; 1: no extra processes)."),
    copy_window_days: float = typer.Option(None, "--copy-window-days", min=0, help="Look for copies only among "
                                           "articles published this many days before (default: all of them; "
                                           "bounds memory on a store that keeps growing)."),
) -> None:
    """Ingest articles and run the whole pipeline: clean, dedupe, cluster, extract, reconcile, summarize.

    Inputs: plain text (one article per file), JSONL/JSON, CSV, HTML pages, RSS/Atom feeds and WARC files,
    each possibly gzipped; folders are read recursively and `-` reads stdin.

    The input is read first and its new articles staged in publication order, in a temporary file about
    the input's size (in TMPDIR); then each batch is stored and placed while the next ones are prepared.
    Re-running on the same input adds nothing; an interrupted run can be re-run and finishes the job.
    """
    from kabar.engine import run as run_pipeline
    from kabar.ingest import IngestLog
    from kabar.ingest.staged import StagingError
    from kabar.parallel import default_workers

    store = _open_store(db)
    log = IngestLog()
    started = time.monotonic()
    show = not quiet and err.is_terminal
    with _progress_bars(show) as progress:
        try:
            stats = run_pipeline(inputs, store, log, fmt=fmt, fields=fields,
                                 stdin=sys.stdin.buffer if "-" in inputs else None, progress=progress,
                                 workers=workers or default_workers(), copy_window_days=copy_window_days or None)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted:[/] what was committed is kept; run the same command again to finish")
            raise typer.Exit(130) from None
        except StagingError as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(EXIT_FAIL) from None
    for problem in log.problems:
        colour = "red" if problem.level == "error" else "yellow"
        err.print(f"[{colour}]{problem.origin}: {problem.level}:[/] {problem.message}", highlight=False)
    failed = {f"{stage} {key.partition('.')[2]}": n for stage, counts in (stats.stages or {}).items()
              for key, n in counts.items() if key.startswith("failed.")}
    if failed:
        err.print(f"[yellow]warning:[/] a stage failed on {sum(failed.values())} article(s), kept without its work "
                  f"({', '.join(f'{k}: {n}' for k, n in sorted(failed.items()))}); each is named above and "
                  "its meta.stage_errors says why", highlight=False)
    counts = store.counts()
    store.close()
    if not quiet:
        out.print(
            f"read {stats.read} articles ({stats.new} new) in {time.monotonic() - started:.1f}s; "
            f"store {_shown(db)}: {counts['articles']} articles, {counts['copies']} copy links, "
            f"{counts['events']} events, {counts['stories']} stories",
            highlight=False,
        )
    if stats.read == 0 and counts["articles"] == 0:
        err.print("[red]error:[/] no article could be read from the inputs")
        raise typer.Exit(EXIT_FAIL)
    raise typer.Exit(EXIT_PARTIAL if log.errors or failed else EXIT_OK)


@app.command()
def stories(
    db: str = DbOption,
    limit: int = typer.Option(50, help="Show at most this many stories (largest first)."),
) -> None:
    """List stories: id, title, events, articles, outlets (largest first)."""
    store = _open_store(db, must_exist=True)
    # The store's listing query (SQL on either store), as the web UI's: reading every story's events and
    # articles here took seconds at 22k articles and grew with the store.
    total, rows = store.story_rows(limit=limit)
    table = Table(title=f"{total} {'story' if total == 1 else 'stories'} in {_shown(db)}"
                  + (f" (the {limit} largest)" if total > limit else ""))
    for col in ("story", "title", "events", "articles", "outlets", "first published"):
        table.add_column(col, overflow="fold", min_width=30 if col == "title" else None)
    for r in rows:
        table.add_row(r.id, r.title, str(r.events), str(r.articles), str(r.outlets), r.first_published or "—")
    out.print(table)
    store.close()


class ExportFormat(StrEnum):
    json = "json"


@app.command()
def export(
    db: str = DbOption,
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", help="Output format."),
    story: str = typer.Option(None, "--story", help="Export only this story."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Export articles, copy links, events and stories as one JSON document (DESIGN §4).

    The whole store is written as it is read, one record per line, so its size is not bounded by memory;
    with --output it goes to FILE.partial first and is renamed to FILE once complete."""
    from kabar.export import write_export

    store = _open_store(db, must_exist=True)
    if story is not None and store.get_story(story) is None:
        store.close()
        err.print(f"[red]error:[/] no story {story!r} in {_shown(db)}; `kabar stories --db {_shown(db)}` lists them")
        raise typer.Exit(EXIT_FAIL)
    partial = output.with_name(output.name + ".partial") if output else None
    try:
        with _progress_bars(err.is_terminal and story is None) as progress:
            if partial is not None:
                with partial.open("w", encoding="utf-8") as fh:
                    write_export(store, fh, story, progress)
                partial.replace(output)
            else:
                write_export(store, sys.stdout, story, progress)
    finally:
        store.close()
        if partial is not None:
            partial.unlink(missing_ok=True)


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


@app.command()
def report(
    story: str = typer.Argument(..., help="Story id (see `kabar stories`), or 'top' for the largest story."),
    db: str = DbOption,
    fmt: ReportFormat = typer.Option(ReportFormat.html, "--format", help="html (self-contained page) or md."),
    output: Path = typer.Option(None, "--output", "-o", help="Output file (default: story-ID.html / .md)."),
) -> None:
    """Write a report of one story: cited summary, facts and conflicts, copies, quotes and the outlets."""
    from kabar.report import render_report

    store = _open_store(db, must_exist=True)
    try:
        text, story_id = render_report(store, story, fmt.value)
    except KeyError:
        err.print(f"[red]error:[/] no story {story!r} in {_shown(db)}; `kabar stories --db {_shown(db)}` lists them")
        raise typer.Exit(EXIT_FAIL) from None
    finally:
        store.close()
    path = output or Path(f"story-{story_id}.{fmt.value}")
    path.write_text(text, encoding="utf-8")
    out.print(f"wrote {path}", highlight=False)


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Files, folders or globs, as for `kabar run`."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for articles, copies, events and stories."),
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl or parquet."),
    db: str = typer.Option(None, "--db", help="Also load the results into this (empty) store: file or URL."),
    window_days: float = typer.Option(0.0, "--window-days", help="Cluster per time window of this many days "
                                      "(0: one window, the same clusters as `kabar run`)."),
    partitions: int = typer.Option(None, "--partitions", help="Number of data partitions (default: Ray's)."),
    address: str = typer.Option(None, "--address", help="Ray cluster: 'auto' on a head node or "
                                "ray://HEAD:10001 (default: a local Ray)."),
    num_cpus: int = typer.Option(None, "--num-cpus", help="CPUs for a local Ray."),
    input_format: str = typer.Option(None, "--input-format", help="Force the input format instead of sniffing."),
) -> None:
    """Batch mode on Ray (pip install 'kabar[batch]'): per-article stages per partition, MinHash LSH
    candidates by a shuffle on band keys, verification and clustering per time window."""
    try:
        from kabar.batch import run_batch

        stats = run_batch(inputs, output, fmt=fmt, db=db, window_days=window_days, partitions=partitions,
                          address=address, num_cpus=num_cpus, input_format=input_format)
    except ImportError as exc:
        err.print(f"[red]error:[/] batch mode needs Ray: pip install 'kabar[batch]' ({exc})", highlight=False)
        raise typer.Exit(EXIT_FAIL) from None
    for problem in stats.problems:
        err.print(f"[red]error:[/] {problem}", highlight=False)
    out.print(f"{stats.articles} articles, {stats.copies} copy links, {stats.events} events, {stats.stories} "
              f"stories in {stats.windows} window(s); written to {output}", highlight=False)
    raise typer.Exit(EXIT_PARTIAL if stats.problems else EXIT_OK)


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: str = typer.Option(None, "--token", envvar="KABAR_TOKEN",
                              help="Bearer token that enables POST /api/ingest (no token: read-only)."),
) -> None:
    """Web UI and JSON API (OpenAPI at /openapi.json, endpoint list at /api) over a SQLite file or a
    postgresql:// database."""
    from kabar.web import serve as run_server

    _open_store(db).close()  # a bad URL, an unreachable server or a missing psycopg: one line and exit 3
    run_server(db, host, port, token)


@app.command()
def watch(
    targets: list[str] = typer.Argument(..., help="A SOURCES.toml file (see README: [[source]] url/kind/name, "
                                        "optional [watch] settings), or RSS/Atom feed and sitemap URLs."),
    db: str = DbOption,
    interval: float = typer.Option(None, "--interval", min=0, help="Seconds between polls, start to start "
                                   "(default 300)."),
    once: bool = typer.Option(False, "--once", help="Poll once, fetch what is pending, and exit."),
    max_polls: int = typer.Option(None, "--max-polls", min=1, help="Stop after this many polls."),
    delay: float = typer.Option(None, "--delay", min=0, help="Minimum seconds between two requests to one host "
                                "(default 1; a robots.txt Crawl-delay raises it)."),
    per_host: int = typer.Option(None, "--per-host", min=1, help="Requests in flight to one host at most "
                                 "(default 2)."),
    concurrency: int = typer.Option(None, "--concurrency", min=1, help="Requests in flight overall (default 8)."),
    timeout: float = typer.Option(None, "--timeout", min=0.1, help="Connect/read timeout per request in "
                                  "seconds (default 20)."),
    max_page_bytes: int = typer.Option(None, "--max-page-bytes", min=1024, help="Larger pages and feeds are "
                                       "refused (default 5 MiB)."),
    max_pages: int = typer.Option(None, "--max-pages", min=1, help="Pages fetched per poll at most; the rest "
                                  "stays pending for the next poll (default 200)."),
    user_agent: str = typer.Option(None, "--user-agent", help="User-Agent header (default Kabar/VERSION (+URL))."),
    copy_window_days: float = typer.Option(None, "--copy-window-days", min=0, help="Look for copies only among "
                                           "articles published this many days before (default 30; 0: all)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the summary line of each poll and errors."),
) -> None:
    """Live ingestion: poll RSS/Atom feeds and news sitemaps, fetch new article pages, extract them and run
    them through the pipeline as they arrive; stories, facts and summaries update after every poll.

    Polite: conditional requests (ETag / If-Modified-Since), robots.txt, a per-host delay and concurrency
    cap, backoff on errors and on 429/503 (Retry-After honoured), timeouts and a page size limit. State is
    in the store: a restart resumes, no URL is fetched twice. Ctrl-C stops (exit 130, state kept).
    Exit codes with --once/--max-polls: 0 no errors, 1 some sources or pages failed (reported), 2 bad
    SOURCES.toml or URL.
    """
    from rich.markup import escape

    from kabar.watch import SourcesError, Watcher, WatchSettings, load_sources, parse_source_arg

    specs, overrides = [], {}
    try:
        for target in targets:
            if target.startswith(("http://", "https://")):
                specs.append(parse_source_arg(target))
            else:
                found, settings_in_file = load_sources(target)
                specs += found
                overrides.update(settings_in_file)
    except SourcesError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    settings = WatchSettings().with_overrides(**overrides).with_overrides(
        interval=interval, delay=delay, per_host=per_host, concurrency=concurrency, timeout=timeout,
        max_page_bytes=max_page_bytes, max_pages_per_poll=max_pages, user_agent=user_agent,
        copy_window_days=copy_window_days)
    polls = 1 if once else max_polls
    store = _open_store(db)

    def problem(where: str, message: str) -> None:
        err.print(f"[red]{escape(_printable(where))}: error:[/] {escape(_printable(message))}", highlight=False)

    def arrived(source: str, article) -> None:
        if not quiet:
            out.print(_printable(f"  new: {article.title} — {article.url}"), highlight=False, markup=False)

    had_errors = False
    watcher = None
    try:
        watcher = Watcher(store, specs, settings, on_problem=problem, on_article=arrived)
        if not quiet:
            out.print(f"watching {len(specs)} source(s) into {_shown(db)}; every {settings.interval:g}s"
                      + (f", {polls} poll(s)" if polls else "; Ctrl-C stops"), highlight=False, markup=False)
        for report in watcher.run(polls):
            had_errors = had_errors or bool(report.errors)
            if not quiet:
                for s in report.sources.values():
                    out.print(_printable(f"  {s.url}: {s.status}, {s.links} links ({s.new_urls} new), "
                                         f"{s.fetched} fetched, {s.new_articles} new articles, {len(s.errors)} errors"),
                              highlight=False, markup=False)
            out.print(report.line(), highlight=False, markup=False)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/] state is kept; run the same command again to resume")
        raise typer.Exit(130) from None
    finally:
        if watcher is not None:
            watcher.close()
        store.close()
    raise typer.Exit(EXIT_PARTIAL if had_errors else EXIT_OK)


def _printable(text: str, keep: str = "") -> str:
    """Control characters (a terminal escape sequence in a page title or an HTTP reason phrase) become
    U+FFFD: what servers send is printed, never interpreted by the terminal."""
    return "".join(ch if ch.isprintable() or ch in keep else "\ufffd" for ch in text)


@app.command("sources")
def list_sources(db: str = DbOption) -> None:
    """Watched sources (`kabar watch`): last success, last error, links found, articles, errors, pending."""
    from rich.text import Text

    store = _open_store(db, must_exist=True)
    try:
        sources, counts = store.watch_sources(), store.watch_url_counts()
    finally:
        store.close()
    table = Table(title=f"{len(sources)} watched sources in {_shown(db)}")
    for col in ("source", "kind", "last success", "last error", "polls", "links", "articles", "errors", "pending",
                "failed"):
        table.add_column(col, overflow="fold")
    for s in sources:
        c = counts.get(s.url, {})
        error = f"{s.last_error_at}: {s.last_error}" if s.last_error else "—"
        label = f"{s.name}\n{s.url}" if s.name else s.url
        # Text(): names, URLs and error messages come from the network and the user, never rich markup
        table.add_row(Text(_printable(label, keep="\n")), s.kind, s.last_success or "never", Text(_printable(error)), str(s.polls), str(s.links),
                      str(s.articles), str(s.errors), str(c.get("pending", 0)), str(c.get("failed", 0)))
    out.print(table)


FLOORS_HELP = "Exit 1 if a pinned dev floor (src/kabar/eval/floors.json) is not met — the eval gate."


def _gate(results: dict[str, float], floors: dict[str, float]) -> None:
    # a floor whose measure was not run this time (e.g. --no-pan) is reported, not failed
    for k in floors:
        if k not in results:
            err.print(f"[yellow]not checked:[/] {k} (not measured in this run)", highlight=False)
    failed = [f"{k} = {results[k]:.3f} < floor {v:.3f}" for k, v in floors.items() if k in results and results[k] < v]
    for f in failed:
        err.print(f"[red]below floor:[/] {f}", highlight=False)
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def _floors(section: str) -> dict[str, float]:
    import json
    from importlib import resources

    return json.loads(resources.files("kabar.eval").joinpath("floors.json").read_text())[section]


@eval_app.command("clean")
def eval_clean(
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Boilerplate and spam removal: token-level keep precision and junk recall on the cleaning gold set."""

    from kabar.eval.clean import evaluate_clean, print_clean_report

    results = evaluate_clean()
    print_clean_report(results)
    _finish_eval(results, json_out, check, "clean")


@eval_app.command("ner")
def eval_ner(
    limit: int = typer.Option(None, "--limit", help="Score only the first N sentences of each split."),
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Named entities: entity-level P/R/F1 on the NERGrit and NERP test splits (and the other sets the
    model was trained with), and tagging speed."""

    from kabar.eval.datasets import shared_data_root
    from kabar.eval.ner import evaluate_ner, print_ner_report

    results = evaluate_ner(shared_data_root() / "ner", limit=limit)
    print_ner_report(results)
    _finish_eval(results, json_out, check, "ner")


@eval_app.command("copies")
def eval_copies(
    db: str = typer.Option(None, "--db", help="Also report the copy links of a database placed by `kabar run` "
                           "(e.g. the 22k corpus): counts, kinds, outlet pairs."),
    pan: bool = typer.Option(True, "--pan/--no-pan", help="Score the Indonesian PAN text-reuse corpus."),
    samples: bool = typer.Option(True, "--samples/--no-samples", help="Check the five samples."),
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Copy detection: PAN document-pair P/R/F1 per obfuscation type and character-level plagdet; the
    samples' rewrite alignment; optionally a store's copy links."""

    from kabar.eval.copies import evaluate_copies, print_copies_report

    results = evaluate_copies(pan=pan, samples=samples, db=db)
    print_copies_report(results)
    _finish_eval(results, json_out, check, "copies")


@eval_app.command("extract")
def eval_extract(
    examples: int = typer.Option(0, "--examples", help="Print N misses per extractor and set."),
    sets: str = typer.Option("dev,test,test2", "--sets", help="Gold sets to score (comma-separated)."),
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Quantities, time expressions and quotes (with speakers): P/R/F1 on the extraction gold set."""

    from kabar.eval.extract import evaluate_extract, print_extract_report

    results = evaluate_extract(sets=tuple(sets.split(",")), examples=max(examples, 8))
    print_extract_report(results, examples=examples)
    _finish_eval(results, json_out, check, "extract")


@eval_app.command("summary")
def eval_summary(
    limit: int = typer.Option(None, "--limit", help="Score only the first N articles (quick look)."),
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Summaries: ROUGE-1/2/L on IndoSum dev (single-document; folds 3-5, tuned on 1-2) against LEAD-3,
    and citation precision of event summaries."""

    from kabar.eval.summary import evaluate_summary, print_summary_report

    results = evaluate_summary(limit=limit)
    print_summary_report(results)
    _finish_eval(results, json_out, check, "summary")


def _finish_eval(results: object, json_out: Path | None, check: bool, section: str,
                 measured: dict | None = None) -> None:
    """What every `kabar eval` verb does after printing: optional JSON file, optional gate on floors."""
    import json

    if json_out:
        json_out.write_text(json.dumps(results, indent=1, default=str))
    if check:
        _gate(_flatten(measured if measured is not None else results), _floors(section))  # type: ignore[arg-type]


def _flatten(d: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "_"))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = float(v)
    return out


@eval_app.command("cluster")
def eval_cluster(
    gold: Path = typer.Option(None, "--gold", help="Gold folder (articles.jsonl + gold.jsonl, clickid-events-dev "
                              "layout). Default: ../shared/data/eval/clickid-events-dev."),
    english: bool = typer.Option(False, "--english", help="Also run the English sets (MStream News, WikiRef220)."),
    json_out: Path = typer.Option(None, "--json", help="Also write the results as JSON to this file."),
    check: bool = typer.Option(False, "--check", help=FLOORS_HELP),
) -> None:
    """Event and story clustering: BCubed and pairwise P/R/F1 (and NMI) at both levels."""

    from kabar.eval.cluster import evaluate_clickid, evaluate_english, evaluate_gold_dir, print_cluster_report

    try:
        results = [evaluate_gold_dir(gold) if gold else evaluate_clickid()]
        if english:
            results += [evaluate_english("mstream-news"), evaluate_english("wikiref")]
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAIL) from None
    print_cluster_report(results)
    # floors are pinned for the dev gold (the first result) and, with --english, the English sets (keys
    # prefixed by their name: "mstream-news_story_nmi"); a --gold folder has none
    measured = {**results[0], **{r["dataset"]: r for r in results[1:]}}
    _finish_eval(results, json_out, check and not gold, "cluster", measured=measured)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
