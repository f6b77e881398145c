"""Raw articles held on disk and given back in publication order.

`kabar run` places articles in publication order (online clustering), but inputs come in any order (the
CLICK-ID corpus file is by outlet). Placement could start only once every article had been through the
per-article stages, so the two ran one after the other. Staged here first (read and parsed, a fraction
of the stages' cost), the articles go through the stages already in publication order, and each batch is
placed as soon as it is stored, while the workers prepare the next ones.

The articles wait in a temporary file, pickled, not in memory: a 200k-article input is ~1 GB of text.
The file is this process's own, written and read back by it, so unpickling it is safe.
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from kabar.model import Article


class StagingError(OSError):
    """The input could not be staged (no room in the temporary folder, or no such folder)."""


def _staging_error(exc: OSError, file: IO[bytes] | None = None) -> StagingError:
    """The error to raise, with the staging file (if any) closed, discarding what could not be written."""
    if file is not None:
        with contextlib.suppress(OSError):  # closing flushes the rest, which fails the same way
            file.close()
    return StagingError(f"cannot stage the input in {tempfile.gettempdir()}: {exc.strerror or exc}; set TMPDIR "
                        "to a folder with room for about the input's size")


class StagedArticles:
    """Articles from `articles`, less those whose id `known` reports as stored already and repeats of an
    id within the input (the first one is kept, as the store would keep it), in publication order:
    by `published` as text, undated ones last, ties in input order (the store's `unplaced_ids` order)."""

    def __init__(self, articles: Iterable[Article], known: Callable[[list[str]], set[str]], *,
                 progress: Callable[[int], None] | None = None, chunk: int = 500) -> None:
        try:
            self._file = tempfile.TemporaryFile(prefix="kabar-staged-")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise _staging_error(exc) from exc
        keys: list[tuple[bool, str, int, int, int]] = []
        seen: set[str] = set()
        pending: list[Article] = []

        def spill() -> None:
            stored = known([a.id for a in pending])
            for a in pending:
                if a.id in stored or a.id in seen:
                    continue
                seen.add(a.id)
                try:
                    data = pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)
                    keys.append((a.published is None, a.published or "", len(keys), self._file.tell(), len(data)))
                    self._file.write(data)
                except OSError as exc:  # the disk is full
                    raise _staging_error(exc, self._file) from exc
            pending.clear()

        for a in articles:
            pending.append(a)
            if len(pending) >= chunk:
                spill()
                if progress is not None:
                    progress(len(keys))
        spill()
        try:
            self._file.flush()
        except OSError as exc:
            raise _staging_error(exc, self._file) from exc
        keys.sort()
        self._spans = [(k[3], k[4]) for k in keys]  # (offset, length) of each pickled article
        self.first_published: str | None = keys[0][1] if keys and not keys[0][0] else None

    def __len__(self) -> int:
        return len(self._spans)

    def chunks(self, size: int) -> Iterator[range]:
        """Positions (in publication order) of consecutive articles, `size` at a time: `load` reads them."""
        for start in range(0, len(self), size):
            yield range(start, min(start + size, len(self)))

    def load(self, positions: range) -> list[Article]:
        return unpickle(self.load_pickled(positions))

    def load_pickled(self, positions: range) -> list[bytes]:
        """The articles at `positions` as pickled here (`unpickle` makes them Articles): what a worker is
        sent, so this process does not unpickle them only to pickle them again for it."""
        out = []
        for i in positions:
            offset, length = self._spans[i]
            self._file.seek(offset)
            out.append(self._file.read(length))
        return out

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> StagedArticles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unpickle(pickled: list[bytes]) -> list[Article]:
    """Articles from `StagedArticles.load_pickled`: bytes this run wrote itself, so unpickling them is safe."""
    return [pickle.loads(b) for b in pickled]
